// The HDF5 dataset file: round trip, atomic saving, and every malformed input of tests/data
// with the message it must produce.
#include "TestUtil.h"
#include "core/data/DatasetFile.h"

#include <H5Cpp.h>
#include "core/data/VennGenerator.h"

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
        QCOMPARE(back.truth->hyperplane, ds.truth->hyperplane);
        QCOMPARE(back.truth->latentIndex, ds.truth->latentIndex);
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

    void storedTypesAreConverted() {
        // uint8 images and float16 features are read as float32 (HDF5 converts on read).
        QTemporaryDir dir;
        const std::string path = dir.filePath("types.h5").toStdString();
        const auto ds = generateVenn(VennSpec::fig2(2), 0);
        DatasetFile::save(ds, path);
        {
            H5::H5File f(path, H5F_ACC_RDWR);
            auto mods = f.openGroup("modalities");
            const hsize_t n = ds.size();
            std::vector<uint8_t> img(n * 4);
            for (std::size_t i = 0; i < img.size(); ++i) img[i] = static_cast<uint8_t>(i % 251);
            hsize_t d3[3] = {n, 2, 2};
            mods.createDataSet("img", H5::PredType::STD_U8LE, H5::DataSpace(3, d3))
                .write(img.data(), H5::PredType::NATIVE_UINT8);
            H5::FloatType half(H5::PredType::IEEE_F32LE);
            half.setFields(15, 10, 5, 0, 10);
            half.setSize(2);
            half.setEbias(15);
            std::vector<float> h(n, 0.0f);
            for (std::size_t i = 0; i < n; ++i) h[i] = 0.5f * static_cast<float>(i % 7);
            hsize_t d1[2] = {n, 1};
            mods.createDataSet("half", half, H5::DataSpace(2, d1))
                .write(h.data(), H5::PredType::NATIVE_FLOAT);
        }
        const auto back = DatasetFile::load(path);
        QCOMPARE(back.modality("img").sizes().vec(), (std::vector<int64_t>{ds.size(), 2, 2}));
        QCOMPARE(back.modality("img")[1][1][1].item<float>(), 7.0f);
        QCOMPARE(back.modality("half")[6][0].item<float>(), 3.0f);
        QCOMPARE(back.features({"img"}, "train").size(1), int64_t(4));
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
