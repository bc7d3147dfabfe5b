#include "core/runs/RunIndex.h"

#include <unistd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "core/base/Error.h"
#include "core/base/Hashing.h"
#include "core/runs/IndexRecords.h"
#include "core/runs/IndexUpdater.h"
#include "core/runs/RunFilter.h"
#include "core/runs/RunIndexSchema.h"
#include "core/runs/SqliteConnection.h"

namespace mfh {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kIndexName = ".mfh-index.sqlite";

std::string absoluteFolder(const std::string& root) {
    std::error_code ec;
    if (!fs::exists(root, ec)) throw InputError("no such folder: " + root);
    if (!fs::is_directory(root, ec)) throw InputError(root + " is not a folder");
    auto p = fs::canonical(root, ec);
    if (ec) throw InputError("cannot read the folder " + root + " (" + ec.message() + ")");
    return p.string();
}

void bindAll(SqliteStatement& s, const std::vector<FilterValue>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int at = static_cast<int>(i + 1);
        std::visit([&](const auto& v) { s.bind(at, v); }, params[i]);
    }
}

// "3\tw_kd = 0.25\n1\tw_kd = 0" (point index, text) -> the distinct texts by point index.
// `keep` caps the texts returned; `count` receives how many distinct points there are.
std::vector<std::string> pointsOf(const std::string& packed, std::size_t keep, int64_t& count) {
    std::vector<std::pair<int64_t, std::string>> v;
    std::size_t b = 0;
    while (b < packed.size()) {
        auto e = packed.find('\n', b);
        if (e == std::string::npos) e = packed.size();
        const auto tab = packed.find('\t', b);
        if (tab != std::string::npos && tab < e)
            v.emplace_back(std::atoll(packed.c_str() + b), packed.substr(tab + 1, e - tab - 1));
        b = e + 1;
    }
    std::sort(v.begin(), v.end());
    std::vector<std::string> out;
    count = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i > 0 && v[i] == v[i - 1]) continue;  // the same point at another seed
        if (out.size() < keep) out.push_back(std::move(v[i].second));
        ++count;
    }
    return out;
}

// A configuration value as the sweep points and configDiff write it: numbers in their shortest
// exact form (SQLite's own text of a real keeps 15 digits), strings as they are.
std::string valueText(const SqliteStatement& q, int col) {
    if (q.type(col) == SQLITE_FLOAT) return json(q.real(col)).dump();
    return q.text(col);
}

const char* kPoints =
    "(SELECT group_concat(p.point_index || char(9) || p.point_text, char(10)) FROM run_points p "
    "WHERE p.experiment = r.experiment AND p.run_id = r.run_id)";

}  // namespace

std::string RunIndex::locate(const std::string& root) {
    const std::string abs = absoluteFolder(root);
    const std::string inRoot = abs + "/" + kIndexName;
    const bool exists = ::access(inRoot.c_str(), F_OK) == 0;
    if (::access(abs.c_str(), W_OK) == 0 && (!exists || ::access(inRoot.c_str(), W_OK) == 0))
        return inRoot;
    std::string cache;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x == '/')
        cache = x;
    else if (const char* h = std::getenv("HOME"); h && *h)
        cache = std::string(h) + "/.cache";
    else
        throw InputError("the folder " + abs +
                         " is read-only and there is no cache folder ($XDG_CACHE_HOME, $HOME) "
                         "for its index");
    std::error_code ec;
    fs::create_directories(cache + "/mfh", ec);
    if (ec)
        throw InputError("the folder " + abs + " is read-only and the cache folder " + cache +
                         "/mfh cannot be created (" + ec.message() + ")");
    return cache + "/mfh/index-" + hex64(hashBytes(abs.data(), abs.size())) + ".sqlite";
}

RunIndex::RunIndex(const std::string& root) : root_(absoluteFolder(root)), path_(locate(root_)) {
    db_ = RunIndexSchema::open(path_, root_, notes_);
}

