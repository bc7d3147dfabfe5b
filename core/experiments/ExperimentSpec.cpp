#include "core/experiments/ExperimentSpec.h"

#include <fstream>
#include <set>
#include <sstream>

#include "core/base/Error.h"
#include "core/base/JsonReader.h"
#include "core/base/Limits.h"

namespace mfh {

using nlohmann::json;

namespace {

// Reads the keys of one JSON object, checking types, and rejects keys it was not asked for.
class Obj {
  public:
    Obj(const json& j, std::string path) : j_(j), path_(std::move(path)) {
        if (!j.is_object()) throw InputError(where() + " must be an object");
    }
    // The unknown-key check: called explicitly before a function returns its value (a throw
    // from a destructor after the return value exists would leak it under some compilers),
    // and by the destructor for scoped blocks.
    void finish() {
        if (finished_) return;
        finished_ = true;
        for (auto it = j_.begin(); it != j_.end(); ++it)
            if (!seen_.count(it.key())) {
                std::string allowed;
                for (const auto& k : seen_) allowed += (allowed.empty() ? "" : ", ") + k;
                throw InputError("unknown key '" + key(it.key()) + "' (allowed here: " + allowed +
                                 ")");
            }
    }
    ~Obj() noexcept(false) {
        if (!std::uncaught_exceptions()) finish();
    }
    bool has(const std::string& k) {
        seen_.insert(k);
        return j_.contains(k);
    }
    std::string key(const std::string& k) const { return path_.empty() ? k : path_ + "." + k; }
    std::string where() const { return path_.empty() ? "the configuration" : "'" + path_ + "'"; }
    const json& raw(const std::string& k) { return seen_.insert(k), j_.at(k); }

    double num(const std::string& k, double def, double lo = -1e300, double hi = 1e300) {
        if (!has(k)) return def;
        const auto& v = j_.at(k);
        if (!v.is_number()) throw InputError("'" + key(k) + "' must be a number");
        const double d = v.get<double>();
        if (!(d >= lo && d <= hi))
            throw InputError("'" + key(k) + "' = " + v.dump() + " is out of range [" + fmt(lo) +
                             ", " + fmt(hi) + "]");
        return d;
    }
    int integer(const std::string& k, int def, int lo = 0, int hi = 1 << 30) {
        if (!has(k)) return def;
        const auto& v = j_.at(k);
        if (!v.is_number_integer())
            throw InputError("'" + key(k) + "' must be an integer, not " + v.dump());
        const auto d = v.get<int64_t>();
        if (d < lo || d > hi)
            throw InputError("'" + key(k) + "' = " + v.dump() + " must be " +
                             (lo == 0 && d < 0 ? "non-negative"
                                               : "in [" + std::to_string(lo) + ", " +
                                                     std::to_string(hi) + "] (out of range)"));
        return static_cast<int>(d);
    }
    std::string str(const std::string& k, const std::string& def,
                    const std::vector<std::string>& choices = {}) {
        if (!has(k)) return def;
        const auto& v = j_.at(k);
        if (!v.is_string()) throw InputError("'" + key(k) + "' must be a string");
        auto s = v.get<std::string>();
        if (!choices.empty() && std::find(choices.begin(), choices.end(), s) == choices.end()) {
            std::string c;
            for (const auto& x : choices) c += (c.empty() ? "" : ", ") + x;
            throw InputError("'" + key(k) + "' = \"" + s + "\" is not one of: " + c);
        }
        return s;
    }
    std::vector<std::string> strings(const std::string& k) {
        if (!has(k)) return {};
        const auto& v = j_.at(k);
        if (v.is_string()) return {v.get<std::string>()};
        if (!v.is_array()) throw InputError("'" + key(k) + "' must be a list of names");
        std::vector<std::string> out;
        for (const auto& e : v) {
            if (!e.is_string()) throw InputError("'" + key(k) + "' must hold strings");
            out.push_back(e.get<std::string>());
        }
        return out;
    }

