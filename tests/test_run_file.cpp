// The run file round trip and atomic writing.
#include "TestUtil.h"
#include "core/base/AtomicFile.h"
#include "core/base/Hashing.h"
#include "core/base/TimeStamp.h"
#include "core/runs/RunFile.h"
#include "core/runs/RunRecord.h"

using namespace mfh;

class TestRunFile : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void roundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("r.h5").toStdString();
        RunRecord r;
        r.id = "student-abc", r.role = "student", r.status = RunStatus::Complete, r.seed = 42;
        r.config = {{"train", {{"lr", 0.1}}}, {"inputs", {{"modalities", {"b"}}}}};
        r.dataset = "generated", r.datasetHash = hex64(123), r.teacherId = "teacher-x";
        r.startTime = isoNow(), r.endTime = isoNow();
        r.metrics = {{"acc_test", 71.5}, {"final_loss", 0.25}};
        r.curves = {{"loss", {1.0, 0.5, 0.25}}, {"epoch", {1, 2, 3}}};
        r.weights = {{"fc1.weight", torch::randn({2, 5})}, {"fc1.bias", torch::randn({2})}};
        r.saliency = {{"input", {0.0, 1.0, 0.5}}};
        RunFile::save(r, path);
        const auto back = RunFile::load(path);
        QCOMPARE(back.id, r.id);
        QCOMPARE(back.role, r.role);
        QCOMPARE(back.status, r.status);
        QCOMPARE(back.seed, r.seed);
        QCOMPARE(back.config, r.config);
        QCOMPARE(back.teacherId, r.teacherId);
        QCOMPARE(back.metrics, r.metrics);
        QCOMPARE(back.curves, r.curves);
        QCOMPARE(back.saliency, r.saliency);
        for (auto& kv : r.weights) QVERIFY(torch::equal(back.weights.at(kv.first), kv.second));
        QVERIFY(RunFile::load(path, false).weights.empty());
    }

    void rejectsOtherFiles() {
        test::expectInputError([] { RunFile::load(test::dataFile("valid.h5")); },
                               "not an mfh run file");
        test::expectInputError([] { RunFile::load(test::dataFile("not_hdf5.h5")); },
                               "not an HDF5 file");
    }

    void failedWriteLeavesNoFile() {
        QTemporaryDir dir;
        const std::string target = dir.filePath("x.txt").toStdString();
        {
            AtomicFile f(target);
            std::ofstream(f.tempPath()) << "half";
            // no commit: as if the writer failed
        }
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
        RunRecord r;
        r.id = "x";
        test::expectInputError(
            [&] { RunFile::save(r, dir.filePath("missing/r.h5").toStdString()); },
            "no such folder");
        QVERIFY(QDir(dir.path())
                    .entryList(QDir::Files | QDir::Hidden | QDir::Dirs | QDir::NoDotAndDotDot)
                    .isEmpty());
    }

    void replacesWholeFile() {
        QTemporaryDir dir;
        const std::string target = dir.filePath("s.csv").toStdString();
        writeTextAtomically(target, "a much longer first version\n");
        writeTextAtomically(target, "short\n");
        QFile f(QString::fromStdString(target));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("short\n"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestRunFile)
#include "test_run_file.moc"