RunIndex::~RunIndex() = default;

IndexUpdate RunIndex::update(const IndexProgress& progress, const std::atomic<bool>* cancel) {
    std::vector<std::string> notes = std::move(notes_);
    notes_.clear();
    for (int attempt = 0;; ++attempt) {
        try {
            IndexUpdate out = IndexUpdater(*db_, root_).run(progress, cancel);
            out.notes.insert(out.notes.begin(), notes.begin(), notes.end());
#ifdef __GLIBC__
            malloc_trim(0);  // the update's maps and lists go back to the system, not only the heap
#endif
            return out;
        } catch (const SqliteError& e) {
            try {
                db_->exec("ROLLBACK");
            } catch (const SqliteError&) {
            }
            if ((e.code() & 0xff) == SQLITE_BUSY) {  // another process kept on updating it
                IndexUpdate out;
                out.notes = notes;
                out.notes.push_back("another process is updating the index " + path_ +
                                    "; this is its last complete state");
                out.runs = db_->scalar("SELECT count(*) FROM runs");
                out.problems = db_->scalar("SELECT count(*) FROM files WHERE error IS NOT NULL");
                return out;
            }
            if (!e.corrupt() || attempt > 0)
                throw InputError("the index " + path_ + " cannot be updated (" + e.what() + ")");
            notes.push_back("the index " + path_ + " is damaged (" + e.what() +
                            "); it is rebuilt from the files");
            db_.reset();
            db_ = RunIndexSchema::recreate(path_, root_);
        }
    }
}

std::vector<ExperimentInfo> RunIndex::experiments() const {
    std::vector<ExperimentInfo> out;
    auto q = db_->prepare(
        "SELECT dir, name, title, report, status, message, created, updated, experiment_hash, "
        "trials_total, trials_done, axes, (SELECT count(*) FROM runs r WHERE r.experiment = "
        "e.dir) FROM experiments e ORDER BY dir");
    while (q.step()) {
        ExperimentInfo e;
        e.dir = q.text(0), e.name = q.text(1), e.title = q.text(2), e.report = q.text(3);
        e.status = q.text(4), e.message = q.text(5), e.created = q.text(6), e.updated = q.text(7);
        e.experimentHash = q.text(8);
        e.trialsTotal = q.isNull(9) ? -1 : q.integer(9);
        e.trialsDone = q.isNull(10) ? -1 : q.integer(10);
        try {
            const json axes = json::parse(q.text(11));
            for (const auto& a : axes)
                if (a.is_string()) e.axes.push_back(a.get<std::string>());
        } catch (const json::exception&) {
        }
        e.runs = q.integer(12);
        if (e.name.empty())  // no readable name: the folder's own
            e.name = fs::path(e.dir == "." ? root_ : e.dir).filename().string();
        out.push_back(std::move(e));
    }
    return out;
}

namespace {

FilterSql compileFor(SqliteConnection& db, const RunIndex& index, const std::string& filter) {
    if (filter.find_first_not_of(" \t\r\n") == std::string::npos) return {};
    FilterContext ctx;
    auto metric = std::make_shared<SqliteStatement>(
        db.prepare("SELECT 1 FROM metrics WHERE name = ?1 LIMIT 1"));
    ctx.isMetric = [metric](const std::string& name) {
        metric->bind(1, name);
        const bool found = metric->step();
        metric->reset();
        return found;
    };
    auto keys = std::make_shared<std::vector<std::string>>(index.configKeys());
    ctx.isConfigKey = [keys](const std::string& path) {
        auto it = std::lower_bound(keys->begin(), keys->end(), path);
        if (it != keys->end() && *it == path) return true;
        it = std::lower_bound(keys->begin(), keys->end(), path + ".");
        return it != keys->end() && it->compare(0, path.size() + 1, path + ".") == 0;
    };
    ctx.axes = index.sweptSettings();
    return RunFilter::compile(filter, ctx);
}

}  // namespace

