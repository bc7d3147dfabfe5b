#include "core/experiments/Experiment.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <optional>
#include <thread>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/TimeStamp.h"
#include "core/experiments/DataLoader.h"
#include "core/experiments/EngineContext.h"
#include "core/experiments/ExperimentFolder.h"
#include "core/experiments/Preflight.h"
#include "core/experiments/Report.h"
#include "core/experiments/RunTrainer.h"
#include "core/experiments/SaliencyStage.h"
#include "core/experiments/Trial.h"
#include "core/training/TorchTrainer.h"

namespace mfh {

namespace {

// Runs `total` tasks on `threads` threads (the caller's among them) until all are done, one
// throws (the first error is rethrown after every thread stopped) or the user cancels. A task
// gets its index and its worker's (0 is the caller). Returns false when cancelled.
bool runPool(int total, int threads, const std::atomic<bool>* cancel,
             const std::function<void(int, int)>& task) {
    std::atomic<int> next{0};
    std::atomic<bool> stop{false}, cancelled{false};
    std::exception_ptr error;
    std::mutex errorMutex;
    auto worker = [&](int w) {
        for (;;) {
            const int i = next++;
            if (i >= total || stop) return;
            if (cancel && cancel->load()) {
                cancelled = stop = true;
                return;
            }
            try {
                task(i, w);
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
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker, t);
    worker(0);
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return !cancelled;
}

}  // namespace

Experiment::Experiment(ExperimentSpec spec, std::string outDir, bool fresh)
    : spec_(std::move(spec)), outDir_(std::move(outDir)), fresh_(fresh) {}

Experiment::Experiment(ExperimentSpec spec, std::string outDir, ExperimentShard shard)
    : spec_(std::move(spec)), outDir_(std::move(outDir)), shard_(std::move(shard)) {
    if (outDir_.empty()) throw InputError("a part of an experiment needs its folder");
}

std::vector<std::vector<uint64_t>> Experiment::sharingKeys(const ExperimentSpec& spec) {
    const ExperimentCallbacks none;
    // The device enters every key alike, so which one the tasks will get does not change
    // which trials share a training; a login node without the GPU the tasks get can plan.
    const torch::Device device = spec.device == "cuda" ? torch::Device(torch::kCUDA) : torch::kCPU;
    const EngineContext ctx{spec, "", none, device};
    DataLoader data;
    RunTrainer runs(ctx);
    SaliencyStage saliency(ctx, runs);
    Trial trial(data, runs, saliency);
    std::vector<std::vector<uint64_t>> keys;
    for (const auto& p : spec.gridPoints()) {
        const auto sp = spec.at(p);
        Preflight::check(data, sp, spec.seeds.front());
        for (const uint32_t seed : spec.seeds) keys.push_back(trial.sharingKeys(sp, seed));
    }
    return keys;
}

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
    ExperimentProgress* const pr = cb.progress;
    if (pr) pr->stage = static_cast<int>(ExperimentStage::Preparing);
    const EngineContext ctx{spec_, outDir_, cb, pickDevice(spec_.device)};
    DataLoader data;
    RunTrainer runs(ctx);
    SaliencyStage saliency(ctx, runs);
    Trial trial(data, runs, saliency);

    const auto points = spec_.gridPoints();
    std::vector<ExperimentSpec> specs;
    for (const auto& p : points) specs.push_back(spec_.at(p));
    for (const auto& sp : specs) Preflight::check(data, sp, spec_.seeds.front());
    ExperimentFolder folder(outDir_, spec_, fresh_, shard_ ? &*shard_ : nullptr);

    const std::size_t nSeeds = spec_.seeds.size();
    std::vector<std::vector<TrialOutput>> out(points.size(), std::vector<TrialOutput>(nSeeds));
    const int total = static_cast<int>(points.size() * nSeeds);
    ExperimentFolder::Progress progress;
    progress.trialsTotal = total;
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    };
    std::mutex progressMutex;
    auto noteProgress = [&](bool force, double seconds = -1) {
        std::lock_guard<std::mutex> lock(progressMutex);
        progress.runsTrained = runs.trained(), progress.runsReused = runs.reused();
        progress.runsResumed = runs.resumed();
        progress.seconds = seconds >= 0 ? seconds : elapsed();
        folder.writeState(progress, force);
    };

