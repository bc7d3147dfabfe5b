#pragma once
// LinearTrainer: the fast path for linear softmax models (the synthetic experiments).
// Gradients of CE and of the KD term are computed in closed form over padded, contiguous
// arrays (no autograd, no allocation per step), in float32 like LibTorch; results agree with
// TorchTrainer on the same model and data within float tolerance (tests/test_trainers.cpp).
//   dL/dz = w_gt·(p − onehot(y))/B + w_kd·T·(softmax(z/T) − q)/(B·C)   ("mean" KL)
// where q = softmax(teacher/T) and B the batch size ("batchmean" drops the 1/C).
// Two classes take a shorter path: the two logit gradients are opposite, so one dot product
// and one update per sample suffice. Thread-safe: no shared state; call it from many threads.
#include "core/models/LinearModel.h"
#include "core/training/TrainConfig.h"

namespace mfh {

class LinearTrainer {
  public:
    // Trains `model` in place from its current weights. `shuffleSeed` orders mini-batches.
    static TrainResult train(LinearModel& model, const TrainData& data,
                             const std::vector<EvalSet>& evals, const TrainConfig& cfg,
                             const TrainerCallbacks& callbacks = {}, uint64_t shuffleSeed = 0);
};

}  // namespace mfh
