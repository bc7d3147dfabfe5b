#pragma once
// Reading and writing the dataset file (HDF5, layout in docs/formats.md). load() validates
// everything (Dataset::validate) and throws InputError naming the first problem; save() writes
// atomically, so a failed save leaves no file behind and never a half-written one.
#include <string>

#include "core/Dataset.h"

namespace mfh {

class DatasetFile {
  public:
    static constexpr int kVersion = 1;
    static Dataset load(const std::string& path);
    static void save(const Dataset& dataset, const std::string& path);
};

}  // namespace mfh
