#include "VennCommand.h"

#include <cstdio>
#include <iostream>
#include <numeric>

#include "core/analysis/VennEstimator.h"
#include "core/base/Error.h"
#include "core/data/DatasetFile.h"

namespace mfh::cli {

namespace {

nlohmann::json summaryJson(const Summary& s, const std::vector<double>& perSeed) {
    return {{"estimate", s.mean},
            {"ci_low", s.ciLow},
            {"ci_high", s.ciHigh},
            {"std", s.std},
            {"per_seed", perSeed}};
}

std::string fixed(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.3f", v);
    return b;
}

}  // namespace

VennCommand::VennCommand(CLI::App& app) {
    cmd_ = app.add_subcommand("venn",
                              "Estimate the modality Venn diagram (alpha, beta, gamma) "
                              "of a dataset file");
    cmd_->add_option("dataset", path_, "a dataset file (.h5, docs/formats.md)")->required();
    cmd_->add_option("--a", a_, "the first modality (default: the file's first)");
    cmd_->add_option("--b", b_, "the second modality (default: the file's second)");
    cmd_->add_option("--split", split_, "the split estimated on")->capture_default_str();
    cmd_->add_option("--seeds", seeds_, "seeds, each on a random 80 % of the split")
        ->capture_default_str();
    cmd_->add_flag("--json", json_, "Print one JSON object");
}

int VennCommand::run() {
    if (seeds_ < 2 || seeds_ > 1000) throw InputError("--seeds must be in [2, 1000]");
    const auto ds = DatasetFile::load(path_);
    const auto names = ds.modalityNames();
    if (a_.empty() || b_.empty()) {
        if (names.size() < 2)
            throw InputError(path_ +
                             (names.empty() ? std::string(" has no modality")
                                            : " has one modality ('" + names[0] + "')") +
                             "; the Venn diagram needs two");
        if (a_.empty()) a_ = names[0] == b_ ? names[1] : names[0];
        if (b_.empty()) b_ = names[0] == a_ ? names[1] : names[0];
    }
    VennEstimateConfig cfg;
    cfg.modalityA = a_, cfg.modalityB = b_, cfg.split = split_;
    cfg.seeds.resize(seeds_);
    std::iota(cfg.seeds.begin(), cfg.seeds.end(), 0u);
    const auto e = VennEstimator::estimate(ds, cfg);
    std::optional<VennParts> weighted;
    if (ds.truth) weighted = VennEstimator::informationTruth(*ds.truth, a_, b_);
    const auto rows = ds.split(split_).size();
    if (json_) {
        nlohmann::json j = {{"dataset", path_},
                            {"modalities", {a_, b_}},
                            {"split", split_},
                            {"rows", rows},
                            {"seeds", seeds_},
                            {"alpha", summaryJson(e.alpha, e.alphas)},
                            {"beta", summaryJson(e.beta, e.betas)},
                            {"gamma", summaryJson(e.gamma, e.gammas)}};
        if (ds.truth) {
            j["truth"] = {
                {"alpha", ds.truth->alpha}, {"beta", ds.truth->beta}, {"gamma", ds.truth->gamma}};
            if (weighted)
                j["truth_weighted"] = {{"alpha", weighted->alpha()},
                                       {"beta", weighted->beta()},
                                       {"gamma", weighted->gamma()}};
        }
        std::cout << j.dump() << "\n";
        return 0;
    }
    std::cout << "Venn estimate of " << path_ << " (" << a_ << " vs " << b_ << ", split " << split_
              << ", " << rows << " rows, " << seeds_ << " seeds)\n";
    std::cout << "        estimate  95% CI          ";
    if (ds.truth) std::cout << "  truth" << (weighted ? "  weighted" : "");
    std::cout << "\n";
    auto line = [&](const char* name, const Summary& s, double truth, double w) {
        std::cout << name << std::string(8 - std::string(name).size(), ' ') << fixed(s.mean)
                  << "     [" << fixed(s.ciLow) << ", " << fixed(s.ciHigh) << "]";
        if (ds.truth) std::cout << "    " << fixed(truth) << (weighted ? "    " + fixed(w) : "");
        std::cout << "\n";
    };
    const VennTruth t = ds.truth.value_or(VennTruth{});
    line("alpha", e.alpha, t.alpha, weighted ? weighted->alpha() : 0);
    line("beta", e.beta, t.beta, weighted ? weighted->beta() : 0);
    line("gamma", e.gamma, t.gamma, weighted ? weighted->gamma() : 0);
    return 0;
}

}  // namespace mfh::cli
