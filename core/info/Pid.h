#pragma once
// Pid: the partial information decomposition of I(X₁X₂;Y) of Bertschinger et al. (BROJA), as
// the PID benchmark of Liang et al. (NeurIPS 2023) computes it, for discrete variables:
//   q* = argmin over Δ_p = {q : q(x₁,y) = p(x₁,y), q(x₂,y) = p(x₂,y)} of I_q(X₁X₂;Y)
//   R  = I(X₁;Y) + I(X₂;Y) − I_q*(X₁X₂;Y)       redundancy
//   U₁ = I_q*(X₁X₂;Y) − I(X₂;Y),  U₂ = I_q*(X₁X₂;Y) − I(X₁;Y)   uniquenesses
//   S  = I_p(X₁X₂;Y) − I_q*(X₁X₂;Y)             synergy          (all in nats)
// Without a convex solver: write q(x₁,x₂,y) = p(y) π_y(x₁,x₂), so the constraints say that
// each π_y has the marginals p(x₁|y) and p(x₂|y), and I_q = min over m of Σ_y p(y) KL(π_y‖m).
// Alternating minimisation (Csiszár–Tusnády) lowers this jointly convex objective at each step:
// m ← Σ_y p(y) π_y, then each π_y ← the I-projection of m onto its transport polytope, found by
// iterative proportional fitting (Sinkhorn), starting from π_y = p(x₁|y) p(x₂|y).
#include <vector>

namespace mfh {

struct PidParts {
    double redundancy = 0, uniqueA = 0, uniqueB = 0, synergy = 0;
    double total = 0;  // I_p(X₁X₂;Y) = the sum of the four
    int iterations = 0;
};

class Pid {
  public:
    // Values in [0, k₁), [0, k₂), [0, classes). Throws std::invalid_argument for mismatched
    // lengths, no sample, or a value out of range.
    // `warm`, when given, holds couplings π_y over the k₁·k₂ cells of every class to start from
    // (classes × k₁ × k₂ values: the solution of
    // a nearby problem, as a bootstrap's full sample is to its resamples; anything else starts
    // from the independent coupling) and receives this problem's.
    static PidParts decompose(const std::vector<int>& x1, int k1, const std::vector<int>& x2,
                              int k2, const std::vector<int>& y, int classes,
                              std::vector<double>* warm = nullptr);
    // From a joint distribution p[(x₁ · k₂ + x₂) · classes + y] (summing to 1).
    static PidParts decompose(const std::vector<double>& p, int k1, int k2, int classes,
                              std::vector<double>* warm = nullptr);
};

}  // namespace mfh