  private:
    static std::string fmt(double d) {
        std::ostringstream o;
        o << d;
        return o.str();
    }
    const json& j_;
    std::string path_;
    std::set<std::string> seen_;
    bool finished_ = false;
};

TrainConfig parseTrain(const json& j, const std::string& path, TrainConfig c) {
    Obj o(j, path);
    c.optimizer = o.str("optimizer", c.optimizer == OptimizerKind::Sgd ? "sgd" : "adam",
                        {"sgd", "adam"}) == "sgd"
                      ? OptimizerKind::Sgd
                      : OptimizerKind::Adam;
    c.lr = o.num("lr", c.lr, 0, 1e6);
    c.momentum = o.num("momentum", c.momentum, 0, 1);
    c.weightDecay = o.num("weight_decay", c.weightDecay, 0, 1e6);
    if (o.has("betas")) {
        const auto& b = o.raw("betas");
        if (!b.is_array() || b.size() != 2 || !b[0].is_number() || !b[1].is_number())
            throw InputError("'" + o.key("betas") + "' must be two numbers");
        c.beta1 = b[0], c.beta2 = b[1];
    }
    c.eps = o.num("eps", c.eps, 0, 1);
    c.epochs = o.integer("epochs", c.epochs);
    c.batchSize = o.integer("batch_size", c.batchSize);
    c.evalEvery = o.integer("eval_every", c.evalEvery);
    c.selection = o.str("selection", c.selection == Selection::Last ? "last" : "best-val",
                        {"last", "best-val"}) == "last"
                      ? Selection::Last
                      : Selection::BestVal;
    const auto sched = o.str("schedule", scheduleName(c.schedule), {"none", "step", "cosine"});
    c.schedule = sched == "step"     ? Schedule::Step
                 : sched == "cosine" ? Schedule::Cosine
                                     : Schedule::None;
    c.stepSize = o.integer("step_size", c.stepSize, 1);
    c.stepGamma = o.num("step_gamma", c.stepGamma, 0, 1);
    c.patience = o.integer("patience", c.patience);
    if (c.patience > 0 && c.evalEvery <= 0)
        throw InputError("'" + o.key("patience") + "' needs '" + o.key("eval_every") + "' > 0");
    o.finish();
    return c;
}

ModelSpec parseModel(const json& j, const std::string& path) {
    Obj o(j, path);
    ModelSpec m;
    m.type = o.str("type", "linear", {"linear", "mlp", "cnn", "fusion"});
    if (o.has("channels")) {
        const auto& h = o.raw("channels");
        if (!h.is_array() || h.empty())
            throw InputError("'" + o.key("channels") + "' must be a list of conv widths");
        for (const auto& w : h) {
            if (!w.is_number_integer() || w.get<int64_t>() < 1 || w.get<int64_t>() > 65536)
                throw InputError("'" + o.key("channels") +
                                 "' widths must be integers in [1, 65536]");
            m.channels.push_back(w.get<int64_t>());
        }
    }
    m.kernel = o.integer("kernel", m.kernel, 1, 15);
    if (m.kernel % 2 == 0) throw InputError("'" + o.key("kernel") + "' must be odd");
    m.stride = o.integer("stride", m.stride, 1, 8);
    m.width = o.integer("width", static_cast<int>(m.width), 0);
    if (m.type == "cnn" && m.channels.empty())
        throw InputError("'" + o.key("channels") + "' is required for a cnn");
    if (o.has("hidden")) {
        const auto& h = o.raw("hidden");
        if (!h.is_array()) throw InputError("'" + o.key("hidden") + "' must be a list of widths");
        for (const auto& w : h) {
            if (!w.is_number_integer() || w.get<int64_t>() < 1)
                throw InputError("'" + o.key("hidden") + "' widths must be positive integers");
            if (w.get<int64_t>() > 1000000)
                throw InputError("'" + o.key("hidden") + "' width " + w.dump() +
                                 " is above the limit of 1000000");
            m.hidden.push_back(w.get<int64_t>());
        }
    }
    if (m.type == "mlp" && m.hidden.empty())
        throw InputError("'" + o.key("hidden") + "' is required for an mlp");
    if (m.type == "linear") m.hidden.clear();
    o.finish();
    return m;
}

RoleSpec parseRole(const json& j, const std::string& path, bool student) {
    Obj o(j, path);
    RoleSpec r;
    r.modalities = o.strings(student ? "modality" : "modalities");
    if (r.modalities.empty())
        throw InputError("'" + o.key(student ? "modality" : "modalities") + "' is required");
    if (student && r.modalities.size() != 1)
        throw InputError("'" + o.key("modality") + "': the student sees exactly one modality");
    r.split = o.str("split", "train");
    if (o.has("model")) r.model = parseModel(o.raw("model"), o.key("model"));
    if (o.has("train")) r.train = parseTrain(o.raw("train"), o.key("train"), TrainConfig{});
    if (!student && o.has("run")) r.run = o.str("run", "");
    o.finish();
    return r;
}

VennSpec parseGenerator(const json& j, const std::string& path) {
    Obj o(j, path);
    const auto preset = o.str("preset", "", {"", "fig2", "fig3", "table2"});
    VennSpec s;
    if (preset == "fig2")
        s = VennSpec::fig2(o.integer("overlap", 10, 0, 10));
    else if (preset == "fig3")
        s = VennSpec::fig3(o.integer("xs1", 0, 0, 40));
    else if (preset == "table2")
        s = VennSpec::table2(o.integer("xs1", 10, 0, 49), o.integer("xs2", 10, 1, 50));
    else {
        const int cols = static_cast<int>(limits::kMaxColumns / 4);
        s.shared = o.integer("shared", s.shared, 0, cols);
        s.specificA = o.integer("specific_a", s.specificA, 0, cols);
        s.specificB = o.integer("specific_b", s.specificB, 0, cols);
        s.hidden = o.integer("hidden", s.hidden, 0, cols);
        s.noiseA = o.integer("noise_a", s.noiseA, 0, cols);
        s.noiseB = o.integer("noise_b", s.noiseB, 0, cols);
        s.hyperplaneOnes = o.str("hyperplane", "normal", {"normal", "ones"}) == "ones";
    }
    const int most = static_cast<int>(limits::kMaxSamples);
    s.nTrain = o.integer("n_train", s.nTrain, 1, most);
    s.nVal = o.integer("n_val", s.nVal, 0, most);
    s.nTest = o.integer("n_test", s.nTest, 1, most);
    s.layout();  // validates sizes now, with the config's path in the message
    o.finish();
    return s;
}

AvMnistOptions parseAvMnist(const json& j, const std::string& path) {
    Obj o(j, path);
    AvMnistOptions a;
    a.images = o.str("images", a.images, {"mnist", "fashion"});
    a.snrDb = o.num("snr_db", a.snrDb, -30, 60);
    a.imageNoise = o.num("image_noise", a.imageNoise, 0, 5);
    a.pcaDrop = o.integer("pca_drop", a.pcaDrop, 0, 700);
    a.limit = o.integer("limit", 0);
    a.voices = o.integer("voices", 0);
    a.seed = static_cast<uint32_t>(o.integer("seed", 0));
    o.finish();
    return a;
}

}  // namespace

nlohmann::json trainConfigToJson(const TrainConfig& c) {
    return {{"optimizer", c.optimizer == OptimizerKind::Sgd ? "sgd" : "adam"},
            {"lr", c.lr},
            {"momentum", c.momentum},
            {"weight_decay", c.weightDecay},
            {"betas", {c.beta1, c.beta2}},
            {"eps", c.eps},
            {"epochs", c.epochs},
            {"batch_size", c.batchSize},
            {"eval_every", c.evalEvery},
            {"selection", c.selection == Selection::Last ? "last" : "best-val"},
            {"schedule", scheduleName(c.schedule)},
            {"step_size", c.stepSize},
            {"step_gamma", c.stepGamma},
            {"patience", c.patience}};
}

ExperimentSpec ExperimentSpec::fromJson(const json& j) {
    ExperimentSpec e;
    e.source = j;
    Obj o(j, "");
    e.name = o.str("name", e.name);
    e.report = o.str("report", e.report, {"grid", "fig2", "fig3", "table2", "table1", "removal"});
    if (!o.has("dataset")) throw InputError("'dataset' is required");
    {
        Obj d(o.raw("dataset"), "dataset");
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
            e.generator = parseGenerator(d.raw("generator"), "dataset.generator");
        else
            e.avmnist = parseAvMnist(d.raw("avmnist"), "dataset.avmnist");
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
            Obj so(s, "seeds");
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
    if (o.has("kd")) {
        Obj k(o.raw("kd"), "kd");
        e.kd.wGt = k.num("w_gt", e.kd.wGt, 0, 1e6);
        e.kd.wKd = k.num("w_kd", e.kd.wKd, 0, 1e6);
        e.kd.temperature = k.num("temperature", e.kd.temperature, 1e-6, 1e6);
        e.kd.batchMean = k.str("reduction", "mean", {"mean", "batchmean"}) == "batchmean";
    }
    e.student.train.kd = e.kd;
    if (o.has("intervention")) {
        Obj iv(o.raw("intervention"), "intervention");
        auto& in = e.intervention;
        in.type = iv.str("type", "none", {"none", "mg-teacher", "removal"});
        if (in.type == "mg-teacher")
            in.mode = iv.str("mode", "gt", {"random", "gt", "alg1"});
        else if (in.type == "removal")
            in.mode = iv.str("mode", "modality-general",
                             {"none", "random", "modality-general", "modality-specific"});
        else
            in.mode = iv.str("mode", "");
        in.keep = iv.integer("keep", 0);
        in.ratio = iv.num("ratio", 0.75, 0, 1);
        in.source = iv.str("source", "joint", {"joint", "pretrained"});
        if (iv.has("algorithm1")) {
            Obj a(iv.raw("algorithm1"), "intervention.algorithm1");
            in.alg1.permutations = a.integer("permutations", in.alg1.permutations, 1);
            in.alg1.distance = a.str("distance", in.alg1.distance, {"mse", "l1"});
            in.alg1.tap = a.str("tap", in.alg1.tap);
            in.alg1.batchSize = a.integer("batch_size", 0);
            if (a.has("train"))
                in.alg1.joint =
                    parseTrain(a.raw("train"), "intervention.algorithm1.train", in.alg1.joint);
        }
    }
    if (o.has("sweep")) {
        const auto& s = o.raw("sweep");
        if (!s.is_array()) throw InputError("'sweep' must be a list of {param, values}");
        for (std::size_t i = 0; i < s.size(); ++i) {
            Obj a(s[i], "sweep[" + std::to_string(i) + "]");
            SweepAxis axis;
            axis.param = a.str("param", "");
            if (axis.param.empty()) throw InputError("'" + a.key("param") + "' is required");
            if (!a.has("values") || !a.raw("values").is_array() || a.raw("values").empty())
                throw InputError("'" + a.key("values") + "' must be a non-empty list");
            for (const auto& v : a.raw("values")) axis.values.push_back(v);
            e.sweep.push_back(axis);
        }
    }
    e.engine = o.str("engine", e.engine, {"auto", "kernel", "torch"});
    e.device = o.str("device", e.device, {"cpu", "cuda", "auto"});
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
        std::string ptr = "/" + sweep[i].param;
        for (auto& ch : ptr)
            if (ch == '.') ch = '/';
        try {
            const json::json_pointer jp(ptr);
            if (!j.contains(jp.parent_pointer()) && jp.parent_pointer() != json::json_pointer())
                throw InputError("sweep parameter '" + sweep[i].param + "' names no setting");
            j[jp] = point[i];
        } catch (const json::exception&) {
            throw InputError("sweep parameter '" + sweep[i].param + "' is not a valid path");
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
