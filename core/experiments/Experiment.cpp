#include "core/experiments/Experiment.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "core/analysis/Intervention.h"
#include "core/analysis/Oracle.h"
#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/FolderLock.h"
#include "core/base/Hashing.h"
#include "core/base/NumpyRandom.h"
#include "core/base/TimeStamp.h"
#include "core/data/DatasetFile.h"
#include "core/experiments/Report.h"
#include "core/experiments/RunCache.h"
#include "core/runs/RunFile.h"
#include "core/training/LinearTrainer.h"
#include "core/training/TorchTrainer.h"
#include "core/training/TrainingHealth.h"

namespace mfh {

using nlohmann::json;

namespace {

struct Cancelled {};

// Per-sample shape of each modality ([features] or [C, H, W] …), known without its values.
using Shapes = std::map<std::string, std::vector<int64_t>>;

// Path, size and modification time: what identifies a file too large to hash.
uint64_t fileIdentity(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    const auto time = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
    KeyHasher k;
    k.add(path).add(static_cast<uint64_t>(size)).add(static_cast<uint64_t>(time));
    return k.value();
}

// A trained network of either engine.
struct Trained {
    std::string runId;
    std::optional<LinearModel> linear;
    TapNet net{nullptr};
    NetSpec arch;
    TrainResult result;
    torch::Device device = torch::kCPU;

    torch::Tensor logits(const torch::Tensor& x) const {
        if (linear) return linear->logits(x);
        std::lock_guard<std::mutex> lock(inference);  // the net is shared by trials
        auto n = net;
        return TorchTrainer::logits(n, x, device);
    }
    torch::Tensor logits(const RowSource& x) const {
        std::lock_guard<std::mutex> lock(inference);
        auto n = net;
        return TorchTrainer::logits(n, x, device);
    }
    mutable std::mutex inference;
    // An independent TapNet with these weights (safe to edit or move).
    TapNet tapNet() const {
        TapNet t(arch, 0);
        torch::NoGradGuard ng;
        std::lock_guard<std::mutex> lock(inference);
        auto dst = t->named_parameters();
        if (linear) {
            dst["fc1.weight"].copy_(linear->weight());
            dst["fc1.bias"].copy_(linear->bias());
        } else {
            for (auto& kv : net->named_parameters())
                dst[kv.key()].copy_(kv.value().to(torch::kCPU));
        }
        return t;
    }
};

// Algorithm 1's scores and the teacher-modality network they belong to.
struct Saliency {
    std::string runId;
    SaliencyResult result;
    std::shared_ptr<const Trained> teacher;
};

// The run ids a trial uses, collected on the trial's own thread (Runner::trial's caller sets it).
thread_local std::vector<std::string>* trialRuns = nullptr;

struct LoadedData {
    Dataset ds;  // without modality values when streamed
    std::string label, hash, path;
    bool stream = false;
    FileIdentity identity;  // of a streamed file when it was loaded
    Shapes shapes;

    // Rows of a split with these modalities: streamed from the file, or from memory.
    std::shared_ptr<const RowSource> rows(const std::vector<std::string>& mods,
                                          const std::string& split) const {
        if (stream) return std::make_shared<H5Rows>(path, mods, split, identity);
        return std::make_shared<TensorRows>(ds.features(mods, split));
    }
};

// The network a role's model asks for over these modalities of the dataset. A linear model or
// an mlp sees one flat vector of `width` columns (the modalities concatenated, or the columns a
// modality-general teacher keeps); cnn and fusion models see each modality in its shape.
NetSpec archFor(const ModelSpec& m, const Shapes& shapes, const std::vector<std::string>& mods,
                int classes, int64_t width) {
    NetSpec a;
    a.type = m.type, a.hidden = m.hidden, a.channels = m.channels;
    a.kernel = m.kernel, a.stride = m.stride, a.width = m.width, a.classes = classes;
    if (m.type == "linear" || m.type == "mlp") {
        std::string name;
        for (const auto& s : mods) name += (name.empty() ? "" : "+") + s;
        a.inputs = {{name, {width}}};
    } else {
        for (const auto& s : mods) {
            a.inputs.push_back({s, shapes.at(s)});
        }
        if (a.inputSize() != width)
            throw InputError("a " + m.type +
                             " model sees whole modalities; this intervention keeps columns "
                             "(use a linear or mlp teacher)");
    }
    a.validate();
    return a;
}

int64_t flatWidth(const Shapes& shapes, const std::vector<std::string>& mods) {
    int64_t w = 0;
    for (const auto& m : mods) {
        int64_t k = 1;
        for (auto d : shapes.at(m)) k *= d;
        w += k;
    }
    return w;
}

struct Job {
    std::string role;
    const RoleSpec* spec = nullptr;
    NetSpec arch;
    torch::Tensor x;
    std::vector<int64_t> y;
    torch::Tensor teacher;  // logits, or undefined
    std::vector<EvalSet> evals;
    int classes = 2;
    uint64_t initSeed = 0;
    uint32_t seed = 0;
    json inputs;  // which modalities, split, columns
    std::string teacherId;
    const LoadedData* data = nullptr;
    std::shared_ptr<const RowSource> source;  // streamed inputs (x undefined)
};

std::map<std::string, torch::Tensor> stateOf(const Trained& t) {
    std::map<std::string, torch::Tensor> w;
    if (t.linear) {
        w["fc1.weight"] = t.linear->weight();
        w["fc1.bias"] = t.linear->bias();
    } else {
        for (auto& kv : t.net->named_parameters())
            w[kv.key()] = kv.value().detach().to(torch::kCPU);
    }
    return w;
}

class Runner {
  public:
    Runner(const ExperimentSpec& spec, std::string outDir, const ExperimentCallbacks& cb)
        : spec_(spec), outDir_(std::move(outDir)), cb_(cb), device_(pickDevice(spec.device)) {}

