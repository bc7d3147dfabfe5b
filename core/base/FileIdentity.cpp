#include "core/base/FileIdentity.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "core/base/Error.h"

namespace mfh {

FileIdentity FileIdentity::of(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        throw InputError("cannot read " + path + " (" + std::strerror(errno) + ")");
    FileIdentity id;
    id.device = static_cast<uint64_t>(st.st_dev);
    id.inode = static_cast<uint64_t>(st.st_ino);
    id.size = static_cast<uint64_t>(st.st_size);
    id.mtimeNs = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
    return id;
}

void FileIdentity::expectUnchanged(const std::string& path) const {
    FileIdentity now;
    try {
        now = of(path);
    } catch (const InputError&) {
        throw InputError("the dataset file " + path + " disappeared during the run");
    }
    if (now == *this) return;
    std::string what;
    if (now.device != device || now.inode != inode)
        what = "was replaced by another file";
    else if (now.size != size)
        what = "changed size from " + std::to_string(size) + " to " + std::to_string(now.size) +
               " bytes";
    else
        what = "was modified";
    throw InputError("the dataset file " + path + " " + what +
                     " during the run; its results would be wrong, so the run stops");
}

}  // namespace mfh
