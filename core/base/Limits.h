#pragma once
// Limits: the largest inputs the program accepts, so that no file, experiment or argument can
// make it allocate without bound or run for ever before it starts (docs/limits.md). Sizes a
// file declares are checked here before anything is allocated, with overflow-safe arithmetic.
#include <cstdint>
#include <string>
#include <vector>

namespace mfh::limits {

// One array read into memory (a modality of an import, a dataset file's modality, labels):
// 2 GiB unless MFH_MAX_ARRAY_GB sets another number of GiB (at most 1024).
int64_t maxArrayBytes();
constexpr int kMaxDims = 8;                      // dimensions of an array
constexpr int64_t kMaxClasses = 100000;          // distinct labels
constexpr int64_t kMaxSamples = 100000000;       // samples of a generated dataset
constexpr int64_t kMaxColumns = 1000000;         // columns of one modality (generator, CSV)
constexpr int64_t kMaxParameters = 500000000;    // weights of one network
constexpr std::size_t kMaxGridPoints = 10000;    // points of an experiment's sweep
constexpr std::size_t kMaxTrials = 1000000;      // grid points × seeds
constexpr int kMaxJsonDepth = 64;                // nesting of experiment files and run configs
constexpr std::size_t kMaxJsonBytes = 64 << 20;  // size of one JSON text

// The number of elements of `shape`; throws InputError naming `what` when a dimension is
// negative, the product overflows, or elements × elementBytes exceeds maxArrayBytes().
int64_t checkedElements(const std::vector<int64_t>& shape, int64_t elementBytes,
                        const std::string& what);

// a × b, or InputError naming `what` when it overflows or exceeds `limit`.
int64_t checkedProduct(int64_t a, int64_t b, int64_t limit, const std::string& what);

std::string bytesText(int64_t bytes);  // "2.0 GiB"

}  // namespace mfh::limits
