// Experiments end to end in the core: the paper's trends at 10 seeds (the acceptance criteria
// of the issue "Engine and command line"), deduplication of identical runs, the experiment
// folder, cancellation, and configuration errors.
#include "TestUtil.h"
#include "core/base/FileNames.h"
#include "core/base/FolderLock.h"
#include "core/data/DatasetFile.h"
#include "core/experiments/Experiment.h"
#include "core/experiments/Report.h"
#include "core/runs/RunFile.h"

using namespace mfh;
using nlohmann::json;

namespace {

ExperimentResult runPaper(const std::string& name, int seeds, const std::string& out = "") {
    auto j = paperExperiment(name);
    j["seeds"]["count"] = seeds;
    return Experiment(ExperimentSpec::fromJson(j), out).run();
}

std::vector<double> column(const ExperimentResult& r, const std::string& metric) {
    std::vector<double> v;
    for (const auto& row : r.rows) v.push_back(row.summary.at(metric).mean);
    return v;
}

json smallConfig() {
    auto j = paperExperiment("fig2");
    j["seeds"] = {{"first", 0}, {"count", 2}};
    j["teacher"]["train"]["epochs"] = 50;
    j["student"]["train"]["epochs"] = 50;
    return j;
}

// resources/experiments/mlp-removal.json at one seed and 20 epochs.
json smallMlpRemoval() {
    auto j = json::parse(
        std::ifstream(std::string(MFH_SOURCE_DIR) + "/resources/experiments/mlp-removal.json"));
    j["seeds"]["count"] = 1;
    j["teacher"]["train"]["epochs"] = 20;
    j["student"]["train"]["epochs"] = 20;
    return j;
}

}  // namespace

