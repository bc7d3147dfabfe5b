#pragma once
// Predictors: what the literature offers for predicting, from a pilot, whether distilling a
// teacher into a student will pay off (../shared notes, docs/science.md#the-kd-advisor). Each
// is measured on the pilot's held-out logits, with a 95 % bootstrap interval over seeds and
// rows (Bootstrap::hierarchical):
//   gamma                γ̂ of the Venn estimate (MFH): the share of decisive information that
//                        both inputs carry, from the pilot's linear networks on the same folds
//   cch-gaussian         CCH's ΔI = I(H_t; H_s) − I(H_s; Y), nats: Gaussian MI for the first
//                        term, the held-out label probe for the second
//   cch-ksg              the same with KSG (k = 3) for I(H_t; H_s)
//   non-target-divergence  NTDH: the Jensen–Shannon divergence between the teacher's and the
//                        student's distributions over the non-target classes (with two classes,
//                        over [target, other], NTDH's tcjsd, since one non-target class has no
//                        distribution), nats; smaller favours distilling
//   rank-agreement       C2KD: the share of rows whose teacher and student logits rank the
//                        classes alike (Kendall τ-b > 0)
//   pid-redundancy       PID's redundancy of H_t and H_s about Y (nats), on k-means clusters
//   teacher-accuracy     the teacher's held-out accuracy (%): the null predictor, which MFH says
//                        does not predict the gain
// H is a network's logits, centred over the classes with the last one dropped (C − 1 free
// coordinates).
#include <utility>
#include <vector>

#include "core/advisor/PilotRun.h"
#include "core/base/EnumNames.h"
#include "core/info/Bootstrap.h"

namespace mfh {

enum class Predictor {
    Gamma,
    CchGaussian,
    CchKsg,
    NonTargetDivergence,
    RankAgreement,
    PidRedundancy,
    TeacherAccuracy
};
template <>
struct EnumNames<Predictor> {
    static constexpr std::pair<Predictor, const char*> table[] = {
        {Predictor::Gamma, "gamma"},
        {Predictor::CchGaussian, "cch-gaussian"},
        {Predictor::CchKsg, "cch-ksg"},
        {Predictor::NonTargetDivergence, "non-target-divergence"},
        {Predictor::RankAgreement, "rank-agreement"},
        {Predictor::PidRedundancy, "pid-redundancy"},
        {Predictor::TeacherAccuracy, "teacher-accuracy"}};
};

struct PredictorValue {
    Predictor kind = Predictor::Gamma;
    Interval value;
    // +1: a larger value favours distilling; −1: a smaller one does.
    int direction = 1;
    std::vector<double> perSeed;  // on all rows of each seed
};

struct PilotMeasures {
    std::vector<PredictorValue> predictors;  // in the enum's order
    Interval teacherAccuracy, studentAccuracy;
    const PredictorValue& operator[](Predictor p) const;
};

class Predictors {
  public:
    // skipPid: PID redundancy is not measured (its value NaN).
    static PilotMeasures measure(const PilotData& pilot, int replicates = Bootstrap::kReplicates,
                                 uint64_t seed = 0, bool skipPid = false);
    static int direction(Predictor p);
    static const char* describe(Predictor p);  // a few words, for tables and the workbench
    // Per-row terms (exposed for the tests).
    static double kendallTau(const double* a, const double* b, int n);  // τ-b
    static double jensenShannon(const std::vector<double>& p, const std::vector<double>& q);
};

}  // namespace mfh