    // Metrics of one trial; 'alpha', 'beta', 'gamma' carry the dataset's true MVD.
    std::map<std::string, double> trial(const ExperimentSpec& sp, uint32_t seed);
    // Loads (and validates) the dataset of a grid point now, and checks that the modalities
    // and splits it names exist, so that bad input fails before anything is written.
    void preload(const ExperimentSpec& sp, uint32_t seed) {
        const auto data = dataset(sp, seed);
        const Dataset& ds = data->ds;
        auto mods = sp.teacher.modalities;
        mods.push_back(sp.student.modalities[0]);
        for (const auto& m : mods)
            if (!data->shapes.count(m)) {
                std::string have;
                for (const auto& kv : data->shapes) have += (have.empty() ? "" : ", ") + kv.first;
                throw InputError("no modality '" + m + "' in the dataset (it has: " + have + ")");
            }
        // The networks, so that an absurd size or a model that does not fit the data is refused
        // before anything trains; and what a trial would only find out later.
        const auto ta = roleArch("teacher", sp.teacher, *data);
        roleArch("student", sp.student, *data);
        if (data->stream)
            for (auto [role, r] : {std::pair{"teacher", &sp.teacher}, {"student", &sp.student}})
                if (r->train.batchSize <= 0)
                    throw InputError(std::string("'") + role +
                                     ".train.batch_size' is required: streamed data trains in "
                                     "mini-batches");
        const auto& iv = sp.intervention;
        if (iv.type == "removal" || (iv.type == "mg-teacher" && iv.mode == "alg1")) {
            TapNet probe(ta, 0);
            probe->tapIndex(iv.alg1.tap);  // names the taps there are
        }
        if (!sp.teacher.run.empty()) RunFile::load(sp.teacher.run, false);
        if (data->stream && sp.intervention.type != "none")
            throw InputError("interventions need the dataset in memory: remove dataset.stream");
        ds.split(sp.teacher.split);
        ds.split(sp.student.split);
        for (auto [role, spec] : {std::pair{"teacher", &sp.teacher}, {"student", &sp.student}})
            if (spec->train.selection == Selection::BestVal && !ds.hasSplit("val"))
                throw InputError(
                    std::string("'") + role +
                    ".train.selection' is best-val but the dataset has no 'val' split");
    }
    // A role's network over the data, with the role named in any error.
    static NetSpec roleArch(const char* role, const RoleSpec& r, const LoadedData& d) {
        try {
            return archFor(r.model, d.shapes, r.modalities, d.ds.numClasses(),
                           flatWidth(d.shapes, r.modalities));
        } catch (const InputError& e) {
            throw InputError(std::string(role) + ".model: " + e.what());
        }
    }
    int trained() const { return trained_; }
    // The runs among `ids` that diverged, or learned nothing.
    void flag(GridRow& row) const {
        std::lock_guard<std::mutex> lock(healthMutex_);
        for (const auto& id : row.runIds) {
            if (diverged_.count(id)) row.diverged.push_back(id);
            if (learnedNothing_.count(id)) row.learnedNothing.push_back(id);
        }
    }
    int reused() const { return reused_; }

  private:
    std::shared_ptr<const LoadedData> dataset(const ExperimentSpec& sp, uint32_t seed);
    std::shared_ptr<const Trained> train(const Job& job);
    std::shared_ptr<const Trained> loadTeacher(const std::string& path, const Job& job);
    // The linear kernel trains linear models on the CPU without schedules or early stopping.
    bool useKernel(const RoleSpec& r) const {
        return r.model.type == "linear" && device_.is_cpu() && spec_.engine != "torch" &&
               !spec_.stream && r.train.schedule == Schedule::None && r.train.patience == 0;
    }
    std::shared_ptr<const Saliency> saliency(const ExperimentSpec& sp, const LoadedData& d,
                                             uint32_t seed,
                                             const std::shared_ptr<const Trained>& t0,
                                             const std::shared_ptr<const Trained>& base);
    std::shared_ptr<const Saliency> computeSaliency(const ExperimentSpec& sp, const LoadedData& d,
                                                    uint32_t seed,
                                                    const std::shared_ptr<const Trained>& t0,
                                                    const std::shared_ptr<const Trained>& base,
                                                    const nlohmann::json& settings);
    void record(RunRecord& r);

