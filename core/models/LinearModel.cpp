#include "core/models/LinearModel.h"

#include <cmath>

#include "core/base/SeededUniform.h"

namespace mfh {

LinearModel LinearModel::init(int classes, int dim, uint64_t seed) {
    LinearModel m;
    m.classes = classes;
    m.dim = dim;
    m.W.resize(static_cast<std::size_t>(classes) * dim);
    m.b.resize(classes);
    SeededUniform u(seed);
    const double bound = 1.0 / std::sqrt(static_cast<double>(std::max(dim, 1)));
    for (auto& w : m.W) w = static_cast<float>((2.0 * u.next() - 1.0) * bound);
    for (auto& v : m.b) v = static_cast<float>((2.0 * u.next() - 1.0) * bound);
    return m;
}

torch::Tensor LinearModel::weight() const {
    return torch::from_blob(const_cast<float*>(W.data()), {classes, dim}, torch::kFloat32).clone();
}

torch::Tensor LinearModel::bias() const {
    return torch::from_blob(const_cast<float*>(b.data()), {classes}, torch::kFloat32).clone();
}

torch::Tensor LinearModel::logits(const torch::Tensor& x) const {
    auto xc = x.reshape({x.size(0), -1}).to(torch::kFloat32).contiguous();
    const int64_t n = xc.size(0);
    auto out = torch::empty({n, classes}, torch::kFloat32);
    const float* px = xc.data_ptr<float>();
    float* po = out.data_ptr<float>();
    for (int64_t i = 0; i < n; ++i)
        for (int c = 0; c < classes; ++c) {
            double s = b[c];
            const float* w = W.data() + static_cast<std::size_t>(c) * dim;
            for (int j = 0; j < dim; ++j) s += double(w[j]) * px[i * dim + j];
            po[i * classes + c] = static_cast<float>(s);
        }
    return out;
}

double LinearModel::accuracy(const torch::Tensor& x, const std::vector<int64_t>& y) const {
    if (y.empty()) return 0.0;
    auto z = logits(x);
    const float* pz = z.data_ptr<float>();
    int64_t ok = 0;
    for (std::size_t i = 0; i < y.size(); ++i) {
        int best = 0;
        for (int c = 1; c < classes; ++c)
            if (pz[i * classes + c] > pz[i * classes + best]) best = c;
        ok += best == y[i];
    }
    return static_cast<double>(ok) / y.size();
}

}  // namespace mfh
