#pragma once
// SqliteConnection: the few SQLite C API calls the run index needs, owned (RAII). A connection
// belongs to one thread at a time; each thread opens its own. Failures throw SqliteError,
// which carries SQLite's result code, so that the index can tell a corrupt or foreign file
// (SQLITE_CORRUPT, SQLITE_NOTADB: rebuilt) from a real input problem.
#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace mfh {

class SqliteError : public std::runtime_error {
  public:
    SqliteError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }
    // The file is not a database, or is one SQLite found damaged.
    bool corrupt() const {
        return (code_ & 0xff) == SQLITE_CORRUPT || (code_ & 0xff) == SQLITE_NOTADB;
    }

  private:
    int code_;
};

// One prepared statement. bind() counts from 1 as SQLite does; step() returns true while
// there is a row. reset() makes it ready for the next set of bindings.
class SqliteStatement {
  public:
    SqliteStatement() = default;
    SqliteStatement(sqlite3* db, const std::string& sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& o) noexcept;
    SqliteStatement& operator=(SqliteStatement&& o) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    SqliteStatement& bind(int i, int64_t v);
    SqliteStatement& bind(int i, double v);
    SqliteStatement& bind(int i, const std::string& v);
    SqliteStatement& bindNull(int i);
    SqliteStatement& bindOptional(int i, const std::optional<std::string>& v);
    bool step();
    void run();  // step() to the end, then reset()
    void reset();

    bool isNull(int col) const;
    int type(int col) const { return sqlite3_column_type(stmt_, col); }  // SQLITE_INTEGER, …
    int64_t integer(int col) const;
    double real(int col) const;
    std::string text(int col) const;  // "" for NULL
    // The text without a copy, valid until the next step() or reset().
    std::string_view view(int col) const;
    std::optional<double> optionalReal(int col) const;

  private:
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

class SqliteConnection {
  public:
    // Opens or creates `path` (read-write). busy_timeout makes a second writer wait for the
    // first instead of failing at once.
    explicit SqliteConnection(const std::string& path, int busyTimeoutMs = 60000);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    void exec(const std::string& sql);  // one or more statements without results
    SqliteStatement prepare(const std::string& sql) const { return {db_, sql}; }
    int64_t scalar(const std::string& sql);  // the first column of the first row, 0 if none
    int64_t lastInsertRowid() const { return sqlite3_last_insert_rowid(db_); }
    sqlite3* handle() const { return db_; }

  private:
    sqlite3* db_ = nullptr;
};

// Throws SqliteError for a result code other than OK, ROW and DONE.
void checkSqlite(sqlite3* db, int rc, const std::string& what);

}  // namespace mfh
