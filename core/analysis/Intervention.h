#pragma once
// The paper's interventions on a teacher (docs/science.md#interventions).
//  * Modality-general teacher (Table 2): keep k input channels of the teacher modality and
//    retrain the teacher on them. Modes: "random" (k distinct channels, uniformly; the
//    reference draws with replacement, docs/science.md#bugs-we-do-not-copy item 2), "gt" (the true
//    shared columns) and "alg1" (the k most salient channels of Algorithm 1).
//  * Channel removal at a tap (RAVDESS): remove ratio·d channels, each replaced by its batch
//    mean. Modes: "random", "modality-general" (remove the least salient, keeping the most
//    modality-general ones) and "modality-specific" (remove the most salient).
#include <cstdint>
#include <string>
#include <vector>

#include <torch/torch.h>

#include "core/base/EnumNames.h"

namespace mfh {

enum class InterventionType { None, MgTeacher, Removal };
template <>
struct EnumNames<InterventionType> {
    static constexpr std::pair<InterventionType, const char*> table[] = {
        {InterventionType::None, "none"},
        {InterventionType::MgTeacher, "mg-teacher"},
        {InterventionType::Removal, "removal"}};
};

// How an intervention chooses its channels. Each type accepts some of them (modesOf).
enum class InterventionMode { None, Random, GroundTruth, Alg1, ModalityGeneral, ModalitySpecific };
template <>
struct EnumNames<InterventionMode> {
    static constexpr std::pair<InterventionMode, const char*> table[] = {
        {InterventionMode::None, "none"},
        {InterventionMode::Random, "random"},
        {InterventionMode::GroundTruth, "gt"},
        {InterventionMode::Alg1, "alg1"},
        {InterventionMode::ModalityGeneral, "modality-general"},
        {InterventionMode::ModalitySpecific, "modality-specific"}};
};

// Where Algorithm 1's networks come from: trained together for it, or the trial's teacher and
// no-KD student.
enum class SaliencySource { Joint, Pretrained };
template <>
struct EnumNames<SaliencySource> {
    static constexpr std::pair<SaliencySource, const char*> table[] = {
        {SaliencySource::Joint, "joint"}, {SaliencySource::Pretrained, "pretrained"}};
};

class Intervention {
  public:
    // The modes a type accepts, in the order menus show them, and its default mode.
    static std::vector<InterventionMode> modesOf(InterventionType t);
    static InterventionMode defaultMode(InterventionType t);
    // Whether the intervention needs Algorithm 1's scores.
    static bool usesSaliency(InterventionType t, InterventionMode m) {
        return t == InterventionType::Removal ||
               (t == InterventionType::MgTeacher && m == InterventionMode::Alg1);
    }

    // Channels to keep for a modality-general teacher, sorted ascending.
    static std::vector<int64_t> keepChannels(InterventionMode mode, int64_t channels, int64_t k,
                                             const std::vector<int64_t>& trueShared,
                                             const std::vector<double>& saliency, uint64_t seed);

    // Channels to remove at a tap, sorted ascending. ratio in [0, 1].
    static std::vector<int64_t> removeChannels(InterventionMode mode, double ratio,
                                               const std::vector<double>& saliency, uint64_t seed);

    // x with the given columns replaced by their mean over the rows (the batch).
    static torch::Tensor replaceByMean(const torch::Tensor& x, const std::vector<int64_t>& cols);
};

}  // namespace mfh
