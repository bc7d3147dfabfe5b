#include "core/runs/WorkspaceScan.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <utility>

#include "core/base/Error.h"

namespace mfh {

namespace {

bool endsWith(const std::string& s, const char* tail) {
    const std::size_t n = std::strlen(tail);
    return s.size() >= n && s.compare(s.size() - n, n, tail) == 0;
}

// The kind of a candidate by its name and its folder's name; false for any other file.
bool candidate(const std::string& name, const std::string& folderName, ScanKind& kind) {
    if (name == "state.json") return kind = ScanKind::State, true;
    if (name == "experiment.json") return kind = ScanKind::ExperimentJson, true;
    if (endsWith(name, ".h5")) return kind = ScanKind::H5, true;
    if (folderName == "trials" && endsWith(name, ".json")) return kind = ScanKind::Trial, true;
    return false;
}

// Each level of the walk holds one open folder; a deeper tree is a mistake or an attack.
constexpr int kMaxDepth = 64;

int64_t mtimeNs(const struct stat& st) {
    return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

class Walker {
  public:
    Walker(WorkspaceScanResult& out, const std::atomic<bool>* cancel)
        : out_(out), cancel_(cancel) {}

    // Lists the folder open as `fd` (taken over and closed), recursively. `rel` is its path
    // relative to the root ("" for the root itself).
    void folder(int fd, const std::string& rel, int depth = 0) {
        DIR* dir = fdopendir(fd);
        if (!dir) {
            problem(rel, std::string("cannot list the folder (") + std::strerror(errno) + ")");
            ::close(fd);
            return;
        }
        std::vector<std::pair<std::string, unsigned char>> entries;
        errno = 0;
        while (const dirent* e = readdir(dir)) {
            if (e->d_name[0] == '.') continue;  // hidden: temporaries, the index, . and ..
            entries.emplace_back(e->d_name, e->d_type);
        }
        if (errno != 0)
            problem(rel, std::string("cannot list the folder (") + std::strerror(errno) + ")");
        std::sort(entries.begin(), entries.end());
        const std::string folderName = rel.substr(rel.find_last_of('/') + 1);
        std::vector<std::string> subfolders;
        for (const auto& [name, type] : entries) {
            if (cancelled()) break;
            const std::string path = rel.empty() ? name : rel + "/" + name;
            ScanKind kind{};
            const bool isCandidate = candidate(name, folderName, kind);
            if (type == DT_REG && !isCandidate) continue;  // no stat() for foreign files
            if (type != DT_REG && type != DT_DIR && type != DT_LNK && type != DT_UNKNOWN)
                continue;  // pipes, sockets, devices: never opened
            struct stat st {};
            if (type == DT_DIR) {
                subfolders.push_back(name);
                continue;
            }
            if (fstatat(dirfd(dir), name.c_str(), &st, 0) != 0) {
                if (isCandidate)  // e.g. a link to nothing
                    problem(path, std::string("cannot be read (") + std::strerror(errno) + ")");
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                subfolders.push_back(name);
            } else if (S_ISREG(st.st_mode) && isCandidate) {
                out_.files.push_back({path, kind, static_cast<int64_t>(st.st_size), mtimeNs(st),
                                      static_cast<int64_t>(st.st_ino)});
            }
        }
        for (const auto& name : subfolders) {
            if (cancelled()) break;
            const std::string path = rel.empty() ? name : rel + "/" + name;
            const int sub = openat(dirfd(dir), name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (sub < 0) {
                problem(path, std::string("cannot list the folder (") + std::strerror(errno) + ")");
                continue;
            }
            if (depth + 1 > kMaxDepth) {
                problem(path,
                        "more than " + std::to_string(kMaxDepth) + " folders deep; not listed");
                ::close(sub);
            } else if (enter(sub)) {
                folder(sub, path, depth + 1);
            } else {
                ::close(sub);  // visited already: a link back up
            }
        }
        closedir(dir);
    }

    // True the first time a folder (device, inode) is seen.
    bool enter(int fd) {
        struct stat st {};
        if (fstat(fd, &st) != 0) return false;
        return visited_.insert({st.st_dev, st.st_ino}).second;
    }

  private:
    bool cancelled() {
        if (cancel_ && cancel_->load()) out_.cancelled = true;
        return out_.cancelled;
    }
    void problem(const std::string& rel, const std::string& reason) {
        out_.unreadable.push_back({rel.empty() ? "." : rel, reason});
    }

    WorkspaceScanResult& out_;
    const std::atomic<bool>* cancel_;
    std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace

WorkspaceScanResult WorkspaceScan::walk(const std::string& root, const std::atomic<bool>* cancel) {
    const int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) throw InputError("no such folder: " + root);
        if (errno == ENOTDIR) throw InputError(root + " is not a folder");
        throw InputError("cannot read the folder " + root + " (" + std::strerror(errno) + ")");
    }
    WorkspaceScanResult out;
    Walker walker(out, cancel);
    walker.enter(fd);
    walker.folder(fd, "");
    return out;
}

std::string WorkspaceScan::folderOf(const std::string& relPath, ScanKind kind) {
    auto parent = [](const std::string& p) {
        const auto slash = p.find_last_of('/');
        return slash == std::string::npos ? std::string() : p.substr(0, slash);
    };
    std::string dir = parent(relPath);
    if (kind == ScanKind::Trial) dir = parent(dir);
    return dir.empty() ? "." : dir;
}

}  // namespace mfh
