// Importers: NumPy .npy/.npz, CSV and MNIST IDX round trips through DatasetImport into a
// Dataset, and every malformed case with the message it must give.
#include <zip.h>
#include <zlib.h>

#include "TestUtil.h"
#include "core/base/FileIdentity.h"
#include "core/data/DatasetFile.h"
#include "core/data/DatasetImport.h"
#include "core/data/IdxFile.h"
#include "core/data/NpyFile.h"
#include "core/data/RowSource.h"
#include "core/experiments/Experiment.h"
#include "core/training/TorchTrainer.h"

using namespace mfh;
namespace fs = std::filesystem;

namespace {

struct TempDir {
    fs::path path = fs::temp_directory_path() / ("mfh-import-" + std::to_string(::getpid()));
    TempDir() { fs::create_directories(path); }
    ~TempDir() { fs::remove_all(path); }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// An .npz as numpy writes it: a zip of NAME.npy entries, stored or deflated.
void writeNpz(const std::string& path, const std::map<std::string, std::string>& entries,
              bool compress) {
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    QVERIFY(z);
    std::vector<std::string> keep;  // libzip reads the buffers at close
    keep.reserve(entries.size());
    for (const auto& [name, bytes] : entries) {
        keep.push_back(bytes);
        zip_source_t* src = zip_source_buffer(z, keep.back().data(), keep.back().size(), 0);
        const auto idx = zip_file_add(z, (name + ".npy").c_str(), src, ZIP_FL_OVERWRITE);
        QVERIFY(idx >= 0);
        zip_set_file_compression(z, idx, compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
    }
    QCOMPARE(zip_close(z), 0);
}

std::string npyHeader(const std::string& dict) {
    std::string h = dict;
    while ((10 + h.size() + 1) % 64) h += ' ';
    h += '\n';
    std::string out = "\x93NUMPY\x01";
    out += '\0';
    out += static_cast<char>(h.size()), out += '\0';
    return out + h;
}

}  // namespace

class TestImport : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void npyRoundTrip() {
        TempDir d;
        auto f = torch::randn({7, 3, 2});
        NpyFile::write(f, d / "f.npy");
        QVERIFY(torch::equal(NpyFile::read(d / "f.npy"), f));
        auto i = torch::arange(12, torch::kInt64).reshape({3, 4});
        NpyFile::write(i, d / "i.npy");
        QVERIFY(torch::equal(NpyFile::read(d / "i.npy"), i));
        auto u = torch::randint(0, 255, {5}, torch::kUInt8);
        NpyFile::write(u, d / "u.npy");
        QVERIFY(torch::equal(NpyFile::read(d / "u.npy"), u));
    }

    void npyFortranOrderAndBigEndian() {
        // [[1, 2, 3], [4, 5, 6]] stored column by column, as big-endian int16.
        std::string body;
        for (int v : {1, 4, 2, 5, 3, 6}) body += static_cast<char>(0), body += static_cast<char>(v);
        const auto t = NpyFile::parse(
            npyHeader("{'descr': '>i2', 'fortran_order': True, 'shape': (2, 3), }") + body, "x");
        QCOMPARE(t.scalar_type(), torch::kInt16);
        QVERIFY(torch::equal(t, torch::tensor({{1, 2, 3}, {4, 5, 6}}, torch::kInt16)));
    }

    void npyMalformed() {
        test::expectInputError([] { NpyFile::parse("hello world!", "a.npy"); }, "bad magic");
        test::expectInputError(
            [] {
                NpyFile::parse(
                    npyHeader("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }"),
                    "obj.npy");
            },
            "unsupported dtype '|O'");
        test::expectInputError(
            [] {
                NpyFile::parse(
                    npyHeader("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }") + "abc",
                    "t.npy");
            },
            "truncated");
        test::expectInputError([] { NpyFile::read("/nonexistent/x.npy"); }, "no such file");
    }

