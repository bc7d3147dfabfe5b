#pragma once
// FolderLock: one process at a time writes an experiment folder. The lock is an advisory
// flock(2) on the folder itself, held for the object's lifetime and released by the kernel
// when the process ends however it ends (kill -9 included), so no stale lock can block a
// rerun, and no lock file is left in the folder. A second writer gets an InputError naming
// the folder. Writers that share a folder by design (the tasks of a cluster job, each with its
// own trials) take a shared lock instead: they exclude an ordinary writer, not each other.
#include <string>

namespace mfh {

class FolderLock {
  public:
    enum class Mode { Exclusive, Shared };
    explicit FolderLock(const std::string& dir, Mode mode = Mode::Exclusive);
    ~FolderLock();
    FolderLock(const FolderLock&) = delete;
    FolderLock& operator=(const FolderLock&) = delete;

  private:
    int fd_ = -1;
};

}  // namespace mfh
