// Streaming from disk: writes a dataset file of a given size (default 5 GB: two vector
// modalities of 500 float32 features), then runs the teacher → no-KD → KD pipeline on it with
// dataset.stream (one epoch per training) and prints the peak resident memory, which must stay
// under 1 GB (issue 4), and the throughput. The file is written in slabs, so writing it does
// not need the memory either. Usage: bench_stream [--gb 5] [--dir /tmp] [--keep]
#include <H5Cpp.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>

#include "core/base/H5Util.h"
#include "core/experiments/Experiment.h"

using namespace mfh;

namespace {

double peakRssMb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024.0;  // kilobytes on Linux
}

// Two modalities that share a decisive direction, labels from it, in slabs of 8192 rows.
void writeDataset(const std::string& path, int64_t n, int64_t d) {
    H5::H5File f(path, H5F_ACC_TRUNC);
    h5::writeString(f, "format", "mfh-dataset");
    h5::writeInt(f, "version", 1);
    h5::writeString(f, "description", "bench_stream: synthetic, written in slabs");
    auto mods = h5::createGroup(f, "modalities");
    hsize_t dims[2] = {static_cast<hsize_t>(n), static_cast<hsize_t>(d)};
    H5::DataSpace space(2, dims);
    auto a = mods.createDataSet("a", H5::PredType::IEEE_F32LE, space);
    auto b = mods.createDataSet("b", H5::PredType::IEEE_F32LE, space);
    h5::writeString(a, "kind", "vector");
    h5::writeString(b, "kind", "vector");
    std::vector<int64_t> labels(n);
    torch::manual_seed(0);
    const int64_t slab = 8192;
    for (int64_t s = 0; s < n; s += slab) {
        const int64_t k = std::min(slab, n - s);
        auto z = torch::randn({k, 1});
        auto xa = torch::randn({k, d}) + z, xb = torch::randn({k, d}) + 0.5 * z;
        auto y = (z.squeeze(1) > 0).to(torch::kInt64);
        std::memcpy(labels.data() + s, y.data_ptr<int64_t>(), k * sizeof(int64_t));
        hsize_t start[2] = {static_cast<hsize_t>(s), 0},
                count[2] = {static_cast<hsize_t>(k), static_cast<hsize_t>(d)};
        H5::DataSpace mem(2, count);
        for (auto [set, x] : {std::pair{&a, &xa}, std::pair{&b, &xb}}) {
            auto fs = set->getSpace();
            fs.selectHyperslab(H5S_SELECT_SET, count, start);
            set->write(x->data_ptr<float>(), H5::PredType::NATIVE_FLOAT, mem, fs);
        }
    }
    auto root = f.openGroup("/");
    h5::writeInt64s(root, "labels", labels);
    auto labelSet = root.openDataSet("labels");
    h5::writeStrings(labelSet, "class_names", {"0", "1"});
    auto splits = h5::createGroup(f, "splits");
    std::vector<int64_t> train, test;
    for (int64_t i = 0; i < n; ++i) (i % 10 == 0 ? test : train).push_back(i);
    h5::writeInt64s(splits, "train", train);
    h5::writeInt64s(splits, "test", test);
}

}  // namespace

int main(int argc, char** argv) {
    double gb = 5;
    std::string dir = std::filesystem::temp_directory_path().string();
    bool keep = false;
    for (int i = 1; i < argc; ++i) {
        const std::string k = argv[i];
        if (k == "--gb" && i + 1 < argc)
            gb = std::stod(argv[++i]);
        else if (k == "--dir" && i + 1 < argc)
            dir = argv[++i];
        else if (k == "--keep")
            keep = true;
    }
    const int64_t d = 500;
    const auto n = static_cast<int64_t>(gb * 1e9 / (2 * d * 4));
    const std::string path = dir + "/mfh-bench-stream.h5";
    auto t0 = std::chrono::steady_clock::now();
    writeDataset(path, n, d);
    auto secs = [](auto since) {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
    };
    std::printf(
        "wrote %s: %lld samples x 2 modalities x %lld floats = %.2f GB in %.0f s (peak RSS "
        "%.0f MB)\n",
        path.c_str(), static_cast<long long>(n), static_cast<long long>(d),
        std::filesystem::file_size(path) / 1e9, secs(t0), peakRssMb());
    nlohmann::json e = {{"name", "bench-stream"},
                        {"dataset", {{"path", path}, {"stream", true}}},
                        {"threads", 1},
                        {"teacher",
                         {{"modalities", {"a"}},
                          {"model", {{"type", "mlp"}, {"hidden", {64}}}},
                          {"train", {{"epochs", 1}, {"batch_size", 256}, {"lr", 0.05}}}}},
                        {"student",
                         {{"modality", "b"},
                          {"model", {{"type", "mlp"}, {"hidden", {64}}}},
                          {"train", {{"epochs", 1}, {"batch_size", 256}, {"lr", 0.05}}}}}};
    t0 = std::chrono::steady_clock::now();
    const auto r = Experiment(ExperimentSpec::fromJson(e)).run();
    const double s = secs(t0);
    const auto& m = r.rows[0].perSeed;
    std::printf(
        "teacher %.2f %%, no-KD %.2f %%, KD %.2f %%; 3 trainings + KD logits over %lld "
        "training samples in %.0f s (%.0f samples/s)\n",
        m.at("teacher_acc")[0], m.at("nokd_acc")[0], m.at("kd_acc")[0],
        static_cast<long long>(n * 9 / 10), s, 4.0 * n * 0.9 / s);
    const double rss = peakRssMb();
    std::printf("peak resident memory: %.0f MB for a %.2f GB dataset (target < 1024 MB): %s\n", rss,
                std::filesystem::file_size(path) / 1e9, rss < 1024 ? "met" : "NOT met");
    if (!keep) std::filesystem::remove(path);
    return 0;
}