    void npyModalitiesImport() {
        TempDir d;
        NpyFile::write(torch::randn({20, 5}), d / "a.npy");
        NpyFile::write(torch::randn({20, 1, 4, 4}), d / "b.npy");
        NpyFile::write(torch::arange(20, torch::kInt64) % 3, d / "y.npy");
        auto ds = DatasetImport::assemble(
            DatasetImport::fromNpy({{"a", d / "a.npy"}, {"b", d / "b.npy"}}, d / "y.npy"),
            {0.2, 0.2, 4});
        QCOMPARE(ds.size(), int64_t{20});
        QCOMPARE(ds.modalityKind("a"), std::string("vector"));
        QCOMPARE(ds.modalityKind("b"), std::string("image"));
        QCOMPARE(ds.numClasses(), 3);
        QCOMPARE(ds.split("train").size() + ds.split("val").size() + ds.split("test").size(),
                 std::size_t(20));
        // Saved and reloaded, the values are the file's.
        DatasetFile::save(ds, d / "ds.h5");
        QVERIFY(
            torch::equal(DatasetFile::load(d / "ds.h5").modality("a"), NpyFile::read(d / "a.npy")));
        // Wrong lengths and NaNs are named.
        NpyFile::write(torch::randn({19, 5}), d / "short.npy");
        test::expectInputError(
            [&] {
                DatasetImport::assemble(
                    DatasetImport::fromNpy({{"a", d / "short.npy"}}, d / "y.npy"));
            },
            "modality 'a' has 19 samples but there are 20 labels");
        auto nan = torch::randn({20, 5});
        nan[6][2] = NAN;
        NpyFile::write(nan, d / "nan.npy");
        test::expectInputError(
            [&] {
                DatasetImport::assemble(
                    DatasetImport::fromNpy({{"a", d / "nan.npy"}}, d / "y.npy"));
            },
            "NaN or infinite values (first in sample 6)");
        NpyFile::write(torch::full({20}, 0.5), d / "fy.npy");
        test::expectInputError(
            [&] {
                DatasetImport::assemble(DatasetImport::fromNpy({{"a", d / "a.npy"}}, d / "fy.npy"));
            },
            "labels must be integers");
    }

    void npzRoundTripStoredAndCompressed() {
        TempDir d;
        auto a = torch::randn({12, 6}), b = torch::randn({12, 2, 3});
        auto y = torch::arange(12, torch::kInt64) % 2;
        auto train = torch::arange(0, 8, torch::kInt64), test = torch::arange(8, 12, torch::kInt64);
        for (bool compress : {false, true}) {
            const auto path = d / (compress ? "c.npz" : "s.npz");
            writeNpz(path,
                     {{"a", NpyFile::serialize(a)},
                      {"b", NpyFile::serialize(b)},
                      {"labels", NpyFile::serialize(y)},
                      {"train", NpyFile::serialize(train)},
                      {"test", NpyFile::serialize(test)}},
                     compress);
            auto ds = DatasetImport::assemble(DatasetImport::fromNpz(path));
            QVERIFY(torch::equal(ds.modality("a"), a) && torch::equal(ds.modality("b"), b));
            QCOMPARE(ds.split("train").size(), std::size_t(8));
            QCOMPARE(ds.split("test"), (std::vector<int64_t>{8, 9, 10, 11}));
            QVERIFY(!ds.hasSplit("val"));
        }
        writeNpz(d / "nolabels.npz", {{"a", NpyFile::serialize(a)}}, false);
        test::expectInputError([&] { DatasetImport::fromNpz(d / "nolabels.npz"); },
                               "no array 'labels' for the labels (has: a)");
        writeFile(d / "broken.npz", "PK\x03\x04 not really a zip");
        test::expectInputError([&] { DatasetImport::fromNpz(d / "broken.npz"); },
                               "not a readable .npz");
    }

    void csvRoundTrip() {
        TempDir d;
        writeFile(d / "ok.csv",
                  "id,a_0,a_1,b,label,split\n"
                  "0,0.5,1.5,3,cat,train\n"
                  "1,-1,2e-1,4,dog,train\n"
                  "\n"
                  "2,2, 7 ,5,cat,test\n"
                  "3,1,1,6,bird,val\n");
        CsvMapping m;
        m.modalities = {{"a", {"a_*"}}, {"b", {"b"}}};
        m.splitColumn = "split";
        auto ds = DatasetImport::assemble(DatasetImport::fromCsv(d / "ok.csv", m));
        QVERIFY(torch::allclose(
            ds.modality("a"), torch::tensor({{0.5f, 1.5f}, {-1.f, 0.2f}, {2.f, 7.f}, {1.f, 1.f}})));
        QCOMPARE(ds.modality("b").sizes().vec(), (std::vector<int64_t>{4, 1}));
        QCOMPARE(ds.classNames(), (std::vector<std::string>{"bird", "cat", "dog"}));
        QCOMPARE(ds.labels(), (std::vector<int64_t>{1, 2, 1, 0}));
        QCOMPARE(ds.split("train"), (std::vector<int64_t>{0, 1}));
        QCOMPARE(ds.split("val"), (std::vector<int64_t>{3}));
    }

