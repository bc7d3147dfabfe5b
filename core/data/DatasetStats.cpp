#include "core/data/DatasetStats.h"

#include <cmath>

#include "core/base/Error.h"

namespace mfh {

DatasetSummary DatasetStats::summarize(const Dataset& ds) {
    DatasetSummary s;
    s.samples = ds.size();
    const int C = ds.numClasses();
    s.classNames = ds.classNames();
    for (int c = static_cast<int>(s.classNames.size()); c < C; ++c)
        s.classNames.push_back(std::to_string(c));
    for (const auto& name : ds.modalityNames()) {
        const auto& t = ds.modality(name);
        ModalityInfo m;
        m.name = name;
        m.kind = ds.modalityKind(name);
        m.dtype = std::string(c10::toString(t.scalar_type()));
        m.shape = t.sizes().vec();
        m.features = t.size(0) > 0 ? t.numel() / t.size(0) : 0;
        s.modalities.push_back(m);
    }
    for (const auto& split : ds.splitNames()) {
        const auto& idx = ds.split(split);
        s.splits.emplace_back(split, static_cast<int64_t>(idx.size()));
        std::vector<int64_t> counts(C, 0);
        for (auto i : idx) ++counts[ds.labels()[i]];
        s.classCounts.push_back(counts);
    }
    return s;
}

std::vector<FeatureStats> DatasetStats::features(const Dataset& ds, const std::string& modality,
                                                 const std::string& split) {
    const auto& t = ds.modality(modality);
    auto x = t.reshape({t.size(0), -1});
    if (!split.empty()) x = x.index_select(0, torch::tensor(ds.split(split), torch::kInt64));
    x = x.to(torch::kFloat64).contiguous();
    const int64_t n = x.size(0), d = x.size(1);
    std::vector<FeatureStats> out(d);
    if (n == 0) return out;
    auto mean = x.mean(0), sd = x.std(0, /*unbiased=*/false);
    auto mn = std::get<0>(x.min(0)), mx = std::get<0>(x.max(0));
    for (int64_t j = 0; j < d; ++j)
        out[j] = {mean[j].item<double>(), sd[j].item<double>(), mn[j].item<double>(),
                  mx[j].item<double>()};
    return out;
}

std::vector<float> DatasetStats::sample(const Dataset& ds, const std::string& modality,
                                        int64_t row) {
    const auto& t = ds.modality(modality);
    if (row < 0 || row >= t.size(0))
        throw InputError("sample " + std::to_string(row) + " of modality '" + modality +
                         "' is out of range [0, " + std::to_string(t.size(0)) + ")");
    auto r = t[row].to(torch::kFloat32).contiguous().reshape({-1});
    return std::vector<float>(r.data_ptr<float>(), r.data_ptr<float>() + r.numel());
}

bool DatasetStats::imageLike(const ModalityInfo& m) {
    if (m.shape.size() < 2) return false;
    if (m.kind == "image" || m.kind == "spectrogram") return m.shape.size() >= 3;
    if (m.shape.size() == 3) return true;
    return m.shape.size() == 4 && (m.shape[1] == 1 || m.shape[1] == 3);
}

}  // namespace mfh
