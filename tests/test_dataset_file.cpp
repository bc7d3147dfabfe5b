// The HDF5 dataset file: round trip, atomic saving, and every malformed input of tests/data
// with the message it must produce.
#include "TestUtil.h"
#include "core/DatasetFile.h"
#include "core/VennGenerator.h"

using namespace mfh;

class TestDatasetFile : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void roundTrip() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("d.h5").toStdString();
        auto spec = VennSpec::table2(10, 5);
        const auto ds = generateVenn(spec, 42);
        DatasetFile::save(ds, path);
        const auto back = DatasetFile::load(path);
        QCOMPARE(back.modalityNames(), ds.modalityNames());
        for (const auto& m : ds.modalityNames())
            QVERIFY(torch::equal(back.modality(m), ds.modality(m)));
        QCOMPARE(back.labels(), ds.labels());
        QCOMPARE(back.splitNames(), ds.splitNames());
        QCOMPARE(back.split("transfer"), ds.split("transfer"));
        QVERIFY(back.truth.has_value());
        QCOMPARE(back.truth->gamma, ds.truth->gamma);
        QCOMPARE(back.truth->sharedColumns.at("a"), ds.truth->sharedColumns.at("a"));
        QCOMPARE(back.attributes.at("generator"), ds.attributes.at("generator"));
        QCOMPARE(back.contentHash(), ds.contentHash());
    }

    void malformedFilesAreRejected_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing file") << "does_not_exist.h5"
                                      << "no such file";
        QTest::newRow("not HDF5") << "not_hdf5.h5"
                                  << "is not an HDF5 file";
        QTest::newRow("no groups") << "no_groups.h5"
                                   << "missing group /modalities";
        QTest::newRow("lengths differ") << "length_mismatch.h5"
                                        << "has 12 samples but the labels have 10";
        QTest::newRow("label out of range") << "label_out_of_range.h5"
                                            << "label 7 of sample 5 is out of range";
        QTest::newRow("NaN") << "nan_features.h5"
                             << "contains NaN values (first at sample 3)";
        QTest::newRow("Inf") << "inf_features.h5"
                             << "contains Inf values (first at sample 3)";
        QTest::newRow("empty split") << "empty_split.h5"
                                     << "split 'test' is empty";
    }
    void malformedFilesAreRejected() {
        QFETCH(QString, file);
        QFETCH(QString, message);
        test::expectInputError([&] { DatasetFile::load(test::dataFile(file.toStdString())); },
                               message.toStdString());
    }

    void validFixtureLoads() {
        const auto ds = DatasetFile::load(test::dataFile("valid.h5"));
        QCOMPARE(ds.size(), int64_t(12));
        QCOMPARE(ds.classNames(), (std::vector<std::string>{"even", "odd"}));
        test::expectInputError([&] { ds.modality("c"); }, "no modality 'c'");
    }

    void invalidDatasetIsNotWritten() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("bad.h5").toStdString();
        auto ds = generateVenn(VennSpec::fig2(2), 0);
        auto a = ds.modality("a").clone();
        a[4][2] = std::numeric_limits<float>::quiet_NaN();
        ds.addModality("a", a, "vector");
        test::expectInputError([&] { DatasetFile::save(ds, path); }, "NaN");
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }

    void unwritableTargetLeavesNothing() {
        QTemporaryDir dir;
        const auto ds = generateVenn(VennSpec::fig2(2), 0);
        test::expectInputError(
            [&] { DatasetFile::save(ds, dir.filePath("no/such/dir/x.h5").toStdString()); },
            "cannot write");
        QVERIFY(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestDatasetFile)
#include "test_dataset_file.moc"