int64_t RunIndex::countRuns(const std::string& filter) const {
    const FilterSql f = compileFor(*db_, *this, filter);
    auto q = db_->prepare("SELECT count(*) FROM runs r WHERE " + f.where);
    bindAll(q, f.params);
    return q.step() ? q.integer(0) : 0;
}

std::vector<int64_t> RunIndex::runIds(const std::string& filter) const {
    const FilterSql f = compileFor(*db_, *this, filter);
    auto q = db_->prepare("SELECT r.id FROM runs r WHERE " + f.where + " ORDER BY r.id");
    bindAll(q, f.params);
    std::vector<int64_t> out;
    while (q.step()) out.push_back(q.integer(0));
    return out;
}

std::vector<RunRow> RunIndex::runs(const RunQuery& query) const {
    const FilterSql f = compileFor(*db_, *this, query.filter);
    std::vector<FilterValue> params = f.params;
    auto param = [&](FilterValue v) {
        params.push_back(std::move(v));
        return "?" + std::to_string(params.size());
    };
    std::string sql =
        "SELECT r.id, r.experiment, r.path, r.run_id, r.role, r.status, r.teacher_run, "
        "r.start_time, r.seed, " +
        std::string(kPoints) + ", r.modalities";
    for (const auto& m : query.metrics)
        sql += ", (SELECT value FROM metrics m WHERE m.run = r.id AND m.name = " + param(m) + ")";
    for (const auto& k : query.configKeys)
        sql += ", (SELECT json_extract(c.config, " + param(IndexRecords::jsonPath(k)) +
               ") FROM configs c WHERE c.run = r.id)";
    sql += " FROM runs r WHERE " + f.where +
           " ORDER BY r.experiment, r.role, r.seed, r.run_id LIMIT " + param(int64_t(query.limit)) +
           " OFFSET " + param(int64_t(query.offset));
    auto q = db_->prepare(sql);
    bindAll(q, params);
    std::vector<RunRow> out;
    // Without a limit, the count first: a vector that doubles as it grows would hold up to
    // twice the rows of a workspace at once.
    if (query.limit >= 0)
        out.reserve(static_cast<std::size_t>(std::min<int64_t>(query.limit, 10000)));
    else
        out.reserve(static_cast<std::size_t>(
            std::max<int64_t>(0, countRuns(query.filter) - std::max<int64_t>(query.offset, 0))));
    const int metricsAt = 11, configAt = metricsAt + static_cast<int>(query.metrics.size());
    while (q.step()) {
        RunRow r;
        r.rowid = q.integer(0), r.experiment = q.text(1), r.path = q.text(2);
        r.runId = q.text(3), r.role = q.text(4), r.status = q.text(5), r.teacherRun = q.text(6);
        r.startTime = q.text(7), r.seed = q.integer(8);
        r.points = pointsOf(q.text(9), RunRow::kListedPoints, r.pointCount);
        r.modalities = q.text(10);
        for (std::size_t i = 0; i < query.metrics.size(); ++i)
            r.metrics.push_back(q.optionalReal(metricsAt + static_cast<int>(i)));
        for (std::size_t i = 0; i < query.configKeys.size(); ++i)
            r.configValues.push_back(valueText(q, configAt + static_cast<int>(i)));
        out.push_back(std::move(r));
    }
    return out;
}

