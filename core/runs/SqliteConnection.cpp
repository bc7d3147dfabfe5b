#include "core/runs/SqliteConnection.h"

#include <utility>

namespace mfh {

void checkSqlite(sqlite3* db, int rc, const std::string& what) {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw SqliteError(rc, what + ": " + (msg ? msg : sqlite3_errstr(rc)));
}

SqliteStatement::SqliteStatement(sqlite3* db, const std::string& sql) : db_(db) {
    checkSqlite(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr), "index query");
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(stmt_);
}

SqliteStatement::SqliteStatement(SqliteStatement&& o) noexcept
    : db_(std::exchange(o.db_, nullptr)), stmt_(std::exchange(o.stmt_, nullptr)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& o) noexcept {
    if (this != &o) {
        sqlite3_finalize(stmt_);
        db_ = std::exchange(o.db_, nullptr);
        stmt_ = std::exchange(o.stmt_, nullptr);
    }
    return *this;
}

SqliteStatement& SqliteStatement::bind(int i, int64_t v) {
    checkSqlite(db_, sqlite3_bind_int64(stmt_, i, v), "index bind");
    return *this;
}

SqliteStatement& SqliteStatement::bind(int i, double v) {
    checkSqlite(db_, sqlite3_bind_double(stmt_, i, v), "index bind");
    return *this;
}

SqliteStatement& SqliteStatement::bind(int i, const std::string& v) {
    checkSqlite(db_,
                sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT),
                "index bind");
    return *this;
}

SqliteStatement& SqliteStatement::bindNull(int i) {
    checkSqlite(db_, sqlite3_bind_null(stmt_, i), "index bind");
    return *this;
}

SqliteStatement& SqliteStatement::bindOptional(int i, const std::optional<std::string>& v) {
    return v ? bind(i, *v) : bindNull(i);
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    const std::string msg = sqlite3_errmsg(db_);
    sqlite3_reset(stmt_);
    throw SqliteError(rc, "index: " + msg);
}

void SqliteStatement::run() {
    while (step()) {
    }
    reset();
}

void SqliteStatement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool SqliteStatement::isNull(int col) const {
    return sqlite3_column_type(stmt_, col) == SQLITE_NULL;
}

int64_t SqliteStatement::integer(int col) const {
    return sqlite3_column_int64(stmt_, col);
}

double SqliteStatement::real(int col) const {
    return sqlite3_column_double(stmt_, col);
}

std::string SqliteStatement::text(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p),
                       static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col)));
}

std::string_view SqliteStatement::view(int col) const {
    const auto* p = sqlite3_column_text(stmt_, col);
    if (!p) return {};
    return {reinterpret_cast<const char*>(p),
            static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))};
}

std::optional<double> SqliteStatement::optionalReal(int col) const {
    if (isNull(col)) return std::nullopt;
    return real(col);
}

SqliteConnection::SqliteConnection(const std::string& path, int busyTimeoutMs) {
    const int rc =
        sqlite3_open_v2(path.c_str(), &db_,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw SqliteError(rc, "cannot open the index " + path + ": " + msg);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busyTimeoutMs);
}

SqliteConnection::~SqliteConnection() {
    sqlite3_close_v2(db_);
}

void SqliteConnection::exec(const std::string& sql) {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        const std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw SqliteError(rc, "index: " + msg);
    }
}

int64_t SqliteConnection::scalar(const std::string& sql) {
    auto s = prepare(sql);
    return s.step() ? s.integer(0) : 0;
}

}  // namespace mfh
