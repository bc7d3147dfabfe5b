// mfh: the headless command line of MFH Workbench. Thin by design: it parses arguments, calls
// mfh_core and prints. A usage or input error prints one line naming the problem and exits 2.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <semaphore.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <mutex>
#include <thread>

#include "DatasetCommand.h"
#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/Limits.h"
#include "core/base/Logging.h"
#include "core/base/Version.h"
#include "core/data/DatasetFile.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/Experiment.h"
#include "core/experiments/Report.h"
#include "core/runs/Inspector.h"

using namespace mfh;
using nlohmann::json;

namespace {

// Ctrl-C (or SIGTERM) asks the running command to stop: a training ends at its next batch and
// writes its run file with status "cancelled". Whatever the command is doing (generating,
// importing, validating, Algorithm 1), a watchdog ends the process within a second of the
// signal, after removing every temporary file it had open, so nothing half-written is left.
std::atomic<bool> interrupted{false};
std::atomic<int> graceMs{0};  // experiments: time for the cancelled run files and the summary
sem_t interruptSignal;
extern "C" void onInterrupt(int) {
    interrupted = true;
    sem_post(&interruptSignal);  // async-signal-safe
}

void startInterruptWatchdog() {
    sem_init(&interruptSignal, 0, 0);
    std::thread([] {
        while (sem_wait(&interruptSignal) != 0) {
        }
        // An experiment gets a grace period for a clean stop of its own (cancelled run files,
        // the summary); any other command stops at once, without writing its output.
        std::this_thread::sleep_for(std::chrono::milliseconds(graceMs.load()));
        removeTemporaries();
        std::fputs("mfh: interrupted\n", stderr);
        std::_Exit(130);
    }).detach();
}

struct RunOptions {
    int seeds = 0;
    std::string out, device, engine, format = "table";
    bool json = false;
    int threads = 0;
    CLI::Option* seedsOption = nullptr;
};

void addRunOptions(CLI::App* cmd, RunOptions& o) {
    o.seedsOption =
        cmd->add_option("--seeds", o.seeds, "Number of seeds (overrides the experiment's count)");
    cmd->add_option("--out", o.out, "Folder for run files, experiment.json and summary.csv");
    cmd->add_flag("--json", o.json, "Print one JSON object instead of a table (= --format json)");
    cmd->add_option("--format", o.format, "table, json, markdown, latex or csv")
        ->check(CLI::IsMember({"table", "json", "markdown", "latex", "csv"}));
    cmd->add_option("--device", o.device, "cpu, cuda or auto (cuda when available)");
    cmd->add_option("--engine", o.engine, "auto, kernel (linear fast path) or torch");
    cmd->add_option("--threads", o.threads, "Parallel runs (default: one per core)");
}

int runExperiment(json config, const RunOptions& o) {
    graceMs = 800;
    if (o.seedsOption->count() > 0 && o.seeds < 1)
        throw InputError("--seeds must be a positive integer");
    if (o.threads < 0) throw InputError("--threads must not be negative");
    if (o.seeds > 0) {
        int first = 0;
        if (config.contains("seeds") && config["seeds"].is_object())
            first = config["seeds"].value("first", 0);
        else if (config.contains("seeds") && config["seeds"].is_array() &&
                 !config["seeds"].empty() && config["seeds"][0].is_number_integer())
            first = config["seeds"][0].get<int>();
        config["seeds"] = {{"first", first}, {"count", o.seeds}};
    }
    if (!o.device.empty()) config["device"] = o.device;
    if (!o.engine.empty()) config["engine"] = o.engine;
    if (o.threads > 0) config["threads"] = o.threads;
    auto spec = ExperimentSpec::fromJson(config);
    spdlog::info("experiment {}: {} grid points x {} seeds", spec.name, spec.gridSize(),
                 spec.seeds.size());
    Experiment exp(spec, o.out);
    ExperimentCallbacks cb;
    // On a terminal, one self-updating progress line with an estimate of the time left.
    const bool tty = ::isatty(STDERR_FILENO) && spdlog::get_level() != spdlog::level::off;
    const auto start = std::chrono::steady_clock::now();
    std::mutex progressMutex;
    cb.onProgress = [&](int done, int total) {
        spdlog::debug("trial {}/{} done", done, total);
        if (!tty) return;
        std::lock_guard<std::mutex> lock(progressMutex);
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "\r%d/%d trials, %.1f s, about %.1f s left   %s", done, total, s,
                     s / done * (total - done), done == total ? "\r\033[K" : "");
        std::fflush(stderr);
    };
    cb.cancel = &interrupted;
    const auto res = exp.run(cb);
    const std::string format = o.json ? "json" : o.format;
    if (format == "json")
        std::cout << Report::json(res).dump() << "\n";
    else if (format == "markdown")
        std::cout << Report::markdown(res);
    else if (format == "latex")
        std::cout << Report::latex(res);
    else if (format == "csv")
        std::cout << Report::csv(res);
    else
        std::cout << Report::table(res);
    if (!o.out.empty()) spdlog::info("wrote runs, experiment.json and summary.csv to {}", o.out);
    if (res.status == "cancelled") {
        std::cerr << "mfh: interrupted; rows marked partial lack seeds, the rest are missing\n";
        return 130;
    }
    if (res.untrustworthy()) {
        int diverged = 0, idle = 0;
        for (const auto& row : res.rows)
            diverged += static_cast<int>(row.diverged.size()),
                idle += static_cast<int>(row.learnedNothing.size());
        std::cerr << "mfh: " << diverged << " training(s) diverged and " << idle
                  << " learned nothing (marked in the table): standardise the features "
                     "(\"standardize\": true in the dataset, or mfh dataset import "
                     "--standardize) or lower the learning rate\n";
        return 3;
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    startInterruptWatchdog();
    std::signal(SIGINT, onInterrupt);
    std::signal(SIGTERM, onInterrupt);
    CLI::App app{"mfh: crossmodal knowledge distillation experiments (MFH Workbench)"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("mfh ") + version());
    std::string logLevel = "warn", logFile;
    app.add_option("--log-level", logLevel, "trace, debug, info, warn, error, off")
        ->capture_default_str();
    app.add_option("--log-file", logFile, "Also write the log to this file");

    RunOptions repro;
    std::string which;
    auto* reproduce = app.add_subcommand("reproduce", "Reproduce an experiment of the paper");
    reproduce->add_option("experiment", which, paperExperimentNames())->required();
    addRunOptions(reproduce, repro);

    RunOptions runOpts;
    std::string configPath;
    auto* run = app.add_subcommand("run", "Run an experiment declared in a JSON file");
    run->add_option("config", configPath, "Experiment file (docs/experiment-config.md)")
        ->required();
    addRunOptions(run, runOpts);

    auto* generate = app.add_subcommand("generate", "Write a synthetic modality-Venn dataset file");
    std::string preset, genOut;
    int overlap = 10, xs1 = 10, xs2 = 10, shared = 10, specA = 10, specB = 10, hidden = 0,
        noiseA = 30, noiseB = 30, nTrain = 200, nVal = 0, nTest = 1000;
    int64_t seed = 0;
    std::string hyperplane = "normal";
    generate->add_option("--preset", preset, "fig2, fig3 or table2 (the paper's generators)");
    generate->add_option("--overlap", overlap, "fig2: shared columns k in [0, 10]");
    generate->add_option("--xs1", xs1, "fig3/table2: a-specific columns");
    generate->add_option("--xs2", xs2, "table2: shared columns");
    generate->add_option("--shared", shared, "|G|: modality-general decisive columns");
    generate->add_option("--specific-a", specA, "|A|: a-specific decisive columns");
    generate->add_option("--specific-b", specB, "|B|: b-specific decisive columns");
    generate->add_option("--hidden", hidden,
                         "decisive latent coordinates seen by neither modality");
    generate->add_option("--noise-a", noiseA, "noise columns of modality a");
    generate->add_option("--noise-b", noiseB, "noise columns of modality b");
    generate->add_option("--n-train", nTrain, "training samples");
    generate->add_option("--n-val", nVal, "validation samples (0: no validation split)");
    generate->add_option("--n-test", nTest, "test samples");
    generate->add_option("--hyperplane", hyperplane, "normal or ones");
    generate->add_option("--seed", seed, "seed (numpy legacy semantics)");
    generate->add_option("--out", genOut, "output .h5 file")->required();

    cli::DatasetCommand datasetCommand(app);

    auto* inspect = app.add_subcommand("inspect", "Summarise a dataset or run file");
    std::string inspectPath;
    bool inspectJson = false;
    inspect->add_option("file", inspectPath, "an .h5 dataset or run file, or a folder of runs")
        ->required();
    inspect->add_flag("--json", inspectJson, "Print JSON");

    // An unknown command word: CLI11 would only say that a subcommand is required.
    if (argc > 1 && argv[1][0] != '-') {
        const std::string word = argv[1];
        bool known = false;
        for (const auto* sub : app.get_subcommands({})) known = known || sub->get_name() == word;
        if (!known) {
            std::cerr << "mfh: unknown command '" << word
                      << "' (reproduce, run, generate, dataset, inspect; see mfh --help)\n";
            return 2;
        }
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "mfh: " << e.what() << " (see mfh --help)\n";
        return 2;
    }

    try {
        setupLogging(logLevel, logFile);
        if (*reproduce) return runExperiment(paperExperiment(which), repro);
        if (*run) {
            auto spec = ExperimentSpec::fromFile(configPath);  // validates, names the file
            return runExperiment(spec.source, runOpts);
        }
        if (*generate) {
            for (auto [name, v] : {std::pair{"--n-train", nTrain}, {"--n-test", nTest}})
                if (v < 1) throw InputError(std::string(name) + " must be at least 1");
            if (nVal < 0) throw InputError("--n-val must not be negative");
            for (auto [name, v] :
                 {std::pair{"--n-train", nTrain}, {"--n-val", nVal}, {"--n-test", nTest}})
                if (v > limits::kMaxSamples)
                    throw InputError(std::string(name) + " " + std::to_string(v) +
                                     " is above the limit of " +
                                     std::to_string(limits::kMaxSamples) + " samples");
            for (auto [name, v] : {std::pair{"--shared", shared},
                                   {"--specific-a", specA},
                                   {"--specific-b", specB},
                                   {"--hidden", hidden},
                                   {"--noise-a", noiseA},
                                   {"--noise-b", noiseB}}) {
                if (v < 0) throw InputError(std::string(name) + " must not be negative");
                if (v > limits::kMaxColumns / 4)
                    throw InputError(std::string(name) + " " + std::to_string(v) +
                                     " is above the limit of " +
                                     std::to_string(limits::kMaxColumns / 4) + " columns");
            }
            if (seed < 0 || seed > 0xffffffffLL) throw InputError("--seed must be in [0, 2^32)");
            if (hyperplane != "normal" && hyperplane != "ones")
                throw InputError("--hyperplane must be 'normal' or 'ones'");
            VennSpec s;
            if (preset == "fig2")
                s = VennSpec::fig2(overlap);
            else if (preset == "fig3")
                s = VennSpec::fig3(xs1);
            else if (preset == "table2")
                s = VennSpec::table2(xs1, xs2);
            else if (!preset.empty())
                throw InputError("unknown --preset '" + preset + "' (fig2, fig3, table2)");
            else {
                s.shared = shared, s.specificA = specA, s.specificB = specB, s.hidden = hidden;
                s.noiseA = noiseA, s.noiseB = noiseB, s.hyperplaneOnes = hyperplane == "ones";
            }
            s.nTrain = nTrain, s.nVal = nVal, s.nTest = nTest;
            const auto ds = generateVenn(s, static_cast<uint32_t>(seed));
            DatasetFile::save(ds, genOut);
            std::cout << "wrote " << genOut << ": " << ds.size()
                      << " samples, alpha=" << ds.truth->alpha << " beta=" << ds.truth->beta
                      << " gamma=" << ds.truth->gamma << "\n";
            return 0;
        }
        if (datasetCommand.chosen()) return datasetCommand.run();
        if (*inspect) {
            std::cout << Inspector::any(inspectPath, inspectJson);
            return 0;
        }
    } catch (const InputError& e) {
        std::cerr << "mfh: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        // One line, as for every error: LibTorch appends its C++ stack trace to the message.
        std::string what = e.what();
        what = what.substr(0, what.find('\n'));
        std::cerr << "mfh: internal error (please report it): " << what << "\n";
        return 1;
    }
    return 0;
}
