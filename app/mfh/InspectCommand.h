#pragma once
// `mfh inspect PATH`: a dataset file, a run file, or a folder (an experiment folder or a
// workspace of them, through the run index), with a filter and extra columns for folders.
#include <CLI/CLI.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace mfh::cli {

class InspectCommand {
  public:
    explicit InspectCommand(CLI::App& app);
    bool chosen() const { return cmd_->parsed(); }
    int run();  // throws InputError for bad input

  private:
    CLI::App* cmd_ = nullptr;
    std::string path_, filter_;
    std::vector<std::string> columns_;
    int64_t limit_ = -1;
    bool json_ = false;
};

}  // namespace mfh::cli
