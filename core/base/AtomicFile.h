#pragma once
// AtomicFile: write a file under a temporary name in the target's folder, then rename it over
// the target. A reader never sees a half-written file, and if writing fails (exception, cancel,
// crash before commit) no file appears under the target name: the destructor removes the
// temporary file unless commit() succeeded. Rename is atomic within one file system (POSIX).
#include <string>

namespace mfh {

class AtomicFile {
  public:
    explicit AtomicFile(std::string target);
    ~AtomicFile();
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    const std::string& tempPath() const { return temp_; }
    void commit();  // throws InputError when the rename fails

  private:
    std::string target_;
    std::string temp_;
    bool committed_ = false;
};

// Every temporary file of this process that is not yet committed or removed. An interrupted
// process removes them all before it exits (removeTemporaries), so that nothing half-written
// stays behind whatever it was doing.
void removeTemporaries();

// Removes temporary files (".NAME.part-PID-N-HOST") left in `dir` by processes of this
// machine that no longer run (killed with -9, or by a crash). Files of live processes, and
// those of other machines sharing the folder, are left alone.
// Each folder is swept once per process. Returns how many were removed.
int removeStaleTemporaries(const std::string& dir);

// Writes text to a file atomically (JSON, CSV).
void writeTextAtomically(const std::string& path, const std::string& text);

}  // namespace mfh
