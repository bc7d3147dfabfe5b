// bench_resume: what durability costs. For the paper's Fig. 2 and Table 2 at 10 seeds: the
// run into a fresh experiment folder against the same run without a folder (writing run and
// trial files), a rerun into the finished folder (nothing to train: the target is 0.5 s beyond
// process start), and reading the report back from the folder (`mfh report`).
//
// Usage: bench_resume [--dir DIR] [--repeat N]
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>

#include "core/experiments/Experiment.h"
#include "core/experiments/StoredExperiment.h"

using namespace mfh;
namespace fs = std::filesystem;

namespace {

double seconds(const std::function<void()>& f) {
    const auto t0 = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    std::string dir = (fs::temp_directory_path() / "mfh-bench-resume").string();
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) dir = argv[++i];
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
            repeat = std::max(1, std::atoi(argv[++i]));
    }
    std::printf("%-8s %12s %12s %12s %12s %10s\n", "exp", "no folder s", "folder s", "rerun s",
                "report s", "trainings");
    for (const char* name : {"fig2", "table2"}) {
        const auto spec = ExperimentSpec::fromJson(paperExperiment(name));  // 10 seeds
        const std::string out = (fs::path(dir) / name).string();
        double bare = 1e300, written = 1e300, rerun = 1e300, report = 1e300;
        int trainings = 0, retrained = -1;
        for (int r = 0; r < repeat; ++r) {
            fs::remove_all(out);
            bare = std::min(bare, seconds([&] { Experiment(spec).run(); }));
            written = std::min(
                written, seconds([&] { trainings = Experiment(spec, out).run().runsTrained; }));
            rerun = std::min(rerun,
                             seconds([&] { retrained = Experiment(spec, out).run().runsTrained; }));
            report = std::min(report, seconds([&] { StoredExperiment::load(out); }));
        }
        std::printf("%-8s %12.3f %12.3f %12.3f %12.3f %10d%s\n", name, bare, written, rerun, report,
                    trainings, retrained == 0 ? "" : "  (the rerun trained again!)");
    }
    std::printf(
        "target: a rerun of a finished Table 2 at 10 seeds <= 0.5 s beyond process start\n");
    fs::remove_all(dir);
    return 0;
}
