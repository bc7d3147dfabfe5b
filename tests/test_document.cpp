// ExperimentDocument without widgets: presets, edits by path, the first problem, the trial
// count, and files (unknown keys kept, broken files refused with the document unchanged).
#include <filesystem>

#include "TestUtil.h"
#include "core/data/DatasetFile.h"
#include "core/data/VennGenerator.h"
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

    // The check knows the dataset the design uses: a split or modality it lacks is the problem,
    // with what it has; a file's header is read again once the file changed.
    void designsAreCheckedAgainstTheirDataset() {
        ExperimentDocument d;
        d.loadPreset("fig2");
        QVERIFY(d.check().ok());
        QCOMPARE(d.datasetShape().splits, (std::vector<std::string>{"train", "test"}));
        d.set("student.split", "transfer");  // only Table 2's generator draws it
        QCOMPARE(d.problem(), std::string("'student.split' is 'transfer', a split the dataset "
                                          "does not have (it has: train, test)"));
        d.set("student.split", "train");
        d.set("teacher.modalities", json::array({"a", "c"}));
        QCOMPARE(d.problem(), std::string("'teacher.modalities' names 'c', which the dataset "
                                          "does not have (it has: a, b)"));

        QTemporaryDir dir;
        const std::string path = dir.filePath("x.h5").toStdString();
        auto ds = generateVenn(VennSpec::table2(10, 5), 3);  // train, test, transfer; a and b
        DatasetFile::save(ds, path);
        d.loadPreset("table2");  // the student trains on 'transfer'
        d.useDataset({{"path", path}});
        QVERIFY2(d.check().ok(), d.problem().c_str());
        QCOMPARE(d.get("student.split").get<std::string>(), std::string("transfer"));
        // The same path, now a dataset without 'transfer' and with other modality names.
        Dataset other;
        other.addModality("image", ds.modality("a"), "vector");
        other.addModality("audio", ds.modality("b"), "vector");
        other.setLabels(ds.labels(), {"0", "1"});
        other.setSplit("train", ds.split("train"));
        other.setSplit("test", ds.split("test"));
        DatasetFile::save(other, path);
        QVERIFY(d.problem().find("does not have (it has: audio, image)") != std::string::npos);
        d.useDataset({{"path", path}});  // adapts the roles to what it has
        QVERIFY2(d.check().ok(), d.problem().c_str());
        QCOMPARE(d.get("student.split").get<std::string>(), std::string("train"));
        QCOMPARE(d.get("teacher.modalities"), json::array({"audio"}));
        QCOMPARE(d.get("student.modality").get<std::string>(), std::string("image"));
        std::filesystem::remove(path);
        QVERIFY(d.problem().find(path) != std::string::npos);  // a vanished file, named
    }

    void theCustomDefaultsRun() {
        ExperimentDocument d;
        d.loadDefaults();
        const auto c = d.check();
        QVERIFY2(c.ok(), c.problem.c_str());
        QCOMPARE(c.trials(), std::size_t(5));
        QCOMPARE(d.datasetShape().modalities, (std::vector<std::string>{"a", "b"}));
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
