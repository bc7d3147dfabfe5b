#pragma once
// RunTableModel: a folder's runs (RunStore summaries, metadata only) as a table for the runs
// browser: role, dataset, modalities, seed, status, test and validation accuracy, date, id.
// Sorting uses the raw values (numbers as numbers).
#include <QAbstractTableModel>
#include <vector>

#include "core/runs/RunStore.h"

namespace mfh::ui {

class RunTableModel : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { Role, Seed, Status, TestAcc, ValAcc, Modalities, Dataset, Date, Id, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    void setRuns(std::vector<RunSummary> runs);
    const RunSummary& run(int row) const { return runs_[row]; }
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation o, int role) const override;

  private:
    std::vector<RunSummary> runs_;
};

}  // namespace mfh::ui
