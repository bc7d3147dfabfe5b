#pragma once
// Inspector: human-readable (or JSON) summaries of the project's files, for `mfh inspect` and
// any other front end. Each function reads what it needs and throws InputError for bad input.
#include <string>

namespace mfh {

class Inspector {
  public:
    // A dataset file: modalities, shapes, class counts, splits, true MVD, provenance.
    static std::string dataset(const std::string& path, bool asJson);
    // A run file: role, status, seed, metrics, weights, configuration.
    static std::string run(const std::string& path, bool asJson);
    // A folder: an experiment folder or a workspace of them, from its run index
    // (WorkspaceReport): experiments, runs, counts by role and status, unreadable files.
    static std::string folder(const std::string& dir, bool asJson);
    // Any of the three, told apart by the path (folder) or the file's format attribute.
    static std::string any(const std::string& path, bool asJson);
};

}  // namespace mfh
