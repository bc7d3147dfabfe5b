// bench_workspace: the run index against the targets of the issue "A workspace. An index that
// scales": writes a synthetic workspace of N run files (default 100,000) in 100 experiment
// folders at two depths, each with state.json, one trial file per grid point and seed, and run
// files (RunFile::save, tiny networks) whose configurations sweep kd.w_kd; then measures
//   - the first open (no index): run files per second, target >= 3,000 on 2 cores;
//   - a reopen with nothing changed, and one after touching 100 run files: target <= 1 s;
//   - filters over all runs (kd.w_kd > 0.5, status = failed, acc_test > 80): target <= 1 s;
//   - the peak resident memory of the indexing (VmHWM, reset after writing): target <= 300 MB.
// The workspace is kept and reused by a later call with the same --runs and --dir (the index
// is removed before the first open), so that the figures can be measured again cheaply.
//
// Usage: bench_workspace [--runs N] [--dir DIR] [--rewrite]
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "core/base/AtomicFile.h"
#include "core/base/Hashing.h"
#include "core/models/NetSpec.h"
#include "core/runs/RunFile.h"
#include "core/runs/RunIndex.h"
#include "core/training/TrainConfig.h"

using namespace mfh;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int kExperiments = 100, kSeeds = 10;

double since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Peak resident memory in MB (VmHWM), and its reset (Linux: "5" to clear_refs).
double peakRssMb() {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return -1;
}
bool resetPeakRss() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    return bool(out.flush());
}

// A training key as the engine makes one: a hash, so that its first 12 digits (the id) differ.
uint64_t trainingKey(const std::string& what) {
    return hashBytes(what.data(), what.size());
}

std::string runId(const std::string& role, uint64_t key) {
    return role + "-" + hex64(key).substr(0, 12);
}

// What the engine records for one training: the network, the optimiser, the inputs, the seed.
json configOf(const std::string& modality, const KdConfig* kd, int64_t seed) {
    NetSpec net;
    net.inputs = {InputPart{modality, {50}}};
    TrainConfig train;
    json c = {{"model", net.toJson()},
              {"train", train.toJson()},
              {"inputs", {{"modalities", {modality}}, {"split", "train"}}},
              {"init_seed", std::to_string(seed * 7919 + 1)},
              {"engine", "kernel"}};
    if (kd) c["kd"] = kd->toJson();
    return c;
}

int64_t writeWorkspace(const std::string& root, int points) {
    std::mt19937_64 rng(1);
    std::uniform_real_distribution<double> acc(50, 100);
    int64_t written = 0;
    for (int e = 0; e < kExperiments; ++e) {
        // Two depths: group-G/exp-E and, for every tenth, exp-E directly in the root.
        const std::string rel =
            e % 10 == 0 ? "exp-" + std::to_string(e)
                        : "group-" + std::to_string(e % 10) + "/exp-" + std::to_string(e);
        const std::string dir = root + "/" + rel;
        fs::create_directories(dir + "/trials");
        const uint64_t experimentHash = hashBytes(rel.data(), rel.size());
        json pointList = json::array(), seeds = json::array();
        for (int p = 0; p < points; ++p) pointList.push_back({p / double(points)});
        for (int s = 0; s < kSeeds; ++s) seeds.push_back(s);
        auto record = [&](const std::string& role, const std::string& modality, const KdConfig* kd,
                          int s, const std::string& teacher, uint64_t key) {
            RunRecord r;
            r.id = runId(role, key), r.role = role, r.seed = s, r.teacherId = teacher;
            r.config = configOf(modality, kd, s);
            const double u = std::uniform_real_distribution<double>(0, 1)(rng);
            r.status = u < 0.02   ? RunStatus::Failed
                       : u < 0.03 ? RunStatus::Diverged
                                  : RunStatus::Complete;
            r.dataset = "generator fig2 seed " + std::to_string(s);
            r.datasetHash = hex64(key ^ 0x5a5a);
            r.startTime = "2026-12-01T10:00:00Z", r.endTime = "2026-12-01T10:00:01Z";
            const double a = acc(rng);
            r.metrics = {{"acc_test", a},      {"acc_val", a - 1},       {"final_loss", 0.3},
                         {"epochs_run", 1000}, {"selected_epoch", 1000}, {"train_acc", a + 1},
                         {"majority_acc", 50}, {"learned_nothing", 0}};
            r.curves = {{"epoch", {1000}}, {"loss", {0.3}}};
            r.weights = {{"fc.weight", torch::zeros({2, 5})}, {"fc.bias", torch::zeros({2})}};
            RunFile::save(r, dir + "/" + role + "-" + hex64(key) + ".h5");
            ++written;
            return r.id;
        };
        std::vector<std::string> teachers, baselines;
        for (int s = 0; s < kSeeds; ++s) {
            const std::string k = rel + "/" + std::to_string(s);
            teachers.push_back(record("teacher", "a", nullptr, s, "", trainingKey(k + "/t")));
            baselines.push_back(record("baseline", "b", nullptr, s, "", trainingKey(k + "/b")));
        }
        for (int p = 0; p < points; ++p) {
            KdConfig kd;
            kd.wKd = p / double(points);
            for (int s = 0; s < kSeeds; ++s) {
                const uint64_t k =
                    trainingKey(rel + "/" + std::to_string(p) + "/" + std::to_string(s) + "/s");
                const auto student = record("student", "b", &kd, s, teachers[s], k);
                json trial = {{"format", "mfh-trial"},
                              {"version", 1},
                              {"experiment_hash", hex64(experimentHash)},
                              {"point_index", p},
                              {"point", {{"kd.w_kd", kd.wKd}}},
                              {"seed", s},
                              {"dataset_hash", hex64(s)},
                              {"metrics", {{"kd_acc", 80.0}}},
                              {"runs", {teachers[s], baselines[s], student}},
                              {"diverged", json::array()},
                              {"learned_nothing", json::array()},
                              {"end_time", "2026-12-01T10:00:05Z"}};
                writeTextAtomically(
                    dir + "/trials/p" + std::to_string(p) + "-s" + std::to_string(s) + ".json",
                    trial.dump());
            }
        }
        json state = {{"format", "mfh-experiment"},
                      {"version", 1},
                      {"experiment_hash", hex64(experimentHash)},
                      {"name", "sweep-" + std::to_string(e)},
                      {"title", "w_kd sweep " + std::to_string(e)},
                      {"report", "fig2"},
                      {"axes", {"kd.w_kd"}},
                      {"points", pointList},
                      {"seeds", seeds},
                      {"status", e % 25 == 3 ? "failed" : "complete"},
                      {"message", ""},
                      {"created", "2026-12-01T10:00:00Z"},
                      {"updated", "2026-12-01T10:00:12Z"},
                      {"trials_total", points * kSeeds},
                      {"trials_done", points * kSeeds}};
        writeTextAtomically(dir + "/state.json", state.dump());
        if (e % 10 == 9) std::printf("  wrote %lld run files\n", static_cast<long long>(written));
        std::fflush(stdout);
    }
    return written;
}

