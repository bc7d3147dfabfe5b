#include "core/analysis/VennGeometry.h"

#include <algorithm>
#include <cmath>

namespace mfh {

namespace {
constexpr double kPi = 3.14159265358979323846;
}

std::optional<VennParts> VennParts::fromFractions(double alpha, double beta, double gamma,
                                                  double tolerance) {
    for (double v : {alpha, beta, gamma})
        if (!std::isfinite(v) || v < 0 || v > 1) return std::nullopt;
    const double implied = alpha * beta >= 1 ? 0 : (1 - alpha) * (1 - beta) / (1 - alpha * beta);
    if (std::abs(implied - gamma) > tolerance) return std::nullopt;
    VennParts p;
    if (gamma <= 0 || alpha >= 1 || beta >= 1) {
        p.onlyA = p.onlyB = 0.5;
        return p;
    }
    // With |G| = 1: |A| = α/(1−α), |B| = β/(1−β).
    p.shared = 1;
    p.onlyA = alpha / (1 - alpha);
    p.onlyB = beta / (1 - beta);
    const double total = p.onlyA + p.shared + p.onlyB;
    p.onlyA /= total, p.shared /= total, p.onlyB /= total;
    return p;
}

double VennParts::alpha() const {
    const double da = onlyA + shared;
    return da > 0 ? onlyA / da : 0;
}
double VennParts::beta() const {
    const double db = onlyB + shared;
    return db > 0 ? onlyB / db : 0;
}
double VennParts::gamma() const {
    const double u = onlyA + shared + onlyB;
    return u > 0 ? shared / u : 0;
}

double VennGeometry::lensArea(double r1, double r2, double d) {
    if (d >= r1 + r2) return 0;
    const double rs = std::min(r1, r2), rl = std::max(r1, r2);
    if (d <= rl - rs) return kPi * rs * rs;  // the smaller circle lies inside the larger
    const double a1 = std::acos(std::clamp((d * d + r1 * r1 - r2 * r2) / (2 * d * r1), -1.0, 1.0));
    const double a2 = std::acos(std::clamp((d * d + r2 * r2 - r1 * r1) / (2 * d * r2), -1.0, 1.0));
    const double k = (-d + r1 + r2) * (d + r1 - r2) * (d - r1 + r2) * (d + r1 + r2);
    return r1 * r1 * a1 + r2 * r2 * a2 - 0.5 * std::sqrt(std::max(0.0, k));
}

VennCircles VennGeometry::circles(const VennParts& parts) {
    VennCircles c;
    const double total = parts.onlyA + parts.shared + parts.onlyB;
    if (!(total > 0)) return c;
    const double areaA = (parts.onlyA + parts.shared) / total;
    const double areaB = (parts.onlyB + parts.shared) / total;
    const double lens = parts.shared / total;
    c.radiusA = std::sqrt(areaA / kPi);
    c.radiusB = std::sqrt(areaB / kPi);
    const double far = c.radiusA + c.radiusB;
    if (lens <= 0) {
        c.distance = far * 1.08;  // a visible gap: nothing is shared
        return c;
    }
    double lo = std::abs(c.radiusA - c.radiusB), hi = far;  // lens area falls as d grows
    for (int i = 0; i < 100; ++i) {
        const double mid = 0.5 * (lo + hi);
        (lensArea(c.radiusA, c.radiusB, mid) > lens ? lo : hi) = mid;
    }
    c.distance = 0.5 * (lo + hi);
    return c;
}

VennParts VennParts::fromTruth(const VennTruth& truth, const std::string& a, const std::string& b) {
    auto count = [](const std::map<std::string, std::vector<int64_t>>& m, const std::string& k) {
        auto it = m.find(k);
        return it == m.end() ? 0.0 : double(it->second.size());
    };
    return {count(truth.specificColumns, a), count(truth.sharedColumns, a),
            count(truth.specificColumns, b)};
}

}  // namespace mfh
