#pragma once
// DataLoader: loads (or generates) the dataset of a grid point once per distinct source and
// shares it between the trials that use it. A generated dataset is identified by its
// generator and seed, a file by its path; a streamed file is too large to hash on every run,
// so its identity is its path, size and modification time, checked again on every read.
#include <cstdint>
#include <memory>

#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/LoadedData.h"
#include "core/experiments/RunCache.h"

namespace mfh {

class DataLoader {
  public:
    std::shared_ptr<const LoadedData> load(const ExperimentSpec& sp, uint32_t seed);

  private:
    static std::shared_ptr<const LoadedData> read(const ExperimentSpec& sp, uint32_t seed);
    RunCache<LoadedData> cache_;
};

}  // namespace mfh
