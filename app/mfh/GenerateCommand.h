#pragma once
// `mfh generate …`: a synthetic modality-Venn dataset file. The generator options are the keys
// of an experiment file's "dataset.generator" (docs/experiment-config.md) and go through the
// same parser, so their checks and defaults are the file's.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>

#include "JsonOptions.h"

namespace mfh::cli {

class GenerateCommand {
  public:
    explicit GenerateCommand(CLI::App& app);
    bool chosen() const { return cmd_->parsed(); }
    int run();  // throws InputError for bad input

  private:
    CLI::App* cmd_ = nullptr;
    JsonOptions generator_;
    int64_t seed_ = 0;
    std::string out_;
};

}  // namespace mfh::cli
