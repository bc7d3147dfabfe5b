#include "core/experiments/RunTrainer.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "core/base/Error.h"
#include "core/base/Hashing.h"
#include "core/base/NumpyRandom.h"
#include "core/base/TimeStamp.h"
#include "core/runs/RunFile.h"
#include "core/training/LinearTrainer.h"
#include "core/training/TorchTrainer.h"
#include "core/training/TrainingHealth.h"

namespace mfh {

using nlohmann::json;

json RunTrainer::configOf(const TrainingJob& job, bool kernel) const {
    const TrainConfig& cfg = job.spec->train;
    json config = {{"model", job.arch.toJson()},
                   {"train", cfg.toJson()},
                   {"inputs", job.inputs},
                   {"init_seed", std::to_string(job.initSeed)},
                   {"engine", kernel ? "kernel" : "torch"}};
    if (job.teacher.defined()) config["kd"] = cfg.kd.toJson();
    return config;
}

// Is the run to be trusted? Its accuracy on its own training rows against the majority
// class, and its loss curve.
void RunTrainer::checkHealth(const TrainingJob& job, Trained& t, bool kernel, RunRecord& rec) {
    const double trainAcc =
        kernel ? t.linear->accuracy(job.x, job.y)
               : TorchTrainer::accuracy(t.net, EvalSet{"train", job.x, job.y, job.source},
                                        ctx_.device);
    const auto h = TrainingHealthCheck::check(t.result, trainAcc, job.y, job.classes,
                                              job.spec->train.kd, job.teacher.defined());
    rec.metrics["train_acc"] = 100 * h.trainAccuracy;
    rec.metrics["majority_acc"] = 100 * h.majority;
    rec.metrics["learned_nothing"] = h.learnedNothing ? 1 : 0;
    if (h.diverged) rec.status = RunStatus::Diverged;
    if (!h.reason.empty())
        spdlog::warn("{} ({} seed {}): {}", t.runId, job.role, job.seed, h.reason);
    remember(t.runId, h.diverged, h.learnedNothing);
}

void RunTrainer::remember(const std::string& runId, bool diverged, bool learnedNothing) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (diverged) diverged_.insert(runId);
    if (learnedNothing) learnedNothing_.insert(runId);
}

// Counts [true][predicted] of the network's predictions on one evaluation set.
static std::vector<std::vector<int64_t>> confusion(const Trained& t, const EvalSet& e,
                                                   int classes) {
    const torch::Tensor z = e.source ? t.logits(*e.source) : t.logits(e.x);
    const auto pred = z.argmax(1).to(torch::kLong).contiguous();
    const int64_t* p = pred.data_ptr<int64_t>();
    std::vector<std::vector<int64_t>> m(classes, std::vector<int64_t>(classes, 0));
    for (std::size_t i = 0; i < e.y.size() && i < static_cast<std::size_t>(pred.numel()); ++i)
        if (e.y[i] >= 0 && e.y[i] < classes && p[i] >= 0 && p[i] < classes) ++m[e.y[i]][p[i]];
    return m;
}

std::shared_ptr<Trained> RunTrainer::resume(const TrainingJob& job, const std::string& runId,
                                            const std::string& key, bool kernel) {
    if (ctx_.outDir.empty()) return nullptr;
    const auto path = (std::filesystem::path(ctx_.outDir) / (runId + ".h5")).string();
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return nullptr;
    RunRecord r;
    try {
        r = RunFile::load(path);
    } catch (const InputError& e) {
        spdlog::warn("{}: {}; training it again", path, e.what());
        return nullptr;
    }
    if (r.key != key || r.role != job.role ||
        (r.status != RunStatus::Complete && r.status != RunStatus::Diverged))
        return nullptr;  // another training under a colliding id, or an unfinished one
    auto t = std::make_shared<Trained>();
    t->runId = runId;
    t->arch = job.arch;
    t->device = ctx_.device;
    auto weight = [&](const std::string& name, const std::vector<int64_t>& shape) {
        auto it = r.weights.find(name);
        if (it == r.weights.end() || it->second.sizes().vec() != shape) return torch::Tensor();
        return it->second.to(torch::kFloat).contiguous();
    };
    if (kernel) {
        const int C = job.classes, D = static_cast<int>(job.x.size(1));
        const auto w = weight("fc1.weight", {C, D}), b = weight("fc1.bias", {C});
        if (!w.defined() || !b.defined()) return nullptr;
        LinearModel m;
        m.classes = C, m.dim = D;
        m.W.assign(w.data_ptr<float>(), w.data_ptr<float>() + w.numel());
        m.b.assign(b.data_ptr<float>(), b.data_ptr<float>() + b.numel());
        t->linear = m;
    } else {
        t->net = TapNet(t->arch, 0);
        torch::NoGradGuard ng;
        for (auto& kv : t->net->named_parameters()) {
            const auto w = weight(kv.key(), kv.value().sizes().vec());
            if (!w.defined()) return nullptr;
            kv.value().copy_(w);
        }
        t->net->to(ctx_.device);
    }
    auto metric = [&](const std::string& k) {
        auto it = r.metrics.find(k);
        return it == r.metrics.end() ? 0.0 : it->second;
    };
    t->result.status = r.status;
    for (const auto& e : job.evals)
        if (r.metrics.count("acc_" + e.name))
            t->result.accuracy[e.name] = metric("acc_" + e.name) / 100;
    t->result.finalLoss = metric("final_loss");
    t->result.epochsRun = static_cast<int>(metric("epochs_run"));
    t->result.selectedEpoch = static_cast<int>(metric("selected_epoch"));
    t->result.stoppedEarly = metric("stopped_early") != 0;
    remember(runId, r.status == RunStatus::Diverged, metric("learned_nothing") != 0);
    spdlog::debug("resumed {} from {}", runId, path);
    return t;
}