RunDetails RunIndex::run(int64_t rowid) const {
    auto q = db_->prepare(
        "SELECT r.id, r.experiment, r.path, r.run_id, r.role, r.status, r.teacher_run, "
        "r.start_time, r.seed, " +
        std::string(kPoints) +
        ", r.dir, r.dataset, r.dataset_hash, r.end_time, r.device, r.key, r.app_version, "
        "r.git_revision, r.modalities, (SELECT config FROM configs c WHERE c.run = r.id) FROM "
        "runs r WHERE r.id = ?1");
    q.bind(1, rowid);
    if (!q.step()) throw InputError("no run " + std::to_string(rowid) + " in the index");
    RunDetails d;
    RunRow& r = d.row;
    r.rowid = q.integer(0), r.experiment = q.text(1), r.path = q.text(2), r.runId = q.text(3);
    r.role = q.text(4), r.status = q.text(5), r.teacherRun = q.text(6), r.startTime = q.text(7);
    r.seed = q.integer(8), r.points = pointsOf(q.text(9), SIZE_MAX, r.pointCount);
    d.dir = q.text(10), d.dataset = q.text(11), d.datasetHash = q.text(12);
    d.endTime = q.text(13), d.device = q.text(14), d.key = q.text(15);
    d.appVersion = q.text(16), d.gitRevision = q.text(17);
    const std::string modalities = q.text(18);
    for (std::size_t b = 0; b < modalities.size();) {
        auto e = modalities.find(',', b);
        if (e == std::string::npos) e = modalities.size();
        d.modalities.push_back(modalities.substr(b, e - b));
        b = e + 1;
    }
    d.config = json::parse(q.text(19), nullptr, false);  // checked when it was indexed
    if (d.config.is_discarded()) d.config = json::object();
    auto m = db_->prepare("SELECT name, value FROM metrics WHERE run = ?1 ORDER BY name");
    m.bind(1, rowid);
    while (m.step()) d.metrics[m.text(0)] = m.real(1);
    return d;
}

std::vector<std::string> RunIndex::metricNames() const {
    // A skip scan of the (name, value) index: one step per distinct name, not per row.
    std::vector<std::string> out;
    auto q = db_->prepare(
        "WITH RECURSIVE n(x) AS (SELECT min(name) FROM metrics UNION ALL SELECT (SELECT "
        "min(name) FROM metrics WHERE name > x) FROM n WHERE x IS NOT NULL) SELECT x FROM n "
        "WHERE x IS NOT NULL");
    while (q.step()) out.push_back(q.text(0));
    return out;
}

std::vector<std::string> RunIndex::configKeys() const {
    std::set<std::string> keys;
    auto q = db_->prepare("SELECT keys FROM config_keys");
    while (q.step()) {
        const json list = json::parse(q.text(0), nullptr, false);
        if (list.is_array())
            for (const auto& k : list)
                if (k.is_string()) keys.insert(k.get<std::string>());
    }
    return {keys.begin(), keys.end()};
}

std::vector<std::string> RunIndex::sweptSettings() const {
    std::set<std::string> axes;
    for (const auto& e : experiments()) axes.insert(e.axes.begin(), e.axes.end());
    return {axes.begin(), axes.end()};
}

std::vector<ConfigDifference> RunIndex::configDiff(int64_t a, int64_t b) const {
    const auto fa = IndexRecords::flatten(run(a).config);
    const auto fb = IndexRecords::flatten(run(b).config);
    std::set<std::string> keys;
    for (const auto& kv : fa) keys.insert(kv.first);
    for (const auto& kv : fb) keys.insert(kv.first);
    std::vector<ConfigDifference> out;
    for (const auto& k : keys) {
        const auto ia = fa.find(k), ib = fb.find(k);
        ConfigDifference d{k, std::nullopt, std::nullopt};
        if (ia != fa.end()) d.a = ia->second.dump();
        if (ib != fb.end()) d.b = ib->second.dump();
        if (d.a != d.b) out.push_back(std::move(d));
    }
    return out;
}

std::vector<IndexProblem> RunIndex::problems() const {
    std::vector<IndexProblem> out;
    auto q = db_->prepare("SELECT path, reason FROM problems ORDER BY path");
    while (q.step()) out.push_back({q.text(0), q.text(1)});
    return out;
}

}  // namespace mfh
