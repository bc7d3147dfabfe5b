#include "core/runs/IndexUpdater.h"

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <thread>

#include "core/base/Error.h"
#include "core/base/TimeStamp.h"
#include "core/runs/RunMetadataReader.h"

namespace mfh {

namespace {

const char* kindName(ScanKind k) {
    switch (k) {
        case ScanKind::H5:
            return "run";
        case ScanKind::State:
            return "state";
        case ScanKind::ExperimentJson:
            return "experiment";
        case ScanKind::Trial:
            return "trial";
    }
    return "run";
}

}  // namespace

IndexUpdater::IndexUpdater(SqliteConnection& db, const std::string& root) : db_(db), root_(root) {}

void IndexUpdater::prepare() {
    insertFile_ = db_.prepare(
        "INSERT INTO files(path, kind, size, mtime_ns, inode, error) VALUES(?1, ?2, ?3, ?4, ?5, "
        "?6)");
    updateFile_ = db_.prepare(
        "UPDATE files SET kind = ?2, size = ?3, mtime_ns = ?4, inode = ?5, error = ?6 WHERE id = "
        "?1");
    deleteFile_ = db_.prepare("DELETE FROM files WHERE id = ?1");
    insertRun_ = db_.prepare(
        "INSERT INTO runs(file, path, dir, experiment, run_id, role, status, seed, dataset, "
        "dataset_hash, teacher_run, start_time, end_time, device, modalities, key, app_version, "
        "git_revision, config_shape) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13, ?14, ?15, ?16, ?17, ?18, ?19)");
    insertConfig_ = db_.prepare("INSERT INTO configs(run, config) VALUES(?1, ?2)");
    insertMetric_ =
        db_.prepare("INSERT OR REPLACE INTO metrics(run, name, value) VALUES(?1, ?2, ?3)");
    insertPoint_ = db_.prepare(
        "INSERT INTO run_points(file, experiment, run_id, point_index, seed, point, point_text) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    insertShape_ = db_.prepare("INSERT OR IGNORE INTO config_keys(shape, keys) VALUES(?1, ?2)");
    deleteMetrics_ =
        db_.prepare("DELETE FROM metrics WHERE run IN (SELECT id FROM runs WHERE file = ?1)");
    deleteConfigs_ =
        db_.prepare("DELETE FROM configs WHERE run IN (SELECT id FROM runs WHERE file = ?1)");
    deleteRuns_ = db_.prepare("DELETE FROM runs WHERE file = ?1");
    deletePoints_ = db_.prepare("DELETE FROM run_points WHERE file = ?1");
}

int64_t IndexUpdater::writeFile(const ScannedFile& f, const std::string& kind,
                                const std::string* error) {
    auto it = known_.find(f.path);
    const bool update = it != known_.end();
    auto& s = update ? updateFile_ : insertFile_;
    if (update)
        s.bind(1, it->second.id);
    else
        s.bind(1, f.path);
    s.bind(2, kind).bind(3, f.size).bind(4, f.mtimeNs).bind(5, f.inode);
    if (error)
        s.bind(6, *error);
    else
        s.bindNull(6);
    s.run();
    if (update) {
        it->second.size = f.size, it->second.mtimeNs = f.mtimeNs, it->second.inode = f.inode;
        it->second.kind = kind;
        return it->second.id;
    }
    return db_.lastInsertRowid();  // each file is written once per update: not remembered
}

std::string_view IndexUpdater::keep(std::string_view path) {
    constexpr std::size_t kBlock = 1 << 20;
    if (path.size() > arenaLeft_) {
        const std::size_t n = std::max(kBlock, path.size());
        arena_.push_back(std::make_unique<char[]>(n));
        arenaNext_ = arena_.back().get(), arenaLeft_ = n;
    }
    std::copy(path.begin(), path.end(), arenaNext_);
    const std::string_view kept(arenaNext_, path.size());
    arenaNext_ += path.size(), arenaLeft_ -= path.size();
    return kept;
}

void IndexUpdater::deleteDerived(int64_t fileId, const std::string& kind) {
    if (kind == "run") {
        deleteMetrics_.bind(1, fileId).run();
        deleteConfigs_.bind(1, fileId).run();
        deleteRuns_.bind(1, fileId).run();
    } else if (kind == "trial" || kind == "foreign") {
        deletePoints_.bind(1, fileId).run();
    }
}

void IndexUpdater::removeFile(const Known& k) {
    deleteDerived(k.id, k.kind);
    deleteFile_.bind(1, k.id).run();
}

void IndexUpdater::storeRun(const ScannedFile& f, const RunMetadata& meta) {
    if (const auto it = known_.find(f.path); it != known_.end())
        deleteDerived(it->second.id, "run");
    if (meta.kind == RunMetadata::Kind::Foreign) {
        writeFile(f, "foreign", nullptr);
        return;
    }
    std::string error = meta.error;
    IndexedRun r;
    if (meta.kind == RunMetadata::Kind::Run) {
        try {
            r = IndexRecords::run(meta);
        } catch (const InputError& e) {
            error = e.what();
        }
    }
    if (!error.empty()) {
        writeFile(f, "run", &error);
        return;
    }
    const int64_t file = writeFile(f, "run", nullptr);
    const std::string dir = WorkspaceScan::folderOf(f.path, ScanKind::H5);
    auto& s = insertRun_;
    s.bind(1, file).bind(2, f.path).bind(3, dir);
    if (experimentDirs_.count(dir))
        s.bind(4, dir);
    else
        s.bindNull(4);
    s.bind(5, r.runId).bind(6, r.role).bind(7, r.status).bind(8, r.seed).bind(9, r.dataset);
    s.bind(10, r.datasetHash).bind(11, r.teacherRun).bind(12, r.startTime).bind(13, r.endTime);
    s.bind(14, r.device).bind(15, r.modalities).bind(16, r.key).bind(17, r.appVersion);
    s.bind(18, r.gitRevision).bind(19, r.configShape);
    s.run();
    const int64_t run = db_.lastInsertRowid();
    insertConfig_.bind(1, run).bind(2, r.config).run();
    for (const auto& [name, value] : r.metrics)
        insertMetric_.bind(1, run).bind(2, name).bind(3, value).run();
    if (shapes_.insert(r.configShape).second)  // a new set of keys: stored once
        insertShape_.bind(1, r.configShape).bind(2, nlohmann::json(r.configKeys).dump()).run();
}

void IndexUpdater::storeTrial(const ScannedFile& f) {
    if (const auto it = known_.find(f.path); it != known_.end())
        deleteDerived(it->second.id, "trial");
    std::optional<IndexedTrial> t;
    try {
        t = IndexRecords::trial(root_ + "/" + f.path);
    } catch (const InputError& e) {
        const std::string error = e.what();
        writeFile(f, "trial", &error);
        return;
    }
    if (!t) {
        writeFile(f, "foreign", nullptr);
        return;
    }
    const int64_t file = writeFile(f, "trial", nullptr);
    const std::string dir = WorkspaceScan::folderOf(f.path, ScanKind::Trial);
    for (const auto& id : t->runs) {
        insertPoint_.bind(1, file).bind(2, dir).bind(3, id).bind(4, t->pointIndex);
        insertPoint_.bind(5, t->seed).bind(6, t->point).bind(7, t->pointText).run();
    }
}

void IndexUpdater::storeExperiment(const std::string& dir,
                                   const std::vector<const ScannedFile*>& files) {
    IndexedExperiment e;
    for (const ScanKind kind : {ScanKind::State, ScanKind::ExperimentJson}) {
        for (const ScannedFile* f : files) {
            if (f->kind != kind) continue;
            std::string error;
            try {
                if (kind == ScanKind::State)
                    IndexRecords::readState(root_ + "/" + f->path, e);
                else
                    IndexRecords::readExperimentFile(root_ + "/" + f->path, e);
            } catch (const InputError& x) {
                error = x.what();
            }
            writeFile(*f, kindName(kind), error.empty() ? nullptr : &error);
        }
    }
    auto s = db_.prepare(
        "INSERT OR REPLACE INTO experiments(dir, name, title, report, status, message, created, "
        "updated, experiment_hash, trials_total, trials_done, axes, points, seeds, app_version) "
        "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)");
    s.bind(1, dir).bindOptional(2, e.name).bindOptional(3, e.title).bindOptional(4, e.report);
    s.bindOptional(5, e.status).bindOptional(6, e.message).bindOptional(7, e.created);
    s.bindOptional(8, e.updated).bindOptional(9, e.hash);
    e.trialsTotal ? s.bind(10, *e.trialsTotal) : s.bindNull(10);
    e.trialsDone ? s.bind(11, *e.trialsDone) : s.bindNull(11);
    s.bindOptional(12, e.axes).bindOptional(13, e.points).bindOptional(14, e.seeds);
    s.bindOptional(15, e.appVersion).run();
}

void IndexUpdater::readFiles(const std::vector<const ScannedFile*>& h5,
                             const std::vector<const ScannedFile*>& trials,
                             const IndexProgress& progress, const std::atomic<bool>* cancel,
                             IndexUpdate& out) {
    const int64_t total = static_cast<int64_t>(h5.size() + trials.size());
    std::vector<std::string> paths;
    paths.reserve(h5.size());
    for (const ScannedFile* f : h5) paths.push_back(f->path);
    RunMetadataReader reader(root_, paths);
    std::size_t nextRun = 0, nextTrial = 0;
    int64_t done = 0;
    if (progress) progress(0, total);
    auto lastReport = std::chrono::steady_clock::now();
    while (nextRun < h5.size() || nextTrial < trials.size()) {
        if (cancel && cancel->load()) {
            out.cancelled = true;
            break;
        }
        RunMetadata m;
        // Trial files are read here while the reader is ahead with nothing waiting.
        if (nextRun < h5.size() && reader.next(m, nextTrial >= trials.size())) {
            storeRun(*h5[nextRun++], m);
        } else if (nextTrial < trials.size()) {
            storeTrial(*trials[nextTrial++]);
        }
        ++done;
        if (progress && done % 256 == 0) {
            const auto now = std::chrono::steady_clock::now();
            if (now - lastReport > std::chrono::milliseconds(50))
                progress(done, total), lastReport = now;
        }
    }
    out.filesRead += done;
    if (progress) progress(done, total);
}

IndexUpdate IndexUpdater::run(const IndexProgress& progress, const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    IndexUpdate out;
    // One write transaction for the whole update: a second process updating the same index
    // waits for this one (busy timeout) and then finds everything current.
    db_.exec("BEGIN IMMEDIATE");
    struct Rollback {  // whatever stops the update (an error, a cancelled walk) undoes it
        SqliteConnection& db;
        bool committed = false;
        ~Rollback() {
            if (committed) return;
            try {
                db.exec("ROLLBACK");
            } catch (const SqliteError&) {
            }
        }
    } transaction{db_};
    // A larger page cache while the indexes grow (set below, once it is known that many files
    // are to be read: a reopen that reads few needs none); the connection's own afterwards.
    const int64_t cache = db_.scalar("PRAGMA cache_size");
    struct RestoreCache {
        SqliteConnection& db;
        int64_t pages;
        ~RestoreCache() {
            try {
                db.exec("PRAGMA cache_size = " + std::to_string(pages));
            } catch (const SqliteError&) {
            }
        }
    } restore{db_, cache};
    // The walk (system calls) runs beside the reading of what the index knows.
    WorkspaceScanResult scan;
    std::exception_ptr walkError;
    std::thread walker([&] {
        try {
            scan = WorkspaceScan::walk(root_, cancel);
        } catch (...) {
            walkError = std::current_exception();
        }
    });
    try {
        known_.reserve(static_cast<std::size_t>(db_.scalar("SELECT count(*) FROM files")));
        for (auto q = db_.prepare("SELECT id, path, size, mtime_ns, inode, kind FROM files");
             q.step();)
            known_.emplace(keep(q.view(1)), Known{q.integer(0), q.integer(2), q.integer(3),
                                                  q.integer(4), q.text(5), false});
    } catch (...) {
        walker.join();
        throw;
    }
    walker.join();
    if (walkError) std::rethrow_exception(walkError);
    if (scan.cancelled) {
        out.cancelled = true;
        return out;
    }
    out.filesSeen = static_cast<int64_t>(scan.files.size());
    for (auto q = db_.prepare("SELECT shape FROM config_keys"); q.step();)
        shapes_.insert(q.integer(0));
    std::set<std::string> before;  // experiment folders at the last update
    for (auto q = db_.prepare("SELECT dir FROM experiments"); q.step();) before.insert(q.text(0));

    std::map<std::string, std::vector<const ScannedFile*>> experimentFiles;
    std::vector<const ScannedFile*> h5, trials;
    std::set<std::string> dirty;  // experiment folders whose rows are written again
    for (const auto& f : scan.files) {
        const bool describes = f.kind == ScanKind::State || f.kind == ScanKind::ExperimentJson;
        std::string dir;
        if (describes) {
            dir = WorkspaceScan::folderOf(f.path, f.kind);
            experimentDirs_.insert(dir), experimentFiles[dir].push_back(&f);
        }
        auto it = known_.find(f.path);
        if (it != known_.end()) {
            it->second.seen = true;
            const Known& k = it->second;
            if (k.size == f.size && k.mtimeNs == f.mtimeNs && k.inode == f.inode) continue;
        }
        if (f.kind == ScanKind::H5) h5.push_back(&f);
        if (f.kind == ScanKind::Trial) trials.push_back(&f);
        if (describes) dirty.insert(dir), ++out.filesRead;
    }
    if (h5.size() + trials.size() > 10000) db_.exec("PRAGMA cache_size = -32768");
    prepare();
    // What the walk could not list or stat() is a problem of this walk only.
    db_.exec("DELETE FROM files WHERE kind = 'unreadable'");
    for (auto it = known_.begin(); it != known_.end();) {
        if (it->second.seen || it->second.kind == "unreadable") {
            it = it->second.kind == "unreadable" ? known_.erase(it) : std::next(it);
            continue;
        }
        removeFile(it->second);
        if (it->second.kind == "state" || it->second.kind == "experiment")
            dirty.insert(WorkspaceScan::folderOf(std::string(it->first), ScanKind::State));
        ++out.filesRemoved;
        it = known_.erase(it);
    }
    for (const auto& p : scan.unreadable) {  // after the removals: a run file may be a bad link now
        insertFile_.bind(1, p.path).bind(2, std::string("unreadable")).bindNull(3).bindNull(4);
        insertFile_.bindNull(5).bind(6, p.reason).run();
    }
    for (const auto& dir : before) {
        if (experimentDirs_.count(dir)) continue;
        db_.prepare("DELETE FROM experiments WHERE dir = ?1").bind(1, dir).run();
        db_.prepare("UPDATE runs SET experiment = NULL WHERE dir = ?1").bind(1, dir).run();
    }
    for (const auto& dir : experimentDirs_) {
        if (before.count(dir)) continue;
        db_.prepare("UPDATE runs SET experiment = ?1 WHERE dir = ?1").bind(1, dir).run();
        dirty.insert(dir);
    }
    readFiles(h5, trials, progress, cancel, out);
    for (const auto& dir : dirty)
        if (experimentDirs_.count(dir)) storeExperiment(dir, experimentFiles[dir]);
    if (out.filesRemoved > 0 || !h5.empty())
        db_.exec(
            "DELETE FROM config_keys WHERE shape NOT IN (SELECT config_shape FROM runs WHERE "
            "config_shape IS NOT NULL)");
    db_.prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('updated', ?1)")
        .bind(1, isoNow())
        .run();
    db_.exec("COMMIT");
    transaction.committed = true;
    out.runs = db_.scalar("SELECT count(*) FROM runs");
    out.problems = db_.scalar("SELECT count(*) FROM files WHERE error IS NOT NULL");
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

}  // namespace mfh
