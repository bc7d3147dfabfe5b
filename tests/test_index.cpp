// The run index of a workspace (core/runs/RunIndex): experiments and runs across folders at any
// depth, foreign and broken files, incremental updates, rebuilt indexes, the index's place for
// a read-only folder, the filter language and configuration differences. The workspaces are
// written here with RunFile::save and JSON by hand (docs/formats.md, "Experiment folder").
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <memory>

#include "TestUtil.h"
#include "core/runs/RunFile.h"
#include "core/runs/RunIndex.h"

using namespace mfh;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

void writeJson(const fs::path& path, const json& j) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << j.dump();
}

json config(const std::string& modality, std::optional<double> wKd, double lr = 0.1) {
    json c = {{"model", {{"type", "linear"}, {"classes", 2}}},
              {"train", {{"lr", lr}, {"epochs", 10}}},
              {"inputs", {{"modalities", {modality}}, {"split", "train"}}},
              {"engine", "kernel"}};
    if (wKd) c["kd"] = {{"w_gt", 1.0}, {"w_kd", *wKd}, {"temperature", 1.0}};
    return c;
}

void writeRun(const fs::path& path, const std::string& id, const std::string& role,
              RunStatus status, int64_t seed, const json& cfg, double acc,
              const std::string& teacher = "") {
    RunRecord r;
    r.id = id, r.role = role, r.status = status, r.seed = seed, r.config = cfg;
    r.teacherId = teacher, r.dataset = "generated", r.startTime = "2026-12-01T10:00:00Z";
    r.metrics = {{"acc_test", acc}, {"final_loss", 0.5}};
    r.curves = {{"loss", {1.0, 0.5}}};
    r.weights = {{"fc.weight", torch::zeros({2, 3})}};
    fs::create_directories(path.parent_path());
    RunFile::save(r, path.string());
}

json trial(int point, double wKd, int seed, const std::vector<std::string>& runs) {
    return {{"format", "mfh-trial"}, {"version", 1},
            {"point_index", point},  {"point", {{"student.train.kd.w_kd", wKd}}},
            {"seed", seed},          {"metrics", {{"kd_acc", 80}}},
            {"runs", runs},          {"end_time", "2026-12-01T10:00:05Z"}};
}

// ws/group/exp1: a sweep of kd.w_kd (state.json, two trials, four runs); ws/exp2: an older
// folder (experiment.json only) with a failed teacher, a dataset, a text file, a file that is
// not HDF5 and a truncated run file; ws/loose/: a run file outside any experiment.
void writeWorkspace(const fs::path& ws) {
    const fs::path e1 = ws / "group" / "exp1";
    writeJson(e1 / "state.json", {{"format", "mfh-experiment"},
                                  {"version", 1},
                                  {"experiment_hash", "00112233aabbccdd"},
                                  {"name", "sweep"},
                                  {"title", "A w_kd sweep"},
                                  {"report", "fig2"},
                                  {"axes", {"student.train.kd.w_kd"}},
                                  {"points", {{0.25}, {0.75}}},
                                  {"seeds", {0}},
                                  {"status", "complete"},
                                  {"created", "2026-12-01T10:00:00Z"},
                                  {"trials_total", 2},
                                  {"trials_done", 2}});
    writeRun(e1 / "teacher-t1.h5", "teacher-t1", "teacher", RunStatus::Complete, 0,
             config("a", std::nullopt), 91);
    writeRun(e1 / "baseline-b1.h5", "baseline-b1", "baseline", RunStatus::Complete, 0,
             config("b", std::nullopt), 70);
    writeRun(e1 / "student-s1.h5", "student-s1", "student", RunStatus::Complete, 0,
             config("b", 0.25), 75, "teacher-t1");
    writeRun(e1 / "student-s2.h5", "student-s2", "student", RunStatus::Diverged, 0,
             config("b", 0.75, 0.2), 85, "teacher-t1");
    writeJson(e1 / "trials" / "p0-s0.json",
              trial(0, 0.25, 0, {"teacher-t1", "baseline-b1", "student-s1"}));
    writeJson(e1 / "trials" / "p1-s0.json",
              trial(1, 0.75, 0, {"teacher-t1", "baseline-b1", "student-s2"}));
    const fs::path e2 = ws / "exp2";
    writeJson(e2 / "experiment.json", {{"name", "older"}, {"report", "table2"}});
    writeRun(e2 / "teacher-f.h5", "teacher-f", "teacher", RunStatus::Failed, 3,
             config("a", std::nullopt), 40);
    fs::copy_file(test::dataFile("valid.h5"), e2 / "data.h5");
    fs::copy_file(test::dataFile("not_hdf5.h5"), e2 / "broken.h5");
    std::ofstream(e2 / "notes.txt") << "not a run\n";
    writeRun(e2 / "whole.h5", "teacher-w", "teacher", RunStatus::Complete, 1,
             config("a", std::nullopt), 50);
    std::ifstream in(e2 / "whole.h5", std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(in)), {});
    std::ofstream(e2 / "cut.h5", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
    fs::remove(e2 / "whole.h5");
    writeRun(ws / "loose" / "student-l.h5", "student-l", "student", RunStatus::Complete, 5,
             config("b", 1.0), 60, "teacher-t1");
}

