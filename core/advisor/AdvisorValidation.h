#pragma once
// AdvisorValidation: does the advisor earn its name? A sweep of synthetic configurations, each
// run twice: as a full experiment (10 seeds, the paired KD gain with its 95 % CI) and through
// the advisor (its pilot on the experiment's first seeds). Then, for every predictor, the
// Spearman correlation of its score (oriented so that larger favours distilling) with the
// measured gain, with a bootstrap interval over configurations, and its AUROC on the clear
// configurations (gain CI above 0: helps; below: hurts); and the verdicts' record on the clear
// ones: right, inconclusive, confidently wrong.
// Two sweeps are defined. "development" is the one the verdict rule's constants were chosen on;
// "validation" was fixed before it first ran, with other layouts, sample sizes, noise levels,
// hyperplanes, models and generator seeds, and nothing was tuned on it
// (docs/results.md, "The KD advisor").
#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/advisor/Advisor.h"
#include "core/base/PairedTest.h"

namespace mfh {

struct ValidationCase {
    std::string name;     // "G10 A0 B6 n80 noise25 linear"
    nlohmann::json spec;  // an experiment file's object
};

struct ValidationRow {
    ValidationCase config;
    PairedTestResult gain;  // KD − no-KD, paired by seed, accuracy points
    double teacherAccuracy = 0, studentAccuracy = 0;  // means over seeds, %
    AdvisorRow advice;
    int clear() const { return gain.ciLow > 0 ? 1 : (gain.ciHigh < 0 ? -1 : 0); }
};

struct PredictorScore {
    Predictor predictor = Predictor::Gamma;
    double spearman = 0, spearmanLow = 0, spearmanHigh = 0;
    double auroc = 0;  // NaN without both helps and hurts
};

struct ValidationResult {
    std::string sweep;
    int seeds = 0;
    std::vector<ValidationRow> rows;
    std::vector<PredictorScore> scores;
    double predictedGainSpearman = 0;
    int clear = 0, helps = 0, hurts = 0, right = 0, inconclusive = 0, wrong = 0;
    double seconds = 0;
    VerdictRule rule;
};

class AdvisorValidation {
  public:
    static std::vector<ValidationCase> sweep(const std::string& name);  // InputError if unknown
    static const std::vector<std::string>& sweeps();                    // development, validation
    static ValidationResult run(const std::string& sweep, int seeds = 10,
                                const AdvisorOptions& options = {},
                                const std::atomic<bool>* cancel = nullptr,
                                const std::function<void(int done, int total)>& onCase = {});
    // The scores and the verdicts' record of rows (exposed for the tests).
    static void score(ValidationResult& r);
    static double auroc(const std::vector<double>& positive, const std::vector<double>& negative);
    static std::string table(const ValidationResult& r);
    static nlohmann::json json(const ValidationResult& r);
};

}  // namespace mfh
