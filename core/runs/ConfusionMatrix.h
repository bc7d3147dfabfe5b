#pragma once
// Per-class results from a run file's confusion matrix (counts [true class][predicted class]).
#include <cmath>
#include <cstdint>
#include <vector>

namespace mfh {

// Percent of each true class predicted correctly (recall); NaN for a class without samples.
inline std::vector<double> perClassAccuracy(const std::vector<std::vector<int64_t>>& m) {
    std::vector<double> out;
    for (std::size_t c = 0; c < m.size(); ++c) {
        int64_t total = 0;
        for (auto n : m[c]) total += n;
        out.push_back(total == 0 || c >= m[c].size() ? std::nan("") : 100.0 * m[c][c] / total);
    }
    return out;
}

}  // namespace mfh
