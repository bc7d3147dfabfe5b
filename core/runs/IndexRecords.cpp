#include "core/runs/IndexRecords.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "core/base/Error.h"
#include "core/base/Hashing.h"
#include "core/base/JsonReader.h"
#include "core/base/Limits.h"
#include "core/runs/ConfigScan.h"
#include "core/runs/RunFile.h"
#include "core/training/RunStatus.h"

namespace mfh {

using nlohmann::json;

namespace {

// A JSON file within JsonReader's limits; the reason of a failure without the path (the index
// stores the path beside it).
json readJson(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw InputError(std::string("cannot read the file (") + std::strerror(errno) + ")");
    struct stat st {};
    std::string bytes;
    const bool sized = ::fstat(fd, &st) == 0;
    if (sized && static_cast<uint64_t>(st.st_size) <= limits::kMaxJsonBytes) {
        bytes.resize(static_cast<std::size_t>(st.st_size));
        std::size_t done = 0;
        while (done < bytes.size()) {
            const ssize_t n = ::read(fd, bytes.data() + done, bytes.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) break;
            done += static_cast<std::size_t>(n);
        }
        bytes.resize(done);  // shorter: it shrank since
    }
    ::close(fd);
    if (!sized) throw InputError("cannot read the file");
    if (static_cast<uint64_t>(st.st_size) > limits::kMaxJsonBytes)
        throw InputError(limits::bytesText(st.st_size) + " is more than the limit of " +
                         limits::bytesText(limits::kMaxJsonBytes) + " for a JSON file");
    static const std::string tag = "\x01";
    try {
        return JsonReader::parse(bytes, tag);
    } catch (const InputError& e) {
        std::string what = e.what();
        if (what.rfind(tag + ": ", 0) == 0) what.erase(0, tag.size() + 2);
        throw InputError(what);
    }
}

std::optional<std::string> text(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    return it->is_string() ? it->get<std::string>() : it->dump();
}

std::optional<int64_t> integer(const json& j, const char* key) {
    const auto it = j.find(key);
    if (it == j.end() || !it->is_number_integer()) return std::nullopt;
    return it->get<int64_t>();
}

void checkFormat(const json& j, const char* format) {
    if (!j.is_object()) throw InputError("not a JSON object");
    if (j.value("format", std::string()) != format)
        throw InputError(std::string("format is not ") + format);
    if (const auto v = integer(j, "version"); v && *v > 1)
        throw InputError("version " + std::to_string(*v) + " is newer than this program reads (1)");
}

void flattenInto(const json& j, const std::string& prefix, std::map<std::string, json>& out) {
    if (j.is_object() && !j.empty()) {
        for (const auto& [k, v] : j.items())
            flattenInto(v, prefix.empty() ? k : prefix + "." + k, out);
    } else if (!prefix.empty()) {
        out[prefix] = j;
    }
}

// A number attribute as an integer; a NaN or one out of range (a damaged file) is 0.
int64_t wholeNumber(double v) {
    return std::isfinite(v) && std::abs(v) < 9.2e18 ? static_cast<int64_t>(v) : 0;
}

std::string str(const RunMetadata& m, const char* key) {
    const auto it = m.strings.find(key);
    return it == m.strings.end() ? std::string() : it->second;
}

}  // namespace

IndexedRun IndexRecords::run(const RunMetadata& m) {
    IndexedRun r;
    if (const auto v = m.numbers.find("version");
        v != m.numbers.end() && !(v->second <= RunFile::kVersion))
        throw InputError("run format version " + std::to_string(wholeNumber(v->second)) +
                         ", newer than this program reads (" + std::to_string(RunFile::kVersion) +
                         ")");
    if (m.configNotString) throw InputError("the config attribute is not a JSON string");
    const auto status = m.strings.find("status");
    if (status == m.strings.end()) throw InputError("the run file has no status");
    r.status = nameOf(parseEnum<RunStatus>(status->second, "status"));
    const auto cfg = m.strings.find("config");
    r.config = cfg == m.strings.end() ? "{}" : cfg->second;
    const ConfigScan config = ConfigScan::of(r.config, "the config attribute");
    r.runId = str(m, "id"), r.role = str(m, "role"), r.dataset = str(m, "dataset");
    r.datasetHash = str(m, "dataset_hash"), r.teacherRun = str(m, "teacher_run");
    r.startTime = str(m, "start_time"), r.endTime = str(m, "end_time"), r.device = str(m, "device");
    r.key = str(m, "key"), r.appVersion = str(m, "app_version");
    r.gitRevision = str(m, "git_revision");
    if (const auto s = m.numbers.find("seed"); s != m.numbers.end())
        r.seed = wholeNumber(s->second);
    r.metrics = m.metrics;
    for (const auto& v : config.modalities) r.modalities += (r.modalities.empty() ? "" : ",") + v;
    std::string joined;
    for (const auto& k : config.keys) joined += k + "\n";
    r.configShape = static_cast<int64_t>(hashBytes(joined.data(), joined.size()) >> 1);
    r.configKeys = config.keys;
    return r;
}

std::optional<IndexedTrial> IndexRecords::trial(const std::string& path) {
    const json j = readJson(path);
    if (!j.is_object() || j.value("format", std::string()) != "mfh-trial") return std::nullopt;
    checkFormat(j, "mfh-trial");
    IndexedTrial t;
    const auto index = integer(j, "point_index");
    if (!index || *index < 0) throw InputError("point_index is missing or negative");
    t.pointIndex = *index;
    t.seed = integer(j, "seed").value_or(0);
    const json point = j.value("point", json::object());
    if (!point.is_object()) throw InputError("point is not an object");
    t.point = point.dump();
    t.pointText = pointText(point);
    const auto runs = j.find("runs");
    if (runs == j.end() || !runs->is_array()) throw InputError("runs is missing or not a list");
    for (const auto& r : *runs) {
        if (!r.is_string()) throw InputError("runs holds something other than run ids");
        const auto id = r.get<std::string>();
        bool seen = false;
        for (const auto& x : t.runs) seen = seen || x == id;
        if (!seen) t.runs.push_back(id);
    }
    return t;
}

void IndexRecords::readState(const std::string& path, IndexedExperiment& e) {
    const json j = readJson(path);
    checkFormat(j, "mfh-experiment");
    for (auto [key, field] : {std::pair{"name", &e.name},
                              {"title", &e.title},
                              {"report", &e.report},
                              {"status", &e.status},
                              {"message", &e.message},
                              {"created", &e.created},
                              {"updated", &e.updated},
                              {"experiment_hash", &e.hash},
                              {"axes", &e.axes},
                              {"points", &e.points},
                              {"seeds", &e.seeds},
                              {"app_version", &e.appVersion}})
        if (auto v = text(j, key)) *field = v;
    e.trialsTotal = integer(j, "trials_total");
    e.trialsDone = integer(j, "trials_done");
}

void IndexRecords::readExperimentFile(const std::string& path, IndexedExperiment& e) {
    const json j = readJson(path);
    if (!j.is_object()) throw InputError("not a JSON object");
    for (auto [key, field] :
         {std::pair{"name", &e.name}, {"title", &e.title}, {"report", &e.report}})
        if (!*field)
            if (auto v = text(j, key)) *field = v;
}

std::string IndexRecords::valueText(const json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string IndexRecords::pointText(const json& point) {
    std::vector<std::string> axes;
    for (const auto& kv : point.items()) axes.push_back(kv.key());
    auto suffix = [](const std::string& path, int parts) {  // the last `parts` components
        std::size_t at = path.size();
        for (int i = 0; i < parts && at != std::string::npos; ++i)
            at = at == 0 ? std::string::npos : path.find_last_of('.', at - 1);
        return at == std::string::npos ? path : path.substr(at + 1);
    };
    std::string out;
    for (const auto& axis : axes) {
        std::string label;
        for (int parts = 1;; ++parts) {
            label = suffix(axis, parts);
            bool unique = true;
            for (const auto& other : axes)
                unique = unique && (other == axis || suffix(other, parts) != label);
            if (unique || label == axis) break;
        }
        out += (out.empty() ? "" : ", ") + label + " = " + valueText(point[axis]);
    }
    return out;
}

std::string IndexRecords::jsonPath(const std::string& dotted) {
    std::string out = "$";
    std::size_t b = 0;
    while (b <= dotted.size()) {
        auto e = dotted.find('.', b);
        if (e == std::string::npos) e = dotted.size();
        out += ".\"" + dotted.substr(b, e - b) + "\"";
        b = e + 1;
    }
    return out;
}

std::map<std::string, json> IndexRecords::flatten(const json& config) {
    std::map<std::string, json> out;
    flattenInto(config, "", out);
    return out;
}

}  // namespace mfh
