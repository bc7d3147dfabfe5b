#include "core/info/Discretiser.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "core/base/SeededUniform.h"

namespace mfh {

int Discretiser::defaultClusters(int n) {
    return std::clamp(static_cast<int>(std::floor(std::cbrt(double(n)) + 1e-9)), 2, 20);
}

Samples Discretiser::principalComponents(const Samples& h, int components) {
    const auto z = h.columns(h.varyingColumns()).standardized();
    const int d = z.d, q = std::min(components, d);
    if (q == d) return z;
    // Covariance, then the leading eigenvectors by power iteration with deflation.
    std::vector<double> c(static_cast<std::size_t>(d) * d, 0.0);
    for (int i = 0; i < z.n; ++i)
        for (int a = 0; a < d; ++a)
            for (int b = 0; b < d; ++b) c[a * d + b] += z.at(i, a) * z.at(i, b) / z.n;
    Samples out(z.n, q);
    for (int comp = 0; comp < q; ++comp) {
        std::vector<double> v(d), w(d);
        for (int a = 0; a < d; ++a) v[a] = 1.0 + 0.01 * a;  // not orthogonal to any axis
        double lambda = 0;
        for (int it = 0; it < 500; ++it) {
            for (int a = 0; a < d; ++a) {
                w[a] = 0;
                for (int b = 0; b < d; ++b) w[a] += c[a * d + b] * v[b];
            }
            double norm = 0;
            for (double x : w) norm += x * x;
            norm = std::sqrt(norm);
            if (norm == 0) break;
            double change = 0;
            for (int a = 0; a < d; ++a) change += std::abs(w[a] / norm - v[a]), v[a] = w[a] / norm;
            lambda = norm;
            if (change < 1e-12) break;
        }
        for (int a = 0; a < d; ++a)
            for (int b = 0; b < d; ++b) c[a * d + b] -= lambda * v[a] * v[b];
        for (int i = 0; i < z.n; ++i) {
            double s = 0;
            for (int a = 0; a < d; ++a) s += z.at(i, a) * v[a];
            out.at(i, comp) = s;
        }
    }
    return out;
}

Clusters Discretiser::cluster(const Samples& h, int k, uint64_t seed, int components) {
    if (h.n == 0) throw std::invalid_argument("Discretiser: no rows");
    const auto z = principalComponents(h, components);
    Clusters out;
    out.label.assign(h.n, 0);
    if (k <= 0) k = defaultClusters(h.n);
    k = std::min(k, h.n);
    if (z.d == 0 || k <= 1) {
        out.k = 1;
        return out;
    }
    const int n = z.n, d = z.d;
    auto dist2 = [&](int i, const std::vector<double>& c, int j) {
        double s = 0;
        for (int a = 0; a < d; ++a) s += std::pow(z.at(i, a) - c[j * d + a], 2);
        return s;
    };
    // k-means++ seeding.
    SeededUniform draw(seed ^ 0x6b6d65616e73ULL);
    std::vector<double> centres(static_cast<std::size_t>(k) * d), best(n, INFINITY);
    int first = std::min(n - 1, static_cast<int>(draw.next() * n));
    for (int c = 0; c < k; ++c) {
        int pick = first;
        if (c > 0) {
            double total = 0;
            for (double b : best) total += b;
            double u = draw.next() * total;
            pick = n - 1;
            for (int i = 0; i < n; ++i)
                if ((u -= best[i]) <= 0) {
                    pick = i;
                    break;
                }
        }
        for (int a = 0; a < d; ++a) centres[c * d + a] = z.at(pick, a);
        for (int i = 0; i < n; ++i) best[i] = std::min(best[i], dist2(i, centres, c));
    }
    // Lloyd's iterations.
    for (int it = 0; it < 100; ++it) {
        bool moved = false;
        for (int i = 0; i < n; ++i) {
            int arg = 0;
            double b = INFINITY;
            for (int c = 0; c < k; ++c)
                if (const double v = dist2(i, centres, c); v < b) b = v, arg = c;
            moved = moved || arg != out.label[i] || it == 0;
            out.label[i] = arg;
        }
        if (!moved) break;
        std::vector<double> sum(static_cast<std::size_t>(k) * d, 0.0);
        std::vector<int> count(k, 0);
        for (int i = 0; i < n; ++i) {
            ++count[out.label[i]];
            for (int a = 0; a < d; ++a) sum[out.label[i] * d + a] += z.at(i, a);
        }
        for (int c = 0; c < k; ++c)
            if (count[c] > 0)
                for (int a = 0; a < d; ++a) centres[c * d + a] = sum[c * d + a] / count[c];
    }
    // Relabel densely (empty clusters dropped) so that k counts the clusters in use.
    std::vector<int> map(k, -1);
    int used = 0;
    for (int& l : out.label) {
        if (map[l] < 0) map[l] = used++;
        l = map[l];
    }
    out.k = used;
    return out;
}

}  // namespace mfh
