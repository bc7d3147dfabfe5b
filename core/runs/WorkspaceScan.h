#pragma once
// WorkspaceScan: the files of a workspace that the run index reads, found by name and stat()ed,
// never opened. A workspace is a folder of experiment folders at any depth. Candidates are
// `*.h5` (run files, or datasets), `state.json` and `experiment.json` (they make their folder an
// experiment folder) and `trials/*.json` (trial files). Hidden entries (a leading dot: write
// temporaries, the index itself) are skipped. Symbolic links are followed, but a folder already
// visited (same device and inode) is not entered again, so a link loop ends.
#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace mfh {

enum class ScanKind { H5, State, ExperimentJson, Trial };

struct ScannedFile {
    std::string path;  // relative to the root, '/'-separated
    ScanKind kind = ScanKind::H5;
    int64_t size = 0, mtimeNs = 0;
    int64_t inode = 0;
};

struct ScanProblem {
    std::string path;  // relative to the root ("." for the root)
    std::string reason;
};

struct WorkspaceScanResult {
    std::vector<ScannedFile> files;  // in a stable order: folder by folder, sorted
    // Folders that could not be listed, and candidates that could not be stat()ed (a link to
    // nothing): problems of this walk only.
    std::vector<ScanProblem> unreadable;
    bool cancelled = false;
};

class WorkspaceScan {
  public:
    // Throws InputError when `root` is not a readable folder. `cancel` stops the walk early.
    static WorkspaceScanResult walk(const std::string& root,
                                    const std::atomic<bool>* cancel = nullptr);
    // The experiment folder a file belongs to by its place: the run file's or state.json's own
    // folder, the parent of a trial file's `trials/` folder. "." is the root.
    static std::string folderOf(const std::string& relPath, ScanKind kind);
};

}  // namespace mfh
