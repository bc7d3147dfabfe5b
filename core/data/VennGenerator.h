#pragma once
// VennGenerator: synthetic paired data with a known modality Venn diagram
// (docs/science.md#the-synthetic-generator).
// A latent z ~ N(0, I) of `latentDim` decisive coordinates sets the label y = 1[δᵀz > 0].
// Modality a and b are N(0,1) columns, some of which are exact copies of latent coordinates:
// those copied into both are modality-general (G), into one only modality-specific (A or B);
// latent coordinates copied into neither are decisive but unobserved, and the remaining columns
// are noise. All draws come from NumpyRandom in numpy's order, so the presets reproduce the
// reference code's samples exactly for the same seed.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "core/data/Dataset.h"

namespace mfh {

// Where each latent coordinate is copied. Built by VennSpec::layout() from the generic sizes
// or from a preset.
struct VennLayout {
    int latentDim = 0;
    int dimA = 0, dimB = 0;
    std::vector<std::pair<int, int>> copyA, copyB;  // (latent coordinate, column)
    bool drawBBeforeA = false;                      // numpy draw order of the two modalities
};

struct SplitDraw {
    std::string name;
    int count = 0;
    int reseedOffset = -1;  // ≥ 0: reseed the stream with seed + offset before drawing
};

struct VennSpec {
    // Generic form: latent = [G | A | B | hidden]; x^a = [G | A | noiseA]; x^b = [G | B | noiseB].
    int shared = 10, specificA = 10, specificB = 10, hidden = 0, noiseA = 30, noiseB = 30;
    int nTrain = 200, nVal = 0, nTest = 1000;
    bool hyperplaneOnes = false;  // δ = 1 (Table 2) or δ ~ N(0, I) (Fig. 2, 3)
    int hyperplaneDraws = 0;      // normal draws consumed for δ; 0 = latentDim (reference: 500)
    std::string modalityA = "a", modalityB = "b";

    // Presets of the paper (docs/science.md#the-presets); "" for the generic form.
    //   fig2:   param1 = overlap k ∈ [0, 10]
    //   fig3:   param1 = xs1 (a-specific columns) ∈ [0, 40]
    //   table2: param1 = xs1, param2 = xs2 (shared columns); adds the split "transfer", a fresh
    //           training draw on which the student stage trains (reference use_unlabeled=True)
    std::string preset;
    int param1 = 0, param2 = 0;

    static VennSpec fig2(int overlap);
    static VennSpec fig3(int xs1);
    static VennSpec table2(int xs1, int xs2);

    VennLayout layout() const;                  // throws InputError for impossible sizes
    std::vector<SplitDraw> splitDraws() const;  // in draw order
    std::string describe() const;               // one line, for provenance
    // The "generator" object of an experiment file (docs/experiment-config.md), every key
    // checked and named by `path` in errors; fromJson(toJson()) gives the same spec back.
    static VennSpec fromJson(const nlohmann::json& j, const std::string& path);
    static const std::vector<std::string>& hyperplanes();  // "normal" (δ ~ N(0, I)), "ones"
    nlohmann::json toJson() const;
};

// The true α, β, γ and column roles implied by a layout
// (docs/science.md#the-modality-venn-diagram).
VennTruth truthOf(const VennLayout& layout, const std::string& modalityA,
                  const std::string& modalityB);

// Generates the dataset for one seed (numpy's np.random.seed(seed) semantics).
Dataset generateVenn(const VennSpec& spec, uint32_t seed);

}  // namespace mfh
