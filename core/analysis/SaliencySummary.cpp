#include "core/analysis/SaliencySummary.h"

#include <algorithm>
#include <numeric>
#include <set>
#include <string>

#include "core/base/Error.h"

namespace mfh {

double SaliencySummary::recallAtShared(const std::vector<double>& s,
                                       const std::vector<int64_t>& shared) {
    if (shared.empty()) throw InputError("no truly shared channels to find");
    const std::set<int64_t> truth(shared.begin(), shared.end());
    for (int64_t c : truth)
        if (c < 0 || c >= static_cast<int64_t>(s.size()))
            throw InputError("shared channel " + std::to_string(c) + " is outside the " +
                             std::to_string(s.size()) + " saliency channels");
    std::vector<int64_t> order(s.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) { return s[a] > s[b]; });
    std::size_t found = 0;
    for (std::size_t i = 0; i < truth.size(); ++i) found += truth.count(order[i]);
    return static_cast<double>(found) / static_cast<double>(truth.size());
}

std::vector<double> SaliencySummary::mean(const std::vector<std::vector<double>>& perSeed) {
    if (perSeed.empty()) throw InputError("no saliency to average");
    std::vector<double> m(perSeed.front().size(), 0.0);
    for (const auto& v : perSeed) {
        if (v.size() != m.size())
            throw InputError("saliency vectors of " + std::to_string(v.size()) + " and " +
                             std::to_string(m.size()) + " channels cannot be averaged");
        for (std::size_t i = 0; i < v.size(); ++i) m[i] += v[i];
    }
    for (double& x : m) x /= static_cast<double>(perSeed.size());
    return m;
}

}  // namespace mfh
