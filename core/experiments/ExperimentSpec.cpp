#include "core/experiments/ExperimentSpec.h"

#include <fstream>
#include <set>
#include <sstream>

#include "core/base/Error.h"
#include "core/base/JsonFields.h"
#include "core/base/JsonReader.h"
#include "core/base/Limits.h"

namespace mfh {

using nlohmann::json;

namespace {

RoleSpec parseRole(const json& j, const std::string& path, bool student) {
    JsonFields o(j, path);
    RoleSpec r;
    r.modalities = o.strings(student ? "modality" : "modalities");
    if (r.modalities.empty())
        throw InputError("'" + o.key(student ? "modality" : "modalities") + "' is required");
    if (student && r.modalities.size() != 1)
        throw InputError("'" + o.key("modality") + "': the student sees exactly one modality");
    r.split = o.str("split", "train");
    if (o.has("model")) r.model = NetSpec::fromConfig(o.raw("model"), o.key("model"));
    if (o.has("train")) r.train = TrainConfig::fromJson(o.raw("train"), o.key("train"));
    if (!student && o.has("run")) r.run = o.str("run", "");
    o.finish();
    return r;
}

}  // namespace

InterventionSpec InterventionSpec::fromJson(const json& j, const std::string& path) {
    JsonFields iv(j, path);
    InterventionSpec in;
    in.type = iv.choice("type", InterventionType::None);
    std::vector<std::string> modes;
    for (auto m : Intervention::modesOf(in.type)) modes.push_back(nameOf(m));
    if (in.type == InterventionType::None)
        // No intervention: a mode (left by a sweep over the type) has nothing to choose.
        iv.choice("mode", InterventionMode::None);
    else
        in.mode = parseEnum<InterventionMode>(
            iv.str("mode", nameOf(Intervention::defaultMode(in.type)), modes),
            "'" + iv.key("mode") + "'");
    in.keep = iv.integer("keep", 0);
    in.ratio = iv.num("ratio", 0.75, 0, 1);
    in.source = iv.choice("source", SaliencySource::Joint);
    if (iv.has("algorithm1"))
        in.alg1 = Algorithm1Config::fromJson(iv.raw("algorithm1"), iv.key("algorithm1"));
    iv.finish();
    return in;
}

json InterventionSpec::toJson() const {
    return {{"type", nameOf(type)}, {"mode", nameOf(mode)},     {"keep", keep},
            {"ratio", ratio},       {"source", nameOf(source)}, {"algorithm1", alg1.toJson()}};
}

json RoleSpec::toJson(bool student) const {
    json j = {{student ? "modality" : "modalities",
               student ? json(modalities.front()) : json(modalities)},
              {"split", split},
              {"model", model.toConfig()},
              {"train", train.toJson()}};
    if (!run.empty()) j["run"] = run;
    return j;
}

json ExperimentSpec::toJson() const {
    json d;
    if (generator)
        d["generator"] = generator->toJson();
    else if (avmnist)
        d["avmnist"] = avmnist->toJson();
    else
        d["path"] = datasetPath;
    if (stream) d["stream"] = true;
    if (standardize) d["standardize"] = true;
    json axes = json::array();
    for (const auto& a : sweep) axes.push_back({{"param", a.param}, {"values", a.values}});
    json j = {{"name", name},
              {"title", title},
              {"report", nameOf(report)},
              {"dataset", d},
              {"seeds", seeds},
              {"teacher", teacher.toJson(false)},
              {"student", student.toJson(true)},
              {"kd", student.train.kd.toJson()},
              {"intervention", intervention.toJson()},
              {"engine", nameOf(engine)},
              {"device", device},
              {"threads", threads}};
    if (!sweep.empty()) j["sweep"] = axes;
    return j;
}

const std::vector<std::string>& ExperimentSpec::devices() {
    static const std::vector<std::string> d{"cpu", "cuda", "auto"};
    return d;
}

ExperimentSpec ExperimentSpec::fromJson(const json& j) {
    ExperimentSpec e;
    e.source = j;
    JsonFields o(j, "");
    e.name = o.str("name", e.name);
    e.title = o.str("title", "");
    e.report = o.choice("report", e.report);
    if (!o.has("dataset")) throw InputError("'dataset' is required");
    {
        JsonFields d(o.raw("dataset"), "dataset");
        const int kinds = d.has("path") + d.has("generator") + d.has("avmnist");
        if (kinds != 1)
            throw InputError("'dataset' needs exactly one of 'path', 'generator' and 'avmnist'");
        if (d.has("stream")) {
            if (!d.raw("stream").is_boolean())
                throw InputError("'dataset.stream' must be true or false");
            e.stream = d.raw("stream").get<bool>();
            if (e.stream && !d.has("path"))
                throw InputError("'dataset.stream' needs a dataset 'path'");
        }
        if (d.has("standardize")) {
            if (!d.raw("standardize").is_boolean())
                throw InputError("'dataset.standardize' must be true or false");
            e.standardize = d.raw("standardize").get<bool>();
            if (e.standardize && e.stream)
                throw InputError(
                    "'dataset.standardize' needs the dataset in memory: standardise "
                    "the file once with mfh dataset import --standardize, or remove "
                    "'dataset.stream'");
        }
        if (d.has("path"))
            e.datasetPath = d.str("path", "");
        else if (d.has("generator"))
            e.generator = VennSpec::fromJson(d.raw("generator"), "dataset.generator");
        else
            e.avmnist = AvMnistOptions::fromJson(d.raw("avmnist"), "dataset.avmnist");
    }
    if (o.has("seeds")) {
        const auto& s = o.raw("seeds");
        e.seeds.clear();
        if (s.is_array()) {
            for (const auto& v : s) {
                if (!v.is_number_integer() || v.get<int64_t>() < 0 ||
                    v.get<int64_t>() > 0xffffffffLL)
                    throw InputError("'seeds' must hold integers in [0, 2^32)");
                e.seeds.push_back(static_cast<uint32_t>(v.get<int64_t>()));
            }
        } else {
            JsonFields so(s, "seeds");
            const int first = so.integer("first", 0);
            const int count = so.integer("count", 1, 1, 100000);
            for (int i = 0; i < count; ++i) e.seeds.push_back(static_cast<uint32_t>(first + i));
        }
        if (e.seeds.empty()) throw InputError("'seeds' must not be empty");
    }
    if (!o.has("teacher")) throw InputError("'teacher' is required");
    e.teacher = parseRole(o.raw("teacher"), "teacher", false);
    if (!o.has("student")) throw InputError("'student' is required");
    e.student = parseRole(o.raw("student"), "student", true);
    // The KD weights live in one place, the student's training (the trainer reads them there).
    if (o.has("kd")) e.student.train.kd = KdConfig::fromJson(o.raw("kd"), "kd");
    if (o.has("intervention"))
        e.intervention = InterventionSpec::fromJson(o.raw("intervention"), "intervention");
    if (o.has("sweep")) {
        const auto& s = o.raw("sweep");
        if (!s.is_array()) throw InputError("'sweep' must be a list of {param, values}");
        for (std::size_t i = 0; i < s.size(); ++i) {
            JsonFields a(s[i], "sweep[" + std::to_string(i) + "]");
            SweepAxis axis;
            axis.param = a.str("param", "");
            if (axis.param.empty()) throw InputError("'" + a.key("param") + "' is required");
            if (!a.has("values") || !a.raw("values").is_array() || a.raw("values").empty())
                throw InputError("'" + a.key("values") + "' must be a non-empty list");
            for (const auto& v : a.raw("values")) axis.values.push_back(v);
            e.sweep.push_back(axis);
        }
    }
    e.engine = o.choice("engine", e.engine);
    e.device = o.str("device", e.device, devices());
    e.threads = o.integer("threads", 0, 0, 256);
    // Each sweep point must make a valid configuration; check them all before anything runs.
    // The grid's size is checked first, so that a sweep of millions of points is refused at
    // once instead of being expanded.
    std::size_t points = 1;
    for (const auto& a : e.sweep) {
        if (a.values.size() > limits::kMaxGridPoints / points)
            throw InputError("the sweep has more than " + std::to_string(limits::kMaxGridPoints) +
                             " grid points (the product of its axes' lengths)");
        points *= a.values.size();
    }
    if (points > limits::kMaxTrials / e.seeds.size())
        throw InputError("the sweep's " + std::to_string(points) + " grid points × " +
                         std::to_string(e.seeds.size()) + " seeds are more than " +
                         std::to_string(limits::kMaxTrials) + " trials");
    if (!e.sweep.empty())
        for (const auto& p : e.gridPoints()) e.at(p);
    o.finish();
    return e;
}

ExperimentSpec ExperimentSpec::fromFile(const std::string& path) {
    const json j = JsonReader::parseFile(path);
    try {
        return fromJson(j);
    } catch (const InputError& err) {
        throw InputError(path + ": " + err.what());
    }
}

std::size_t ExperimentSpec::gridSize() const {
    std::size_t n = 1;
    for (const auto& a : sweep) n *= a.values.size();
    return n;
}

std::vector<std::vector<json>> ExperimentSpec::gridPoints() const {
    std::vector<std::vector<json>> out(1);
    for (const auto& a : sweep) {
        std::vector<std::vector<json>> next;
        for (const auto& p : out)
            for (const auto& v : a.values) {
                auto q = p;
                q.push_back(v);
                next.push_back(q);
            }
        out = next;
    }
    return out;
}

ExperimentSpec ExperimentSpec::at(const std::vector<json>& point) const {
    json j = source;
    j.erase("sweep");
    for (std::size_t i = 0; i < sweep.size() && i < point.size(); ++i) {
        const std::string invalid = "sweep parameter '" + sweep[i].param + "' is not a valid path";
        json::json_pointer jp;
        try {
            jp = settingPointer(sweep[i].param);
        } catch (const std::exception&) {
            throw InputError(invalid);
        }
        if (!j.contains(jp.parent_pointer()) && jp.parent_pointer() != json::json_pointer())
            throw InputError("sweep parameter '" + sweep[i].param + "' names no setting");
        try {
            j[jp] = point[i];
        } catch (const json::exception&) {
            throw InputError(invalid);
        }
    }
    try {
        auto e = fromJson(j);
        e.sweep = sweep;
        return e;
    } catch (const InputError& err) {
        throw InputError(std::string("at sweep point ") + json(point).dump() + ": " + err.what());
    }
}

}  // namespace mfh
