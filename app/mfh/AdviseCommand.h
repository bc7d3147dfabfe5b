#pragma once
// `mfh advise CONFIG`: will distilling pay off? Short pilot trainings of the experiment's
// teacher and student alone, every predictor of the KD gain with its interval, and a verdict
// per grid point (core/advisor/Advisor). CONFIG is an experiment file or a paper experiment's
// name. Table or JSON.
#include <CLI/CLI.hpp>

#include <atomic>
#include <string>

namespace mfh::cli {

class AdviseCommand {
  public:
    explicit AdviseCommand(CLI::App& app);
    bool chosen() const { return cmd_->parsed(); }
    int run(const std::atomic<bool>* cancel);  // throws InputError for bad input
    // `mfh reproduce advisor` (the validation sweep) and `advisor-development`: the measured
    // gains, every predictor's scores and the verdicts' record. seeds = 0: 10.
    static bool isSweep(const std::string& name);
    static int reproduce(const std::string& name, int seeds, bool json,
                         const std::atomic<bool>* cancel);

  private:
    CLI::App* cmd_ = nullptr;
    std::string config_;
    int seeds_ = 5, folds_ = 2, threads_ = 0, replicates_ = 200, maxRows_ = 2000;
    double epochs_ = 0.2;
    bool json_ = false;
};

}  // namespace mfh::cli
