// The cluster layer without a cluster: how trials are split into array tasks, the tasks
// filling one folder exactly as a local run does (run here one after another, as Slurm would
// run them anywhere), the status of each task from its evidence, the scheduler's output
// formats, the batch script, and the pieces below them (processes, shared locks, temporaries
// of other machines). tests/slurm/slurm.py runs the same against a real Slurm.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <filesystem>
#include <fstream>
#include <set>

#include "TestUtil.h"
#include "core/base/AtomicFile.h"
#include "core/base/FolderLock.h"
#include "core/base/JsonReader.h"
#include "core/base/Subprocess.h"
#include "core/cluster/ClusterFolder.h"
#include "core/cluster/ClusterStatus.h"
#include "core/cluster/ClusterTask.h"
#include "core/cluster/ShardPlan.h"
#include "core/cluster/Slurm.h"
#include "core/cluster/SlurmOptions.h"
#include "core/experiments/Experiment.h"
#include "core/experiments/ExperimentFolder.h"
#include "core/experiments/Report.h"
#include "core/experiments/StoredExperiment.h"

using namespace mfh;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

ExperimentSpec paper(const std::string& name, int seeds) {
    json j = paperExperiment(name);
    j["seeds"] = {{"first", 0}, {"count", seeds}};
    return ExperimentSpec::fromJson(j);
}

std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// What mfh submit writes before sbatch, with a made-up job id: the folder, its state, the
// task list and one submission.
ShardPlan prepareSubmitted(const std::string& dir, const ExperimentSpec& spec, int tasks) {
    const auto plan = ShardPlan::make(spec, tasks);
    {
        ExperimentFolder f(dir, spec, false);
        ExperimentFolder::Progress p;
        p.scheduler = "slurm";
        p.trialsTotal = static_cast<int>(spec.gridSize() * spec.seeds.size());
        f.writeState(p, true);
    }
    const ClusterFolder folder(dir);
    fs::create_directories(fs::path(folder.slurmDir()) / "logs");
    folder.writePlan(plan);
    std::vector<int> all;
    for (std::size_t i = 0; i < plan.tasks.size(); ++i) all.push_back(static_cast<int>(i));
    folder.addSubmission({"4242", all, "2026-01-01T00:00:00Z", SlurmOptions{}});
    return plan;
}

}  // namespace

