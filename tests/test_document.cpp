// ExperimentDocument without widgets: presets, edits by path, the first problem, the trial
// count, and files (unknown keys kept, broken files refused with the document unchanged).
#include "TestUtil.h"
#include "core/experiments/ExperimentDocument.h"

using namespace mfh;
using nlohmann::json;

class TestDocument : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void everyPaperPresetLoadsAndIsValid() {
        QCOMPARE(ExperimentDocument::presets().size(), std::size_t(5));
        for (const auto& p : ExperimentDocument::presets()) {
            ExperimentDocument d;
            d.loadPreset(p.name);
            QCOMPARE(d.json(), paperExperiment(p.name));
            QVERIFY2(d.problem().empty(), d.problem().c_str());
            QVERIFY(d.trials() > 0);
        }
        ExperimentDocument d;
        test::expectInputError([&] { d.loadPreset("fig9"); }, "fig2");
    }

    void trialsAreGridPointsTimesSeeds() {
        ExperimentDocument d;
        d.loadPreset("fig2");
        const auto c = d.check();
        QVERIFY(c.ok());
        const auto spec = ExperimentSpec::fromJson(d.json());
        QCOMPARE(c.points, spec.gridSize());
        QCOMPARE(c.seeds, spec.seeds.size());
        QCOMPARE(d.trials(), spec.gridSize() * spec.seeds.size());
        d.set("seeds", {{"first", 0}, {"count", 3}});
        QCOMPARE(d.trials(), spec.gridSize() * 3);
    }

    void editsByPathAndTheFirstProblem() {
        ExperimentDocument d;
        d.loadPreset("fig3");
        d.set("student.train.epochs", 50);
        QCOMPARE(d.get("student.train.epochs").get<int>(), 50);
        QVERIFY(d.problem().empty());
        d.set("student.train.epochs", -5);
        const std::string p = d.problem();
        QVERIFY2(p.find("'student.train.epochs' = -5") != std::string::npos, p.c_str());
        QVERIFY(p.find('\n') == std::string::npos);
        QCOMPARE(d.trials(), std::size_t(0));
        QVERIFY(d.get("no.such.key").is_null());
        d.setJson(json::array());  // not an object: an empty experiment, which names a problem
        QVERIFY(d.json().is_object());
        QVERIFY(!d.problem().empty());
    }

    void anotherDatasetDropsItsSweeps() {
        ExperimentDocument d;
        d.loadPreset("fig2");  // sweeps dataset.generator.overlap
        d.useDataset({{"path", "data.h5"}});
        QCOMPARE(d.get("dataset.path").get<std::string>(), std::string("data.h5"));
        QVERIFY(!d.json().contains("sweep"));
        QCOMPARE(d.get("report").get<std::string>(), std::string("grid"));
    }

    void saveThenLoadKeepsUnknownKeys() {
        QTemporaryDir tmp;
        const std::string path = tmp.filePath("exp.json").toStdString();
        ExperimentDocument d;
        d.loadPreset("table2");
        d.set("threads", 2);  // a key no form shows
        d.set("title", "mine");
        d.save(path);
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{"exp.json"});  // no temporary left behind
        ExperimentDocument other;
        other.load(path);
        QCOMPARE(other.json(), d.json());
        QCOMPARE(other.get("threads").get<int>(), 2);
        QCOMPARE(other.get("title").get<std::string>(), std::string("mine"));
    }

    void brokenFilesAreRefusedAndTheDocumentKept() {
        QTemporaryDir tmp;
        ExperimentDocument d;
        d.loadPreset("fig2");
        const json before = d.json();
        auto write = [&](const char* name, const std::string& text) {
            const std::string path = tmp.filePath(name).toStdString();
            std::ofstream(path) << text;
            return path;
        };
        json bad = before;
        bad["student"]["train"]["epochs"] = -5;
        test::expectInputError([&] { d.load(write("bad.json", bad.dump())); },
                               "bad.json: 'student.train.epochs' = -5");
        test::expectInputError([&] { d.load(write("not.json", "{ nope")); }, "invalid JSON");
        test::expectInputError([&] { d.load(write("list.json", "[1, 2]")); }, "JSON object");
        test::expectInputError([&] { d.load(tmp.filePath("none.json").toStdString()); },
                               "no such file");
        QCOMPARE(d.json(), before);
    }
};

QTEST_GUILESS_MAIN(TestDocument)
#include "test_document.moc"
