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

#include "AdviseCommand.h"
#include "ClusterCommand.h"
#include "ConfigOverrides.h"
#include "DatasetCommand.h"
#include "GenerateCommand.h"
#include "InspectCommand.h"
#include "VennCommand.h"
#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/Logging.h"
#include "core/base/Version.h"
#include "core/data/DatasetFile.h"
#include "core/experiments/Comparison.h"
#include "core/experiments/Experiment.h"
#include "core/experiments/Report.h"
#include "core/experiments/StoredExperiment.h"

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

const std::vector<std::string> kFormats = {"table", "json", "markdown", "latex", "csv"};

struct RunOptions {
    int seeds = 0;
    std::string out, device, engine, format = "table";
    bool json = false, fresh = false;
    int threads = 0;
    CLI::Option* seedsOption = nullptr;
};

void addRunOptions(CLI::App* cmd, RunOptions& o) {
    o.seedsOption =
        cmd->add_option("--seeds", o.seeds, "Number of seeds (overrides the experiment's count)");
    cmd->add_option("--out", o.out,
                    "Experiment folder: run files, trial files, state, summary.csv. Running the "
                    "same experiment into it again computes only what is missing");
    cmd->add_flag("--fresh", o.fresh,
                  "Move what the --out folder holds into DIR/previous-<time>/ and start over");
    cmd->add_flag("--json", o.json, "Print one JSON object instead of a table (= --format json)");
    cmd->add_option("--format", o.format, "table, json, markdown, latex or csv")
        ->check(CLI::IsMember(kFormats));
    cmd->add_option("--device", o.device, "cpu, cuda or auto (cuda when available)");
    cmd->add_option("--engine", o.engine, "auto, kernel (linear fast path) or torch");
    cmd->add_option("--threads", o.threads, "Parallel runs (default: one per core)");
}

void printReport(const ExperimentResult& res, const std::string& format) {
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
}