    const ExperimentSpec& spec_;
    std::string outDir_;
    const ExperimentCallbacks& cb_;
    torch::Device device_;
    RunCache<Trained> runs_;
    RunCache<LoadedData> data_;
    RunCache<Saliency> saliencies_;
    std::atomic<int> trained_{0}, reused_{0};
    mutable std::mutex healthMutex_;
    std::set<std::string> diverged_, learnedNothing_;
    std::vector<std::string> written_;  // run files this process created

  public:
    // After an error: the run files this experiment created are removed, so that a failed
    // experiment leaves the folder as it found it.
    void removeWritten() {
        std::lock_guard<std::mutex> lock(healthMutex_);
        for (const auto& p : written_) std::remove(p.c_str());
        written_.clear();
    }
};

std::shared_ptr<const LoadedData> Runner::dataset(const ExperimentSpec& sp, uint32_t seed) {
    KeyHasher k;
    if (sp.generator)
        k.add(sp.generator->describe()).add(uint64_t{seed});
    else if (sp.avmnist)
        k.add(AvMnistBuilder::describe(*sp.avmnist));
    else
        k.add("file:" + sp.datasetPath);
    k.add(uint64_t{sp.standardize});
    return data_
        .get(k.value(),
             [&] {
                 auto d = std::make_shared<LoadedData>();
                 if (sp.generator) {
                     d->ds = generateVenn(*sp.generator, seed);
                     d->label =
                         "generated: " + sp.generator->describe() + " seed " + std::to_string(seed);
                 } else {
                     const std::string path =
                         sp.avmnist
                             ? AvMnistBuilder::cached(*sp.avmnist,
                                                      [](const std::string& s) { spdlog::info(s); })
                             : sp.datasetPath;
                     d->path = d->label = path;
                     d->stream = sp.stream;
                     if (sp.stream) d->identity = FileIdentity::of(path);
                     d->ds = DatasetFile::load(path, !sp.stream);
                     if (sp.stream) {
                         d->ds.attributes["streamed"] = "yes";
                         for (const auto& [name, shape] : DatasetFile::shapes(path)) {
                             if (shape.size() < 2)
                                 throw InputError(path + ": modality '" + name +
                                                  "' is 1-D; give it as [N, features]");
                             if (shape[0] != d->ds.size())
                                 throw InputError(path + ": modality '" + name + "' has " +
                                                  std::to_string(shape[0]) +
                                                  " samples but the labels have " +
                                                  std::to_string(d->ds.size()));
                             d->shapes[name] = {shape.begin() + 1, shape.end()};
                         }
                     }
                 }
                 if (sp.standardize) d->ds.standardize("train");
                 if (!d->stream)
                     for (const auto& name : d->ds.modalityNames()) {
                         const auto sizes = d->ds.modality(name).sizes().vec();
                         d->shapes[name] = {sizes.begin() + 1, sizes.end()};
                     }
                 // A streamed file is too large to hash on every run: its identity is its
                 // path, size and modification time.
                 d->hash = d->stream ? hex64(fileIdentity(d->path)) : hex64(d->ds.contentHash());
                 return std::shared_ptr<const LoadedData>(d);
             })
        .first;
}

void Runner::record(RunRecord& r) {
    if (!outDir_.empty()) {
        const auto path = (std::filesystem::path(outDir_) / (r.id + ".h5")).string();
        std::error_code ec;
        const bool existed = std::filesystem::exists(path, ec);
        RunFile::save(r, path);
        std::lock_guard<std::mutex> lock(healthMutex_);
        if (!existed) written_.push_back(path);
    }
    if (cb_.onRun) cb_.onRun(r);
}

std::shared_ptr<const Trained> Runner::train(const Job& job) {
    const bool kernel = useKernel(*job.spec);
    const TrainConfig& cfg = job.spec->train;  // the student's carries the point's KD weights
    json config = {{"model", job.arch.toJson()},
                   {"train", trainConfigToJson(cfg)},
                   {"inputs", job.inputs},
                   {"init_seed", std::to_string(job.initSeed)},
                   {"engine", kernel ? "kernel" : "torch"}};
    if (job.teacher.defined())
        config["kd"] = {{"w_gt", cfg.kd.wGt},
                        {"w_kd", cfg.kd.wKd},
                        {"temperature", cfg.kd.temperature},
                        {"reduction", cfg.kd.batchMean ? "batchmean" : "mean"}};
    KeyHasher key;
    key.add(job.role).add(config.dump()).add(job.x).add(job.y).add(job.teacher);
    if (job.source) key.add(job.data->hash);  // streamed rows: the file's identity
    key.add(uint64_t(job.classes)).add(device_.str());
    for (const auto& e : job.evals) key.add(e.name).add(e.x).add(e.y);

    auto [value, fresh] = runs_.get(key.value(), [&] {
        auto t = std::make_shared<Trained>();
        t->runId = job.role + "-" + hex64(key.value()).substr(0, 12);
        t->arch = job.arch;
        t->device = device_;
        TrainerCallbacks tc;
        tc.cancel = cb_.cancel;
        if (cb_.onEpoch)
            tc.onEpoch = [this, id = t->runId](const EpochReport& e) {
                cb_.onEpoch(id, e);
                return true;
            };
        TrainData data{job.x, job.y, job.teacher, job.classes, job.source};
        const uint64_t shuffle = deriveSeed(job.initSeed, "shuffle");
        RunRecord rec;
        rec.startTime = isoNow();
        spdlog::debug("training {} (seed {})", t->runId, job.seed);
        if (cb_.onRunStart) cb_.onRunStart(t->runId, job.role);
        if (kernel) {
            t->linear =
                LinearModel::init(job.classes, static_cast<int>(job.x.size(1)), job.initSeed);
            t->result = LinearTrainer::train(*t->linear, data, job.evals, cfg, tc, shuffle);
        } else {
            t->net = TapNet(t->arch, job.initSeed);
            t->result = TorchTrainer::train(t->net, data, job.evals, cfg, tc, device_, shuffle);
        }
        rec.endTime = isoNow();
        rec.id = t->runId;
        rec.role = job.role;
        rec.status = t->result.status;
        if (t->result.status != "cancelled") {
            // Is the run to be trusted? Its accuracy on its own training rows against the
            // majority class, and its loss curve.
            const double trainAcc =
                kernel ? t->linear->accuracy(job.x, job.y)
                       : TorchTrainer::accuracy(t->net, EvalSet{"train", job.x, job.y, job.source},
                                                device_);
            const auto h = TrainingHealthCheck::check(t->result, trainAcc, job.y, job.classes,
                                                      cfg.kd, job.teacher.defined());
            rec.metrics["train_acc"] = 100 * h.trainAccuracy;
            rec.metrics["majority_acc"] = 100 * h.majority;
            rec.metrics["learned_nothing"] = h.learnedNothing ? 1 : 0;
            if (h.diverged) rec.status = "diverged";
            if (!h.reason.empty()) {
                spdlog::warn("{} ({} seed {}): {}", t->runId, job.role, job.seed, h.reason);
                std::lock_guard<std::mutex> lock(healthMutex_);
                if (h.diverged) diverged_.insert(t->runId);
                if (h.learnedNothing) learnedNothing_.insert(t->runId);
            }
        }
        rec.config = config;
        rec.seed = job.seed;
        rec.device = device_.str();
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
        rec.weights = stateOf(*t);
        record(rec);
        if (t->result.status == "cancelled") throw Cancelled{};
        return std::shared_ptr<const Trained>(t);
    });
    (fresh ? trained_ : reused_)++;
    if (trialRuns) trialRuns->push_back(value->runId);
    return value;
}

// A teacher rebuilt from a run file: its stored model description and weights. The network
// must take the teacher's modalities of this dataset.
std::shared_ptr<const Trained> Runner::loadTeacher(const std::string& path, const Job& job) {
    KeyHasher key;
    key.add("run-file:" + path).add(job.data->hash);
    const auto value =
        runs_
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
                         (t->arch.type != "linear" && t->arch.type != "mlp" &&
                          t->arch.inputs.size() != job.arch.inputs.size()))
                         throw InputError(path + ": its network takes " +
                                          std::to_string(t->arch.inputSize()) +
                                          " input features, the teacher's modalities give " +
                                          std::to_string(job.arch.inputSize()));
                     if (t->arch.classes != job.classes)
                         throw InputError(path + ": its network has " +
                                          std::to_string(t->arch.classes) +
                                          " classes, the dataset " + std::to_string(job.classes));
                     t->net = TapNet(t->arch, 0);
                     torch::NoGradGuard ng;
                     for (auto& kv : t->net->named_parameters()) {
                         auto it = r.weights.find(kv.key());
                         if (it == r.weights.end() || it->second.sizes() != kv.value().sizes())
                             throw InputError(path + ": weights '" + kv.key() +
                                              "' are missing or misshapen");
                         kv.value().copy_(it->second);
                     }
                     t->net->to(device_);
                     t->device = device_;
                     t->runId = r.id;
                     for (const auto& e : job.evals)
                         t->result.accuracy[e.name] = TorchTrainer::accuracy(t->net, e, device_);
                     return std::shared_ptr<const Trained>(t);
                 })
            .first;
    if (trialRuns) trialRuns->push_back(value->runId);
    return value;
}

