#pragma once
// SaliencySummary: Algorithm 1's saliency over several seeds, and how well it finds the truly
// shared channels of generated data. A larger saliency means a more modality-general channel
// (docs/science.md), so the test is whether the |G| most salient channels are the |G| shared
// ones: recall at |G| (which equals precision at |G|). Ties at the cut go to the lower channel
// index, as a stable sort gives.
#include <cstdint>
#include <vector>

namespace mfh {

class SaliencySummary {
  public:
    // Share in [0, 1] of `shared` among the `shared.size()` most salient channels. Throws
    // InputError when `shared` is empty or names a channel outside `saliency`.
    static double recallAtShared(const std::vector<double>& saliency,
                                 const std::vector<int64_t>& shared);
    // The per-channel mean of saliency vectors of one length (throws InputError otherwise).
    static std::vector<double> mean(const std::vector<std::vector<double>>& perSeed);
};

}  // namespace mfh
