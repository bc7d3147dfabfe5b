#pragma once
// SeededUniform: uniform doubles in [0, 1) and permutations from a 64-bit seed, via SplitMix64.
// Portable (no library differences between machines) and cheap to create, so that every
// consumer (initialisation, shuffling, splits, interventions) draws from its own derived seed.
#include <cstdint>
#include <vector>

namespace mfh {

class SeededUniform {
  public:
    explicit SeededUniform(uint64_t seed) : state_(seed) {}
    double next();
    uint64_t nextU64();
    // Fisher–Yates permutation of 0..n-1.
    std::vector<int64_t> permutation(int64_t n);

  private:
    uint64_t state_;
};

}  // namespace mfh
