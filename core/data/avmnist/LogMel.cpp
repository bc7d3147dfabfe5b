#include "core/data/avmnist/LogMel.h"

#include <cmath>

#include "core/base/Error.h"

namespace mfh {

namespace {
double toMel(double f) {
    return 2595.0 * std::log10(1.0 + f / 700.0);
}
double fromMel(double m) {
    return 700.0 * (std::pow(10.0, m / 2595.0) - 1.0);
}
}  // namespace

LogMel::LogMel(int rate, int bands, double windowMs, double hopMs, double fmin, double fmax) {
    if (rate <= 0 || bands < 1 || windowMs <= 0 || hopMs <= 0 || fmin < 0 || fmax <= fmin ||
        fmax > rate / 2.0)
        throw InputError("bad log-mel settings");
    win_ = static_cast<int>(std::lround(rate * windowMs / 1000.0));
    hop_ = static_cast<int>(std::lround(rate * hopMs / 1000.0));
    nFft_ = 1;
    while (nFft_ < win_) nFft_ *= 2;
    window_ = torch::hann_window(win_, torch::kFloat32);
    const int bins = nFft_ / 2 + 1;
    std::vector<double> edges(bands + 2);
    for (int i = 0; i < bands + 2; ++i)
        edges[i] = fromMel(toMel(fmin) + (toMel(fmax) - toMel(fmin)) * i / (bands + 1));
    filters_ = torch::zeros({bands, bins});
    auto F = filters_.accessor<float, 2>();
    for (int b = 0; b < bands; ++b)
        for (int k = 0; k < bins; ++k) {
            const double f = static_cast<double>(k) * rate / nFft_;
            const double up = (f - edges[b]) / (edges[b + 1] - edges[b]);
            const double down = (edges[b + 2] - f) / (edges[b + 2] - edges[b + 1]);
            F[b][k] = static_cast<float>(std::max(0.0, std::min(up, down)));
        }
}

torch::Tensor LogMel::operator()(const torch::Tensor& waves) const {
    auto spec = torch::stft(waves, nFft_, hop_, win_, window_, /*center=*/true, "reflect",
                            /*normalized=*/false, /*onesided=*/true, /*return_complex=*/true);
    auto power = torch::view_as_real(spec).pow(2).sum(-1);  // [n, bins, frames]
    return torch::log(torch::matmul(filters_, power) + 1e-6);
}

}  // namespace mfh
