#pragma once
// Reading and writing the dataset file (HDF5, layout in docs/formats.md). load() validates
// everything (Dataset::validate) and throws InputError naming the first problem; save() writes
// atomically, so a failed save leaves no file behind and never a half-written one.
#include <map>
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace mfh {

class DatasetFile {
  public:
    static constexpr int kVersion = 1;
    // withValues = false reads labels, splits, truth and attributes but no modality values
    // (a dataset that streams from the file; its modalities come from shapes()).
    static Dataset load(const std::string& path, bool withValues = true);
    // Each modality's shape [N, ...] without reading its values.
    static std::map<std::string, std::vector<int64_t>> shapes(const std::string& path);
    static void save(const Dataset& dataset, const std::string& path);
};

}  // namespace mfh