class TestCluster : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void plansKeepSharedTrainingsTogether() {
        // Trials 0-2 share a training, 3-4 another, 5 shares none.
        const std::vector<std::vector<uint64_t>> keys = {{1, 10}, {1, 11}, {2, 12, 1},
                                                         {3, 13}, {3, 14}, {5, 15}};
        const std::vector<int64_t> cost(6, 1);
        auto p = ShardPlan::fromKeys(keys, cost, 0);
        QCOMPARE(p.groups, 3);
        QCOMPARE(p.trainings, 10);
        QCOMPARE(static_cast<int>(p.tasks.size()), 3);
        QCOMPARE(p.duplicated, 0);
        QCOMPARE(p.tasks[0], (std::vector<int>{0, 1, 2}));
        QCOMPARE(p.tasks[1], (std::vector<int>{3, 4}));
        QCOMPARE(p.tasks[2], (std::vector<int>{5}));
        // Two tasks: the groups stay whole, the largest alone.
        p = ShardPlan::fromKeys(keys, cost, 2);
        QCOMPARE(p.duplicated, 0);
        QCOMPARE(p.tasks[0], (std::vector<int>{0, 1, 2}));
        QCOMPARE(p.tasks[1], (std::vector<int>{3, 4, 5}));
        // Six tasks: every group is split, and each split shared key counts once per extra
        // task (key 1 in three tasks: 2; key 3 in two: 1).
        p = ShardPlan::fromKeys(keys, cost, 6);
        QCOMPARE(static_cast<int>(p.tasks.size()), 6);
        QCOMPARE(p.duplicated, 3);
        std::set<int> seen;
        for (const auto& t : p.tasks) seen.insert(t.begin(), t.end());
        QCOMPARE(static_cast<int>(seen.size()), 6);
        // More tasks than trials: one trial each, no empty task.
        p = ShardPlan::fromKeys(keys, cost, 50);
        QCOMPARE(static_cast<int>(p.tasks.size()), 6);
        // The costliest group is a single trial: the next one that can be split is.
        p = ShardPlan::fromKeys({{1}, {2}, {2}}, {1000, 10, 11}, 3);
        QCOMPARE(static_cast<int>(p.tasks.size()), 3);
        for (const auto& t : p.tasks) QCOMPARE(static_cast<int>(t.size()), 1);
        QCOMPARE(p.duplicated, 1);
        p = ShardPlan::fromKeys({{1}, {2}}, {1000, 10}, 5);
        QCOMPARE(static_cast<int>(p.tasks.size()), 2);
        test::expectInputError([] { ShardPlan::make(paper("fig2", 1), -1); }, "--tasks");
    }

    void thePaperPlansGroupWhatTheyShare() {
        // Fig. 2: the no-KD baseline of a seed serves every γ, so a group is a seed; the
        // plan's distinct trainings are what a local run trains.
        const auto fig2 = paper("fig2", 4);
        const auto plan = ShardPlan::make(fig2, 0);
        QCOMPARE(plan.groups, 4);
        QCOMPARE(plan.duplicated, 0);
        for (const auto& t : plan.tasks) {
            std::set<int> seeds;
            for (const int i : t) seeds.insert(i % 4);
            QCOMPARE(static_cast<int>(seeds.size()), 1);
            QCOMPARE(static_cast<int>(t.size()), 6);
        }
        const auto local = Experiment(fig2).run();
        QCOMPARE(plan.trainings, local.runsTrained);
        // Table 2: the teacher of (xs2, seed) serves the three intervention modes.
        const auto t2 = ShardPlan::make(paper("table2", 2), 0);
        QCOMPARE(t2.groups, 12);
        QCOMPARE(t2.duplicated, 0);
        for (const auto& t : t2.tasks) QCOMPARE(static_cast<int>(t.size()), 3);
        // A plan read back is the plan written.
        const auto back = ShardPlan::fromJson(plan.toJson(), 24, "tasks.json");
        QCOMPARE(back.tasks, plan.tasks);
        test::expectInputError([&] { ShardPlan::fromJson(plan.toJson(), 10, "tasks.json"); },
                               "is not in the experiment");
    }

    void tasksFillOneFolderExactlyAsALocalRun() {
        QTemporaryDir tmp;
        const std::string local = tmp.filePath("local").toStdString();
        const std::string dir = tmp.filePath("array").toStdString();
        const auto spec = paper("fig2", 3);
        const auto res = Experiment(spec, local).run();
        const auto plan = prepareSubmitted(dir, spec, 0);
        QCOMPARE(static_cast<int>(plan.tasks.size()), 3);
        int trained = 0;
        for (int t = 0; t < 3; ++t) {
            const auto before = ClusterStatus::of(dir, false);
            QCOMPARE(before.complete(), false);
            const auto out = ClusterTask::run(dir, t, 1, nullptr);
            QCOMPARE(out.status, RunStatus::Complete);
            QCOMPARE(out.folderComplete, t == 2);
            trained += out.runsTrained;
            const auto state = ClusterFolder(dir).taskState(t);
            QCOMPARE(state.value("status", ""), std::string("complete"));
            QCOMPARE(state.value("trials_done", 0), 6);
        }
        QCOMPARE(trained, res.runsTrained);  // nothing computed twice
        const auto stored = StoredExperiment::load(dir);
        QCOMPARE(stored.folderStatus, std::string("complete"));
        QCOMPARE(Report::json(stored.result).dump(), Report::json(res).dump());
        QCOMPARE(readAll(dir + "/summary.csv"), readAll(local + "/summary.csv"));
        const auto st = ClusterStatus::of(dir, false);
        QVERIFY(st.complete());
        for (const auto& t : st.tasks) QCOMPARE(t.state, TaskState::Done);
        // A task run again takes its trials from the folder and trains nothing.
        const auto again = ClusterTask::run(dir, 1, 1, nullptr);
        QCOMPARE(again.trialsResumed, 6);
        QCOMPARE(again.runsTrained, 0);
    }

    void aTaskRefusesWhatItCannotTrust() {
        QTemporaryDir tmp;
        const std::string dir = tmp.filePath("array").toStdString();
        const auto spec = paper("fig2", 2);
        prepareSubmitted(dir, spec, 0);
        test::expectInputError([&] { ClusterTask::run(dir, 7, 1, nullptr); }, "task 7 is not in");
        QCOMPARE(ClusterFolder(dir).taskState(7).value("status", ""), std::string("failed"));
        // experiment.json changed under the folder: its trials would mix two experiments.
        json cfg = JsonReader::parseFile(dir + "/experiment.json");
        cfg["student"]["train"]["epochs"] = 3;
        writeTextAtomically(dir + "/experiment.json", cfg.dump());
        test::expectInputError([&] { ClusterTask::run(dir, 0, 1, nullptr); },
                               "changed after the submission");
        const auto state = ClusterFolder(dir).taskState(0);
        QVERIFY(state.value("message", "").find("changed after") != std::string::npos);
        // A folder never submitted.
        QTemporaryDir other;
        Experiment(spec, other.filePath("x").toStdString()).run();
        test::expectInputError(
            [&] { ClusterTask::run(other.filePath("x").toStdString(), 0, 1, nullptr); },
            "never submitted");
        test::expectInputError([&] { ClusterStatus::of(other.filePath("x").toStdString(), false); },
                               "never submitted");
    }

    void brokenStateFilesAreNoneNotACrash() {
        QTemporaryDir tmp;
        const std::string dir = tmp.filePath("array").toStdString();
        prepareSubmitted(dir, paper("fig2", 2), 0);
        const ClusterFolder folder(dir);
        writeTextAtomically(folder.taskStatePath(0), R"({"format": "mfh-task", "status": 3})");
        QVERIFY(folder.taskState(0).is_null());
        writeTextAtomically(folder.taskStatePath(1), R"({"format": "mfh-task", "attempt": "x"})");
        QVERIFY(folder.taskState(1).is_null());
        const auto st = ClusterStatus::of(dir, false);
        QCOMPARE(static_cast<int>(st.tasks.size()), 2);
        writeTextAtomically(folder.tasksPath(), R"({"format": "mfh-shards", "groups": "x",
                                                   "tasks": [[0, 1099511627776]]})");
        test::expectInputError([&] { folder.plan(12); }, "is not in the experiment");
        writeTextAtomically(folder.slurmDir() + "/submissions.json",
                            R"({"format": "mfh-submissions", "submissions": []})");
        test::expectInputError([&] { folder.submissions(); }, "lists no submission");
    }

    void theSchedulersFormatsAreRead() {
        const auto q = Slurm::parseSqueue(
            "1_0|RUNNING|None\n19_[2-5%2]|PENDING|JobArrayTaskLimit\n7|PENDING|None\n");
        QCOMPARE(static_cast<int>(q.size()), 5);
        QCOMPARE(q[0].job, std::string("1"));
        QCOMPARE(q[0].state, std::string("RUNNING"));
        QCOMPARE(q[4].task, 5);
        QCOMPARE(q[4].reason, std::string("JobArrayTaskLimit"));
        const auto s = Slurm::parseScontrol(
            "JobId=23 ArrayJobId=19 ArrayTaskId=4 JobName=mfh-fig2 UserId=root(0) "
            "JobState=FAILED Reason=NonZeroExitCode Dependency=(null) Requeue=1 Restarts=2 "
            "BatchFlag=1 ExitCode=3:0 Command=/tmp/a b/job.sh\n"
            "JobId=19 ArrayJobId=19 ArrayTaskId=3,5%2 ArrayTaskThrottle=2 JobState=PENDING "
            "Reason=JobArrayTaskLimit Restarts=0 ExitCode=0:0\n");
        QCOMPARE(static_cast<int>(s.size()), 3);
        QCOMPARE(s[0].task, 4);
        QCOMPARE(s[0].exitCode, std::string("3:0"));
        QCOMPARE(s[0].restarts, 2);
        QCOMPARE(s[1].task, 3);
        QCOMPARE(s[2].task, 5);
        QCOMPARE(s[2].state, std::string("PENDING"));
        const auto a =
            Slurm::parseSacct("19_1|CANCELLED by 0|0:15\n19_2|COMPLETED|0:0\n20|FAILED|1:0\n");
        QCOMPARE(static_cast<int>(a.size()), 2);
        QCOMPARE(a[0].state, std::string("CANCELLED"));
        QCOMPARE(Slurm::arraySpec({0, 1, 2, 5, 7, 8}, 2), std::string("0-2,5,7-8%2"));
        QCOMPARE(Slurm::arraySpec({3}, 0), std::string("3"));
    }

    void eachTaskIsNamedFromItsEvidence() {
        auto decide = [](int done, const SlurmTaskRecord* r, const json& state,
                         const std::string& log = "") {
            TaskStatus t;
            t.trials = 6, t.trialsComplete = done;
            ClusterStatus::decide(t, r, state, log);
            return t;
        };
        SlurmTaskRecord r;
        r.job = "9", r.task = 1;
        // The trial files decide "done", whatever the scheduler says.
        r.state = "FAILED";
        QCOMPARE(decide(6, &r, nullptr).state, TaskState::Done);
        r.state = "PENDING", r.reason = "Resources";
        auto t = decide(0, &r, nullptr);
        QCOMPARE(t.state, TaskState::Pending);
        QCOMPARE(t.reason, std::string("Resources"));
        r.restarts = 1, r.reason = "BeginTime";
        t = decide(2, &r, nullptr);
        QCOMPARE(t.state, TaskState::Requeued);
        QCOMPARE(t.attempts, 2);
        QVERIFY(t.reason.find("attempt 2") != std::string::npos);
        r.restarts = 0, r.state = "RUNNING";
        QCOMPARE(decide(3, &r, nullptr).state, TaskState::Running);
        // mfh's own message wins over the exit code.
        r.state = "FAILED", r.exitCode = "2:0";
        t = decide(1, &r, json{{"status", "failed"}, {"message", "no such file: data.h5"}});
        QCOMPARE(t.state, TaskState::Failed);
        QVERIFY(t.reason.find("no such file: data.h5") != std::string::npos);
        // Failed before mfh wrote anything: the setup lines, and the log's last line.
        r.exitCode = "3:0";
        t = decide(0, &r, nullptr, "module: command not found");
        QCOMPARE(t.state, TaskState::Failed);
        QVERIFY(t.reason.find("exit code 3 before mfh started") != std::string::npos);
        QVERIFY(t.reason.find("log: module: command not found") != std::string::npos);
        r.state = "TIMEOUT";
        QVERIFY(decide(2, &r, nullptr).reason.find("time limit") != std::string::npos);
        r.state = "OUT_OF_MEMORY";
        QVERIFY(decide(2, &r, nullptr).reason.find("--mem") != std::string::npos);
        r.state = "CANCELLED";
        QCOMPARE(decide(2, &r, nullptr).state, TaskState::Cancelled);
        QCOMPARE(decide(2, nullptr, json{{"status", "cancelled"}}).state, TaskState::Cancelled);
        // Nothing known: lost, with how much of it is in the folder.
        t = decide(2, nullptr, nullptr);
        QCOMPARE(t.state, TaskState::Lost);
        QVERIFY(t.reason.find("2 of 6 trials") != std::string::npos);
        QCOMPARE(decide(2, nullptr, json{{"status", "running"}}).state, TaskState::Lost);
    }

    void theBatchScriptAsksForWhatWasGiven() {
        SlurmOptions o;
        o.partition = "gpu", o.time = "2:00:00", o.cpusPerTask = 4, o.gpus = 1, o.mem = "8G";
        o.setup = "module load mfh", o.mfh = "/opt/mfh's/bin/mfh", o.requeueLimit = 2;
        o.check();
        const std::string s = o.batchScript("/scratch/exp", "mfh-fig2");
        for (const char* want :
             {"#SBATCH --partition=gpu", "#SBATCH --time=2:00:00", "#SBATCH --cpus-per-task=4",
              "#SBATCH --gpus=1", "#SBATCH --mem=8G", "#SBATCH --signal=B:USR1@120",
              "#SBATCH --requeue", "#SBATCH --output=/scratch/exp/slurm/logs/%A_%a.out",
              "module load mfh", "MFH='/opt/mfh'\\''s/bin/mfh'", "-lt 2 ]",
              "task \"$DIR\" --task \"$SLURM_ARRAY_TASK_ID\" &"})
            QVERIFY2(s.find(want) != std::string::npos, want);
        const auto args = o.sbatchArgs();
        QVERIFY(std::find(args.begin(), args.end(), "--partition=gpu") != args.end());
        QCOMPARE(o.timeWarning(), std::string());
        o.time = "3";
        QVERIFY(o.timeWarning().find("almost no time") != std::string::npos);
        o.time = "1-0";
        QCOMPARE(o.timeWarning(), std::string());
        o.time = "0";  // Slurm's "no limit"
        o.check();
        QCOMPARE(o.timeWarning(), std::string());
        for (const char* bad : {"2h", "1:2:3:4", "-5", "99999999999999999999", "1-99999999999"}) {
            o.time = bad;
            test::expectInputError([&] { o.check(); }, "is not a Slurm time");
        }
        o.time = "";
        o.mem = "4GB";
        test::expectInputError([&] { o.check(); }, "memory size");
        o.mem = "", o.cpusPerTask = 0;
        test::expectInputError([&] { o.check(); }, "--cpus-per-task");
        o.cpusPerTask = 1, o.partition = "a;rm -rf";
        test::expectInputError([&] { o.check(); }, "not a partition");
        // The script keeps mfh's own exit code when a signal interrupts its wait, and takes
        // the signals from its first line on.
        o = SlurmOptions{};
        o.setup = "sleep 1";
        const std::string t = o.batchScript("/x", "j");
        QVERIFY(t.find("trap") < t.find("sleep 1"));
        QVERIFY(t.find("wait $child; rc=$?") != std::string::npos);
        const auto back = SlurmOptions::fromJson(SlurmOptions{}.toJson(), "x");
        QCOMPARE(back.requeueLimit, 3);
    }

    void processesEndInTime() {
        auto r = Subprocess::run({"sh", "-c", "echo out; echo err >&2; exit 3"});
        QVERIFY(r.started);
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.out, std::string("out\n"));
        QCOMPARE(r.firstLine(), std::string("err"));
        r = Subprocess::run({"no-such-program-here"});
        QVERIFY(!r.started);
        QElapsedTimer clock;
        clock.start();
        r = Subprocess::run({"sleep", "20"}, 0.3);
        QVERIFY(r.timedOut);
        QVERIFY(clock.elapsed() < 5000);
        r = Subprocess::run({"cat"}, 5, "fed through stdin");
        QCOMPARE(r.out, std::string("fed through stdin"));
        QCOMPARE(Subprocess::which("sh").empty(), false);
        QCOMPARE(Subprocess::which("no-such-program-here"), std::string());
    }

    void sharedWritersExcludeAnOrdinaryOne() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        {
            FolderLock a(dir, FolderLock::Mode::Shared);
            FolderLock b(dir, FolderLock::Mode::Shared);  // tasks share the folder
            test::expectInputError([&] { FolderLock c(dir); }, "being written by another");
        }
        FolderLock owner(dir);
        test::expectInputError([&] { FolderLock d(dir, FolderLock::Mode::Shared); },
                               "being written by another");
    }

    void otherMachinesTemporariesAreLeftAlone() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        // A pid that cannot be alive here, with this machine's name, another's, and none.
        char host[256] = {};
        gethostname(host, sizeof host - 1);
        const std::string mine = dir + "/.a.h5.part-99999999-0-" + std::string(host);
        const std::string theirs = dir + "/.b.h5.part-99999999-0-node-17.cluster";
        const std::string legacy = dir + "/.c.h5.part-99999999-0";
        for (const auto& p : {mine, theirs, legacy}) std::ofstream(p) << "half";
        QCOMPARE(removeStaleTemporaries(dir), 2);
        QVERIFY(!fs::exists(mine));
        QVERIFY(fs::exists(theirs));
        QVERIFY(!fs::exists(legacy));
    }
};

QTEST_GUILESS_MAIN(TestCluster)
#include "test_cluster.moc"