    // Trials an earlier run of this experiment finished are taken from their files; the rest
    // run, in parallel.
    std::vector<int> todo;
    int stored = 0;
    auto fail = [&](const std::exception& e) {  // the folder says why, then the error goes on
        progress.running = false, progress.failed = true, progress.message = e.what();
        try {
            noteProgress(true);
        } catch (const std::exception&) {
            // The folder cannot be written either (a full disk): the error at hand says why.
        }
        folder.abandon();
    };
    std::vector<int> mine;  // the trials this run is for: all, or its part's
    if (shard_) {
        for (const int i : shard_->trials)
            if (i < 0 || i >= total)
                throw InputError("trial " + std::to_string(i) +
                                 " is not in the experiment (it has " + std::to_string(total) +
                                 ")");
        mine = shard_->trials;
    } else {
        for (int i = 0; i < total; ++i) mine.push_back(i);
    }
    const int myTotal = static_cast<int>(mine.size());
    progress.trialsTotal = myTotal;
    try {
        for (const int i : mine) {
            const std::size_t pi = i / nSeeds, si = i % nSeeds;
            auto t = folder.storedTrial(static_cast<int>(pi), spec_.seeds[si], [&] {
                return data.load(specs[pi], spec_.seeds[si])->hash;
            });
            if (t) {
                out[pi][si] = std::move(t->out);
                ++stored;
            } else {
                todo.push_back(i);
            }
        }
    } catch (const std::exception&) {
        folder.abandon();  // refused before this run wrote a state: the folder's stays as it was
        throw;
    }
    progress.trialsDone = progress.trialsResumed = stored;
    noteProgress(true);
    if (pr) {  // the plan, in epochs, of the trials left; then the clock of the time left
        int64_t planned = 0;
        for (int i : todo) planned += ExperimentProgress::trialEpochs(specs[i / nSeeds]);
        pr->trialsTotal = myTotal, pr->trialsDone = stored;
        pr->epochsDone = 0, pr->epochsPlanned = planned;
        pr->trainingSinceNs = std::chrono::steady_clock::now().time_since_epoch().count();
        pr->stage = static_cast<int>(ExperimentStage::Training);
    }
    const unsigned hw = std::max(1u, std::thread::hardware_concurrency());
    const int wanted = spec_.threads > 0 ? spec_.threads : static_cast<int>(hw);
    const int threads = std::max<int>(1, std::min<int>(static_cast<int>(todo.size()), wanted));
    // Parallel runs, not parallel operators. Decided from every trial, not the ones left, so
    // that a resumed run computes with the same operator threads as an uninterrupted one. A
    // part always trains with one: its numbers must equal a local run's, and a task granted
    // one CPU of a large node must not start a thread per core.
    if (shard_ || std::min(total, wanted) > 1) torch::set_num_threads(1);
    std::atomic<int> done{stored};
    if (cb.onProgress && stored > 0) cb.onProgress(stored, myTotal);
    bool complete = false;
    try {
        complete = runPool(static_cast<int>(todo.size()), threads, cb.cancel, [&](int k, int w) {
            const int i = todo[k];
            ExperimentProgress::WorkerScope slot(pr, w, i);
            const std::size_t pi = i / nSeeds, si = i % nSeeds;
            const uint32_t seed = spec_.seeds[si];
            TrialOutput o = trial.run(specs[pi], seed);
            runs.flag(o);
            TrialRecord rec;
            rec.experimentHash = folder.hash(), rec.point = static_cast<int>(pi);
            rec.seed = seed, rec.datasetHash = data.load(specs[pi], seed)->hash;
            rec.out = o, rec.endTime = isoNow();
            folder.saveTrial(rec);
            out[pi][si] = std::move(o);
            const int d = ++done;
            {
                std::lock_guard<std::mutex> lock(progressMutex);
                progress.trialsDone = d;
            }
            noteProgress(false);
            if (pr) pr->trialsDone = d;
            if (cb.onProgress) cb.onProgress(d, myTotal);
        });
    } catch (const std::exception& e) {
        fail(e);
        throw;
    }

    if (pr) pr->stage = static_cast<int>(ExperimentStage::Finishing);
    ExperimentResult res;
    res.name = spec_.name, res.report = spec_.report, res.seeds = spec_.seeds;
    res.status = complete ? RunStatus::Complete : RunStatus::Cancelled;
    res.teacherModalities = spec_.teacher.modalities;
    res.studentModality = spec_.student.modalities.front();
    for (const auto& a : spec_.sweep) res.axes.push_back(a.param);
    for (std::size_t pi = 0; pi < points.size(); ++pi)
        res.rows.push_back(GridRow::assemble(points[pi], spec_.seeds, out[pi]));
    res.runsTrained = runs.trained();
    res.runsReused = runs.reused();
    res.runsResumed = runs.resumed();
    res.trialsResumed = stored;
    res.seconds = elapsed();
    if (!outDir_.empty() && !shard_)
        writeTextAtomically((std::filesystem::path(outDir_) / "summary.csv").string(),
                            Report::csv(res));
    progress.running = false, progress.status = res.status;
    noteProgress(true, res.seconds);  // the report from the folder prints the same line
    return res;
}

}  // namespace mfh
