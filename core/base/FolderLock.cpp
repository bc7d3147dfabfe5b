#include "core/base/FolderLock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>

#include <spdlog/spdlog.h>

#include "core/base/Error.h"

namespace mfh {

FolderLock::FolderLock(const std::string& dir, Mode mode) {
    // The folder itself is locked (flock works on a directory's descriptor), so no lock file
    // is left in it.
    fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd_ < 0)
        throw InputError("cannot lock the folder " + dir + " (" + std::strerror(errno) + ")");
    if (::flock(fd_, (mode == Mode::Shared ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
        const int err = errno;
        // A file system that cannot lock a folder (NFS emulates flock with byte-range locks,
        // which an exclusive lock on a directory cannot take; Lustre without -o flock): the
        // writer goes on without the guard against a second one, and says so.
        if (err != EWOULDBLOCK) {
            spdlog::warn("cannot lock the folder {} ({}): another writer would not be noticed", dir,
                         std::strerror(err));
            return;
        }
        ::close(fd_);
        fd_ = -1;
        throw InputError("the folder " + dir +
                         " is being written by another mfh process; wait for it to finish or "
                         "choose another output folder");
    }
}

FolderLock::~FolderLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace mfh
