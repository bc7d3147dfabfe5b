#pragma once
// `mfh venn DATASET --a A --b B`: the modality Venn diagram of a dataset file estimated from
// its data (VennEstimator): α, β, γ with their 95 % CIs over seeds, and the generator's truth
// when the file has one. Table or JSON.
#include <CLI/CLI.hpp>

#include <string>

namespace mfh::cli {

class VennCommand {
  public:
    explicit VennCommand(CLI::App& app);
    bool chosen() const { return cmd_->parsed(); }
    int run();  // throws InputError for bad input

  private:
    CLI::App* cmd_ = nullptr;
    std::string path_, a_, b_, split_ = "train";
    int seeds_ = 5;
    bool json_ = false;
};

}  // namespace mfh::cli
