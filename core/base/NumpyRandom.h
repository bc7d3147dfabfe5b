#pragma once
// NumpyRandom reproduces numpy's legacy RandomState (np.random.seed / randn / randint) bit for
// bit: MT19937 seeded by init_genrand, 53-bit doubles built from two 32-bit draws, and the polar
// Box-Muller method with its cached second value. The paper's synthetic data were drawn with it,
// so the generator presets produce exactly the reference's samples for a given seed
// (docs/science.md#the-synthetic-generator). Not thread-safe; one instance per stream.
#include <cstdint>
#include <random>
#include <vector>

namespace mfh {

class NumpyRandom {
  public:
    explicit NumpyRandom(uint32_t seed) { reseed(seed); }
    void reseed(uint32_t seed);

    uint32_t nextUint32() { return static_cast<uint32_t>(mt_()); }
    double nextDouble();                       // uniform [0, 1), numpy random_sample
    double gauss();                            // standard normal, numpy legacy_gauss
    std::vector<double> randn(std::size_t n);  // n draws in order (row-major fill)
    // numpy randint(low, high) for one value, high exclusive, masked rejection as numpy does.
    int64_t randint(int64_t low, int64_t high);

  private:
    std::mt19937 mt_;
    bool hasGauss_ = false;
    double gauss_ = 0.0;
};

// SplitMix64: a tiny, well-mixed hash used to derive independent seeds (model initialisation,
// permutations) from an experiment seed and a role tag, so that results do not depend on the
// order in which runs are scheduled over threads.
uint64_t splitmix64(uint64_t x);
uint64_t deriveSeed(uint64_t seed, const char* tag);

}  // namespace mfh