class TestExperiment : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void fig2DeltaRisesWithGamma() {
        const auto r = runPaper("fig2", 10);
        QCOMPARE(r.rows.size(), std::size_t(6));
        const auto gamma = [&] {
            std::vector<double> g;
            for (auto& row : r.rows) g.push_back(*row.gamma);
            return g;
        }();
        const auto delta = column(r, "delta");
        QVERIFY2(Statistics::spearman(gamma, delta) >= 0.9,
                 qPrintable(QString::number(Statistics::spearman(gamma, delta))));
        QVERIFY(delta.front() < 0 && delta.back() > 0);
        QVERIFY(delta.back() - delta.front() >= 2.0);
        for (double v : column(r, "nokd_acc")) QCOMPARE(v, column(r, "nokd_acc").front());
        // The closed-form oracle agrees: the ideal student rises with γ, and the trained
        // teacher's population accuracy is within sampling error of its test accuracy.
        const auto oracle = column(r, "oracle_student_acc");
        QCOMPARE(oracle.front(), 50.0);
        QVERIFY(oracle.back() > oracle.front() + 10);
        const auto teacher = column(r, "teacher_acc"),
                   teacherOracle = column(r, "oracle_teacher_acc");
        for (std::size_t i = 0; i < teacher.size(); ++i)
            QVERIFY(std::abs(teacher[i] - teacherOracle[i]) < 2.0);
        // The baseline is trained once per seed, not once per γ.
        QCOMPARE(r.runsTrained, 10 * 13);
        QCOMPARE(r.runsReused, 10 * 5);
    }

    void fig3TeacherRisesStudentDoesNot() {
        const auto r = runPaper("fig3", 10);
        const auto teacher = column(r, "teacher_acc"), kd = column(r, "kd_acc"),
                   nokd = column(r, "nokd_acc");
        QVERIFY(teacher.back() - teacher.front() >= 20);
        for (std::size_t i = 0; i < kd.size(); ++i) QVERIFY(std::abs(kd[i] - nokd[i]) <= 2);
        QVERIFY(std::abs(*r.rows.back().alpha - 0.8) < 1e-12);
    }

    void table2ModalityGeneralTeacher() {
        const auto r = runPaper("table2", 10);
        QCOMPARE(r.rows.size(), std::size_t(18));
        double randomStudentDelta = 0;
        for (const auto& row : r.rows) {
            const auto mode = row.point[0].get<std::string>();
            const double tDrop =
                row.summary.at("teacher_acc").mean - row.summary.at("mg_teacher_acc").mean;
            const double sGain = row.summary.at("student_delta").mean;
            if (mode == "random") {
                randomStudentDelta += sGain / 6;
                continue;
            }
            QVERIFY2(
                tDrop >= 8,
                qPrintable(QString("%1 drop %2").arg(QString::fromStdString(mode)).arg(tDrop)));
            QVERIFY2(
                sGain > 0,
                qPrintable(QString("%1 gain %2").arg(QString::fromStdString(mode)).arg(sGain)));
            if (mode == "alg1") QVERIFY(row.summary.at("alg1_identification").mean >= 90);
            if (mode == "gt") QCOMPARE(row.summary.at("tag_acc").mean, 100.0);
        }
        QVERIFY2(randomStudentDelta < 0, qPrintable(QString::number(randomStudentDelta)));
        const auto j = Report::json(r);
        for (const char* k : {"mode", "gamma", "teacher_acc", "mg_teacher_acc", "nokd_acc",
                              "kd_acc", "mg_kd_acc", "teacher_delta_mean", "teacher_delta_std",
                              "student_delta_mean", "student_delta_std", "tag_acc"})
            QVERIFY2(j["rows"][0].contains(k), k);
    }

    void experimentFolder() {
        QTemporaryDir dir;
        const auto out = dir.filePath("exp").toStdString();
        auto spec = ExperimentSpec::fromJson(smallConfig());
        std::vector<std::string> ids;
        ExperimentCallbacks cb;
        std::mutex m;
        cb.onRun = [&](const RunRecord& r) {
            std::lock_guard<std::mutex> l(m);
            ids.push_back(r.id);
        };
        const auto r = Experiment(spec, out).run(cb);
        QCOMPARE(r.status, RunStatus::Complete);
        QDir d(QString::fromStdString(out));
        QCOMPARE(d.entryList({"*.h5"}, QDir::Files).size(), 26);  // 2 seeds × (6 + 1 + 6)
        QCOMPARE(int(ids.size()), 26);
        QVERIFY(d.exists("experiment.json"));
        QFile csv(d.filePath("summary.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 7);  // header + 6 γ rows
        QVERIFY(d.entryList({".*part*"}, QDir::Files | QDir::Hidden).isEmpty());
        // A KD student's file names its teacher, and the teacher's file exists.
        for (const auto& f : d.entryList({"student-*.h5"}, QDir::Files)) {
            const auto run = RunFile::load(d.filePath(f).toStdString(), false);
            QVERIFY(d.exists(QString::fromStdString(run.teacherId + ".h5")));
            QCOMPARE(run.config["kd"]["w_kd"].get<double>(), 1.0);
        }
    }

    void cancellationMarksTheRun() {
        QTemporaryDir dir;
        const auto out = dir.filePath("exp").toStdString();
        auto j = smallConfig();
        j["threads"] = 1;
        j["teacher"]["train"]["epochs"] = 5000000;  // long enough to be cancelled mid-run
        std::atomic<bool> cancel{false};
        ExperimentCallbacks cb;
        cb.cancel = &cancel;
        std::atomic<bool> started{false};
        cb.onRunStart = [&](const std::string&, const std::string& role) {
            if (role == "teacher") started = true;
        };
        std::thread stopper([&] {  // cancel 200 ms into the first training
            while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(5));
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
            cancel = true;
        });
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = Experiment(ExperimentSpec::fromJson(j), out).run(cb);
        stopper.join();
        QVERIFY(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5));
        QCOMPARE(r.status, RunStatus::Cancelled);
        QDir d(QString::fromStdString(out));
        const auto files = d.entryList({"teacher-*.h5"}, QDir::Files);
        QCOMPARE(files.size(), 1);
        QCOMPARE(RunFile::load(d.filePath(files[0]).toStdString(), false).status,
                 RunStatus::Cancelled);
        QVERIFY(d.entryList({".*part*"}, QDir::Files | QDir::Hidden).isEmpty());
    }

    // A teacher's run file reloads as the KD teacher: the same teacher accuracy and, since the
    // student starts from the same seed and sees the same soft labels, the same KD student.
    void savedTeacherReloads() {
        QTemporaryDir dir;
        json e = {{"dataset",
                   {{"generator",
                     {{"shared", 4},
                      {"specific_a", 3},
                      {"specific_b", 3},
                      {"n_train", 120},
                      {"n_val", 40},
                      {"n_test", 200}}}}},
                  {"seeds", {5}},
                  {"teacher",
                   {{"modalities", {"a"}},
                    {"model", {{"type", "mlp"}, {"hidden", {8}}}},
                    {"train", {{"epochs", 30}, {"batch_size", 32}, {"lr", 0.05}}}}},
                  {"student", {{"modality", "b"}, {"train", {{"epochs", 30}, {"lr", 0.1}}}}}};
        const auto first = Experiment(ExperimentSpec::fromJson(e), dir.path().toStdString()).run();
        QString teacherFile;
        for (const auto& f : QDir(dir.path()).entryList({"teacher-*.h5"}))
            teacherFile = dir.filePath(f);
        QVERIFY(!teacherFile.isEmpty());
        e["teacher"]["run"] = teacherFile.toStdString();
        const auto again = Experiment(ExperimentSpec::fromJson(e)).run();
        QCOMPARE(again.rows[0].perSeed.at("teacher_acc"), first.rows[0].perSeed.at("teacher_acc"));
        QCOMPARE(again.rows[0].perSeed.at("kd_acc"), first.rows[0].perSeed.at("kd_acc"));
        QCOMPARE(again.runsTrained, 2);  // the baseline and the student, not the teacher
        e["teacher"]["modalities"] = {"a", "b"};
        test::expectInputError([&] { Experiment(ExperimentSpec::fromJson(e)).run(); },
                               "input features");
    }

    // The real-data layouts: Table 1 names unimodal and crossmodal teachers from the swept
    // teacher's modalities; the removal table gives each mode's gains.
    void table1AndRemovalLayouts() {
        ExperimentResult r;
        r.name = "t1", r.report = ReportLayout::Table1, r.axes = {"teacher"}, r.seeds = {0, 1};
        r.teacherModalities = {"image"}, r.studentModality = "audio";
        auto row = [](json point, double teacher, double kd) {
            GridRow g;
            g.point = {std::move(point)};
            g.perSeed = {{"teacher_acc", {teacher, teacher}},
                         {"nokd_acc", {70, 72}},
                         {"kd_acc", {kd, kd + 2}},
                         {"delta", {kd - 70, kd - 70}}};
            for (const auto& kv : g.perSeed) g.summary[kv.first] = Statistics::summarize(kv.second);
            return g;
        };
        r.rows = {row({{"modalities", {"audio"}}}, 84, 73),
                  row({{"modalities", {"image", "audio"}}}, 91, 71),
                  row({{"modalities", {"image"}}}, 88, 70)};
        const std::string t = Report::table(r);
        QVERIFY2(
            t.find("no KD") != std::string::npos && t.find("71.00 ± 1.00") != std::string::npos,
            t.c_str());
        // Named by what the teacher sees relative to the audio student.
        QVERIFY2(t.find("UM-KD                             audio") != std::string::npos, t.c_str());
        QVERIFY(t.find("CM-KD (multimodal teacher)  image+audio") != std::string::npos);
        QVERIFY(t.find("CM-KD (crossmodal)                image") != std::string::npos);
        QVERIFY(t.find("note") == std::string::npos);  // every row complete
        const auto j = Report::json(r)["rows"];
        QCOMPARE(j[1]["teacher"].get<std::string>(), std::string("image+audio"));
        QCOMPARE(j[0]["teacher_kind"].get<std::string>(), std::string("unimodal"));
        QCOMPARE(j[1]["teacher_kind"].get<std::string>(), std::string("multimodal"));
        QCOMPARE(j[2]["teacher_kind"].get<std::string>(), std::string("crossmodal"));
        QCOMPARE(j[0]["partial"].get<bool>(), false);
        QCOMPARE(j[0]["delta_mean"].get<double>(), 3.0);
        QVERIFY(j[0].contains("kd_acc_std"));

        r.report = ReportLayout::Removal, r.axes = {"intervention.mode"};
        for (auto& g : r.rows) {
            g.perSeed["removal_kd_acc"] = {75, 77};
            g.perSeed["removal_delta"] = {5, 5};
            g.summary["removal_kd_acc"] = Statistics::summarize(g.perSeed["removal_kd_acc"]);
            g.summary["removal_delta"] = Statistics::summarize(g.perSeed["removal_delta"]);
        }
        r.rows[0].point = {"modality-general"};
        r.rows[1].point = {"random"};
        const std::string rt = Report::table(r);
        QVERIFY2(rt.find("modality-general") != std::string::npos &&
                     rt.find("76.00 ± 1.00") != std::string::npos &&
                     rt.find("+5.00 ± 0.00") != std::string::npos,
                 rt.c_str());
        QCOMPARE(Report::json(r)["rows"][1]["mode"].get<std::string>(), std::string("random"));
    }

    // Every sweep axis appears in every layout; a row with missing seeds is marked partial;
    // CSV fields holding commas or quotes are quoted (RFC 4180), so every row has the header's
    // column count; diverged trainings are named.
    void reportsKeepAxesAndMarkPartialRows() {
        ExperimentResult r;
        r.name = "rm", r.report = ReportLayout::Removal, r.seeds = {0, 1, 2};
        r.axes = {"intervention.ratio", "intervention.mode", "teacher.modalities"};
        auto row = [](std::vector<json> point, int seeds) {
            GridRow g;
            g.point = std::move(point);
            for (const char* k : {"teacher_acc", "kd_acc", "removal_kd_acc", "removal_delta"})
                g.perSeed[k] = std::vector<double>(seeds, 70.0);
            for (const auto& kv : g.perSeed) g.summary[kv.first] = Statistics::summarize(kv.second);
            return g;
        };
        r.rows = {row({0.5, "random", {"visible", "nir"}}, 3),
                  row({0.75, "random", {"visible", "nir"}}, 2)};
        r.rows[1].diverged = {"teacher-0123"};
        const auto t = Report::table(r);
        QVERIFY2(t.find("intervention.ratio") != std::string::npos, t.c_str());
        QVERIFY(t.find("0.75") != std::string::npos && t.find("0.5 ") != std::string::npos);
        QVERIFY2(t.find("partial: 2/3 seeds; 1 diverged") != std::string::npos, t.c_str());
        for (const auto& text : {Report::markdown(r), Report::latex(r)})
            QVERIFY2(text.find("partial: 2/3 seeds") != std::string::npos, text.c_str());
        const auto j = Report::json(r)["rows"];
        QCOMPARE(j[1]["intervention.ratio"].get<double>(), 0.75);
        QCOMPARE(j[1]["partial"].get<bool>(), true);
        QCOMPARE(j[1]["diverged"][0].get<std::string>(), std::string("teacher-0123"));
        QCOMPARE(j[0]["seeds"].get<int>(), 3);
        QVERIFY(r.partial() && r.untrustworthy());

        // A CSV reader that follows RFC 4180 sees the same number of fields on every line.
        const auto csv = Report::csv(r);
        std::vector<int> counts;
        int fields = 1;
        bool quoted = false;
        for (std::size_t i = 0; i < csv.size(); ++i) {
            const char c = csv[i];
            if (c == '"') quoted = !quoted;
            if (!quoted && c == ',') ++fields;
            if (!quoted && c == '\n') counts.push_back(fields), fields = 1;
        }
        QCOMPARE(int(counts.size()), 3);
        QCOMPARE(counts[1], counts[0]);
        QCOMPARE(counts[2], counts[0]);
        QVERIFY2(csv.find("\"[\"\"visible\"\",\"\"nir\"\"]\"") != std::string::npos, csv.c_str());
        QVERIFY(csv.find(",true,1,0,") != std::string::npos);  // partial, 1 diverged
    }

    // Unscaled features (values up to 160) at the default SGD rate diverge: the run is marked
    // "diverged", the row names it, and "standardize" makes the same experiment healthy.
    void divergenceIsFlaggedAndStandardizationFixesIt() {
        QTemporaryDir dir;
        torch::manual_seed(3);
        Dataset ds;
        const int64_t n = 400;
        auto y = torch::randint(0, 3, {n}, torch::kInt64);
        auto base = y.to(torch::kFloat32).unsqueeze(1) * 40 + torch::rand({n, 4}) * 60;
        ds.addModality("visible", base.contiguous(), "vector");
        ds.addModality("nir", (base.flip(1) + torch::rand({n, 4}) * 60).contiguous(), "vector");
        std::vector<int64_t> labels(y.data_ptr<int64_t>(), y.data_ptr<int64_t>() + n);
        ds.setLabels(labels, {"a", "b", "c"});
        std::vector<int64_t> tr, te;
        for (int64_t i = 0; i < n; ++i) (i < 300 ? tr : te).push_back(i);
        ds.setSplit("train", tr), ds.setSplit("test", te);
        const auto path = dir.filePath("unscaled.h5").toStdString();
        DatasetFile::save(ds, path);
        json e = {{"dataset", {{"path", path}}},
                  {"teacher", {{"modalities", {"visible"}}, {"train", {{"epochs", 200}}}}},
                  {"student", {{"modality", "nir"}, {"train", {{"epochs", 200}}}}},
                  {"report", "table1"}};
        const auto out = dir.filePath("exp").toStdString();
        const auto bad = Experiment(ExperimentSpec::fromJson(e), out).run();
        QVERIFY(bad.untrustworthy());
        QVERIFY(!bad.rows[0].diverged.empty());
        const auto t = Report::table(bad);
        QVERIFY2(t.find("diverged") != std::string::npos, t.c_str());
        QVERIFY2(t.find("CM-KD (crossmodal)") != std::string::npos, t.c_str());
        const auto run = RunFile::load(out + "/" + bad.rows[0].diverged[0] + ".h5", false);
        QCOMPARE(run.status, RunStatus::Diverged);

        e["dataset"]["standardize"] = true;
        const auto good = Experiment(ExperimentSpec::fromJson(e)).run();
        QVERIFY(!good.untrustworthy());
        QVERIFY(good.rows[0].summary.at("teacher_acc").mean > 80);
    }

    // One writer per folder: a second experiment into a folder being written is refused, and
    // a failed experiment removes the run files it wrote.
    void outputFolderIsLocked() {
        QTemporaryDir dir;
        const auto out = dir.filePath("exp").toStdString();
        std::filesystem::create_directories(out);
        {
            FolderLock held(out);
            test::expectInputError(
                [&] { Experiment(ExperimentSpec::fromJson(smallConfig()), out).run(); },
                "is being written by another mfh process");
        }
        QVERIFY(QDir(QString::fromStdString(out)).entryList({"*.h5"}, QDir::Files).isEmpty());
        QCOMPARE(safeFileName("../../etc/passwd"), std::string("etc_passwd"));
        QCOMPARE(safeFileName("/abs/name"), std::string("abs_name"));
        QCOMPARE(safeFileName(".."), std::string("experiment"));
        QCOMPARE(safeFileName("Fig. 2 (γ sweep)"), std::string("Fig._2_sweep"));
    }

    void mlpRemovalExperimentRuns() {
        auto j = smallMlpRemoval();
        const auto r = Experiment(ExperimentSpec::fromJson(j)).run();
        QCOMPARE(r.rows.size(), std::size_t(3));
        for (const auto& row : r.rows) {
            QVERIFY(row.summary.count("removal_kd_acc"));
            QVERIFY(row.summary.at("removal_teacher_acc").mean > 40);
        }
    }

    // A sweep over the removal ratio: Algorithm 1 runs once per seed, and removing nothing
    // leaves the teacher as it was, while removing every channel leaves it at chance or so.
    void removalRatioSweep() {
        auto j = smallMlpRemoval();
        j["sweep"] = {{{"param", "intervention.ratio"}, {"values", {0.0, 0.5, 1.0}}}};
        const auto r = Experiment(ExperimentSpec::fromJson(j)).run();
        QCOMPARE(r.rows.size(), std::size_t(3));
        int saliencies = 0;
        for (const auto& row : r.rows)
            for (const auto& id : row.runIds) saliencies += id.rfind("algorithm1-", 0) == 0;
        QCOMPARE(saliencies, 3);  // the same run listed by each row
        const auto acc = [&](int i) { return r.rows[i].summary.at("removal_teacher_acc").mean; };
        QCOMPARE(acc(0), r.rows[0].summary.at("teacher_acc").mean);
        QVERIFY2(acc(2) < 60, std::to_string(acc(2)).c_str());
        QVERIFY(acc(0) > acc(2));
    }

    void configurationErrors_data() {
        QTest::addColumn<QString>("patch");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown key") << R"({"teacher": {"modalities": ["a"], "colour": 1}})"
                                     << "unknown key 'teacher.colour'";
        QTest::newRow("negative epochs")
            << R"({"student": {"modality": "b", "train": {"epochs": -5}}})"
            << "'student.train.epochs' = -5 must be non-negative";
        QTest::newRow("negative seed") << R"({"seeds": [-1]})"
                                       << "'seeds' must hold integers";
        QTest::newRow("two student modalities") << R"({"student": {"modality": ["a", "b"]}})"
                                                << "exactly one modality";
        QTest::newRow("bad sweep path")
            << R"({"sweep": [{"param": "nothing.here", "values": [1]}]})"
            << "names no setting";
        QTest::newRow("empty sweep path part")
            << R"({"sweep": [{"param": "kd..w_kd", "values": [1]}]})"
            << "sweep parameter 'kd..w_kd' is not a valid path";
        QTest::newRow("bad optimizer")
            << R"({"teacher": {"modalities": ["a"], "train": {"optimizer": "rmsprop"}}})"
            << "is not one of: sgd, adam";
        QTest::newRow("both dataset kinds") << R"({"dataset": {"path": "x.h5", "generator": {}}})"
                                            << "exactly one of";
    }
    void configurationErrors() {
        QFETCH(QString, patch);
        QFETCH(QString, message);
        auto j = smallConfig();
        j.merge_patch(json::parse(patch.toStdString()));
        test::expectInputError([&] { ExperimentSpec::fromJson(j); }, message.toStdString());
    }

    void sweepChangesTheSetting() {
        // A sweep over the KD weight must train with each point's weight.
        auto j = smallConfig();
        j["sweep"] = json::array({{{"param", "kd.w_kd"}, {"values", {0.0, 20.0}}}});
        j["dataset"]["generator"]["overlap"] = 10;
        j["teacher"]["train"]["epochs"] = 300;
        j["student"]["train"]["epochs"] = 300;
        const auto r = Experiment(ExperimentSpec::fromJson(j)).run();
        QCOMPARE(r.rows.size(), std::size_t(2));
        // w_kd = 0 is the baseline itself; w_kd = 20 is mostly distillation.
        QCOMPARE(r.rows[0].summary.at("delta").mean, 0.0);
        QVERIFY(r.rows[1].summary.at("delta").mean != 0.0);
    }

    void saliencyComputedOncePerSeed() {
        QTemporaryDir dir;
        auto j = json::parse(
            std::ifstream(std::string(MFH_SOURCE_DIR) + "/resources/experiments/mlp-removal.json"));
        j["seeds"]["count"] = 2;
        j["teacher"]["train"]["epochs"] = 5;
        j["student"]["train"]["epochs"] = 5;
        Experiment(ExperimentSpec::fromJson(j), dir.path().toStdString()).run();
        // Three removal modes share one Algorithm 1 computation per seed.
        QCOMPARE(QDir(dir.path()).entryList({"algorithm1-*.h5"}, QDir::Files).size(), 2);
    }

    void multimodalTeacher() {
        // A teacher on a and b together sees every decisive column; the student sees b.
        auto j = smallConfig();
        j.erase("sweep");
        j["dataset"] = {{"generator",
                         {{"shared", 4},
                          {"specific_a", 8},
                          {"specific_b", 4},
                          {"noise_a", 4},
                          {"noise_b", 4}}}};
        j["teacher"]["train"]["epochs"] = 300;
        const auto single = Experiment(ExperimentSpec::fromJson(j)).run();
        j["teacher"]["modalities"] = {"a", "b"};
        const auto both = Experiment(ExperimentSpec::fromJson(j)).run();
        QVERIFY(both.rows[0].summary.at("teacher_acc").mean >
                single.rows[0].summary.at("teacher_acc").mean);
        QCOMPARE(both.rows[0].summary.at("nokd_acc").mean,
                 single.rows[0].summary.at("nokd_acc").mean);
    }

    void badInputWritesNothing() {
        QTemporaryDir dir;
        const auto out = dir.filePath("never");
        auto j = smallConfig();
        j.erase("sweep");
        j["dataset"] = {{"path", test::dataFile("empty_split.h5")}};
        test::expectInputError(
            [&] { Experiment(ExperimentSpec::fromJson(j), out.toStdString()).run(); },
            "split 'test' is empty");
        QVERIFY(!QDir(out).exists());
        j = smallConfig();
        j["student"]["modality"] = "audio";
        test::expectInputError(
            [&] { Experiment(ExperimentSpec::fromJson(j), out.toStdString()).run(); },
            "no modality 'audio' in the dataset (it has: a, b)");
        j = smallConfig();
        j["student"]["train"]["selection"] = "best-val";
        test::expectInputError(
            [&] { Experiment(ExperimentSpec::fromJson(j), out.toStdString()).run(); },
            "'student.train.selection' is best-val but the dataset has no 'val' split");
        j = smallConfig();
        j["student"]["split"] = "unlabeled";
        test::expectInputError(
            [&] { Experiment(ExperimentSpec::fromJson(j), out.toStdString()).run(); },
            "no split 'unlabeled'");
        QVERIFY(!QDir(out).exists());
    }

    void runtimeInputErrors() {
        auto j = smallConfig();
        j["teacher"]["modalities"] = {"c"};
        test::expectInputError([&] { Experiment(ExperimentSpec::fromJson(j)).run(); },
                               "no modality 'c'");
        j = smallConfig();
        j.erase("sweep");
        j["dataset"] = {{"path", test::dataFile("nan_features.h5")}};
        test::expectInputError([&] { Experiment(ExperimentSpec::fromJson(j)).run(); }, "NaN");
        QTemporaryFile bad;
        QVERIFY(bad.open());
        bad.write("{ \"name\": ");
        bad.close();
        test::expectInputError([&] { ExperimentSpec::fromFile(bad.fileName().toStdString()); },
                               "invalid JSON");
    }
};

QTEST_GUILESS_MAIN(TestExperiment)
#include "test_experiment.moc"
