#include "core/base/SeededUniform.h"

#include <utility>

#include "core/base/NumpyRandom.h"

namespace mfh {

uint64_t SeededUniform::nextU64() {
    state_ += 0x9e3779b97f4a7c15ULL;
    return splitmix64(state_);
}

double SeededUniform::next() {
    return (nextU64() >> 11) * (1.0 / 9007199254740992.0);
}

std::vector<int64_t> SeededUniform::permutation(int64_t n) {
    std::vector<int64_t> p(n);
    for (int64_t i = 0; i < n; ++i) p[i] = i;
    for (int64_t i = n - 1; i > 0; --i) std::swap(p[i], p[nextU64() % (i + 1)]);
    return p;
}

}  // namespace mfh
