#include "core/info/Samples.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mfh {

Samples Samples::select(const std::vector<int>& rows) const {
    Samples out(static_cast<int>(rows.size()), d);
    for (std::size_t i = 0; i < rows.size(); ++i)
        std::copy(row(rows[i]), row(rows[i]) + d, out.v.begin() + static_cast<long>(i) * d);
    return out;
}

Samples Samples::concat(const Samples& a, const Samples& b) {
    if (a.n != b.n) throw std::invalid_argument("Samples::concat: different numbers of rows");
    Samples out(a.n, a.d + b.d);
    for (int i = 0; i < a.n; ++i) {
        std::copy(a.row(i), a.row(i) + a.d, &out.at(i, 0));
        std::copy(b.row(i), b.row(i) + b.d, &out.at(i, a.d));
    }
    return out;
}

namespace {
void moments(const Samples& s, std::vector<double>& mean, std::vector<double>& sd) {
    mean.assign(s.d, 0), sd.assign(s.d, 0);
    for (int i = 0; i < s.n; ++i)
        for (int j = 0; j < s.d; ++j) mean[j] += s.at(i, j);
    for (auto& m : mean) m /= std::max(1, s.n);
    for (int i = 0; i < s.n; ++i)
        for (int j = 0; j < s.d; ++j) sd[j] += (s.at(i, j) - mean[j]) * (s.at(i, j) - mean[j]);
    for (auto& v : sd) v = std::sqrt(v / std::max(1, s.n));
}
}  // namespace

Samples Samples::standardized() const {
    std::vector<double> mean, sd;
    moments(*this, mean, sd);
    const double top = sd.empty() ? 0 : *std::max_element(sd.begin(), sd.end());
    Samples out(n, d);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j)
            out.at(i, j) = sd[j] > 1e-12 * std::max(top, 1e-300) && sd[j] > 0
                               ? (at(i, j) - mean[j]) / sd[j]
                               : 0.0;
    return out;
}

std::vector<int> Samples::varyingColumns(double tolerance) const {
    std::vector<double> mean, sd;
    moments(*this, mean, sd);
    const double top = sd.empty() ? 0 : *std::max_element(sd.begin(), sd.end());
    std::vector<int> out;
    for (int j = 0; j < d; ++j)
        if (sd[j] > 0 && sd[j] > tolerance * top) out.push_back(j);
    return out;
}

Samples Samples::columns(const std::vector<int>& cols) const {
    Samples out(n, static_cast<int>(cols.size()));
    for (int i = 0; i < n; ++i)
        for (std::size_t j = 0; j < cols.size(); ++j)
            out.at(i, static_cast<int>(j)) = at(i, cols[j]);
    return out;
}

bool cholesky(std::vector<double>& a, int m) {
    for (int j = 0; j < m; ++j) {
        double s = a[j * m + j];
        for (int k = 0; k < j; ++k) s -= a[j * m + k] * a[j * m + k];
        if (!(s > 0)) return false;
        const double l = std::sqrt(s);
        a[j * m + j] = l;
        for (int i = j + 1; i < m; ++i) {
            double t = a[i * m + j];
            for (int k = 0; k < j; ++k) t -= a[i * m + k] * a[j * m + k];
            a[i * m + j] = t / l;
        }
        for (int k = j + 1; k < m; ++k) a[j * m + k] = 0;
    }
    return true;
}

}  // namespace mfh
