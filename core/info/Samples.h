#pragma once
// Samples: n observations of a d-dimensional variable, row-major doubles. The estimators of
// core/info take and return plain arrays (no LibTorch): they run thousands of times inside a
// bootstrap, on a few hundred rows of a few columns, where a tensor library's per-call cost
// would dominate.
#include <cstdint>
#include <vector>

namespace mfh {

struct Samples {
    int n = 0, d = 0;
    std::vector<double> v;  // [n * d]

    Samples() = default;
    Samples(int rows, int cols) : n(rows), d(cols), v(static_cast<std::size_t>(rows) * cols) {}
    double& at(int i, int j) { return v[static_cast<std::size_t>(i) * d + j]; }
    double at(int i, int j) const { return v[static_cast<std::size_t>(i) * d + j]; }
    const double* row(int i) const { return v.data() + static_cast<std::size_t>(i) * d; }

    // The rows `rows` (repeats allowed), in that order.
    Samples select(const std::vector<int>& rows) const;
    // Columns side by side: [a | b] (the same number of rows).
    static Samples concat(const Samples& a, const Samples& b);
    // Each column shifted to mean 0 and scaled to standard deviation 1; a constant column
    // becomes 0 (it carries no information, and dividing by 0 would make NaN).
    Samples standardized() const;
    // The columns whose standard deviation exceeds `tolerance` times the largest one's.
    std::vector<int> varyingColumns(double tolerance = 1e-9) const;
    Samples columns(const std::vector<int>& cols) const;
};

// Lower Cholesky factor of a symmetric positive definite [m, m] matrix; false when it is not
// positive definite (a pivot ≤ 0).
bool cholesky(std::vector<double>& a, int m);

}  // namespace mfh
