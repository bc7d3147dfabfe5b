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
    std::string which_, images_ = "mnist", imagesIdx_, labelsIdx_, out_;
    double snr_ = -6, imageNoise_ = 0.4;
    int pcaDrop_ = 0, voices_ = 0, threads_ = 0;
    int64_t limit_ = 0, seed_ = 0;
};

}  // namespace mfh::cli
