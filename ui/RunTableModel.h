#pragma once
// RunTableModel: the runs of a workspace (rows of the run index, RunIndex::runs) as the runs
// browser's table: experiment, role, sweep point, seed, status, test and validation accuracy,
// teacher run, date, id, and any configuration keys the user added as columns. It filters
// (role, experiment, text, the run ids behind a plotted point, the rows an index filter
// matched) and sorts itself over an index vector, so that 100,000 runs need no proxy's copy.
#include <QAbstractTableModel>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/runs/RunIndexTypes.h"

namespace mfh::ui {

class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column {
        Experiment,
        Role,
        Point,
        Seed,
        Status,
        TestAcc,
        ValAcc,
        Teacher,
        Date,
        Id,
        ColumnCount
    };
    using QAbstractTableModel::QAbstractTableModel;
    // `root` is the workspace folder the rows' paths are relative to; each row's metrics are
    // acc_test then acc_val, and its configValues follow `configKeys` (extra columns).
    void setRuns(const QString& root, std::vector<RunRow> runs,
                 std::vector<std::string> configKeys);
    const RunRow& run(int row) const { return runs_[visible_[row]]; }  // a visible row
    QString absolutePath(const RunRow& r) const;
    const std::vector<std::string>& configKeys() const { return configKeys_; }
    int totalRuns() const { return int(runs_.size()); }

    void setRole(const QString& role);
    void setExperiment(const QString& dir);  // relative to the root; empty: every experiment
    void setText(const QString& text);       // any column contains it, case-insensitive
    void setIds(std::set<std::string> ids);  // run ids; empty: no restriction
    // An index filter's result: ascending rowids (RunIndex::runIds); nullopt: no restriction.
    void setMatches(std::optional<std::vector<int64_t>> rowids);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;
    void sort(int column, Qt::SortOrder order) override;

  private:
    QVariant value(const RunRow& r, int column) const;  // raw, for display and sorting
    bool accepts(const RunRow& r) const;
    void select();    // visible_ from the filters
    void refilter();  // select() as a model reset

    QString root_;
    std::vector<RunRow> runs_;
    std::vector<std::string> configKeys_;
    std::vector<int> visible_;
    QString role_, experiment_, text_;
    std::set<std::string> ids_;
    std::optional<std::vector<int64_t>> matches_;
    int sortColumn_ = -1;
    Qt::SortOrder sortOrder_ = Qt::AscendingOrder;
};

}  // namespace mfh::ui
