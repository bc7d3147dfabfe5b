#pragma once
// Configuration, data and result types of one training (a "run"), shared by the fast linear
// kernel (LinearTrainer) and the LibTorch trainer (TorchTrainer). Plain structs: no Qt, no torch
// modules, so front ends can build them from JSON or widgets.
#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/base/EnumNames.h"
#include "core/training/RunStatus.h"

namespace mfh {

enum class OptimizerKind { Sgd, Adam };
enum class Selection { Last, BestVal };  // which epoch's weights the run keeps
// Learning-rate schedule over epochs (1-based e of E): step multiplies the rate by stepGamma
// every stepSize epochs; cosine anneals it from lr to 0, lr·(1 + cos(π(e−1)/E))/2.
enum class Schedule { None, Step, Cosine };
template <>
struct EnumNames<OptimizerKind> {
    static constexpr std::pair<OptimizerKind, const char*> table[] = {
        {OptimizerKind::Sgd, "sgd"}, {OptimizerKind::Adam, "adam"}};
};
template <>
struct EnumNames<Selection> {
    static constexpr std::pair<Selection, const char*> table[] = {{Selection::Last, "last"},
                                                                  {Selection::BestVal, "best-val"}};
};
template <>
struct EnumNames<Schedule> {
    static constexpr std::pair<Schedule, const char*> table[] = {
        {Schedule::None, "none"}, {Schedule::Step, "step"}, {Schedule::Cosine, "cosine"}};
};

// Knowledge distillation loss L = w_gt·CE(s, y) + w_kd·T²·KL(softmax(t/T) ‖ softmax(s/T)).
// The KL is reduced as the reference does (docs/science.md#kd-loss): "mean" divides the sum over
// samples and classes by N·C (PyTorch's default, used by the synthetic and RAVDESS code);
// "batchmean" divides by N (VGGSound code). With "mean", the paper's weights [1, 1] mean what
// they meant.
struct KdConfig {
    double wGt = 1.0, wKd = 1.0, temperature = 1.0;
    bool batchMean = false;

    // The "kd" object of an experiment file (docs/experiment-config.md), every key checked;
    // `path` names it in errors. toJson writes every key; fromJson(toJson()) gives it back.
    static KdConfig fromJson(const nlohmann::json& j, const std::string& path);
    static const std::vector<std::string>& reductions();  // "mean", "batchmean"
    nlohmann::json toJson() const;
};

struct TrainConfig {
    OptimizerKind optimizer = OptimizerKind::Sgd;
    double lr = 0.1, momentum = 0.0, weightDecay = 0.0;
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;  // Adam
    int epochs = 1000;
    int batchSize = 0;  // 0: full batch (one step per epoch)
    int evalEvery = 0;  // evaluate every k epochs; 0: only after the last epoch
    Selection selection = Selection::Last;
    Schedule schedule = Schedule::None;
    int stepSize = 30;
    double stepGamma = 0.1;
    // Early stopping: stop after this many evaluations without a better validation accuracy
    // (needs evalEvery > 0 and a "val" set); 0 trains every epoch.
    int patience = 0;
    KdConfig kd;

    double lrAt(int epoch) const;
    // A "train" object (docs/experiment-config.md): keys absent from `j` keep the values of
    // `defaults`. toJson writes every key except the KD weights (they are the experiment's
    // "kd"); fromJson(toJson()) gives it back.
    static TrainConfig fromJson(const nlohmann::json& j, const std::string& path,
                                const TrainConfig& defaults);
    static TrainConfig fromJson(const nlohmann::json& j, const std::string& path);
    nlohmann::json toJson() const;  // the rate of a 1-based epoch under the schedule  // used only
                                    // when teacher logits are given
};

class RowSource;

// Training inputs. teacherLogits (optional, [n, C]) turns on the KD term. With a `source`, the
// rows stream from it batch by batch and `x` is not used (TorchTrainer only).
struct TrainData {
    torch::Tensor x;  // [n, ...] float32
    std::vector<int64_t> y;
    torch::Tensor teacherLogits;
    int classes = 2;
    std::shared_ptr<const RowSource> source;
};

struct EvalSet {
    std::string name;  // "train", "val", "test"
    torch::Tensor x;
    std::vector<int64_t> y;
    std::shared_ptr<const RowSource> source;  // instead of x, streamed in chunks
};

struct EpochReport {
    int epoch = 0;  // 1-based
    int epochs = 0;
    double loss = 0;
    std::map<std::string, double> accuracy;  // per evaluation set, in [0, 1]
};

// Callbacks a trainer calls on its own thread. onEpoch returning false stops the run (status
// "cancelled"); `cancel` is polled at least once per batch. Empty functions are skipped.
struct TrainerCallbacks {
    std::function<void(int epochs)> onBegin;
    std::function<bool(const EpochReport&)> onEpoch;
    const std::atomic<bool>* cancel = nullptr;
    bool cancelled() const { return cancel && cancel->load(std::memory_order_relaxed); }
};

struct TrainResult {
    RunStatus status = RunStatus::Complete;  // complete | cancelled
    int epochsRun = 0;
    int selectedEpoch = 0;
    bool stoppedEarly = false;
    double seconds = 0, loadSeconds = 0;  // wall time of the loop, and of assembling batches
    double finalLoss = 0;
    double initialLoss = 0;  // the mean loss over the first epoch (divergence checks)
    std::map<std::string, double> accuracy;             // of the selected weights
    std::map<std::string, std::vector<double>> curves;  // "loss", "acc_train", "acc_test", …
    std::vector<double> curveEpochs;                    // epochs at which accuracies were taken
};

}  // namespace mfh

namespace mfh {

// Records an evaluated epoch in the result's curves (both trainers share it). With
// best-validation selection it returns true when this epoch's validation accuracy beats
// `bestVal` (updated), so the caller keeps the current weights; throws InputError when there
// is no "val" evaluation set.
bool recordEvaluation(TrainResult& result, const EpochReport& report, Selection selection,
                      double& bestVal);

}  // namespace mfh
