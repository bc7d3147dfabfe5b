#pragma once
// EngineContext: what every stage of a running experiment shares, chosen once when the
// experiment starts (pytorch/examples style: one device, passed down): the experiment's base
// configuration, its output folder, the front end's callbacks and the device.
#include <torch/torch.h>

#include <string>

#include "core/experiments/ExperimentCallbacks.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh {

// Thrown inside a trial when the user cancelled; the pool stops and keeps the finished trials.
struct Cancelled {};

struct EngineContext {
    const ExperimentSpec& spec;
    std::string outDir;  // empty: nothing is written
    const ExperimentCallbacks& callbacks;
    torch::Device device;

    // The linear kernel trains linear models on the CPU without schedules or early stopping;
    // everything else trains with LibTorch.
    bool useKernel(const RoleSpec& r) const {
        return r.model.type == ModelType::Linear && device.is_cpu() &&
               spec.engine != Engine::Torch && !spec.stream && r.train.schedule == Schedule::None &&
               r.train.patience == 0;
    }
    bool cancelRequested() const { return callbacks.cancel && callbacks.cancel->load(); }
    void throwIfCancelled() const {
        if (cancelRequested()) throw Cancelled{};
    }
};

}  // namespace mfh
