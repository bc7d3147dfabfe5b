#pragma once
// `mfh dataset build avmnist …`: the options of the dataset commands and their actions.
#include <CLI/CLI.hpp>

namespace mfh::cli {

class DatasetCommand {
  public:
    explicit DatasetCommand(CLI::App& app);
    bool chosen() const;
    int run();  // throws InputError for bad input

  private:
    CLI::App* dataset_ = nullptr;
    CLI::App* build_ = nullptr;
    CLI::App* import_ = nullptr;
    int runImport();
    std::string npz_, labelsKey_ = "labels", labels_, csv_, labelColumn_ = "label", splitColumn_,
                      delimiter_ = ",", idxImages_, idxLabels_, importOut_;
    std::vector<std::string> npy_, csvModalities_, kinds_;
    double val_ = 0.1, test_ = 0.2;
    CLI::Option *valOption_ = nullptr, *testOption_ = nullptr;
    bool standardize_ = false;
    std::string which_, images_ = "mnist", imagesIdx_, labelsIdx_, out_;
    double snr_ = -6, imageNoise_ = 0.4;
    int pcaDrop_ = 0, voices_ = 0, threads_ = 0;
    int64_t limit_ = 0, seed_ = 0;
};

}  // namespace mfh::cli
