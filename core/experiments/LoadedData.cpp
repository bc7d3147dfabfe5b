#include "core/experiments/LoadedData.h"

#include "core/base/Error.h"

namespace mfh {

std::shared_ptr<const RowSource> LoadedData::rows(const std::vector<std::string>& mods,
                                                  const std::string& split) const {
    if (stream) return std::make_shared<H5Rows>(path, mods, split, identity);
    return std::make_shared<TensorRows>(ds.features(mods, split));
}

int64_t LoadedData::flatWidth(const std::vector<std::string>& mods) const {
    int64_t w = 0;
    for (const auto& m : mods) {
        int64_t k = 1;
        for (auto d : shapes.at(m)) k *= d;
        w += k;
    }
    return w;
}

NetSpec LoadedData::network(const NetSpec& m, const std::vector<std::string>& mods, int classes,
                            int64_t width) const {
    NetSpec a = m;
    a.classes = classes;
    a.inputs.clear();
    if (m.type == ModelType::Linear || m.type == ModelType::Mlp) {
        std::string name;
        for (const auto& s : mods) name += (name.empty() ? "" : "+") + s;
        a.inputs = {{name, {width}}};
    } else {
        for (const auto& s : mods) a.inputs.push_back({s, shapes.at(s)});
        if (a.inputSize() != width)
            throw InputError(std::string("a ") + nameOf(m.type) +
                             " model sees whole modalities; this intervention keeps columns "
                             "(use a linear or mlp teacher)");
    }
    a.validate();
    return a;
}

NetSpec LoadedData::roleNetwork(const char* role, const RoleSpec& r) const {
    try {
        return network(r.model, r.modalities, ds.numClasses(), flatWidth(r.modalities));
    } catch (const InputError& e) {
        throw InputError(std::string(role) + ".model: " + e.what());
    }
}

}  // namespace mfh