std::shared_ptr<const Saliency> Runner::saliency(const ExperimentSpec& sp, const LoadedData& d,
                                                 uint32_t seed,
                                                 const std::shared_ptr<const Trained>& t0,
                                                 const std::shared_ptr<const Trained>& base) {
    // Everything Algorithm 1 depends on; the intervention's mode and ratio are not part of it,
    // so a sweep over removal modes computes the saliency once per seed.
    const auto& iv = sp.intervention;
    json a = {{"permutations", iv.alg1.permutations},
              {"distance", iv.alg1.distance},
              {"tap", iv.alg1.tap},
              {"batch_size", iv.alg1.batchSize},
              {"train", trainConfigToJson(iv.alg1.joint)},
              {"source", iv.source},
              {"teacher", sp.teacher.modalities},
              {"student", sp.student.modalities},
              {"teacher_model", archFor(sp.teacher.model, d.shapes, sp.teacher.modalities, 2,
                                        flatWidth(d.shapes, sp.teacher.modalities))
                                    .toJson()},
              {"student_model", archFor(sp.student.model, d.shapes, sp.student.modalities, 2,
                                        flatWidth(d.shapes, sp.student.modalities))
                                    .toJson()},
              {"teacher_split", sp.teacher.split}};
    if (iv.source == "pretrained") a["runs"] = {t0->runId, base->runId};
    KeyHasher key;
    key.add(d.hash).add(uint64_t{seed}).add(a.dump());
    auto s = saliencies_.get(key.value(), [&] { return computeSaliency(sp, d, seed, t0, base, a); })
                 .first;
    if (trialRuns) trialRuns->push_back(s->runId);
    return s;
}

