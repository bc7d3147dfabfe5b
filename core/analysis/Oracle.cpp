#include "core/analysis/Oracle.h"

#include <cmath>
#include <set>

#include "core/base/Error.h"

namespace mfh {

namespace {
double angleAccuracy(double dot, double normA, double normB) {
    if (normA <= 0 || normB <= 0) return 0.5;
    const double c = std::max(-1.0, std::min(1.0, dot / (normA * normB)));
    return 1.0 - std::acos(c) / M_PI;
}
}  // namespace

OracleAccuracy Oracle::linear(const std::vector<double>& theta,
                              const std::vector<int64_t>& teacherLatent,
                              const std::vector<int64_t>& studentLatent,
                              const std::vector<double>& delta) {
    if (theta.size() != teacherLatent.size())
        throw InputError("oracle: one latent index per teacher column is needed");
    std::vector<double> w(delta.size(), 0.0);
    double noise2 = 0;
    for (std::size_t j = 0; j < theta.size(); ++j) {
        const auto l = teacherLatent[j];
        if (l < 0) {
            noise2 += theta[j] * theta[j];
        } else {
            if (l >= static_cast<int64_t>(delta.size()))
                throw InputError("oracle: latent index out of range");
            w[l] += theta[j];
        }
    }
    const std::set<int64_t> seen(studentLatent.begin(), studentLatent.end());
    double wd = 0, ww = 0, vd = 0, vv = 0, dd = 0;
    for (std::size_t l = 0; l < delta.size(); ++l) {
        wd += w[l] * delta[l], ww += w[l] * w[l], dd += delta[l] * delta[l];
        if (seen.count(static_cast<int64_t>(l))) vd += w[l] * delta[l], vv += w[l] * w[l];
    }
    OracleAccuracy out;
    out.teacher = angleAccuracy(wd, std::sqrt(ww + noise2), std::sqrt(dd));
    out.student = angleAccuracy(vd, std::sqrt(vv), std::sqrt(dd));
    return out;
}

}  // namespace mfh
