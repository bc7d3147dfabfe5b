#pragma once
// The closed-form sanity oracle of docs/science.md#the-oracle for linear binary classifiers on
// generated data (z ~ N(0, I), y = 1[δᵀz > 0], columns are latent coordinates or independent N(0,1)
// noise). It is a reference next to the empirical curves, not the paper's theorem.
//  * The teacher's logit θᵀx = wᵀz + (noise), where w_l sums θ over the columns copying
//    coordinate l. Its population accuracy is 1 − arccos(wᵀδ / (‖(w, θ_noise)‖·‖δ‖))/π.
//  * The population logit-matching student on modality b regresses that logit on x^b and
//    recovers v = w restricted to the coordinates b observes (the teacher's modality-general
//    part). Its accuracy is 1 − arccos(vᵀδ / (‖v‖·‖δ‖))/π, and ½ when v = 0.
#include <cstdint>
#include <optional>
#include <vector>

namespace mfh {

struct OracleAccuracy {
    double teacher = 0.5, student = 0.5;  // in [0, 1]
};

class Oracle {
  public:
    // theta: the teacher's weights per input column, for class 1 minus class 0.
    // teacherLatent: latent coordinate of each teacher column (−1: noise).
    // studentLatent: latent coordinates observed by the student modality (−1 entries ignored).
    static OracleAccuracy linear(const std::vector<double>& theta,
                                 const std::vector<int64_t>& teacherLatent,
                                 const std::vector<int64_t>& studentLatent,
                                 const std::vector<double>& delta);
};

}  // namespace mfh