std::shared_ptr<const Saliency> Runner::computeSaliency(const ExperimentSpec& sp,
                                                        const LoadedData& d, uint32_t seed,
                                                        const std::shared_ptr<const Trained>& t0,
                                                        const std::shared_ptr<const Trained>& base,
                                                        const nlohmann::json& settings) {
    const auto& iv = sp.intervention;
    const auto& ds = d.ds;
    auto xa = ds.features(sp.teacher.modalities, sp.teacher.split);
    auto xb = ds.features(sp.student.modalities, sp.teacher.split);
    auto y = ds.labelsOf(sp.teacher.split);
    const int C = ds.numClasses();
    auto out = std::make_shared<Saliency>();
    auto& r = out->result;
    RunRecord rec;
    rec.startTime = isoNow();
    if (iv.source == "pretrained") {
        auto fa = t0->tapNet(), fb = base->tapNet();
        r = Algorithm1::saliency(fa, fb, xa, xb, iv.alg1, deriveSeed(seed, "alg1"), cb_.cancel);
        if (cb_.cancel && cb_.cancel->load()) throw Cancelled{};
        out->teacher = t0;
    } else {
        auto joint = std::make_shared<Trained>();
        joint->arch = archFor(sp.teacher.model, d.shapes, sp.teacher.modalities, C, xa.size(1));
        if (useKernel(sp.teacher) && useKernel(sp.student) && iv.alg1.tap == "input") {
            LinearModel fa, fb;
            r = Algorithm1::linear(xa, xb, y, C, iv.alg1, deriveSeed(seed, "alg1"), &fa, &fb,
                                   cb_.cancel);
            if (cb_.cancel && cb_.cancel->load()) throw Cancelled{};
            joint->linear = fa;
        } else {
            TapNet fa(joint->arch, deriveSeed(seed, "alg1-a"));
            TapNet fb(archFor(sp.student.model, d.shapes, sp.student.modalities, C, xb.size(1)),
                      deriveSeed(seed, "alg1-b"));
            Algorithm1::trainJointly(fa, fb, xa, xb, y, iv.alg1.joint, device_,
                                     deriveSeed(seed, "alg1-shuffle"), cb_.cancel);
            if (cb_.cancel && cb_.cancel->load()) throw Cancelled{};
            r = Algorithm1::saliency(fa, fb, xa, xb, iv.alg1, deriveSeed(seed, "alg1"), cb_.cancel);
            if (cb_.cancel && cb_.cancel->load()) throw Cancelled{};
            r.teacherAccuracy = TorchTrainer::accuracy(fa, xa, y, device_);
            r.otherAccuracy = TorchTrainer::accuracy(fb, xb, y, device_);
            fa->to(torch::kCPU);
            joint->net = fa;
        }
        rec.weights = stateOf(*joint);
        out->teacher = joint;
    }
    rec.endTime = isoNow();
    rec.role = "algorithm1";
    KeyHasher id;
    id.add(d.hash).add(uint64_t{seed}).add(sp.source.value("intervention", json::object()).dump());
    rec.id = "algorithm1-" + hex64(id.value()).substr(0, 12);
    out->runId = rec.id;
    // A jointly trained teacher lives in this run's weights: removal students name it.
    if (iv.source != "pretrained") std::const_pointer_cast<Trained>(out->teacher)->runId = rec.id;
    // Everything the scores were computed for: Algorithm 1's settings, both networks, the
    // split, and the runs they came from.
    rec.config = {{"intervention", sp.source.value("intervention", json::object())},
                  {"algorithm1", settings},
                  {"teacher_modalities", sp.teacher.modalities},
                  {"student_modality", sp.student.modalities[0]}};
    if (iv.source == "pretrained") rec.teacherId = t0->runId;
    rec.seed = seed;
    rec.device = device_.str();
    rec.dataset = d.label;
    rec.datasetHash = d.hash;
    rec.saliency[r.tap] = r.raw;
    rec.saliency[r.tap + "_normalized"] = r.normalized;
    rec.metrics["joint_teacher_train_acc"] = 100 * r.teacherAccuracy;
    rec.metrics["joint_other_train_acc"] = 100 * r.otherAccuracy;
    record(rec);
    return out;
}

