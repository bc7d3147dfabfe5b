#include "core/info/GaussianMi.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mfh {

namespace {

// log det of the ridge-regularised correlation matrix of the columns `cols` of z.
double logDetCorrelation(const Samples& z, int from, int to, double ridge) {
    const int m = to - from;
    if (m == 0) return 0;
    std::vector<double> c(static_cast<std::size_t>(m) * m, 0.0);
    for (int i = 0; i < z.n; ++i) {
        const double* r = z.row(i) + from;
        for (int a = 0; a < m; ++a)
            for (int b = 0; b <= a; ++b) c[a * m + b] += r[a] * r[b];
    }
    for (int a = 0; a < m; ++a)
        for (int b = 0; b <= a; ++b) {
            c[a * m + b] /= z.n;
            c[b * m + a] = c[a * m + b];
        }
    for (int a = 0; a < m; ++a) c[a * m + a] += ridge;
    if (!cholesky(c, m)) throw std::runtime_error("GaussianMi: the correlation matrix is singular");
    double s = 0;
    for (int a = 0; a < m; ++a) s += std::log(c[a * m + a]);
    return 2 * s;
}

}  // namespace

double GaussianMi::estimate(const Samples& x, const Samples& y, double ridge) {
    if (x.n != y.n) throw std::invalid_argument("GaussianMi: x and y have different row counts");
    if (x.n < 3) throw std::invalid_argument("GaussianMi: fewer than 3 samples");
    const auto xs = x.columns(x.varyingColumns()).standardized();
    const auto ys = y.columns(y.varyingColumns()).standardized();
    if (xs.d == 0 || ys.d == 0) return 0.0;
    const auto z = Samples::concat(xs, ys);
    const double mi =
        0.5 * (logDetCorrelation(z, 0, xs.d, ridge) + logDetCorrelation(z, xs.d, z.d, ridge) -
               logDetCorrelation(z, 0, z.d, ridge));
    return std::max(0.0, mi);  // ≥ 0 in exact arithmetic; rounding can make it −1e-16
}

double GaussianMi::ofCorrelation(double rho) {
    return -0.5 * std::log(1 - rho * rho);
}

}  // namespace mfh