// Every file and folder under `dir` but the index, with its size and modification time.
std::map<std::string, std::pair<uintmax_t, int64_t>> snapshot(const fs::path& dir) {
    std::map<std::string, std::pair<uintmax_t, int64_t>> out;
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(".mfh-index.sqlite", 0) == 0) continue;
        struct stat st {};
        ::stat(e.path().c_str(), &st);
        out[fs::relative(e.path(), dir).string()] = {
            e.is_regular_file() ? e.file_size() : 0,
            int64_t(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
    }
    return out;
}

const RunRow* byId(const std::vector<RunRow>& rows, const std::string& id) {
    for (const auto& r : rows)
        if (r.runId == id) return &r;
    return nullptr;
}

}  // namespace

class TestIndex : public QObject {
    Q_OBJECT
    QTemporaryDir shared_;  // one workspace for the filter tests, indexed once
    std::unique_ptr<RunIndex> sharedIndex_;

  private Q_SLOTS:
    void initTestCase() {
        writeWorkspace(shared_.path().toStdString());
        sharedIndex_ = std::make_unique<RunIndex>(shared_.path().toStdString());
        QCOMPARE(sharedIndex_->update().runs, int64_t(6));
    }

    void workspaceAcrossFolders() {
        QTemporaryDir tmp;
        const fs::path ws = tmp.path().toStdString();
        writeWorkspace(ws);
        const auto before = snapshot(ws);
        RunIndex index(ws.string());
        QCOMPARE(index.indexPath(), (fs::canonical(ws) / ".mfh-index.sqlite").string());
        int64_t lastDone = -1, lastTotal = -1;
        const auto u = index.update([&](int64_t d, int64_t t) { lastDone = d, lastTotal = t; });
        QCOMPARE(u.runs, int64_t(6));
        QCOMPARE(u.filesRead, int64_t(13));  // 9 .h5, 2 trials, state.json, experiment.json
        QCOMPARE(lastDone, lastTotal);
        QCOMPARE(snapshot(ws), before);  // nothing in the workspace written or changed

        const auto exps = index.experiments();
        QCOMPARE(int(exps.size()), 2);
        QCOMPARE(exps[0].dir, std::string("exp2"));
        QCOMPARE(exps[0].name, std::string("older"));
        QCOMPARE(exps[0].report, std::string("table2"));
        QCOMPARE(exps[0].trialsTotal, int64_t(-1));
        QCOMPARE(exps[0].runs, int64_t(1));
        QCOMPARE(exps[1].dir, std::string("group/exp1"));
        QCOMPARE(exps[1].name, std::string("sweep"));
        QCOMPARE(exps[1].status, std::string("complete"));
        QCOMPARE(exps[1].trialsDone, int64_t(2));
        QCOMPARE(exps[1].runs, int64_t(4));
        QCOMPARE(exps[1].axes, std::vector<std::string>{"student.train.kd.w_kd"});

        const auto rows = index.runs();
        QCOMPARE(int(rows.size()), 6);
        QCOMPARE(byId(rows, "student-s1")->points, std::vector<std::string>{"w_kd = 0.25"});
        QCOMPARE(byId(rows, "teacher-t1")->pointText(), std::string("w_kd = 0.25; w_kd = 0.75"));
        QCOMPARE(byId(rows, "student-s2")->status, std::string("diverged"));
        QCOMPARE(*byId(rows, "student-s2")->metrics[0], 85.0);
        QCOMPARE(byId(rows, "student-l")->experiment, std::string());
        QCOMPARE(byId(rows, "teacher-f")->experiment, std::string("exp2"));

        const auto problems = index.problems();
        QCOMPARE(int(problems.size()), 2);  // the dataset and the text file are not problems
        QCOMPARE(problems[0].path, std::string("exp2/broken.h5"));
        QCOMPARE(problems[0].reason, std::string("not an HDF5 file"));
        QCOMPARE(problems[1].path, std::string("exp2/cut.h5"));
        QVERIFY2(problems[1].reason.find("unreadable") != std::string::npos,
                 problems[1].reason.c_str());

        const auto again = RunIndex(ws.string()).update();
        QCOMPARE(again.filesRead, int64_t(0));  // nothing new: nothing read
        QCOMPARE(again.runs, int64_t(6));
        QCOMPARE(snapshot(ws), before);
    }

