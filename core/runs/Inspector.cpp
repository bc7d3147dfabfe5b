#include "core/runs/Inspector.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/base/H5Util.h"
#include "core/data/DatasetFile.h"
#include "core/runs/ConfusionMatrix.h"
#include "core/runs/RunFile.h"
#include "core/runs/WorkspaceReport.h"

namespace mfh {

using nlohmann::json;

std::string Inspector::dataset(const std::string& path, bool asJson) {
    std::ostringstream out;
    const auto ds = DatasetFile::load(path);
    json j;
    j["format"] = "mfh-dataset";
    j["samples"] = ds.size();
    j["classes"] = ds.numClasses();
    std::vector<int64_t> counts(ds.numClasses(), 0);
    for (auto l : ds.labels()) counts[l]++;
    j["class_counts"] = counts;
    for (const auto& m : ds.modalityNames())
        j["modalities"][m] = {{"shape", ds.modality(m).sizes().vec()},
                              {"kind", ds.modalityKind(m)}};
    for (const auto& s : ds.splitNames()) j["splits"][s] = ds.split(s).size();
    if (ds.truth) {
        j["truth"] = {{"alpha", ds.truth->alpha},
                      {"beta", ds.truth->beta},
                      {"gamma", ds.truth->gamma},
                      {"shared_columns", ds.truth->sharedColumns}};
    }
    for (const auto& kv : ds.attributes) j["attributes"][kv.first] = kv.second;
    if (asJson) {
        out << j.dump() << "\n";
        return out.str();
    }
    out << path << ": mfh dataset, " << ds.size() << " samples, " << ds.numClasses()
        << " classes\n";
    out << "  class counts:";
    for (auto c : counts) out << " " << c;
    out << "\n  modalities:\n";
    for (const auto& m : ds.modalityNames())
        out << "    " << m << "  " << ds.modality(m).sizes() << "  " << ds.modalityKind(m) << "\n";
    out << "  splits:";
    for (const auto& s : ds.splitNames()) out << " " << s << "=" << ds.split(s).size();
    out << "\n";
    if (ds.truth)
        out << "  true MVD: alpha=" << ds.truth->alpha << " beta=" << ds.truth->beta
            << " gamma=" << ds.truth->gamma << "\n";
    for (const auto& kv : ds.attributes) out << "  " << kv.first << ": " << kv.second << "\n";
    return out.str();
}

std::string Inspector::folder(const std::string& dir, bool asJson) {
    WorkspaceReportOptions options;
    options.json = asJson;
    return WorkspaceReport::render(dir, options);
}

std::string Inspector::run(const std::string& path, bool asJson) {
    std::ostringstream out;
    const auto r = RunFile::load(path);
    json j = {{"format", "mfh-run"},  {"id", r.id},
              {"role", r.role},       {"status", nameOf(r.status)},
              {"seed", r.seed},       {"device", r.device},
              {"dataset", r.dataset}, {"teacher_run", r.teacherId},
              {"metrics", r.metrics}, {"config", r.config}};
    for (const auto& kv : r.curves) j["curves"][kv.first] = kv.second.size();
    for (const auto& kv : r.weights) j["weights"][kv.first] = kv.second.sizes().vec();
    for (const auto& kv : r.saliency) j["saliency"][kv.first] = kv.second.size();
    for (const auto& [split, m] : r.confusion) {
        j["confusion"][split] = m;
        j["per_class_accuracy"][split] = perClassAccuracy(m);
    }
    if (asJson) {
        out << j.dump() << "\n";
        return out.str();
    }
    out << path << ": mfh run " << r.id << " (" << r.role << ", " << nameOf(r.status) << ", seed "
        << r.seed << ", " << r.device << ")\n  dataset: " << r.dataset << "\n";
    if (!r.teacherId.empty()) out << "  teacher run: " << r.teacherId << "\n";
    out << "  metrics:";
    for (const auto& kv : r.metrics) out << " " << kv.first << "=" << kv.second;
    out << "\n  weights:";
    for (const auto& kv : r.weights) out << " " << kv.first << kv.second.sizes();
    out << "\n";
    for (const auto& [split, m] : r.confusion) {
        out << "  " << split
            << " per class (accuracy %, rows = true class, columns = predicted):\n";
        const auto acc = perClassAccuracy(m);
        for (std::size_t c = 0; c < m.size(); ++c) {
            char head[64];
            std::snprintf(head, sizeof head, "    class %-3zu %6s |", c,
                          std::isnan(acc[c]) ? "-" : std::to_string(acc[c]).substr(0, 5).c_str());
            out << head;
            for (auto n : m[c]) out << " " << n;
            out << "\n";
        }
    }
    out << "  config: " << r.config.dump() << "\n";
    return out.str();
}

}  // namespace mfh

namespace mfh {

std::string Inspector::any(const std::string& path, bool asJson) {
    if (std::filesystem::is_directory(path)) return folder(path, asJson);
    auto f = h5::openForRead(path);
    const auto format = h5::readString(f, "format").value_or("");
    f.close();
    return format == "mfh-run" ? run(path, asJson) : dataset(path, asJson);
}

}  // namespace mfh