void touchRuns(const std::string& root, int n) {
    int done = 0;
    for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (done == n) break;
        if (e.path().extension() != ".h5") continue;
        utimensat(AT_FDCWD, e.path().c_str(), nullptr, 0);  // now
        ++done;
    }
}

}  // namespace

int main(int argc, char** argv) {
    int64_t runs = 100000;
    std::string dir = (fs::temp_directory_path() / "mfh-bench-workspace").string();
    bool rewrite = false;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        if (k == "--runs" && i + 1 < argc)
            runs = std::max<int64_t>(std::atoll(argv[++i]), kExperiments * kSeeds * 3);
        else if (k == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (k == "--rewrite")
            rewrite = true;
    }
    const int points =
        static_cast<int>(std::max<int64_t>(1, (runs / kExperiments - 2 * kSeeds) / kSeeds));
    const int64_t expected = int64_t(kExperiments) * (2 * kSeeds + points * kSeeds);
    const std::string marker = dir + "/bench-workspace.txt";
    std::string have;
    if (std::ifstream in(marker); in) std::getline(in, have);
    if (rewrite || have != std::to_string(expected)) {
        fs::remove_all(dir);
        fs::create_directories(dir);
        std::printf(
            "writing %lld run files in %d experiment folders (%d points x %d seeds) to %s\n",
            static_cast<long long>(expected), kExperiments, points, kSeeds, dir.c_str());
        const auto t = std::chrono::steady_clock::now();
        writeWorkspace(dir, points);
        std::ofstream(marker) << expected << "\n";
        std::printf("written in %.0f s\n", since(t));
    } else {
        std::printf("reusing the workspace of %lld run files in %s\n",
                    static_cast<long long>(expected), dir.c_str());
    }
    for (const char* s : {"", "-wal", "-shm"}) fs::remove(dir + "/.mfh-index.sqlite" + s);
    const bool peakReset = resetPeakRss();

    auto t = std::chrono::steady_clock::now();
    IndexUpdate u;
    {
        RunIndex index(dir);
        u = index.update();
    }
    const double first = since(t);
    const double indexRss = peakRssMb();
    std::printf(
        "first open: %lld run files (%lld files) in %.2f s = %.0f run files/s "
        "(target >= 3000): %s\n",
        static_cast<long long>(u.runs), static_cast<long long>(u.filesRead), first, u.runs / first,
        u.runs / first >= 3000 ? "met" : "NOT met");
    t = std::chrono::steady_clock::now();
    RunIndex index(dir);
    u = index.update();
    const double again = since(t);
    std::printf("reopen, nothing changed: %.3f s, %lld files read (target <= 1 s): %s\n", again,
                static_cast<long long>(u.filesRead), again <= 1 ? "met" : "NOT met");
    const double reopenRss = peakRssMb();
    touchRuns(dir, 100);
    t = std::chrono::steady_clock::now();
    u = RunIndex(dir).update();
    const double touched = since(t);
    std::printf(
        "reopen after touching 100 run files: %.3f s, %lld files read (target <= 1 s): %s\n",
        touched, static_cast<long long>(u.filesRead), touched <= 1 ? "met" : "NOT met");
    for (const char* filter : {"", "kd.w_kd > 0.5", "status = failed", "acc_test > 80",
                               "point.w_kd >= 0.5 and role = student"}) {
        t = std::chrono::steady_clock::now();
        const int64_t n = index.countRuns(filter);
        const double counted = since(t);
        t = std::chrono::steady_clock::now();
        const auto rows = index.runs({filter, {"acc_test"}, {}, -1, 0});
        const double listed = since(t);
        std::printf("filter '%s': %lld runs, count %.3f s, list %.3f s (target <= 1 s): %s\n",
                    *filter ? filter : "(all runs)", static_cast<long long>(n), counted, listed,
                    counted <= 1 && listed <= 1 ? "met" : "NOT met");
    }
    const double rss = peakRssMb();
    std::printf(
        "peak resident memory%s: %.0f MB after the first open, %.0f MB after the "
        "reopens, %.0f MB after the filters (target <= 300 MB): %s\n",
        peakReset ? " (reset after writing)" : " (including the writing)", indexRss, reopenRss, rss,
        rss <= 300 ? "met" : "NOT met");
    return 0;
}