int runExperiment(json config, const RunOptions& o) {
    graceMs = 800;
    cli::ConfigOverrides ov;
    ov.seeds = o.seeds, ov.device = o.device, ov.engine = o.engine, ov.threads = o.threads;
    config = ov.apply(std::move(config), o.seedsOption->count() > 0);
    auto spec = ExperimentSpec::fromJson(config);
    spdlog::info("experiment {}: {} grid points x {} seeds", spec.name, spec.gridSize(),
                 spec.seeds.size());
    if (o.fresh && o.out.empty()) throw InputError("--fresh needs --out DIR");
    Experiment exp(spec, o.out, o.fresh);
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
    printReport(res, o.json ? "json" : o.format);
    if (res.trialsResumed > 0 || res.runsResumed > 0)
        std::cerr << "mfh: " << o.out << ": " << res.trialsResumed << " of "
                  << spec.gridSize() * spec.seeds.size() << " trials and " << res.runsResumed
                  << " trainings taken from the folder; " << res.runsTrained
                  << " trainings computed\n";
    if (!o.out.empty()) spdlog::info("wrote the experiment folder {}", o.out);
    if (res.status == RunStatus::Cancelled) {
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

// `mfh report DIR`: the report exactly as the run printed it, from the folder's trial files.
// A folder still being written, or whose writer stopped early, prints what it has, with a note.
// With --compare, paired comparisons follow the report (in JSON, its "comparisons" key).
int printStoredReport(const std::string& dir, const std::string& format,
                      const std::vector<std::string>& compare, const std::string& metric) {
    const auto stored = StoredExperiment::load(dir);
    std::vector<Comparison> comparisons;
    for (std::size_t i = 0; i + 1 < compare.size(); i += 2)
        comparisons.push_back(Comparison::of(stored.result, compare[i], compare[i + 1], metric));
    if (!comparisons.empty() && format != "table" && format != "json")
        throw InputError("--compare prints with --format table or json");
    for (const auto& p : stored.problems) std::cerr << "mfh: " << dir << ": " << p << "\n";
    if (format == "json" && !comparisons.empty()) {
        auto j = Report::json(stored.result);
        j["comparisons"] = Report::comparisonsJson(comparisons);
        std::cout << j.dump() << "\n";
    } else {
        printReport(stored.result, format);
        if (!comparisons.empty()) std::cout << Report::comparisons(comparisons);
    }
    const int total = static_cast<int>(stored.result.rows.size() * stored.result.seeds.size());
    if (stored.folderStatus != "complete")
        std::cerr << "mfh: " << dir << " is partial (" << stored.folderStatus << ": "
                  << stored.trialsFound << " of " << total << " trials)"
                  << (stored.state.value("message", "").empty()
                          ? std::string()
                          : ": " + stored.state.value("message", ""))
                  << "\n";
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
    reproduce
        ->add_option("experiment", which,
                     paperExperimentNames() +
                         ", or advisor (the KD advisor's validation sweep) or advisor-development")
        ->required();
    addRunOptions(reproduce, repro);

    RunOptions runOpts;
    std::string configPath;
    auto* run = app.add_subcommand("run", "Run an experiment declared in a JSON file");
    run->add_option("config", configPath, "Experiment file (docs/experiment-config.md)")
        ->required();
    addRunOptions(run, runOpts);

    cli::GenerateCommand generateCommand(app);
    cli::DatasetCommand datasetCommand(app);

    auto* reportCmd =
        app.add_subcommand("report", "Print the report of an experiment folder, without training");
    std::string reportDir, reportFormat = "table";
    reportCmd->add_option("dir", reportDir, "An experiment folder (mfh run --out DIR)")->required();
    reportCmd->add_option("--format", reportFormat, "table, json, markdown, latex or csv")
        ->check(CLI::IsMember(kFormats));
    std::vector<std::string> compareArgs;
    std::string compareMetric;
    reportCmd
        ->add_option("--compare", compareArgs,
                     "Two rows (or metrics) to compare paired by seed, A - B: #N, axis=value,... "
                     "or METRIC@SELECTOR (docs/cli.md); repeatable")
        ->expected(2)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    reportCmd->add_option("--metric", compareMetric,
                          "The metric --compare compares (default: the layout's student)");

    cli::InspectCommand inspectCommand(app);
    cli::ClusterCommand clusterCommand(app);
    cli::VennCommand vennCommand(app);
    cli::AdviseCommand adviseCommand(app);

    // An unknown command word: CLI11 would only say that a subcommand is required.
    if (argc > 1 && argv[1][0] != '-') {
        const std::string word = argv[1];
        bool known = false;
        for (const auto* sub : app.get_subcommands({})) known = known || sub->get_name() == word;
        if (!known) {
            std::cerr << "mfh: unknown command '" << word
                      << "' (reproduce, run, report, generate, dataset, inspect, venn, advise, "
                         "submit, "
                         "status, cancel, task; see mfh --help)\n";
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
        if (*reproduce && cli::AdviseCommand::isSweep(which))
            return cli::AdviseCommand::reproduce(
                which, repro.seeds, repro.json || repro.format == "json", &interrupted);
        if (*reproduce) return runExperiment(paperExperiment(which), repro);
        if (*run) {
            auto spec = ExperimentSpec::fromFile(configPath);  // validates, names the file
            return runExperiment(spec.source, runOpts);
        }
        if (*reportCmd)
            return printStoredReport(reportDir, reportFormat, compareArgs, compareMetric);
        if (generateCommand.chosen()) return generateCommand.run();
        if (datasetCommand.chosen()) return datasetCommand.run();
        if (inspectCommand.chosen()) return inspectCommand.run();
        if (vennCommand.chosen()) return vennCommand.run();
        if (adviseCommand.chosen()) return adviseCommand.run(&interrupted);
        if (clusterCommand.chosen()) return clusterCommand.run(&interrupted, graceMs);
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
