#pragma once
// DatasetStats: what a dataset inspector shows, computed once in plain C++ types so that front
// ends need no tensor code: modalities with shapes and stored types, split sizes, the class
// balance of every split, per-feature statistics and single samples.
#include <cstdint>
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace mfh {

struct ModalityInfo {
    std::string name, kind, dtype;  // dtype: the in-memory type (float32)
    std::vector<int64_t> shape;     // [N, ...]
    int64_t features = 0;           // product of the per-sample dimensions
};

struct FeatureStats {
    double mean = 0, std = 0, min = 0, max = 0;  // population std over the rows
};

struct DatasetSummary {
    int64_t samples = 0;
    std::vector<std::string> classNames;                  // "0", "1", … when unnamed
    std::vector<ModalityInfo> modalities;                 // in file order
    std::vector<std::pair<std::string, int64_t>> splits;  // name, size
    std::vector<std::vector<int64_t>> classCounts;        // [split][class]
};

class DatasetStats {
  public:
    static DatasetSummary summarize(const Dataset& ds);
    // Statistics of every feature (flattened per-sample dimensions) of one modality over the
    // rows of a split, or over all rows when `split` is empty. Throws InputError for an unknown
    // modality or split.
    static std::vector<FeatureStats> features(const Dataset& ds, const std::string& modality,
                                              const std::string& split = "");
    // One sample of a modality, flattened in row-major order (its shape is shape[1:]).
    static std::vector<float> sample(const Dataset& ds, const std::string& modality, int64_t row);
    // True for modalities a sample viewer can draw as an image: kind image or spectrogram, or
    // any modality with two per-sample dimensions (three with a leading channel of 1 or 3).
    static bool imageLike(const ModalityInfo& m);
};

}  // namespace mfh