uint64_t RunTrainer::keyOf(const TrainingJob& job) const {
    const json config = configOf(job, ctx_.useKernel(*job.spec));
    KeyHasher key;
    key.add(job.role).add(config.dump()).add(job.x).add(job.y).add(job.teacher);
    if (job.source) key.add(job.data->hash);  // streamed rows: the file's identity
    key.add(uint64_t(job.classes)).add(ctx_.device.str());
    for (const auto& e : job.evals) key.add(e.name).add(e.x).add(e.y);
    return key.value();
}

std::shared_ptr<const Trained> RunTrainer::train(const TrainingJob& job) {
    const bool kernel = ctx_.useKernel(*job.spec);
    const TrainConfig& cfg = job.spec->train;
    const json config = configOf(job, kernel);
    const uint64_t key = keyOf(job);
    const std::string fullKey = hex64(key);
    const std::string runId = job.role + "-" + fullKey.substr(0, 12);
    bool resumed = false;
    // Progress, when a front end follows: this worker's stage, and an epoch count that the
    // training's own epochs advance and its end completes to the planned number.
    ExperimentProgress* const progress = ctx_.callbacks.progress;
    WorkerProgress* const slot = progress ? ExperimentProgress::current() : nullptr;
    const int planned = cfg.epochs;
    int counted = 0;
    if (slot) {
        slot->step.store(static_cast<int>(stepOfRole(job.role)), std::memory_order_relaxed);
        slot->epoch.store(0, std::memory_order_relaxed);
        slot->epochs.store(planned, std::memory_order_relaxed);
    }
    auto [value, fresh] = runs_.get(key, [&]() -> std::shared_ptr<const Trained> {
        if (auto stored = resume(job, runId, fullKey, kernel)) {
            resumed = true;
            if (ctx_.callbacks.onRunResumed) ctx_.callbacks.onRunResumed(runId, job.role);
            return stored;
        }
        auto t = std::make_shared<Trained>();
        t->runId = runId;
        t->arch = job.arch;
        t->device = ctx_.device;
        TrainerCallbacks tc;
        tc.cancel = ctx_.callbacks.cancel;
        if (ctx_.callbacks.onEpoch || progress)
            tc.onEpoch = [this, id = t->runId, progress, slot, &counted](const EpochReport& e) {
                if (progress) {
                    progress->addEpochs(1);
                    ++counted;
                    if (slot) slot->epoch.store(e.epoch, std::memory_order_relaxed);
                }
                if (ctx_.callbacks.onEpoch) ctx_.callbacks.onEpoch(id, e);
                return true;
            };
        TrainData data{job.x, job.y, job.teacher, job.classes, job.source};
        const uint64_t shuffle = deriveSeed(job.initSeed, "shuffle");
        RunRecord rec;
        rec.startTime = isoNow();
        spdlog::debug("training {} (seed {})", t->runId, job.seed);
        if (ctx_.callbacks.onRunStart) ctx_.callbacks.onRunStart(t->runId, job.role);
        if (kernel) {
            t->linear =
                LinearModel::init(job.classes, static_cast<int>(job.x.size(1)), job.initSeed);
            t->result = LinearTrainer::train(*t->linear, data, job.evals, cfg, tc, shuffle);
        } else {
            t->net = TapNet(t->arch, job.initSeed);
            t->result = TorchTrainer::train(t->net, data, job.evals, cfg, tc, ctx_.device, shuffle);
        }
        rec.endTime = isoNow();
        rec.id = t->runId;
        rec.key = fullKey;
        rec.role = job.role;
        rec.status = t->result.status;
        if (t->result.status != RunStatus::Cancelled) checkHealth(job, *t, kernel, rec);
        rec.config = config;
        for (const auto& [k, v] : job.recorded.items()) rec.config[k] = v;
        rec.seed = job.seed;
        rec.device = ctx_.device.str();
        rec.dataset = job.data->label;
        rec.datasetHash = job.data->hash;
        rec.teacherId = job.teacherId;
        for (const auto& kv : t->result.accuracy) rec.metrics["acc_" + kv.first] = 100 * kv.second;
        rec.metrics["final_loss"] = t->result.finalLoss;
        rec.metrics["epochs_run"] = t->result.epochsRun;
        rec.metrics["selected_epoch"] = t->result.selectedEpoch;
        rec.metrics["stopped_early"] = t->result.stoppedEarly ? 1 : 0;
        rec.curves = t->result.curves;
        for (auto& kv : rec.curves)
            if (kv.first.rfind("acc_", 0) == 0)
                for (auto& v : kv.second) v *= 100;
        rec.curves["epoch"] = t->result.curveEpochs;
        if (t->result.status != RunStatus::Cancelled)
            for (const auto& e : job.evals) rec.confusion[e.name] = confusion(*t, e, job.classes);
        rec.weights = t->weights();
        record(rec);
        if (t->result.status == RunStatus::Cancelled) throw Cancelled{};
        return std::shared_ptr<const Trained>(t);
    });
    (resumed ? resumed_ : fresh ? trained_ : reused_)++;
    if (progress && planned > counted) progress->addEpochs(planned - counted);
    return value;
}

