#include "core/experiments/Experiment.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <thread>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/FolderLock.h"
#include "core/experiments/DataLoader.h"
#include "core/experiments/EngineContext.h"
#include "core/experiments/Preflight.h"
#include "core/experiments/Report.h"
#include "core/experiments/RunTrainer.h"
#include "core/experiments/SaliencyStage.h"
#include "core/experiments/Trial.h"
#include "core/training/TorchTrainer.h"

namespace mfh {

namespace {

// The output folder while an experiment writes to it: created if missing, locked against a
// second writer, cleared of temporaries a killed run left. abandon() after an error removes
// the folder again if this experiment created it and left it empty.
class OutputFolder {
  public:
    explicit OutputFolder(const std::string& dir) : dir_(dir) {
        if (dir_.empty()) return;
        std::error_code ec;
        created_ = !std::filesystem::exists(dir_, ec);
        std::filesystem::create_directories(dir_, ec);
        if (ec) throw InputError("cannot create output folder " + dir_ + ": " + ec.message());
        lock_.emplace(dir_);  // one writing process per folder
        removeStaleTemporaries(dir_);
    }
    void abandon() {
        std::error_code ec;
        if (!dir_.empty() && created_ && std::filesystem::is_empty(dir_, ec)) {
            lock_.reset();
            std::filesystem::remove(dir_, ec);
        }
    }
    void write(const std::string& name, const std::string& text) const {
        if (!dir_.empty()) writeTextAtomically((std::filesystem::path(dir_) / name).string(), text);
    }

  private:
    std::string dir_;
    bool created_ = false;
    std::optional<FolderLock> lock_;
};

// Runs `total` tasks on `threads` threads (the caller's among them) until all are done, one
// throws (the first error is rethrown after every thread stopped) or the user cancels.
// Returns false when cancelled.
bool runPool(int total, int threads, const std::atomic<bool>* cancel,
             const std::function<void(int)>& task) {
    std::atomic<int> next{0};
    std::atomic<bool> stop{false}, cancelled{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto worker = [&] {
        for (;;) {
            const int i = next++;
            if (i >= total || stop) return;
            if (cancel && cancel->load()) {
                cancelled = stop = true;
                return;
            }
            try {
                task(i);
            } catch (const Cancelled&) {
                cancelled = stop = true;
                return;
            } catch (...) {
                std::lock_guard<std::mutex> lock(errorMutex);
                if (!error) error = std::current_exception();
                stop = true;
                return;
            }
        }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return !cancelled;
}

// One row from the outputs of its seeds (a seed that did not run has an empty output).
GridRow assembleRow(const std::vector<nlohmann::json>& point,
                    const std::vector<TrialOutput>& seeds) {
    GridRow row;
    row.point = point;
    for (const auto& s : seeds) {
        for (const auto& kv : s.metrics) row.perSeed[kv.first].push_back(kv.second);
        for (const auto& id : s.runIds)
            if (std::find(row.runIds.begin(), row.runIds.end(), id) == row.runIds.end())
                row.runIds.push_back(id);
    }
    for (auto [name, slot] :
         {std::pair{"alpha", &row.alpha}, {"beta", &row.beta}, {"gamma", &row.gamma}}) {
        auto it = row.perSeed.find(name);
        if (it == row.perSeed.end()) continue;
        *slot = it->second.front();  // a property of the data, equal for every seed
        row.perSeed.erase(it);
    }
    for (const auto& kv : row.perSeed) row.summary[kv.first] = Statistics::summarize(kv.second);
    return row;
}

}  // namespace

Experiment::Experiment(ExperimentSpec spec, std::string outDir)
    : spec_(std::move(spec)), outDir_(std::move(outDir)) {}

ExperimentResult Experiment::run(const ExperimentCallbacks& cb) {
    const auto t0 = std::chrono::steady_clock::now();
    if (spec_.engine == Engine::Kernel && (spec_.teacher.model.type != ModelType::Linear ||
                                           spec_.student.model.type != ModelType::Linear))
        throw InputError("engine 'kernel' trains linear models only; use 'auto' or 'torch'");
    if (spec_.engine == Engine::Kernel)
        for (const auto* r : {&spec_.teacher, &spec_.student})
            if (r->train.schedule != Schedule::None || r->train.patience > 0 || spec_.stream ||
                !pickDevice(spec_.device).is_cpu())
                throw InputError(
                    "engine 'kernel' trains on the CPU from memory at a constant rate, without "
                    "early stopping; use 'auto' or 'torch' for schedules, patience, streaming "
                    "or a GPU");
    const EngineContext ctx{spec_, outDir_, cb, pickDevice(spec_.device)};
    DataLoader data;
    RunTrainer runs(ctx);
    SaliencyStage saliency(ctx, runs);
    Trial trial(data, runs, saliency);

    const auto points = spec_.gridPoints();
    std::vector<ExperimentSpec> specs;
    for (const auto& p : points) specs.push_back(spec_.at(p));
    for (const auto& sp : specs) Preflight::check(data, sp, spec_.seeds.front());
    OutputFolder folder(outDir_);

    const std::size_t nSeeds = spec_.seeds.size();
    std::vector<std::vector<TrialOutput>> out(points.size(), std::vector<TrialOutput>(nSeeds));
    const int total = static_cast<int>(points.size() * nSeeds);
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const int threads =
        std::min<int>(total, spec_.threads > 0 ? spec_.threads : static_cast<int>(hw));
    if (threads > 1) torch::set_num_threads(1);  // parallel runs, not parallel operators
    std::atomic<int> done{0};
    bool complete = false;
    try {
        complete = runPool(total, threads, cb.cancel, [&](int i) {
            const std::size_t pi = i / nSeeds, si = i % nSeeds;
            out[pi][si] = trial.run(specs[pi], spec_.seeds[si]);
            const int d = ++done;
            if (cb.onProgress) cb.onProgress(d, total);
        });
    } catch (...) {
        runs.removeWritten();
        folder.abandon();
        throw;
    }

    ExperimentResult res;
    res.name = spec_.name, res.report = spec_.report, res.seeds = spec_.seeds;
    res.status = complete ? RunStatus::Complete : RunStatus::Cancelled;
    res.teacherModalities = spec_.teacher.modalities;
    res.studentModality = spec_.student.modalities.front();
    for (const auto& a : spec_.sweep) res.axes.push_back(a.param);
    for (std::size_t pi = 0; pi < points.size(); ++pi) {
        res.rows.push_back(assembleRow(points[pi], out[pi]));
        runs.flag(res.rows.back());
    }
    res.runsTrained = runs.trained();
    folder.write("experiment.json", spec_.source.dump(2) + "\n");
    folder.write("summary.csv", Report::csv(res));
    res.runsReused = runs.reused();
    res.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return res;
}

}  // namespace mfh
