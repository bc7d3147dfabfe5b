#pragma once
// RunFilterModel: the runs browser's filter over RunTableModel: text over every column (the
// proxy's fixed-string filter), one role, and an optional set of run ids (the runs behind a
// plotted point).
#include <QSortFilterProxyModel>
#include <set>
#include <string>

#include "ui/RunTableModel.h"

namespace mfh::ui {

class RunFilterModel : public QSortFilterProxyModel {
  public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    QString role;
    std::set<std::string> ids;
    void refilter() { invalidateFilter(); }

  protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        auto* m = static_cast<RunTableModel*>(sourceModel());
        const RunSummary& r = m->run(row);
        if (!role.isEmpty() && QString::fromStdString(r.role) != role) return false;
        if (!ids.empty() && !ids.count(r.id)) return false;
        return QSortFilterProxyModel::filterAcceptsRow(row, parent);
    }
};

}  // namespace mfh::ui
