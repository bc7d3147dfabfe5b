#pragma once
// FileIdentity: what tells one state of a file from another without reading it: device,
// inode, size and modification time (nanoseconds). A file streamed during a run is checked
// against the identity it had when the run began on every read, so that a file truncated,
// rewritten or replaced under a run stops it with an error instead of giving numbers computed
// from zero-filled or foreign rows.
#include <cstdint>
#include <string>

namespace mfh {

struct FileIdentity {
    uint64_t device = 0, inode = 0, size = 0;
    int64_t mtimeNs = 0;

    static FileIdentity of(const std::string& path);  // throws InputError when it cannot stat
    bool operator==(const FileIdentity& o) const {
        return device == o.device && inode == o.inode && size == o.size && mtimeNs == o.mtimeNs;
    }
    bool operator!=(const FileIdentity& o) const { return !(*this == o); }
    // Throws InputError naming the path and what changed when `path` is no longer `*this`.
    void expectUnchanged(const std::string& path) const;
};

}  // namespace mfh