    void incrementalUpdates() {
        QTemporaryDir tmp;
        const fs::path ws = tmp.path().toStdString();
        writeWorkspace(ws);
        RunIndex index(ws.string());
        index.update();
        // One run file rewritten: only it is read, and its new numbers are listed.
        writeRun(ws / "group/exp1/student-s1.h5", "student-s1", "student", RunStatus::Complete, 0,
                 config("b", 0.25), 99, "teacher-t1");
        auto u = index.update();
        QCOMPARE(u.filesRead, int64_t(1));
        QCOMPARE(*byId(index.runs(), "student-s1")->metrics[0], 99.0);
        // A removed run file disappears; its trials still name it.
        fs::remove(ws / "group/exp1/student-s2.h5");
        u = index.update();
        QCOMPARE(u.filesRead, int64_t(0));
        QCOMPARE(u.filesRemoved, int64_t(1));
        QCOMPARE(u.runs, int64_t(5));
        QVERIFY(!byId(index.runs(), "student-s2"));
        // A broken file replaced by a good one is no longer a problem.
        fs::remove(ws / "exp2/broken.h5");
        writeRun(ws / "exp2/broken.h5", "teacher-g", "teacher", RunStatus::Complete, 2,
                 config("a", std::nullopt), 88);
        u = index.update();
        QCOMPARE(u.filesRead, int64_t(1));
        QCOMPARE(int(index.problems().size()), 1);
        // Without its state.json, group/exp1 is no experiment folder: its runs become loose.
        fs::remove(ws / "group/exp1/state.json");
        u = index.update();
        QCOMPARE(int(index.experiments().size()), 1);
        QCOMPARE(byId(index.runs(), "student-s1")->experiment, std::string());
        // A run file replaced by a link to nothing is a problem, and back again it is a run.
        QTemporaryDir aside;
        const fs::path kept = fs::path(aside.path().toStdString()) / "student-l.h5";
        fs::rename(ws / "loose/student-l.h5", kept);
        fs::create_symlink(ws / "nowhere.h5", ws / "loose/student-l.h5");
        u = index.update();
        QCOMPARE(u.runs, int64_t(5));
        QCOMPARE(int(index.problems().size()), 2);
        QCOMPARE(index.problems()[1].path, std::string("loose/student-l.h5"));
        QVERIFY(index.problems()[1].reason.find("cannot be read") != std::string::npos);
        fs::remove(ws / "loose/student-l.h5");
        fs::copy_file(kept, ws / "loose/student-l.h5");
        u = index.update();
        QCOMPARE(u.runs, int64_t(6));
        QCOMPARE(int(index.problems().size()), 1);
        // A symbolic link back to the root is not followed into a loop.
        fs::create_directory_symlink(ws, ws / "group" / "loop");
        u = index.update();
        QCOMPARE(u.runs, int64_t(6));
    }

    void cancelAndProgress() {
        QTemporaryDir tmp;
        const fs::path ws = tmp.path().toStdString();
        writeWorkspace(ws);
        std::atomic<bool> cancel{true};
        RunIndex index(ws.string());
        QVERIFY(index.update({}, &cancel).cancelled);
        cancel = false;
        const auto u = index.update({}, &cancel);
        QVERIFY(!u.cancelled);
        QCOMPARE(u.runs, int64_t(6));
    }

