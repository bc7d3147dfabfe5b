#include "core/analysis/Intervention.h"

#include <algorithm>
#include <cmath>

#include "core/analysis/Algorithm1.h"
#include "core/base/Error.h"
#include "core/base/SeededUniform.h"

namespace mfh {

static std::vector<int64_t> sorted(std::vector<int64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
}

std::vector<InterventionMode> Intervention::modesOf(InterventionType t) {
    using M = InterventionMode;
    switch (t) {
        case InterventionType::MgTeacher:
            return {M::Random, M::GroundTruth, M::Alg1};
        case InterventionType::Removal:
            return {M::Random, M::ModalityGeneral, M::ModalitySpecific, M::None};
        case InterventionType::None:
            break;
    }
    return {M::None};
}

InterventionMode Intervention::defaultMode(InterventionType t) {
    return t == InterventionType::MgTeacher ? InterventionMode::GroundTruth
           : t == InterventionType::Removal ? InterventionMode::ModalityGeneral
                                            : InterventionMode::None;
}

std::vector<int64_t> Intervention::keepChannels(InterventionMode mode, int64_t channels, int64_t k,
                                                const std::vector<int64_t>& trueShared,
                                                const std::vector<double>& saliency,
                                                uint64_t seed) {
    if (k < 1 || k > channels)
        throw InputError("cannot keep " + std::to_string(k) + " of " + std::to_string(channels) +
                         " channels");
    if (mode == InterventionMode::Random) {
        auto p = SeededUniform(seed).permutation(channels);
        p.resize(k);
        return sorted(p);
    }
    if (mode == InterventionMode::GroundTruth) {
        if (trueShared.empty())
            throw InputError("mode 'gt' needs the true shared columns (generated data only)");
        auto v = trueShared;
        v.resize(std::min<std::size_t>(v.size(), k));
        return sorted(v);
    }
    if (mode == InterventionMode::Alg1) {
        if (static_cast<int64_t>(saliency.size()) != channels)
            throw InputError("mode 'alg1' needs a saliency value per channel");
        auto r = rankDescending(saliency);
        r.resize(k);
        return sorted(r);
    }
    throw InputError(std::string("a modality-general teacher has no mode '") + nameOf(mode) +
                     "' (random, gt, alg1)");
}

std::vector<int64_t> Intervention::removeChannels(InterventionMode mode, double ratio,
                                                  const std::vector<double>& saliency,
                                                  uint64_t seed) {
    if (!(ratio >= 0 && ratio <= 1)) throw InputError("removal ratio must be in [0, 1]");
    const int64_t d = static_cast<int64_t>(saliency.size());
    const int64_t count = static_cast<int64_t>(std::floor(ratio * d + 1e-9));
    if (mode == InterventionMode::None) return {};
    std::vector<int64_t> order;
    if (mode == InterventionMode::Random) {
        order = SeededUniform(seed).permutation(d);
    } else if (mode == InterventionMode::ModalityGeneral) {
        order = rankDescending(saliency);
        std::reverse(order.begin(), order.end());  // least salient first
    } else if (mode == InterventionMode::ModalitySpecific) {
        order = rankDescending(saliency);  // most salient first
    } else {
        throw InputError(std::string("channel removal has no mode '") + nameOf(mode) +
                         "' (random, modality-general, modality-specific, none)");
    }
    order.resize(count);
    return sorted(order);
}

torch::Tensor Intervention::replaceByMean(const torch::Tensor& x,
                                          const std::vector<int64_t>& cols) {
    if (cols.empty()) return x;
    auto idx = torch::tensor(cols, torch::kInt64).to(x.device());
    auto mean = x.index_select(1, idx).mean(0, true).expand({x.size(0), -1});
    return x.index_copy(1, idx, mean);
}

}  // namespace mfh
