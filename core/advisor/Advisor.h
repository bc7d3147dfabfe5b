#pragma once
// Advisor: will distilling this experiment's teacher into its student pay off? For every grid
// point it runs a pilot (PilotRun: a few seeds, a fraction of the epochs, teacher and student
// alone, cross-fitted), measures every predictor (Predictors) and gives a verdict from the
// rule's voters, each a predictor with a threshold:
//   distil        at least one voter's 95 % interval lies on the distilling side of its
//                 threshold, and none lies on the other side
//   don't         the same the other way
//   inconclusive  every voter's interval straddles its threshold, or two voters disagree
// The standard rule (VerdictRule::standard) has two voters, the two predictors with a theory
// behind their threshold: CCH's ΔI at 0 (its criterion) and MFH's γ̂ at 0.5. Its constants and
// the slope of the predicted gain were fixed on a development sweep (docs/results.md, "The KD
// advisor") before the validation sweep ran, and every report records them.
#include <atomic>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/advisor/Predictors.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh {

enum class Verdict { Distil, Dont, Inconclusive };
template <>
struct EnumNames<Verdict> {
    static constexpr std::pair<Verdict, const char*> table[] = {
        {Verdict::Distil, "distil"},
        {Verdict::Dont, "don't"},
        {Verdict::Inconclusive, "inconclusive"}};
};

struct PredictorThreshold {
    Predictor predictor = Predictor::Gamma;
    double threshold = 0;
};

struct VerdictRule {
    std::vector<PredictorThreshold> voters;
    // Predicted gain (accuracy points) = gainSlope · (value − threshold) of gainFrom.
    PredictorThreshold gainFrom;
    double gainSlope = 0;
    static VerdictRule standard();
    nlohmann::json toJson() const;
};

struct AdvisorOptions {
    PilotOptions pilot;
    int replicates = Bootstrap::kReplicates;
    int threads = 0;          // grid points in parallel; 0 = one per core
    bool measureCost = true;  // the experiment's epochs × rows (regenerates its data)
    // PID redundancy (most of the measuring time) left unmeasured, NaN: for the what-if,
    // which shows only the verdict's voters and the predicted gain.
    bool skipPid = false;
    VerdictRule rule = VerdictRule::standard();
};

struct AdvisorRow {
    std::vector<nlohmann::json> point;  // the grid point's values, one per sweep axis
    std::string label;                  // "overlap = 4", or "" without a sweep
    PilotMeasures measures;
    Verdict verdict = Verdict::Inconclusive;
    Interval predictedGain;  // accuracy points, from the rule's gainFrom predictor
    std::string reason;      // one line: why this verdict
};

struct AdvisorReport {
    std::string experiment, teacherInput, studentInput;
    std::vector<std::string> axes;
    std::vector<AdvisorRow> rows;
    AdvisorOptions options;
    int64_t rowsPerSeed = 0;
    int trainings = 0;
    double pilotEpochRows = 0, experimentEpochRows = 0;  // their ratio is the pilot's cost
    double seconds = 0;
};

struct AdvisorCallbacks {
    std::function<void(int done, int total)> onPoint;  // after each grid point (worker thread)
    const std::atomic<bool>* cancel = nullptr;
};

class Advisor {
  public:
    // Throws InputError for what cannot be advised on (see PilotRun), Cancelled when cancelled.
    static AdvisorReport advise(const ExperimentSpec& spec, const AdvisorOptions& options = {},
                                const AdvisorCallbacks& callbacks = {});
    // The verdict of one set of measures under a rule (exposed for the validation and tests).
    static AdvisorRow judge(PilotMeasures measures, const VerdictRule& rule);
};

}  // namespace mfh