    void olderAndCorruptIndexesAreRebuilt() {
        QTemporaryDir tmp;
        const fs::path ws = tmp.path().toStdString();
        writeWorkspace(ws);
        const std::string path = (fs::canonical(ws) / ".mfh-index.sqlite").string();
        RunIndex(ws.string()).update();
        {  // as an older program would have left it
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "PRAGMA user_version = 0", nullptr, nullptr, nullptr),
                     SQLITE_OK);
            sqlite3_close(db);
        }
        {
            RunIndex index(ws.string());
            QCOMPARE(int(index.notes().size()), 1);
            QVERIFY2(index.notes()[0].find("schema version 0") != std::string::npos,
                     index.notes()[0].c_str());
            const auto u = index.update();
            QCOMPARE(u.runs, int64_t(6));
            QCOMPARE(int(u.notes.size()), 1);  // the note comes with the update's result
            QVERIFY(u.notes[0].find("rebuilt") != std::string::npos);
        }
        for (const char* s : {"", "-wal", "-shm"}) fs::remove(path + s);
        std::ofstream(path, std::ios::binary) << std::string(4096, '\x5a') << "garbage";
        RunIndex index(ws.string());
        QCOMPARE(int(index.notes().size()), 1);
        QVERIFY2(index.notes()[0].find("not a database") != std::string::npos,
                 index.notes()[0].c_str());
        QCOMPARE(index.update().runs, int64_t(6));
        QCOMPARE(int(RunIndex(ws.string()).notes().size()), 0);  // usable from now on
    }

    void readOnlyRootUsesTheCache() {
        if (::geteuid() == 0) QSKIP("root ignores file permissions");
        QTemporaryDir tmp, cache;
        const fs::path ws = tmp.path().toStdString();
        writeWorkspace(ws);
        qputenv("XDG_CACHE_HOME", cache.path().toUtf8());
        fs::permissions(ws, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                fs::perms::group_exec | fs::perms::others_read |
                                fs::perms::others_exec);
        const auto before = snapshot(ws);
        {
            RunIndex index(ws.string());
            QVERIFY2(index.indexPath().rfind(cache.path().toStdString() + "/mfh/", 0) == 0,
                     index.indexPath().c_str());
            QCOMPARE(index.update().runs, int64_t(6));
            QCOMPARE(RunIndex(ws.string()).update().filesRead, int64_t(0));
        }
        QVERIFY(!fs::exists(ws / ".mfh-index.sqlite"));
        QCOMPARE(snapshot(ws), before);
        fs::permissions(ws, fs::perms::owner_all);
        qunsetenv("XDG_CACHE_HOME");
    }

    void filters_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<int>("count");
        QTest::newRow("config number") << "kd.w_kd > 0.5" << 2;  // s2 (0.75), l (1.0)
        QTest::newRow("config =") << "kd.w_kd = 0.25" << 1;
        QTest::newRow("config text") << "model.type = linear" << 6;
        QTest::newRow("config forced") << "config.train.lr >= 0.2" << 1;
        QTest::newRow("config bool-free !=") << "train.lr != 0.1" << 1;
        QTest::newRow("status") << "status = failed" << 1;
        QTest::newRow("status !=") << "status != complete" << 2;
        QTest::newRow("metric") << "acc_test > 80" << 2;  // t1 91, s2 85
        QTest::newRow("metric range") << "acc_test >= 60 and acc_test < 80" << 3;
        QTest::newRow("sweep point") << "point.w_kd = 0.25" << 3;  // t1, b1, s1
        QTest::newRow("sweep full path") << "point.student.train.kd.w_kd > 0.5" << 3;
        QTest::newRow("point and role") << "point.w_kd = 0.75 and role = student" << 1;
        QTest::newRow("or, parentheses") << "(role = teacher or role = baseline) and seed = 0" << 2;
        QTest::newRow("modality") << "modality = b" << 4;
        QTest::newRow("experiment name") << "experiment = older" << 1;
        QTest::newRow("experiment dir") << "experiment = group/exp1" << 4;
        QTest::newRow("teacher") << "teacher = teacher-t1" << 3;
        QTest::newRow("contains") << "id ~ student" << 3;
        QTest::newRow("quoted") << "role = 'student' AND seed = \"0\"" << 2;
        QTest::newRow("empty") << "  " << 6;
    }
    void filters() {
        QFETCH(QString, filter);
        QFETCH(int, count);
        RunIndex& index = *sharedIndex_;
        QCOMPARE(index.countRuns(filter.toStdString()), int64_t(count));
        RunQuery q;
        q.filter = filter.toStdString();
        QCOMPARE(int(index.runs(q).size()), count);
    }

    void malformedFilters_data() {
        QTest::addColumn<QString>("filter");
        QTest::addColumn<QString>("message");
        QTest::newRow("operator") << "kd.w_kd => 1"
                                  << "filter: unknown operator '=>' at 'kd.w_kd => 1'";
        QTest::newRow("status") << "status = bogus"
                                << "is not one of: complete, cancelled, diverged, failed";
        QTest::newRow("no value") << "acc_test >"
                                  << "filter: 'acc_test >' has no value";
        QTest::newRow("no operator") << "role teacher"
                                     << "expected an operator";
        QTest::newRow("parenthesis") << "(role = teacher"
                                     << "missing ')'";
        QTest::newRow("extra parenthesis") << "role = teacher)"
                                           << "unexpected ')'";
        QTest::newRow("dangling and") << "role = teacher and"
                                      << "a term is missing";
        QTest::newRow("unknown key") << "bogus.key = 1"
                                     << "unknown key 'bogus.key'";
        QTest::newRow("no such axis") << "point.lr = 1"
                                      << "no swept setting 'lr'";
        QTest::newRow("seed number") << "seed > abc"
                                     << "'abc' is not a number";
        QTest::newRow("metric number") << "acc_test > high"
                                       << "'high' is not a number";
        QTest::newRow("quote") << "role = 'teacher"
                               << "unterminated quote";
        QTest::newRow("bad key") << "kd..w = 1"
                                 << "is not a key";
    }
    void malformedFilters() {
        QFETCH(QString, filter);
        QFETCH(QString, message);
        RunIndex& index = *sharedIndex_;
        try {
            index.countRuns(filter.toStdString());
            QFAIL("no InputError");
        } catch (const InputError& e) {
            const QString what = e.what();
            QVERIFY2(what.contains(message), qPrintable(what));
            QVERIFY2(what.startsWith("filter:"), qPrintable(what));
            QVERIFY(!what.contains('\n'));
        }
    }

    void detailsKeysAndDifferences() {
        RunIndex& index = *sharedIndex_;
        const auto metrics = index.metricNames();
        QCOMPARE(metrics, (std::vector<std::string>{"acc_test", "final_loss"}));
        const auto keys = index.configKeys();
        for (const char* k : {"kd.w_kd", "train.lr", "model.type", "inputs.modalities", "engine"})
            QVERIFY2(std::find(keys.begin(), keys.end(), k) != keys.end(), k);
        QCOMPARE(index.sweptSettings(), std::vector<std::string>{"student.train.kd.w_kd"});

        RunQuery q;
        q.filter = "role = student and experiment = sweep";
        q.metrics = {"acc_test", "final_loss"};
        q.configKeys = {"kd.w_kd", "train.lr"};
        const auto rows = index.runs(q);
        QCOMPARE(int(rows.size()), 2);
        QCOMPARE(rows[0].configValues, (std::vector<std::string>{"0.25", "0.1"}));
        QCOMPARE(*rows[1].metrics[1], 0.5);

        const auto s1 = index.run(rows[0].rowid);
        QCOMPARE(s1.row.runId, std::string("student-s1"));
        QCOMPARE(s1.modalities, std::vector<std::string>{"b"});
        QCOMPARE(s1.metrics.at("acc_test"), 75.0);
        QCOMPARE(s1.config["kd"]["w_kd"].get<double>(), 0.25);
        test::expectInputError([&] { index.run(123456); }, "no run 123456");

        const auto diff = index.configDiff(rows[0].rowid, rows[1].rowid);
        QCOMPARE(int(diff.size()), 2);
        QCOMPARE(diff[0].key, std::string("kd.w_kd"));
        QCOMPARE(*diff[0].a, std::string("0.25"));
        QCOMPARE(*diff[0].b, std::string("0.75"));
        QCOMPARE(diff[1].key, std::string("train.lr"));
        const auto t1 = index.runs({"id = teacher-t1", {}, {}, -1, 0});
        const auto vsTeacher = index.configDiff(rows[0].rowid, t1.at(0).rowid);
        bool absent = false;
        for (const auto& d : vsTeacher) absent = absent || (d.key == "kd.w_kd" && !d.b);
        QVERIFY(absent);
    }

    void badRoots() {
        test::expectInputError([] { RunIndex("/nonexistent/folder"); }, "no such folder");
        test::expectInputError([] { RunIndex(test::dataFile("valid.h5")); }, "is not a folder");
    }
};

QTEST_GUILESS_MAIN(TestIndex)
#include "test_index.moc"
