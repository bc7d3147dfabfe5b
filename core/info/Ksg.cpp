#include "core/info/Ksg.h"

#include <algorithm>
#include <boost/math/special_functions/digamma.hpp>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "core/base/SeededUniform.h"

namespace mfh {

namespace {

Samples jittered(const Samples& s, SeededUniform& draw) {
    auto out = s.standardized();
    for (auto& v : out.v) v += 1e-10 * (draw.next() - 0.5);
    return out;
}

double maxNorm(const double* a, const double* b, int d) {
    double m = 0;
    for (int j = 0; j < d; ++j) m = std::max(m, std::abs(a[j] - b[j]));
    return m;
}

}  // namespace

std::vector<double> Ksg::pointwise(const Samples& x, const Samples& y, int k, uint64_t seed) {
    if (x.n != y.n) throw std::invalid_argument("Ksg: x and y have different row counts");
    if (k < 1 || x.n <= k) throw std::invalid_argument("Ksg: needs more samples than neighbours");
    if (x.n > kMaxSamples) throw std::invalid_argument("Ksg: too many samples");
    SeededUniform draw(seed ^ 0x6b7367ULL);
    const auto xs = jittered(x, draw), ys = jittered(y, draw);
    const int n = x.n;
    std::vector<double> dx(n), dy(n), joint(n), out(n);
    const double base = boost::math::digamma(double(k)) + boost::math::digamma(double(n));
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            dx[j] = maxNorm(xs.row(i), xs.row(j), xs.d);
            dy[j] = maxNorm(ys.row(i), ys.row(j), ys.d);
            joint[j] = std::max(dx[j], dy[j]);
        }
        joint[i] = INFINITY;  // not its own neighbour
        std::nth_element(joint.begin(), joint.begin() + (k - 1), joint.end());
        const double eps = joint[k - 1];
        int nx = 0, ny = 0;
        for (int j = 0; j < n; ++j) {
            if (j == i) continue;
            nx += dx[j] < eps;
            ny += dy[j] < eps;
        }
        out[i] = base - boost::math::digamma(nx + 1.0) - boost::math::digamma(ny + 1.0);
    }
    return out;
}

double Ksg::estimate(const Samples& x, const Samples& y, int k, uint64_t seed) {
    const auto p = pointwise(x, y, k, seed);
    return std::accumulate(p.begin(), p.end(), 0.0) / static_cast<double>(p.size());
}

}  // namespace mfh
