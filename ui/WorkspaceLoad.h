#pragma once
// WorkspaceLoad: what the runs browser reads from a workspace's index on a worker thread (the
// update, the experiments, the runs table's rows, the problems, every configuration key), and
// the experiments list it fills from it on the GUI thread.
#include <QString>
#include <string>
#include <vector>

#include "core/runs/RunIndexTypes.h"

class QTreeWidget;

namespace mfh::ui {

struct WorkspaceLoad {
    QString problem;  // the folder could not be indexed at all
    IndexUpdate update;
    std::vector<ExperimentInfo> experiments;
    std::vector<RunRow> runs;  // metrics acc_test, acc_val; config values of `columns`
    std::vector<IndexProblem> problems;
    std::vector<std::string> keys;  // every configuration key, for the column chooser
    double seconds = 0;
    bool unchanged = false;  // nothing new, changed or removed: `runs` was not read again

    // Brings the index of `dir` up to date and reads it. Any thread; never throws. When the
    // caller holds the rows already (`haveRows`) and the update found nothing to read or
    // remove, the rows are not read again (a reopen then costs no second copy of them).
    static WorkspaceLoad read(const QString& dir, const std::vector<std::string>& columns,
                              const IndexProgress& progress, bool haveRows = false);
    // One row per experiment; each item's Qt::UserRole is its folder relative to the root
    // (empty for the root itself).
    // Whether the runs browser's filter text is an index filter (it holds an operator) rather
    // than text to find in any column; and the filter box's help.
    // The status line of a load of `dir` that lists `runs`: counts, files read, problems.
    QString summary(const QString& dir, int runs) const;
    static bool isIndexFilter(const QString& text);
    static QString filterHelp();
    static void fillExperiments(QTreeWidget* tree, const std::vector<ExperimentInfo>& experiments);
};

}  // namespace mfh::ui
