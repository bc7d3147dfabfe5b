#include "core/runs/RunIndexSchema.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/base/Error.h"
#include "core/base/TimeStamp.h"
#include "core/base/Version.h"

namespace mfh {

namespace {

// docs/formats.md documents every column; keep the two in step.
const char* kTables = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE files(
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    size INTEGER,
    mtime_ns INTEGER,
    inode INTEGER,
    error TEXT);
CREATE TABLE experiments(
    dir TEXT PRIMARY KEY,
    name TEXT,
    title TEXT,
    report TEXT,
    status TEXT,
    message TEXT,
    created TEXT,
    updated TEXT,
    experiment_hash TEXT,
    trials_total INTEGER,
    trials_done INTEGER,
    axes TEXT,
    points TEXT,
    seeds TEXT,
    app_version TEXT);
CREATE TABLE runs(
    id INTEGER PRIMARY KEY,
    file INTEGER NOT NULL UNIQUE,
    path TEXT NOT NULL,
    dir TEXT NOT NULL,
    experiment TEXT,
    run_id TEXT,
    role TEXT,
    status TEXT,
    seed INTEGER,
    dataset TEXT,
    dataset_hash TEXT,
    teacher_run TEXT,
    start_time TEXT,
    end_time TEXT,
    device TEXT,
    modalities TEXT,
    key TEXT,
    app_version TEXT,
    git_revision TEXT,
    config_shape INTEGER);
CREATE INDEX runs_in_order ON runs(experiment, role, seed, run_id);
CREATE INDEX runs_by_dir ON runs(dir);
CREATE INDEX runs_by_shape ON runs(config_shape);
CREATE TABLE metrics(
    run INTEGER NOT NULL,
    name TEXT NOT NULL,
    value REAL,
    PRIMARY KEY(run, name)) WITHOUT ROWID;
CREATE INDEX metrics_by_value ON metrics(name, value);
CREATE TABLE run_points(
    file INTEGER NOT NULL,
    experiment TEXT NOT NULL,
    run_id TEXT NOT NULL,
    point_index INTEGER,
    seed INTEGER,
    point TEXT,
    point_text TEXT);
CREATE INDEX run_points_by_run ON run_points(experiment, run_id, point_index, point_text);
CREATE INDEX run_points_by_file ON run_points(file);
CREATE TABLE configs(run INTEGER PRIMARY KEY, config TEXT NOT NULL);
CREATE TABLE config_keys(shape INTEGER PRIMARY KEY, keys TEXT NOT NULL);
CREATE VIEW problems AS SELECT path, error AS reason, kind FROM files WHERE error IS NOT NULL;
)SQL";

void removeIndexFiles(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        const std::string p = path + suffix;
        if (::unlink(p.c_str()) != 0 && errno != ENOENT)
            throw InputError("cannot replace the index " + p + " (" + std::strerror(errno) + ")");
    }
}

}  // namespace

void RunIndexSchema::configure(SqliteConnection& db, int cacheMb) {
    // WAL lets readers read while one update writes; NORMAL loses at most the last commits on
    // a power cut, never the file's consistency, and the index is rebuilt from the files anyway.
    db.exec(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA temp_store = MEMORY;"
        // The write-ahead log is cut back to 64 MB after a large update's checkpoint.
        "PRAGMA journal_size_limit = 67108864;"
        "PRAGMA cache_size = -" +
        std::to_string(cacheMb * 1024) + ";");
}

void RunIndexSchema::create(SqliteConnection& db, const std::string& root) {
    db.exec("BEGIN IMMEDIATE");
    if (db.scalar("SELECT count(*) FROM sqlite_master") != 0) {  // another process was first
        db.exec("COMMIT");
        return;
    }
    db.exec(kTables);
    auto put = db.prepare("INSERT INTO meta(key, value) VALUES(?, ?)");
    for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
             {"format", kFormat},
             {"schema_version", std::to_string(kVersion)},
             {"root", root},
             {"created", isoNow()},
             {"app_version", version()}})
        put.bind(1, k).bind(2, v).run();
    db.exec("PRAGMA user_version = " + std::to_string(kVersion));
    db.exec("COMMIT");
}

std::string RunIndexSchema::whyUnusable(SqliteConnection& db) {
    const int64_t version = db.scalar("PRAGMA user_version");
    const int64_t tables = db.scalar("SELECT count(*) FROM sqlite_master");
    if (version == 0 && tables == 0) return {};  // new and empty: create() fills it
    if (version != kVersion)
        return "it has schema version " + std::to_string(version) + ", this program uses " +
               std::to_string(kVersion);
    auto q = db.prepare("SELECT value FROM meta WHERE key = 'format'");
    if (!q.step() || q.text(0) != kFormat) return "it is not an index of this program";
    for (const char* t :
         {"files", "experiments", "runs", "metrics", "run_points", "configs", "config_keys"}) {
        auto s = db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?");
        s.bind(1, std::string(t));
        if (!s.step() || s.integer(0) != 1) return std::string("its table '") + t + "' is missing";
    }
    return {};
}

std::unique_ptr<SqliteConnection> RunIndexSchema::recreate(const std::string& path,
                                                           const std::string& root) {
    removeIndexFiles(path);
    auto db = std::make_unique<SqliteConnection>(path);
    configure(*db);
    create(*db, root);
    return db;
}

std::unique_ptr<SqliteConnection> RunIndexSchema::open(const std::string& path,
                                                       const std::string& root,
                                                       std::vector<std::string>& notes) {
    std::string why;
    try {
        auto db = std::make_unique<SqliteConnection>(path);
        configure(*db);
        why = whyUnusable(*db);
        if (why.empty()) {
            if (db->scalar("SELECT count(*) FROM sqlite_master") == 0) create(*db, root);
            return db;
        }
    } catch (const SqliteError& e) {
        if (!e.corrupt()) throw InputError("cannot open the index " + path + " (" + e.what() + ")");
        why = e.what();
    }
    notes.push_back("the index " + path + " could not be used (" + why +
                    "); it is rebuilt from the files");
    try {
        return recreate(path, root);
    } catch (const SqliteError& e) {
        throw InputError("cannot create the index " + path + " (" + e.what() + ")");
    }
}

}  // namespace mfh
