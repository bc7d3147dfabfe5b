#pragma once
// VennGeometry: an area-proportional two-circle Venn diagram of decisive information
// (docs/science.md#the-modality-venn-diagram). Circle a has the area of |D_a| = |A| + |G|, circle b
// that of |D_b| = |B| + |G|, and their overlap (the lens) the area of |G|; the total area of the
// union is 1. Pure geometry, shared by the workbench's Venn plot and the tests.
#include <optional>
#include <string>

#include "core/data/Dataset.h"

namespace mfh {

// Decisive information in three parts, in any common unit (columns, or fractions).
struct VennParts {
    double onlyA = 0, shared = 0, onlyB = 0;
    // The parts implied by α, β, γ (docs/science.md#the-modality-venn-diagram), scaled so that they
    // sum to 1. With γ = 0 the two modalities share nothing; each is then given the same size.
    // Returns nothing for values outside [0, 1] or that contradict γ = (1−α)(1−β)/(1−αβ) by more
    // than `tolerance`.
    static std::optional<VennParts> fromFractions(double alpha, double beta, double gamma,
                                                  double tolerance = 0.02);
    // The decisive columns of modalities a and b by part, counted from a generator's truth:
    // |A| a-specific, |G| shared (counted in a), |B| b-specific.
    static VennParts fromTruth(const VennTruth& truth, const std::string& a, const std::string& b);
    double alpha() const;  // |A| / |D_a|
    double beta() const;   // |B| / |D_b|
    double gamma() const;  // |G| / |D_a ∪ D_b|
};

struct VennCircles {
    double radiusA = 0, radiusB = 0;
    double distance = 0;  // between the centres; ≥ radiusA + radiusB when nothing is shared
};

class VennGeometry {
  public:
    // Circles whose areas and overlap equal the parts (normalised to a union of area 1). The
    // centre distance is found by bisection on the lens area, which falls monotonically with it.
    static VennCircles circles(const VennParts& parts);
    // Area of the intersection of two circles with radii r1, r2 at centre distance d.
    static double lensArea(double r1, double r2, double d);
};

}  // namespace mfh
