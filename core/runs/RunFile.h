#pragma once
// RunFile: reads and writes run files (HDF5, docs/formats.md), one RunRecord each.
#include <string>

#include "core/runs/RunRecord.h"

namespace mfh {

class RunFile {
  public:
    static constexpr int kVersion = 1;
    // Atomic: the file appears complete under `path`, or not at all.
    static void save(const RunRecord& run, const std::string& path);
    // Throws InputError naming the problem. withWeights = false reads metadata only (fast).
    static RunRecord load(const std::string& path, bool withWeights = true);
};

}  // namespace mfh
