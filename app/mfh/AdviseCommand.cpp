#include "AdviseCommand.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

#include "ConfigOverrides.h"
#include "core/advisor/AdvisorText.h"
#include "core/advisor/AdvisorValidation.h"
#include "core/base/Error.h"
#include "core/experiments/EngineContext.h"

namespace mfh::cli {

AdviseCommand::AdviseCommand(CLI::App& app) {
    cmd_ = app.add_subcommand("advise",
                              "Predict from short pilot trainings whether KD will help "
                              "an experiment (a verdict per grid point)");
    cmd_->add_option("config", config_, "an experiment file, or a paper experiment's name")
        ->required();
    cmd_->add_option("--seeds", seeds_, "pilot seeds (the experiment's first ones)")
        ->capture_default_str();
    cmd_->add_option("--folds", folds_,
                     "cross-fitting folds of the training split (1: one split, a fifth held out)")
        ->capture_default_str();
    cmd_->add_option("--epochs", epochs_, "the share of each role's epochs the pilot trains")
        ->capture_default_str();
    cmd_->add_option("--max-rows", maxRows_,
                     "rows of the training split the pilot uses at most (a seeded subsample)")
        ->capture_default_str();
    cmd_->add_option("--replicates", replicates_, "bootstrap replicates")->capture_default_str();
    cmd_->add_option("--threads", threads_, "grid points in parallel (default: one per core)");
    cmd_->add_flag("--json", json_, "Print one JSON object");
}

int AdviseCommand::run(const std::atomic<bool>* cancel) {
    if (seeds_ < 1 || seeds_ > 100) throw InputError("--seeds must be in [1, 100]");
    if (threads_ < 0) throw InputError("--threads must be 0 or more");
    const auto spec = ExperimentSpec::fromJson(experimentConfig(config_));
    AdvisorOptions o;
    o.pilot.seeds.clear();
    const uint32_t first = spec.seeds.empty() ? 0 : spec.seeds.front();
    for (int i = 0; i < seeds_; ++i) o.pilot.seeds.push_back(first + static_cast<uint32_t>(i));
    o.pilot.folds = folds_, o.pilot.epochFraction = epochs_, o.pilot.maxRows = maxRows_;
    o.replicates = replicates_, o.threads = threads_;
    try {
        o.pilot.check();
    } catch (const InputError& e) {
        throw InputError(std::string(e.what()) + " (--seeds, --folds, --epochs, --max-rows)");
    }
    AdvisorCallbacks cb;
    cb.cancel = cancel;
    AdvisorReport rep;
    try {
        rep = Advisor::advise(spec, o, cb);
    } catch (const Cancelled&) {
        std::cerr << "mfh: interrupted\n";
        return 130;
    }
    if (json_)
        std::cout << AdvisorText::json(rep).dump() << "\n";
    else
        std::cout << AdvisorText::table(rep);
    return 0;
}

bool AdviseCommand::isSweep(const std::string& name) {
    return name == "advisor" || name == "advisor-development";
}

int AdviseCommand::reproduce(const std::string& name, int seeds, bool json,
                             const std::atomic<bool>* cancel) {
    const std::string sweep = name == "advisor" ? "validation" : "development";
    ValidationResult r;
    try {
        const bool tty = ::isatty(STDERR_FILENO);
        r = AdvisorValidation::run(sweep, seeds > 0 ? seeds : 10, {}, cancel,
                                   [tty](int done, int total) {
                                       if (!tty) return;
                                       std::fprintf(stderr, "\r%d/%d configurations", done, total);
                                       if (done == total) std::fprintf(stderr, "\r\033[K");
                                   });
    } catch (const Cancelled&) {
        std::cerr << "\nmfh: interrupted\n";
        return 130;
    }
    if (json)
        std::cout << AdvisorValidation::json(r).dump() << "\n";
    else
        std::cout << AdvisorValidation::table(r);
    return 0;
}

}  // namespace mfh::cli
