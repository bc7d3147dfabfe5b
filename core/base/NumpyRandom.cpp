#include "core/base/NumpyRandom.h"

#include <cmath>

namespace mfh {

void NumpyRandom::reseed(uint32_t seed) {
    // numpy's mt19937_seed is init_genrand, which is exactly what std::mt19937(seed) does.
    mt_.seed(seed);
    hasGauss_ = false;
    gauss_ = 0.0;
}

double NumpyRandom::nextDouble() {
    const uint32_t a = nextUint32() >> 5;
    const uint32_t b = nextUint32() >> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
}

double NumpyRandom::gauss() {
    if (hasGauss_) {
        hasGauss_ = false;
        return gauss_;
    }
    double x1, x2, r2;
    do {
        x1 = 2.0 * nextDouble() - 1.0;
        x2 = 2.0 * nextDouble() - 1.0;
        r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1.0 || r2 == 0.0);
    const double f = std::sqrt(-2.0 * std::log(r2) / r2);
    gauss_ = f * x1;
    hasGauss_ = true;
    return f * x2;
}

std::vector<double> NumpyRandom::randn(std::size_t n) {
    std::vector<double> out(n);
    for (auto& v : out) v = gauss();
    return out;
}

int64_t NumpyRandom::randint(int64_t low, int64_t high) {
    const uint64_t range = static_cast<uint64_t>(high - low - 1);
    if (range == 0) return low;
    uint64_t mask = range;
    for (int s = 1; s < 64; s <<= 1) mask |= mask >> s;
    uint64_t v;
    do {
        v = nextUint32() & mask;
    } while (v > range);
    return low + static_cast<int64_t>(v);
}

uint64_t splitmix64(uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

uint64_t deriveSeed(uint64_t seed, const char* tag) {
    uint64_t h = splitmix64(seed);
    for (const char* p = tag; *p; ++p) h = splitmix64(h ^ static_cast<unsigned char>(*p));
    return h;
}

}  // namespace mfh