std::shared_ptr<const Trained> RunTrainer::loadTeacher(const std::string& path,
                                                       const TrainingJob& job) {
    KeyHasher key;
    key.add("run-file:" + path).add(job.data->hash);
    return runs_
        .get(key.value(),
             [&] {
                 const RunRecord r = RunFile::load(path);
                 if (!r.config.contains("model") || !r.config["model"].contains("inputs"))
                     throw InputError(path +
                                      ": the run stores no full model description (it was "
                                      "written by an older version); retrain it");
                 auto t = std::make_shared<Trained>();
                 t->arch = NetSpec::fromJson(r.config["model"]);
                 if (t->arch.inputSize() != job.arch.inputSize() ||
                     (t->arch.type != ModelType::Linear && t->arch.type != ModelType::Mlp &&
                      t->arch.inputs.size() != job.arch.inputs.size()))
                     throw InputError(path + ": its network takes " +
                                      std::to_string(t->arch.inputSize()) +
                                      " input features, the teacher's modalities give " +
                                      std::to_string(job.arch.inputSize()));
                 if (t->arch.classes != job.classes)
                     throw InputError(path + ": its network has " +
                                      std::to_string(t->arch.classes) + " classes, the dataset " +
                                      std::to_string(job.classes));
                 t->net = TapNet(t->arch, 0);
                 torch::NoGradGuard ng;
                 for (auto& kv : t->net->named_parameters()) {
                     auto it = r.weights.find(kv.key());
                     if (it == r.weights.end() || it->second.sizes() != kv.value().sizes())
                         throw InputError(path + ": weights '" + kv.key() +
                                          "' are missing or misshapen");
                     kv.value().copy_(it->second);
                 }
                 t->net->to(ctx_.device);
                 t->device = ctx_.device;
                 t->runId = r.id;
                 for (const auto& e : job.evals)
                     t->result.accuracy[e.name] = TorchTrainer::accuracy(t->net, e, ctx_.device);
                 return std::shared_ptr<const Trained>(t);
             })
        .first;
}

void RunTrainer::record(const RunRecord& r) {
    // A cancelled training never replaces a file of its id: that may be the finished run
    // another writer of the folder (a cluster task) made and its trials name.
    const auto path = (std::filesystem::path(ctx_.outDir) / (r.id + ".h5")).string();
    std::error_code ec;
    const bool keep = r.status == RunStatus::Cancelled && std::filesystem::exists(path, ec);
    if (!ctx_.outDir.empty() && !keep) RunFile::save(r, path);
    if (ctx_.callbacks.onRun) ctx_.callbacks.onRun(r);
}

void RunTrainer::flag(TrialOutput& out) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& id : out.runIds) {
        if (diverged_.count(id)) out.diverged.push_back(id);
        if (learnedNothing_.count(id)) out.learnedNothing.push_back(id);
    }
}

}  // namespace mfh
