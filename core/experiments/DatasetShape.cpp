#include "core/experiments/DatasetShape.h"

#include <algorithm>

#include "core/base/Error.h"
#include "core/data/DatasetFile.h"
#include "core/data/VennGenerator.h"

namespace mfh {

namespace {

bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
}

DatasetShape ofFile(const std::string& path) {
    DatasetShape s;
    for (const auto& kv : DatasetFile::shapes(path)) s.modalities.push_back(kv.first);
    s.splits = DatasetFile::load(path, false).splitNames();
    return s;
}

}  // namespace

DatasetShape DatasetShape::of(const ExperimentSpec& sp) {
    DatasetShape s;
    if (sp.generator) {
        s.modalities = {sp.generator->modalityA, sp.generator->modalityB};
        for (const auto& d : sp.generator->splitDraws()) s.splits.push_back(d.name);
    } else if (sp.avmnist) {
        s.modalities = {"image", "audio"};  // AvMnistBuilder::build's modalities and splits
        s.splits = {"train", "val", "test"};
    } else {
        s = ofFile(sp.datasetPath);
    }
    return s;
}

std::string DatasetShape::problem(const ExperimentSpec& sp) const {
    const std::string mods = " (it has: " + joined(modalities) + ")";
    for (const auto& m : sp.teacher.modalities)
        if (!has(modalities, m))
            return "'teacher.modalities' names '" + m + "', which the dataset does not have" + mods;
    for (const auto& m : sp.student.modalities)
        if (!has(modalities, m))
            return "'student.modality' is '" + m + "', which the dataset does not have" + mods;
    for (auto [key, r] : {std::pair{"teacher", &sp.teacher}, std::pair{"student", &sp.student}})
        if (!has(splits, r->split))
            return std::string("'") + key + ".split' is '" + r->split +
                   "', a split the dataset does not have (it has: " + joined(splits) + ")";
    return {};
}

DatasetShape DatasetShapeCache::of(const ExperimentSpec& sp) {
    if (sp.generator || sp.avmnist) return DatasetShape::of(sp);
    const FileIdentity id = FileIdentity::of(sp.datasetPath);
    auto it = files_.find(sp.datasetPath);
    if (it != files_.end() && it->second.identity == id) return it->second.shape;
    Entry e{id, DatasetShape::of(sp)};
    files_[sp.datasetPath] = e;
    return e.shape;
}

}  // namespace mfh
