#include "core/experiments/TrialRecord.h"

#include <cmath>
#include <cstdio>
#include <limits>

#include "core/base/Error.h"

namespace mfh {

using nlohmann::json;

std::string TrialRecord::fileName(int point, uint32_t seed) {
    char name[64];
    std::snprintf(name, sizeof name, "p%04d-s%u.json", point, seed);
    return name;
}

json TrialRecord::toJson(const std::vector<std::string>& axes,
                         const std::vector<json>& values) const {
    json point = json::object();
    for (std::size_t i = 0; i < axes.size() && i < values.size(); ++i) point[axes[i]] = values[i];
    return {{"format", "mfh-trial"},
            {"version", kVersion},
            {"experiment_hash", experimentHash},
            {"point_index", this->point},
            {"point", point},
            {"seed", seed},
            {"dataset_hash", datasetHash},
            {"metrics", out.metrics},
            {"runs", out.runIds},
            {"diverged", out.diverged},
            {"learned_nothing", out.learnedNothing},
            {"end_time", endTime}};
}

TrialRecord TrialRecord::fromJson(const json& j, const std::string& what) {
    if (!j.is_object() || j.value("format", "") != "mfh-trial")
        throw InputError(what + " is not an mfh trial file (format != mfh-trial)");
    if (!j.contains("version") || !j["version"].is_number_integer() ||
        j["version"].get<int>() > kVersion)
        throw InputError(what +
                         ": trial format version is missing or newer than this program "
                         "reads (" +
                         std::to_string(kVersion) + ")");
    auto need = [&](const char* key, auto test) -> const json& {
        auto it = j.find(key);
        if (it == j.end() || !test(*it))
            throw InputError(what + ": '" + key + "' is missing or malformed");
        return *it;
    };
    auto isString = [](const json& v) { return v.is_string(); };
    auto isStrings = [](const json& v) {
        if (!v.is_array()) return false;
        for (const auto& e : v)
            if (!e.is_string()) return false;
        return true;
    };
    TrialRecord t;
    t.experimentHash = need("experiment_hash", isString).get<std::string>();
    const auto& p = need("point_index", [](const json& v) {
        return v.is_number_integer() && v.get<int64_t>() >= 0 && v.get<int64_t>() < (1 << 30);
    });
    t.point = p.get<int>();
    t.seed = need("seed", [](const json& v) {
                 return v.is_number_integer() && v.get<int64_t>() >= 0 &&
                        v.get<int64_t>() <= std::numeric_limits<uint32_t>::max();
             }).get<uint32_t>();
    t.datasetHash = need("dataset_hash", isString).get<std::string>();
    for (const auto& [k, v] :
         need("metrics", [](const json& v) { return v.is_object(); }).items()) {
        if (!v.is_number() && !v.is_null())  // null: a non-finite value (JSON has none)
            throw InputError(what + ": metric '" + k + "' is not a number");
        t.out.metrics[k] = v.is_null() ? std::nan("") : v.get<double>();
    }
    t.out.runIds = need("runs", isStrings).get<std::vector<std::string>>();
    t.out.diverged = need("diverged", isStrings).get<std::vector<std::string>>();
    t.out.learnedNothing = need("learned_nothing", isStrings).get<std::vector<std::string>>();
    t.endTime = j.value("end_time", "");
    return t;
}

}  // namespace mfh
