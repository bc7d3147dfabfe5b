#include "InspectCommand.h"

#include <filesystem>
#include <iostream>

#include "core/base/Error.h"
#include "core/runs/Inspector.h"
#include "core/runs/WorkspaceReport.h"

namespace mfh::cli {

InspectCommand::InspectCommand(CLI::App& app) {
    cmd_ = app.add_subcommand("inspect", "Summarise a dataset or run file, or a folder of runs");
    cmd_->add_option("file", path_,
                     "an .h5 dataset or run file, or a folder: an experiment folder or a "
                     "workspace of them (indexed in FOLDER/.mfh-index.sqlite)")
        ->required();
    cmd_->add_flag("--json", json_, "Print JSON");
    cmd_->add_option("--filter", filter_,
                     "folders: only the runs matching, e.g. 'kd.w_kd > 0.5 and status = "
                     "complete' (docs/formats.md, \"The run index\")");
    cmd_->add_option("--columns", columns_,
                     "folders: extra columns, metric names or configuration keys (train.lr)")
        ->delimiter(',');
    cmd_->add_option("--limit", limit_, "folders: list at most this many runs");
}

int InspectCommand::run() {
    std::error_code ec;
    if (std::filesystem::is_directory(path_, ec)) {
        if (limit_ < -1) throw InputError("--limit must be 0 or more");
        WorkspaceReportOptions o;
        o.json = json_, o.filter = filter_, o.columns = columns_, o.limit = limit_;
        std::cout << WorkspaceReport::render(path_, o);
        return 0;
    }
    if (!filter_.empty() || !columns_.empty() || limit_ != -1)
        throw InputError("--filter, --columns and --limit apply to a folder, not to " + path_);
    std::cout << Inspector::any(path_, json_);
    return 0;
}

}  // namespace mfh::cli