    void csvMalformed_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing column") << "x,label\n1,0\n"
                                        << "no column 'a_0' (modality a)";
        QTest::newRow("field count") << "a_0,label\n1,0\n2\n"
                                     << "line 3: 1 fields, but the header has 2";
        QTest::newRow("not a number") << "a_0,label\n1,0\nabc,1\n"
                                      << "line 3, column 'a_0': 'abc' is not a number";
        QTest::newRow("empty cell") << "a_0,label\n,0\n"
                                    << "line 2, column 'a_0': '' is not a number";
        QTest::newRow("nan") << "a_0,label\nnan,0\n"
                             << "values must be finite";
        QTest::newRow("no samples") << "a_0,label\n"
                                    << "has a header but no samples";
        QTest::newRow("empty file") << ""
                                    << "is empty";
    }
    void csvMalformed() {
        QFETCH(QString, text);
        QFETCH(QString, message);
        TempDir d;
        writeFile(d / "bad.csv", text.toStdString());
        CsvMapping m;
        m.modalities = {{"a", {"a_0"}}};
        test::expectInputError([&] { DatasetImport::fromCsv(d / "bad.csv", m); },
                               message.toStdString());
    }

    void idxRoundTripPlainAndGzip() {
        TempDir d;
        auto images = torch::randint(0, 256, {9, 28, 28}, torch::kUInt8);
        auto labels = torch::arange(9, torch::kUInt8);
        IdxFile::write(images, d / "img.idx");
        IdxFile::write(labels, d / "lab.idx");
        QVERIFY(torch::equal(IdxFile::read(d / "img.idx"), images));
        // gzip, as MNIST ships
        {
            std::ifstream in(d / "img.idx", std::ios::binary);
            std::string bytes((std::istreambuf_iterator<char>(in)), {});
            gzFile g = gzopen((d / "img.idx.gz").c_str(), "wb");
            gzwrite(g, bytes.data(), static_cast<unsigned>(bytes.size()));
            gzclose(g);
        }
        auto ds = DatasetImport::assemble(DatasetImport::fromIdx(d / "img.idx.gz", d / "lab.idx"));
        QCOMPARE(ds.modality("image").sizes().vec(), (std::vector<int64_t>{9, 28, 28}));
        QCOMPARE(ds.modalityKind("image"), std::string("image"));
        QVERIFY(torch::equal(ds.modality("image"), images.to(torch::kFloat32)));
        // Malformed: a truncated body and a wrong magic number.
        std::ifstream in(d / "img.idx", std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        writeFile(d / "trunc.idx", bytes.substr(0, bytes.size() - 10));
        test::expectInputError([&] { IdxFile::read(d / "trunc.idx"); }, "truncated or corrupt");
        writeFile(d / "magic.idx", "\x01\x02\x08\x01xxxx");
        test::expectInputError([&] { IdxFile::read(d / "magic.idx"); }, "not an IDX file");
        writeFile(d / "type.idx", std::string("\0\0\x0A\x01\0\0\0\x01x", 9));
        test::expectInputError([&] { IdxFile::read(d / "type.idx"); },
                               "unknown IDX value type 0x0A");
        IdxFile::write(torch::arange(5, torch::kUInt8), d / "five.idx");
        test::expectInputError(
            [&] { DatasetImport::assemble(DatasetImport::fromIdx(d / "img.idx", d / "five.idx")); },
            "has 9 samples but there are 5 labels");
    }

    // The streaming loader serves exactly the rows the in-memory one does, a training on it
    // ends with the same weights, and an experiment on a streamed file gives the same numbers.
    void streamingMatchesMemory() {
        TempDir d;
        torch::manual_seed(5);
        ImportSource src;
        src.modalities = {{"a", torch::randn({300, 6})}, {"b", torch::randn({300, 1, 5, 4})}};
        src.labels = torch::randint(0, 3, {300}, torch::kInt64);
        const auto ds = DatasetImport::assemble(src, {0.2, 0.2, 1});
        DatasetFile::save(ds, d / "s.h5");
        const auto mem = ds.features({"a", "b"}, "train");
        const auto id = FileIdentity::of(d / "s.h5");
        H5Rows rows(d / "s.h5", {"a", "b"}, "train", id);
        QCOMPARE(rows.rows(), mem.size(0));
        QCOMPARE(rows.width(), int64_t{26});
        const std::vector<int64_t> idx{17, 3, 3, 120, 0, 179, 18, 17};
        QVERIFY(torch::equal(rows.get(idx), mem.index_select(0, torch::tensor(idx))));
        QVERIFY(torch::equal(rows.range(0, rows.rows()), mem));
        test::expectInputError([&] { H5Rows(d / "s.h5", {"c"}, "train", id); },
                               "no modality 'c' (has: a, b)");

        NetSpec spec;
        spec.type = ModelType::Mlp, spec.hidden = {8}, spec.classes = 3,
        spec.inputs = {{"ab", {26}}};
        TrainConfig c;
        c.epochs = 3, c.batchSize = 32, c.lr = 0.05;
        TapNet a(spec, 2), b(spec, 2);
        const auto y = ds.labelsOf("train");
        TorchTrainer::train(a, {mem, y, {}, 3}, {}, c, {}, torch::kCPU, 7);
        TrainData streamed{
            {},
            y,
            {},
            3,
            std::make_shared<H5Rows>(d / "s.h5", std::vector<std::string>{"a", "b"}, "train", id)};
        TorchTrainer::train(b, streamed, {}, c, {}, torch::kCPU, 7);
        auto pa = a->parameters(), pb = b->parameters();
        for (std::size_t i = 0; i < pa.size(); ++i) QVERIFY(torch::equal(pa[i], pb[i]));

        nlohmann::json e = {{"dataset", {{"path", d / "s.h5"}}},
                            {"teacher",
                             {{"modalities", {"a", "b"}},
                              {"model", {{"type", "mlp"}, {"hidden", {8}}}},
                              {"train", {{"epochs", 4}, {"batch_size", 32}, {"lr", 0.05}}}}},
                            {"student",
                             {{"modality", "b"},
                              {"model", {{"type", "cnn"}, {"channels", {4}}}},
                              {"train", {{"epochs", 4}, {"batch_size", 32}, {"lr", 0.05}}}}},
                            {"kd", {{"temperature", 2}}}};
        const auto inMemory = Experiment(ExperimentSpec::fromJson(e)).run();
        e["dataset"]["stream"] = true;
        const auto onDisk = Experiment(ExperimentSpec::fromJson(e)).run();
        for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc"})
            QCOMPARE(onDisk.rows[0].perSeed.at(k), inMemory.rows[0].perSeed.at(k));
        e["intervention"] = {{"type", "removal"}, {"mode", "random"}};
        test::expectInputError([&] { Experiment(ExperimentSpec::fromJson(e)).run(); },
                               "interventions need the dataset in memory");
    }

    // A streamed file that is truncated, rewritten or replaced under a reader is an error on
    // the next read, never zero-filled rows.
    void streamedFileChangeIsAnError() {
        TempDir d;
        ImportSource src;
        src.modalities = {{"a", torch::randn({200, 6})}};
        src.labels = torch::randint(0, 2, {200}, torch::kInt64);
        DatasetFile::save(DatasetImport::assemble(src, {0.2, 0.2, 1}), d / "s.h5");
        const auto id = FileIdentity::of(d / "s.h5");
        H5Rows rows(d / "s.h5", {"a"}, "train", id);
        rows.get({0, 1, 2});
        fs::resize_file(d / "s.h5", fs::file_size(d / "s.h5") / 2);
        test::expectInputError([&] { rows.get({0, 1, 2}); }, "changed size");
        DatasetFile::save(DatasetImport::assemble(src, {0.2, 0.2, 1}), d / "s.h5");  // replaced
        test::expectInputError([&] { rows.get({0}); }, "was replaced");
        test::expectInputError([&] { H5Rows(d / "s.h5", {"a"}, "train", id); }, "was replaced");
        fs::remove(d / "s.h5");
        test::expectInputError([&] { rows.get({0}); }, "disappeared");
    }

    // Integer labels of any values map to 0..C-1 and keep their values as class names; a
    // float label column, a repeated column or a label column among the features is refused.
    void labelsAreMappedAndColumnsChecked() {
        TempDir d;
        std::string csv = "x0,x1,x2,label,split\n";
        for (int i = 0; i < 60; ++i)
            csv += std::to_string(i % 7) + "," + std::to_string(i % 5) + "," +
                   std::to_string(i % 3) + "," + std::to_string(1 + i % 6) + "," +
                   (i < 40 ? "train" : "test") + "\n";
        writeFile(d / "l.csv", csv);
        CsvMapping m;
        m.modalities = {{"a", {"x0", "x1"}}, {"b", {"x2"}}};
        m.splitColumn = "split";
        auto ds = DatasetImport::assemble(DatasetImport::fromCsv(d / "l.csv", m));
        QCOMPARE(ds.numClasses(), 6);  // not 7 with an empty class 0
        QCOMPARE(ds.classNames().front(), std::string("1"));
        QCOMPARE(ds.classNames().back(), std::string("6"));
        QCOMPARE(ds.labels()[0], int64_t{0});  // the value 1

        // --val carves a stratified, seeded validation split out of train.
        SplitShares carve{0.25, 0.2, 3};
        carve.valGiven = true;
        const auto cv = DatasetImport::assemble(DatasetImport::fromCsv(d / "l.csv", m), carve);
        QCOMPARE(int(cv.split("val").size() + cv.split("train").size()), 40);
        QVERIFY(cv.split("val").size() >= 6);  // one at least of each class
        QCOMPARE(cv.split("test").size(), std::size_t(20));
        const auto again = DatasetImport::assemble(DatasetImport::fromCsv(d / "l.csv", m), carve);
        QCOMPARE(again.split("val"), cv.split("val"));
        SplitShares test{0.1, 0.3, 0};
        test.testGiven = true;
        test::expectInputError(
            [&] { DatasetImport::assemble(DatasetImport::fromCsv(d / "l.csv", m), test); },
            "--test: the source already defines the splits");

        CsvMapping overlap = m;
        overlap.modalities["b"] = {"x1", "x2"};
        test::expectInputError([&] { DatasetImport::fromCsv(d / "l.csv", overlap); },
                               "column 'x1' is mapped to both modality a and b");
        CsvMapping leak = m;
        leak.modalities["b"] = {"label"};
        test::expectInputError([&] { DatasetImport::fromCsv(d / "l.csv", leak); },
                               "is the label column");
        writeFile(d / "f.csv", "x0,x1,x2,label\n1,2,3,1.5\n1,2,3,2\n");
        CsvMapping plain = m;
        plain.splitColumn.clear();
        test::expectInputError([&] { DatasetImport::fromCsv(d / "f.csv", plain); },
                               "non-integer number '1.5'");
    }

    // Standardisation uses the training split only, is stored in the file and read back.
    void standardizationUsesTheTrainingSplit() {
        TempDir d;
        ImportSource src;
        src.modalities = {{"a", torch::rand({100, 3}) * 160}, {"b", torch::ones({100, 2})}};
        src.labels = torch::randint(0, 2, {100}, torch::kInt64);
        auto ds = DatasetImport::assemble(src, {0.1, 0.3, 2});
        ds.standardize("train");
        const auto tr = ds.features({"a"}, "train");
        QVERIFY(tr.mean(0).abs().max().item<float>() < 1e-4);
        QVERIFY((tr.std(0, false) - 1).abs().max().item<float>() < 1e-3);
        QVERIFY(ds.features({"b"}, "test").eq(0).all().item<bool>());  // constant: std kept 1
        DatasetFile::save(ds, d / "z.h5");
        const auto back = DatasetFile::load(d / "z.h5");
        QCOMPARE(back.standardization().at("a").split, std::string("train"));
        QVERIFY(torch::allclose(back.standardization().at("a").mean,
                                ds.standardization().at("a").mean));
        QVERIFY(torch::equal(back.modality("a"), ds.modality("a")));
    }

    // Sizes declared in a file are checked before anything is allocated.
    void declaredSizesAreBounded() {
        TempDir d;
        const std::string header =
            "{'descr': '<f4', 'fortran_order': False, 'shape': (1000000000000, 1000000), }";
        std::string npy = std::string("\x93NUMPY\x01\x00", 8);
        npy += static_cast<char>(header.size() + 1), npy += '\0';
        writeFile(d / "big.npy", npy + header + "\n" + std::string(100, '\0'));
        test::expectInputError([&] { NpyFile::read(d / "big.npy"); }, "larger than the limit");
        // IDX: 0xFFFFFFFF × 0xFFFFFFFF × 255 would overflow; refused by the limit.
        std::string idx{0, 0, 0x08, 3};
        for (int k = 0; k < 2; ++k) idx += std::string("\xff\xff\xff\xff", 4);
        idx += std::string("\x00\x00\x00\xff", 4);
        writeFile(d / "big.idx", idx);
        test::expectInputError([&] { IdxFile::read(d / "big.idx"); }, "larger than the limit");
    }
};

QTEST_GUILESS_MAIN(TestImport)
#include "test_import.moc"
