#pragma once
// RunIndexSchema: the tables of the run index (docs/formats.md, "The run index") and the rules
// for opening an index file. The index is derived from the files of the workspace and holds
// nothing else, so an index that cannot be used as it is (another schema version, a file that is
// not an index of this program, one SQLite reports as corrupt or not a database) is recreated
// empty, to be rebuilt from the files, and a note says so; it never stops the workspace from
// opening.
#include <memory>
#include <string>
#include <vector>

#include "core/runs/SqliteConnection.h"

namespace mfh {

class RunIndexSchema {
  public:
    // PRAGMA user_version and meta.schema_version. Any change to a table is a new version.
    static constexpr int kVersion = 1;
    static constexpr const char* kFormat = "mfh-run-index";

    // Opens the index at `path`, creating its tables when the file is new and recreating it
    // (with a note in `notes`) when it cannot be used. `root` (absolute) is recorded in meta.
    // Throws InputError when the file cannot be created at all.
    static std::unique_ptr<SqliteConnection> open(const std::string& path, const std::string& root,
                                                  std::vector<std::string>& notes);
    // Removes the index file (and its -wal and -shm companions) and creates it again, empty.
    static std::unique_ptr<SqliteConnection> recreate(const std::string& path,
                                                      const std::string& root);
    // The per-connection settings: WAL (a reader reads while an update writes), a wait for a
    // concurrent writer, a page cache of `cacheMb`.
    static void configure(SqliteConnection& db, int cacheMb = 8);

  private:
    static void create(SqliteConnection& db, const std::string& root);
    // Empty when the file is a usable index of this version; else why not.
    static std::string whyUnusable(SqliteConnection& db);
};

}  // namespace mfh
