#pragma once
// WorkspaceReport: `mfh inspect DIR` for an experiment folder or a workspace, from the run
// index (RunIndex, brought up to date first): the experiments (name, date, status, trials
// done/total, report layout), the runs (role, status, seed, sweep point, test accuracy,
// teacher, id, and any metric or configuration column asked for), then the problems and the
// index's notes. As JSON, one object; for one experiment folder it keeps the keys that
// `mfh inspect FOLDER --json` has always had: name, runs, by_role, by_status, problems
// ("file: reason").
#include <cstdint>
#include <string>
#include <vector>

namespace mfh {

struct WorkspaceReportOptions {
    bool json = false;
    std::string filter;                // RunFilter's language
    std::vector<std::string> columns;  // metric names or dotted configuration keys
    int64_t limit = -1;                // runs listed; -1: all
};

class WorkspaceReport {
  public:
    // Throws InputError for a folder that cannot be read or a malformed filter.
    static std::string render(const std::string& dir, const WorkspaceReportOptions& options);
};

}  // namespace mfh
