// The real `mfh` binary, end to end at small size: every command, --help, and the bad inputs
// that must print one line naming the problem, exit with code 2 and write nothing.
#include "TestUtil.h"

#include <nlohmann/json.hpp>
#include "core/data/DatasetFile.h"
#include "core/data/IdxFile.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/ExperimentSpec.h"

#include <csignal>
#include <set>
#include <sstream>

using nlohmann::json;

namespace {

struct Result {
    int code = -1;
    QString out, err;
};

Result runMfh(const QStringList& args, int timeoutMs = 120000,
              const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(MFH_BINARY, args);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-2, {}, "timed out"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString data(const char* f) {
    return QString::fromStdString(mfh::test::dataFile(f));
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void help() {
        for (const QStringList& a :
             {QStringList{"--help"}, QStringList{"reproduce", "--help"},
              QStringList{"run", "--help"}, QStringList{"generate", "--help"},
              QStringList{"inspect", "--help"}}) {
            const auto r = runMfh(a);
            QCOMPARE(r.code, 0);
            QVERIFY(r.out.contains("Usage"));
        }
    }

    void reproduceJson_data() {
        QTest::addColumn<QString>("experiment");
        QTest::addColumn<int>("rows");
        QTest::newRow("fig2") << "fig2" << 6;
        QTest::newRow("fig3") << "fig3" << 5;
        QTest::newRow("table2") << "table2" << 18;
    }
    void reproduceJson() {
        QFETCH(QString, experiment);
        QFETCH(int, rows);
        const auto r = runMfh({"reproduce", experiment, "--seeds", "2", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = json::parse(r.out.toStdString());
        QCOMPARE(QString::fromStdString(j["experiment"].get<std::string>()), experiment);
        QCOMPARE(int(j["rows"].size()), rows);
        const auto& row = j["rows"][0];
        if (experiment == "table2") {
            for (const char* k : {"mode", "gamma", "teacher_acc", "mg_teacher_acc", "nokd_acc",
                                  "kd_acc", "mg_kd_acc", "teacher_delta_mean", "teacher_delta_std",
                                  "student_delta_mean", "student_delta_std", "tag_acc"})
                QVERIFY2(row.contains(k), k);
        } else {
            for (const char* k : {"gamma", "alpha", "beta", "teacher_acc", "nokd_acc", "kd_acc",
                                  "delta_mean", "delta_std"})
                QVERIFY2(row.contains(k), k);
            for (const auto& rr : j["rows"]) {  // no-KD is the same at every point
                QCOMPARE(rr["nokd_acc"].get<double>(), row["nokd_acc"].get<double>());
                QVERIFY(std::abs(rr["kd_acc"].get<double>() - rr["nokd_acc"].get<double>() -
                                 rr["delta_mean"].get<double>()) < 1e-3);
            }
        }
    }

    void reproduceTableAndFolder() {
        QTemporaryDir dir;
        const auto out = dir.filePath("fig3");
        const auto r = runMfh({"reproduce", "fig3", "--seeds", "1", "--out", out});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("gamma") && r.out.contains("teacher"));
        QCOMPARE(r.out.count('\n'), 8);  // title, header, 5 rows, footer
        QDir d(out);
        QCOMPARE(d.entryList({"*.h5"}, QDir::Files).size(), 11);
        QVERIFY(d.exists("summary.csv") && d.exists("experiment.json"));
        // The saved experiment.json runs again with `mfh run`.
        const auto again = runMfh({"run", d.filePath("experiment.json"), "--seeds", "1", "--json"});
        QCOMPARE(again.code, 0);
        QCOMPARE(int(json::parse(again.out.toStdString())["rows"].size()), 5);
    }

    void documentFormats() {
        auto r = runMfh({"reproduce", "fig2", "--seeds", "1", "--format", "markdown"});
        QCOMPARE(r.code, 0);
        auto lines = r.out.trimmed().split('\n');
        QCOMPARE(lines.size(), 8);  // header, separator, six rows of γ
        QVERIFY(lines[0].startsWith("| γ | α | β | teacher |"));
        QVERIFY(lines[1].startsWith("|---|---:|"));
        QVERIFY(lines[2].startsWith("| 0.000 | 1.000 | 1.000 |"));
        QVERIFY(lines[2].contains(" ± "));

        r = runMfh({"reproduce", "table2", "--seeds", "1", "--format", "latex"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("\\begin{tabular}{lrrrrrrrrr}"));
        QVERIFY(r.out.contains("mode & $\\gamma$ & teacher & MG teacher"));
        QVERIFY(r.out.contains("$\\pm$"));
        QVERIFY(!r.out.contains("±") && !r.out.contains("Δ"));  // all escaped for LaTeX
        QCOMPARE(r.out.count(" \\\\\n"), 19);                   // header + 18 rows
        QVERIFY(r.out.trimmed().endsWith("\\end{tabular}"));

        r = runMfh({"reproduce", "fig3", "--seeds", "1", "--format", "csv"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("dataset.generator.xs1,gamma,alpha,beta,seeds,"));
        QCOMPARE(r.out.trimmed().count('\n'), 5);
        QCOMPARE(runMfh({"reproduce", "fig3", "--format", "docx"}).code, 2);
    }

    void runConfigOnFile() {
        QTemporaryDir dir;
        const auto dataset = dir.filePath("g.h5");
        auto r = runMfh({"generate", "--shared",  "6",    "--specific-a", "4",   "--specific-b",
                         "2",        "--noise-a", "5",    "--noise-b",    "5",   "--n-train",
                         "120",      "--n-val",   "40",   "--n-test",     "200", "--seed",
                         "3",        "--out",     dataset});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("gamma=0.5"));
        const json config = {
            {"name", "on-file"},
            {"dataset", {{"path", dataset.toStdString()}}},
            {"seeds", {1, 2}},
            {"teacher",
             {{"modalities", {"a"}},
              {"train", {{"epochs", 100}, {"eval_every", 10}, {"selection", "best-val"}}}}},
            {"student",
             {{"modality", "b"},
              {"model", {{"type", "mlp"}, {"hidden", {8}}}},
              {"train",
               {{"optimizer", "adam"}, {"lr", 0.01}, {"epochs", 30}, {"batch_size", 32}}}}},
            {"kd", {{"temperature", 2}, {"w_kd", 0.5}}},
            {"sweep", {{{"param", "kd.w_kd"}, {"values", {0.5, 2}}}}}};
        const auto cfgPath = dir.filePath("c.json");
        QFile f(cfgPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(config.dump()));
        f.close();
        r = runMfh({"run", cfgPath, "--json"});
        QCOMPARE(r.code, 0);
        const auto j = json::parse(r.out.toStdString());
        QCOMPARE(int(j["rows"].size()), 2);
        QCOMPARE(j["rows"][0]["gamma"].get<double>(), 0.5);
        const double teacherAcc = j["rows"][0]["teacher_acc"].get<double>();
        QVERIFY(teacherAcc > 60);
    }

    void generateAndInspect() {
        QTemporaryDir dir;
        const auto path = dir.filePath("t2.h5");
        auto r = runMfh({"generate", "--preset", "table2", "--xs1", "10", "--xs2", "30", "--seed",
                         "42", "--out", path});
        QCOMPARE(r.code, 0);
        r = runMfh({"inspect", path});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("1400 samples"));
        QVERIFY(r.out.contains("gamma=0.75"));
        r = runMfh({"inspect", path, "--json"});
        const auto j = json::parse(r.out.toStdString());
        QCOMPARE(j["splits"]["transfer"].get<int>(), 200);
        // A run file is recognised too.
        const auto out = dir.filePath("runs");
        QCOMPARE(runMfh({"reproduce", "fig2", "--seeds", "1", "--out", out}).code, 0);
        const auto runs = QDir(out).entryList({"student-*.h5"}, QDir::Files);
        QVERIFY(!runs.isEmpty());
        r = runMfh({"inspect", QDir(out).filePath(runs[0])});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("mfh run student-"));
        // The whole folder: 13 runs of one seed; a dataset file in it is not a run, and a broken
        // file is reported without stopping the listing.
        QVERIFY(QFile::copy(path, QDir(out).filePath("data.h5")));
        QVERIFY(QFile::copy(data("not_hdf5.h5"), QDir(out).filePath("broken.h5")));
        r = runMfh({"inspect", out, "--json"});
        QCOMPARE(r.code, 0);
        const auto folder = json::parse(r.out.toStdString());
        QCOMPARE(folder["name"].get<std::string>(), std::string("fig2"));
        QCOMPARE(int(folder["runs"].size()), 13);
        QCOMPARE(folder["by_role"]["student"].get<int>(), 6);
        QCOMPARE(folder["by_status"]["complete"].get<int>(), 13);
        QCOMPARE(int(folder["problems"].size()), 1);
        QVERIFY(folder["problems"][0].get<std::string>().find("broken.h5") == 0);
        r = runMfh({"inspect", out});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("13 runs of experiment 'fig2'"));
    }

    void badInput_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file") << QStringList{"inspect", data("nope.h5")} << "no such file";
        QTest::newRow("not HDF5") << QStringList{"inspect", data("not_hdf5.h5")}
                                  << "is not an HDF5 file";
        QTest::newRow("no groups")
            << QStringList{"inspect", data("no_groups.h5")} << "missing group /modalities";
        QTest::newRow("lengths") << QStringList{"inspect", data("length_mismatch.h5")}
                                 << "has 12 samples but the labels have 10";
        QTest::newRow("label range")
            << QStringList{"inspect", data("label_out_of_range.h5")} << "out of range";
        QTest::newRow("NaN") << QStringList{"inspect", data("nan_features.h5")} << "contains NaN";
        QTest::newRow("Inf") << QStringList{"inspect", data("inf_features.h5")} << "contains Inf";
        QTest::newRow("empty split")
            << QStringList{"inspect", data("empty_split.h5")} << "split 'test' is empty";
        QTest::newRow("unknown experiment")
            << QStringList{"reproduce", "fig9"} << "unknown experiment 'fig9'";
        QTest::newRow("negative seeds") << QStringList{"reproduce", "fig2", "--seeds", "-3"}
                                        << "--seeds must be a positive integer";
        QTest::newRow("zero seeds") << QStringList{"reproduce", "fig2", "--seeds", "0"}
                                    << "--seeds must be a positive integer";
        QTest::newRow("bad device")
            << QStringList{"reproduce", "fig2", "--device", "tpu"} << "'device'";
        QTest::newRow("missing config") << QStringList{"run", data("nope.json")} << "no such file";
        QTest::newRow("unknown option")
            << QStringList{"reproduce", "fig2", "--colour"} << "--colour";
        QTest::newRow("missing argument") << QStringList{"inspect"} << "file is required";
        QTest::newRow("bad preset") << QStringList{"generate", "--preset", "fig7", "--out", "x.h5"}
                                    << "--preset = \"fig7\" is not one of: fig2, fig3, table2";
    }
    void badInput() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QProcess p;
        p.setWorkingDirectory(dir.path());
        p.start(MFH_BINARY, args);
        QVERIFY(p.waitForFinished(60000));
        const auto err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitCode(), 2);
        QVERIFY2(err.contains(message), qPrintable(err));
        QCOMPARE(err.trimmed().count('\n'), 0);  // one line
        QVERIFY(QDir(dir.path())
                    .entryList(QDir::Files | QDir::Hidden | QDir::Dirs | QDir::NoDotAndDotDot)
                    .isEmpty());
    }

    void interruptCancelsCleanly() {
        // Ctrl-C during a long training: exit 130, the interrupted run's file says "cancelled",
        // and no temporary file is left.
        QTemporaryDir dir;
        const json config = {
            {"name", "long"},
            {"dataset", {{"generator", {{"preset", "fig2"}}}}},
            {"seeds", {0}},
            {"threads", 1},
            {"teacher", {{"modalities", {"a"}}, {"train", {{"epochs", 50000000}}}}},
            {"student", {{"modality", "b"}}}};
        const auto cfgPath = dir.filePath("long.json");
        QFile f(cfgPath);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(config.dump()));
        f.close();
        const auto out = dir.filePath("out");
        QProcess p;
        p.start(MFH_BINARY, {"--log-level", "debug", "run", cfgPath, "--out", out});
        QVERIFY(p.waitForStarted());
        p.setReadChannel(QProcess::StandardError);
        QByteArray log;  // wait until the teacher is training, then interrupt
        while (!log.contains("training teacher-") && p.waitForReadyRead(30000))
            log += p.readAllStandardError();
        QVERIFY2(log.contains("training teacher-"), log.constData());
        QThread::msleep(200);
        ::kill(p.processId(), SIGINT);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 130);
        QDir d(out);
        const auto runs = d.entryList({"teacher-*.h5"}, QDir::Files);
        QCOMPARE(runs.size(), 1);
        QProcess inspect;
        inspect.start(MFH_BINARY, {"inspect", d.filePath(runs[0])});
        QVERIFY(inspect.waitForFinished(60000));
        QVERIFY(QString::fromUtf8(inspect.readAllStandardOutput()).contains("cancelled"));
        QVERIFY(d.entryList({".*part*"}, QDir::Files | QDir::Hidden).isEmpty());
    }

    void badConfigFiles_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("invalid JSON") << "{\"name\": "
                                      << "invalid JSON";
        QTest::newRow("unknown key")
            << R"({"dataset": {"generator": {"preset": "fig2"}}, "teacher": {"modalities": ["a"]}, "student": {"modality": "b"}, "bogus": 1})"
            << "unknown key 'bogus'";
        QTest::newRow("negative epochs")
            << R"({"dataset": {"generator": {"preset": "fig2"}}, "teacher": {"modalities": ["a"], "train": {"epochs": -1}}, "student": {"modality": "b"}})"
            << "must be non-negative";
        QTest::newRow("negative seeds")
            << R"({"dataset": {"generator": {"preset": "fig2"}}, "seeds": {"count": -2}, "teacher": {"modalities": ["a"]}, "student": {"modality": "b"}})"
            << "'seeds.count'";
        QTest::newRow("dataset with NaN")
            << QString(
                   R"({"dataset": {"path": "%1"}, "teacher": {"modalities": ["a"]}, "student": {"modality": "b"}})")
                   .arg(data("nan_features.h5"))
            << "contains NaN";
    }
    void badConfigFiles() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        QTemporaryDir dir;
        const auto path = dir.filePath("c.json");
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text.toUtf8());
        f.close();
        const auto out = dir.filePath("out");
        const auto r = runMfh({"run", path, "--out", out});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY(!QDir(out).exists());
    }

    // The AV-MNIST builder from IDX images the test writes (no download): the same seed gives
    // the same file, byte for byte; voices do not cross splits; knobs are recorded.
    void avmnistBuildIsReproducible() {
        QTemporaryDir dir;
        const auto at = [&](const char* f) { return dir.filePath(f).toStdString(); };
        torch::manual_seed(1);
        mfh::IdxFile::write(torch::randint(0, 256, {60, 28, 28}, torch::kUInt8), at("img.idx"));
        mfh::IdxFile::write(torch::arange(60, torch::kUInt8) % 10, at("lab.idx"));
        QStringList args{"dataset",
                         "build",
                         "avmnist",
                         "--images",
                         "idx",
                         "--images-idx",
                         dir.filePath("img.idx"),
                         "--labels-idx",
                         dir.filePath("lab.idx"),
                         "--voices",
                         "6",
                         "--seed",
                         "3",
                         "--snr",
                         "0"};
        qputenv("MFH_CACHE_DIR", dir.filePath("cache").toUtf8());
        const auto a = runMfh(args + QStringList{"--out", dir.filePath("a.h5")});
        QVERIFY2(a.code == 0, qPrintable(a.err));
        const auto b = runMfh(args + QStringList{"--out", dir.filePath("b.h5")});
        QCOMPARE(b.code, 0);
        QFile fa(dir.filePath("a.h5")), fb(dir.filePath("b.h5"));
        QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
        QVERIFY(fa.readAll() == fb.readAll());
        const auto ds = mfh::DatasetFile::load(at("a.h5"));
        QCOMPARE(ds.modality("audio").sizes().vec(), (std::vector<int64_t>{60, 1, 40, 100}));
        QCOMPARE(ds.modality("image").sizes().vec(), (std::vector<int64_t>{60, 1, 28, 28}));
        QCOMPARE(ds.attributes.at("snr_db"), std::string("0.000000"));
        std::set<std::string> seen;
        for (const char* split : {"voices_train", "voices_val", "voices_test"}) {
            std::stringstream voices(ds.attributes.at(split));
            for (std::string v; std::getline(voices, v, ';');) {
                v.erase(0, v.find_first_not_of(' '));
                QVERIFY2(seen.insert(v).second, ("a voice in two splits: " + v).c_str());
            }
        }
        QCOMPARE(seen.size(), std::size_t(6));
        // Another seed gives other data.
        const auto c = runMfh(QStringList(args.mid(0, args.size() - 3)) +
                              QStringList{"4", "--snr", "0", "--out", dir.filePath("c.h5")});
        QCOMPARE(c.code, 0);
        QVERIFY(mfh::DatasetFile::load(at("c.h5")).contentHash() != ds.contentHash());
        // Bad input: one line naming the problem, nothing written.
        const auto bad = runMfh(
            {"dataset", "build", "avmnist", "--snr", "nan", "--out", dir.filePath("bad.h5")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--snr"), qPrintable(bad.err));
        QVERIFY(!QFile::exists(dir.filePath("bad.h5")));
        qunsetenv("MFH_CACHE_DIR");
    }

    void datasetImportFromTheCommandLine() {
        QTemporaryDir dir;
        QFile csv(dir.filePath("d.csv"));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("x0,x1,y0,label\n");
        for (int i = 0; i < 30; ++i)
            csv.write(QString("%1,%2,%3,%4\n")
                          .arg(i)
                          .arg(i * 0.5)
                          .arg(-i)
                          .arg(i % 2 ? "odd" : "even")
                          .toUtf8());
        csv.close();
        const auto ok = runMfh({"dataset", "import", "--csv", dir.filePath("d.csv"), "--modality",
                                "a=x*", "--modality", "b=y0", "--out", dir.filePath("d.h5")});
        QVERIFY2(ok.code == 0, qPrintable(ok.err));
        const auto ds = mfh::DatasetFile::load(dir.filePath("d.h5").toStdString());
        QCOMPARE(ds.modality("a").size(1), int64_t{2});
        QCOMPARE(ds.classNames(), (std::vector<std::string>{"even", "odd"}));
        const auto bad = runMfh({"dataset", "import", "--csv", dir.filePath("d.csv"), "--modality",
                                 "a=x9", "--out", dir.filePath("e.h5")});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("no column 'x9'"), qPrintable(bad.err));
        QVERIFY(!QFile::exists(dir.filePath("e.h5")));
        const auto two = runMfh({"dataset", "import", "--csv", "x.csv", "--npz", "y.npz", "--out",
                                 dir.filePath("f.h5")});
        QCOMPARE(two.code, 2);
        QVERIFY(two.err.contains("exactly one source"));
    }

    // The cluster commands where there is no Slurm (tests/slurm/slurm.py has a real one):
    // one line naming the problem, exit 2, nothing written; the dry run still shows the plan.
    void vennAndAdviseEndToEnd() {
        QTemporaryDir d;
        const QString file = d.filePath("g.h5");
        QCOMPARE(runMfh({"generate", "--n-train", "400", "--seed", "3", "--out", file}).code, 0);
        auto r = runMfh({"venn", file, "--a", "a", "--b", "b", "--json"});
        QCOMPARE(r.code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["modalities"][1].get<std::string>(), std::string("b"));
        QCOMPARE(j["rows"].get<int>(), 400);
        for (const char* k : {"alpha", "beta", "gamma"}) {
            const auto& v = j[k];
            QVERIFY(v["ci_low"].get<double>() <= v["estimate"].get<double>());
            QVERIFY(v["estimate"].get<double>() <= v["ci_high"].get<double>());
            QCOMPARE(v["per_seed"].size(), std::size_t(5));
        }
        // The default generator's weighted truth; the estimate within its interval's reach.
        const double truth = j["truth_weighted"]["gamma"].get<double>();
        QVERIFY2(std::abs(j["gamma"]["estimate"].get<double>() - truth) < 0.2, qPrintable(r.out));
        r = runMfh({"venn", file});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("gamma") && r.out.contains("95% CI") && r.out.contains("weighted"));

        r = runMfh({"advise", "fig2", "--json"});
        QCOMPARE(r.code, 0);
        const auto a = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(a["points"].size(), std::size_t(6));
        QCOMPARE(a["points"][0]["verdict"].get<std::string>(), std::string("don't"));
        QCOMPARE(a["points"][5]["verdict"].get<std::string>(), std::string("distil"));
        QVERIFY(a["pilot"]["cost_share"].get<double>() < 0.1);
        QCOMPARE(a["rule"]["voters"].size(), std::size_t(2));
        r = runMfh({"advise", "fig2", "--seeds", "3"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("overlap = 10: distil") && r.out.contains("pid-redundancy"));
    }

    void vennAndAdviseBadInput() {
        QTemporaryDir d;
        const auto ds = mfh::generateVenn(mfh::VennSpec{}, 1);
        auto write = [&](const char* name, mfh::Dataset x) {
            mfh::DatasetFile::save(x, d.filePath(name).toStdString());
            return d.filePath(name);
        };
        mfh::Dataset one;
        one.addModality("a", ds.modality("a"), "vector");
        one.setLabels(ds.labels());
        for (const auto& s : ds.splitNames()) one.setSplit(s, ds.split(s));
        const QString oneFile = write("one.h5", one);
        mfh::Dataset flat = ds;
        flat.addModality("b", torch::ones_like(ds.modality("b")), "vector");
        const QString flatFile = write("flat.h5", flat);
        const QString small = data("valid.h5");  // 8 training rows
        nlohmann::json exp = mfh::paperExperiment("fig2");
        exp["dataset"] = {{"path", oneFile.toStdString()}};
        exp.erase("sweep");
        const QString expFile = d.filePath("one.json");
        QFile f(expFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray::fromStdString(exp.dump()));
        f.close();
        const std::vector<std::pair<QStringList, QString>> cases = {
            {{"venn", oneFile}, "has one modality ('a')"},
            {{"venn", oneFile, "--a", "a", "--b", "b"}, "two modalities"},
            {{"venn", data("valid.h5"), "--b", "c"}, "'c'"},
            {{"venn", data("valid.h5"), "--a", "b", "--b", "b"}, "two different modalities"},
            {{"venn", small}, "too few samples"},
            {{"venn", flatFile}, "modality 'b' is constant"},
            {{"venn", data("nan_features.h5")}, "contains NaN"},
            {{"venn", small, "--seeds", "1"}, "--seeds must be in [2, 1000]"},
            {{"advise", "fig9"}, "fig9"},
            {{"advise", "fig2", "--seeds", "0"}, "--seeds must be in [1, 100]"},
            {{"advise", "fig2", "--epochs", "2"}, "epoch fraction"},
            {{"advise", "fig2", "--folds", "11"}, "folds"},
            {{"advise", expFile}, "'b'"},
        };
        for (const auto& [args, message] : cases) {
            const auto r = runMfh(args);
            QVERIFY2(r.code == 2, qPrintable(args.join(' ') + ": " + r.err));
            QVERIFY2(r.err.contains(message), qPrintable(args.join(' ') + ": " + r.err));
            QCOMPARE(r.err.trimmed().count('\n'), 0);
        }
    }

    void clusterCommandsWithoutSlurm() {
        QTemporaryDir d;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("PATH", "/nonexistent");
        const QString out = d.filePath("array");
        auto r = runMfh({"submit", "fig2", "--out", out}, 120000, env);
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err.trimmed().count('\n'), 0);
        QVERIFY2(r.err.contains("Slurm is not available here (no sbatch on PATH)"),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
        r = runMfh({"submit", "fig2", "--seeds", "3", "--out", out, "--dry-run"}, 120000, env);
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("#SBATCH --signal=B:USR1@120"));
        QVERIFY2(r.err.contains("3 tasks") && r.err.contains("no training is computed twice"),
                 qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(out));
        const QString local = d.filePath("local");
        QCOMPARE(runMfh({"reproduce", "fig3", "--seeds", "1", "--out", local}).code, 0);
        for (const QStringList& a :
             {QStringList{"status", local}, QStringList{"submit", "--resume", local},
              QStringList{"cancel", local}}) {
            r = runMfh(a, 120000, env);
            QCOMPARE(r.code, 2);
            QCOMPARE(r.err.trimmed().count('\n'), 0);
        }
        r = runMfh({"status", local});
        QVERIFY2(r.err.contains("was never submitted to Slurm"), qPrintable(r.err));
        r = runMfh({"submit", "nosuch.json", "--out", out, "--dry-run"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("no experiment file 'nosuch.json'"));
        r = runMfh({"submit", "fig2", "--out", out, "--dry-run", "--tasks", "0"});
        QCOMPARE(r.code, 2);
        r = runMfh({"task", local, "--task", "0"});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("never submitted"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