// Column indices of the true shared (and decisive) columns within the teacher's concatenated
// input; empty when the dataset carries no truth.
std::pair<std::vector<int64_t>, std::vector<int64_t>> truthColumns(
    const Dataset& ds, const std::vector<std::string>& mods) {
    std::vector<int64_t> shared, decisive;
    if (!ds.truth) return {};
    int64_t offset = 0;
    for (const auto& m : mods) {
        auto add = [&](const std::map<std::string, std::vector<int64_t>>& src,
                       std::vector<int64_t>& dst) {
            auto it = src.find(m);
            if (it != src.end())
                for (auto c : it->second) dst.push_back(offset + c);
        };
        add(ds.truth->sharedColumns, shared);
        add(ds.truth->sharedColumns, decisive);
        add(ds.truth->specificColumns, decisive);
        const auto& v = ds.modality(m);
        offset += v.numel() / std::max<int64_t>(v.size(0), 1);
    }
    return {shared, decisive};
}

std::map<std::string, double> Runner::trial(const ExperimentSpec& sp, uint32_t seed) {
    const auto data = dataset(sp, seed);
    const Dataset& ds = data->ds;
    const int C = ds.numClasses();
    const auto& T = sp.teacher;
    const auto& S = sp.student;
    const std::string sm = S.modalities[0];
    auto evals = [&](const std::vector<std::string>& mods, const torch::Tensor& cols) {
        std::vector<EvalSet> out;
        for (const char* s : {"val", "test"}) {
            if (!ds.hasSplit(s)) continue;
            if (data->stream) {
                out.push_back({s, {}, ds.labelsOf(s), data->rows(mods, s)});
                continue;
            }
            auto x = ds.features(mods, s);
            if (cols.defined()) x = x.index_select(1, cols).contiguous();
            out.push_back({s, x, ds.labelsOf(s), nullptr});
        }
        return out;
    };
    std::map<std::string, double> m;
    if (ds.truth)
        m["alpha"] = ds.truth->alpha, m["beta"] = ds.truth->beta, m["gamma"] = ds.truth->gamma;
    auto pct = [](const Trained& t) { return 100.0 * t.result.accuracy.at("test"); };

    Job jt;
    jt.role = "teacher", jt.spec = &T;
    if (data->stream)
        jt.source = data->rows(T.modalities, T.split);
    else
        jt.x = ds.features(T.modalities, T.split);
    jt.arch =
        archFor(T.model, data->shapes, T.modalities, C, flatWidth(data->shapes, T.modalities));
    jt.y = ds.labelsOf(T.split), jt.evals = evals(T.modalities, {}), jt.classes = C;
    jt.initSeed = deriveSeed(seed, "teacher"), jt.seed = seed, jt.data = data.get();
    jt.inputs = {{"modalities", T.modalities}, {"split", T.split}};
    const auto t0 = T.run.empty() ? train(jt) : loadTeacher(T.run, jt);
    m["teacher_acc"] = pct(*t0);

    // Closed-form population accuracies of a linear binary teacher and of its ideal
    // logit-matching student (spec §1.5), where the data's generator is known.
    auto oracle = [&](const Trained& t,
                      const std::vector<int64_t>* cols) -> std::optional<OracleAccuracy> {
        if (C != 2 || !ds.truth || ds.truth->hyperplane.empty() || t.arch.type != "linear")
            return std::nullopt;
        const auto& li = ds.truth->latentIndex;
        std::vector<int64_t> latent;
        for (const auto& mod : T.modalities) {
            auto it = li.find(mod);
            if (it == li.end()) return std::nullopt;
            latent.insert(latent.end(), it->second.begin(), it->second.end());
        }
        if (cols) {
            std::vector<int64_t> kept;
            for (auto c : *cols) kept.push_back(latent.at(c));
            latent = kept;
        }
        auto sit = li.find(sm);
        if (sit == li.end()) return std::nullopt;
        const torch::Tensor W =
            t.linear ? t.linear->weight() : t.tapNet()->named_parameters()["fc1.weight"];
        auto diff = (W[1] - W[0]).to(torch::kFloat64).contiguous();
        std::vector<double> theta(diff.data_ptr<double>(), diff.data_ptr<double>() + diff.numel());
        return Oracle::linear(theta, latent, sit->second, ds.truth->hyperplane);
    };
    if (auto o = oracle(*t0, nullptr)) {
        m["oracle_teacher_acc"] = 100 * o->teacher;
        m["oracle_student_acc"] = 100 * o->student;
    }

    // The no-KD baseline and the KD student start from the same initial weights, so that
    // Δ = KD − no-KD measures the effect of distillation alone (paired by seed).
    Job jb;
    jb.role = "baseline", jb.spec = &S;
    if (data->stream)
        jb.source = data->rows({sm}, S.split);
    else
        jb.x = ds.features({sm}, S.split);
    jb.arch = archFor(S.model, data->shapes, {sm}, C, flatWidth(data->shapes, {sm}));
    jb.y = ds.labelsOf(S.split), jb.evals = evals({sm}, {}), jb.classes = C;
    jb.initSeed = deriveSeed(seed, "student"), jb.seed = seed, jb.data = data.get();
    jb.inputs = {{"modalities", {sm}}, {"split", S.split}};
    const auto base = train(jb);
    m["nokd_acc"] = pct(*base);

    // The teacher's view of the student's data.
    const auto xTS = data->stream ? torch::Tensor() : ds.features(T.modalities, S.split);
    Job jk = jb;
    jk.role = "student", jk.teacherId = t0->runId;
    jk.teacher = data->stream ? t0->logits(*data->rows(T.modalities, S.split)) : t0->logits(xTS);
    const auto kd = train(jk);
    m["kd_acc"] = pct(*kd);
    m["delta"] = m["kd_acc"] - m["nokd_acc"];

    const auto& iv = sp.intervention;
    if (iv.type == "mg-teacher") {
        const auto [shared, decisive] = truthColumns(ds, T.modalities);
        const int64_t d = jt.x.size(1);
        const int64_t k = iv.keep > 0 ? iv.keep : static_cast<int64_t>(shared.size());
        if (k == 0)
            throw InputError(
                "intervention.keep is required: the dataset has no true shared columns");
        std::vector<double> sal;
        if (iv.mode == "alg1") {
            const auto& r = saliency(sp, *data, seed, t0, base)->result;
            sal = r.raw;
            if (!shared.empty())
                m["alg1_identification"] = 100 * Algorithm1::identification(r.ranking, shared);
        }
        const auto keep =
            Intervention::keepChannels(iv.mode, d, k, shared, sal, deriveSeed(seed, "mg-random"));
        if (!shared.empty()) {
            int64_t hit = 0, dec = 0;
            for (auto c : keep) {
                hit += std::count(shared.begin(), shared.end(), c);
                dec += std::count(decisive.begin(), decisive.end(), c);
            }
            m["tag_acc"] = 100.0 * hit / k;
            if (dec > 0) m["mg_teacher_gamma"] = double(hit) / dec;
        }
        const auto cols = torch::tensor(keep, torch::kInt64);
        // The modality-general teacher trains on the student's split, as in the reference.
        Job jm;
        jm.role = "mg-teacher", jm.spec = &T, jm.x = xTS.index_select(1, cols).contiguous();
        jm.arch = archFor(T.model, data->shapes, T.modalities, C, jm.x.size(1));
        jm.y = jb.y, jm.evals = evals(T.modalities, cols), jm.classes = C;
        jm.initSeed = deriveSeed(seed, "mg-teacher"), jm.seed = seed, jm.data = data.get();
        jm.inputs = {{"modalities", T.modalities}, {"split", S.split}, {"columns", keep}};
        const auto mg = train(jm);
        m["mg_teacher_acc"] = pct(*mg);
        if (auto o = oracle(*mg, &keep)) m["oracle_mg_student_acc"] = 100 * o->student;
        m["teacher_delta"] = m["mg_teacher_acc"] - m["teacher_acc"];
        Job jmk = jb;
        jmk.role = "mg-student", jmk.teacher = mg->logits(jm.x), jmk.teacherId = mg->runId;
        const auto mgkd = train(jmk);
        m["mg_kd_acc"] = pct(*mgkd);
        m["student_delta"] = m["mg_kd_acc"] - m["kd_acc"];
    } else if (iv.type == "removal") {
        const auto sal = saliency(sp, *data, seed, t0, base);
        TapNet teacher = sal->teacher->tapNet();  // a private copy: the edit changes it
        teacher->edit = TapEdit{iv.alg1.tap,
                                Intervention::removeChannels(iv.mode, iv.ratio, sal->result.raw,
                                                             deriveSeed(seed, "removal")),
                                torch::Tensor()};
        m["removal_teacher_acc"] =
            100 *
            TorchTrainer::accuracy(teacher, ds.features(T.modalities, "test"), ds.labelsOf("test"));
        Job jr = jb;
        jr.role = "removal-student", jr.teacher = TorchTrainer::logits(teacher, xTS);
        jr.teacherId = sal->teacher->runId.empty() ? "" : sal->teacher->runId;
        jr.inputs["teacher_removed"] = {
            {"tap", iv.alg1.tap}, {"mode", iv.mode}, {"ratio", iv.ratio}};
        const auto rs = train(jr);
        m["removal_kd_acc"] = pct(*rs);
        m["removal_delta"] = m["removal_kd_acc"] - m["nokd_acc"];
        m["removal_vs_kd"] = m["removal_kd_acc"] - m["kd_acc"];
    }
    return m;
}

}  // namespace

