#pragma once
// `mfh dataset build avmnist …`: the options of the dataset commands and their actions.
#include <CLI/CLI.hpp>

#include "JsonOptions.h"

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
    std::string which_, out_;
    JsonOptions avmnist_;  // the keys of an experiment file's "dataset.avmnist"
    int threads_ = 0;
    int64_t seed_ = 0;
};

}  // namespace mfh::cli
