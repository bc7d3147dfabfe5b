#pragma once
// Preflight: the checks an experiment makes on every grid point before anything trains or is
// written: the dataset loads and validates, the modalities and splits it names exist, both
// roles' networks fit the data (an absurd size is refused here), streamed data trains in
// mini-batches, the Algorithm 1 tap exists, a teacher run file reads, best-validation
// selection has a "val" split. Bad input fails here, with the key named, and leaves nothing.
#include <cstdint>

#include "core/experiments/DataLoader.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh {

class Preflight {
  public:
    static void check(DataLoader& data, const ExperimentSpec& sp, uint32_t seed);
};

}  // namespace mfh
