#pragma once
// SaliencyStage: Algorithm 1 inside an experiment. Its scores depend on the data, the seed,
// Algorithm 1's settings, both roles' models and, for "pretrained", the two trained networks,
// but not on the intervention's mode or ratio: a sweep over removal modes computes them once
// per seed. Each computation is recorded as an "algorithm1" run (its settings, the scores and,
// for jointly trained networks, the teacher's weights).
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "core/analysis/Algorithm1.h"
#include "core/experiments/EngineContext.h"
#include "core/experiments/LoadedData.h"
#include "core/experiments/RunCache.h"
#include "core/experiments/RunTrainer.h"
#include "core/experiments/Trained.h"

namespace mfh {

// Algorithm 1's scores and the teacher-modality network they belong to.
struct Saliency {
    std::string runId;
    SaliencyResult result;
    std::shared_ptr<const Trained> teacher;
};

class SaliencyStage {
  public:
    SaliencyStage(const EngineContext& ctx, RunTrainer& runs) : ctx_(ctx), runs_(runs) {}
    // t0 and base: the trial's teacher and no-KD student (the "pretrained" networks).
    std::shared_ptr<const Saliency> get(const ExperimentSpec& sp, const LoadedData& d,
                                        uint32_t seed, const std::shared_ptr<const Trained>& t0,
                                        const std::shared_ptr<const Trained>& base);

  private:
    std::shared_ptr<const Saliency> compute(const ExperimentSpec& sp, const LoadedData& d,
                                            uint32_t seed, const std::shared_ptr<const Trained>& t0,
                                            const std::shared_ptr<const Trained>& base,
                                            const nlohmann::json& settings);

    const EngineContext& ctx_;
    RunTrainer& runs_;
    RunCache<Saliency> cache_;
};

}  // namespace mfh