Experiment::Experiment(ExperimentSpec spec, std::string outDir)
    : spec_(std::move(spec)), outDir_(std::move(outDir)) {}

ExperimentResult Experiment::run(const ExperimentCallbacks& cb) {
    const auto t0 = std::chrono::steady_clock::now();
    if (spec_.engine == "kernel" &&
        (spec_.teacher.model.type != "linear" || spec_.student.model.type != "linear"))
        throw InputError("engine 'kernel' trains linear models only; use 'auto' or 'torch'");
    Runner runner(spec_, outDir_, cb);
    const auto points = spec_.gridPoints();
    std::vector<ExperimentSpec> specs;
    for (const auto& p : points) specs.push_back(spec_.at(p));
    for (const auto& sp : specs) runner.preload(sp, spec_.seeds.front());
    std::optional<FolderLock> lock;
    bool createdOut = false;
    if (!outDir_.empty()) {
        std::error_code ec;
        createdOut = !std::filesystem::exists(outDir_, ec);
        std::filesystem::create_directories(outDir_, ec);
        if (ec) throw InputError("cannot create output folder " + outDir_ + ": " + ec.message());
        lock.emplace(outDir_);  // one writing process per folder
        removeStaleTemporaries(outDir_);
    }

    ExperimentResult res;
    res.name = spec_.name, res.report = spec_.report, res.seeds = spec_.seeds;
    res.teacherModalities = spec_.teacher.modalities;
    res.studentModality = spec_.student.modalities.front();
    for (const auto& a : spec_.sweep) res.axes.push_back(a.param);
    res.rows.resize(points.size());
    std::vector<std::vector<std::map<std::string, double>>> out(
        points.size(), std::vector<std::map<std::string, double>>(spec_.seeds.size()));
    std::vector<std::vector<std::vector<std::string>>> ids(
        points.size(), std::vector<std::vector<std::string>>(spec_.seeds.size()));
    const int total = static_cast<int>(points.size() * spec_.seeds.size());
    unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const int threads =
        std::min<int>(total, spec_.threads > 0 ? spec_.threads : static_cast<int>(hw));
    if (threads > 1) torch::set_num_threads(1);  // parallel runs, not parallel operators

    std::atomic<int> next{0}, done{0};
    std::atomic<bool> stop{false}, cancelled{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto worker = [&] {
        for (;;) {
            const int i = next++;
            if (i >= total || stop) return;
            if (cb.cancel && cb.cancel->load()) {
                cancelled = stop = true;
                return;
            }
            const std::size_t pi = i / spec_.seeds.size(), si = i % spec_.seeds.size();
            try {
                struct Collect {  // reset on every way out: the pointer is thread-local
                    explicit Collect(std::vector<std::string>* v) { trialRuns = v; }
                    ~Collect() { trialRuns = nullptr; }
                } collect(&ids[pi][si]);
                out[pi][si] = runner.trial(specs[pi], spec_.seeds[si]);
            } catch (const Cancelled&) {
                cancelled = stop = true;
                return;
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!error) error = std::current_exception();
                stop = true;
                return;
            }
            const int d = ++done;
            if (cb.onProgress) cb.onProgress(d, total);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (error) {
        runner.removeWritten();
        std::error_code ec;
        if (createdOut && std::filesystem::is_empty(outDir_, ec)) {
            lock.reset();
            std::filesystem::remove(outDir_, ec);
        }
        std::rethrow_exception(error);
    }
    res.status = cancelled ? "cancelled" : "complete";

    for (std::size_t pi = 0; pi < points.size(); ++pi) {
        auto& row = res.rows[pi];
        row.point = points[pi];
        for (std::size_t si = 0; si < spec_.seeds.size(); ++si)
            for (const auto& kv : out[pi][si]) row.perSeed[kv.first].push_back(kv.second);
        for (const auto& seedIds : ids[pi])
            for (const auto& id : seedIds)
                if (std::find(row.runIds.begin(), row.runIds.end(), id) == row.runIds.end())
                    row.runIds.push_back(id);
        for (auto [name, slot] :
             {std::pair{"alpha", &row.alpha}, {"beta", &row.beta}, {"gamma", &row.gamma}}) {
            auto it = row.perSeed.find(name);
            if (it == row.perSeed.end()) continue;
            *slot = it->second.front();  // a property of the data, equal for every seed
            row.perSeed.erase(it);
        }
        for (const auto& kv : row.perSeed) row.summary[kv.first] = Statistics::summarize(kv.second);
        runner.flag(row);
    }
    res.runsTrained = runner.trained();
    if (!outDir_.empty()) {
        writeTextAtomically((std::filesystem::path(outDir_) / "experiment.json").string(),
                            spec_.source.dump(2) + "\n");
        writeTextAtomically((std::filesystem::path(outDir_) / "summary.csv").string(),
                            Report::csv(res));
    }
    res.runsReused = runner.reused();
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

}  // namespace mfh
