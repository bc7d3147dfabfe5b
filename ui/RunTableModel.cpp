#include "ui/RunTableModel.h"

#include <QBrush>

#include "ui/Palette.h"

namespace mfh::ui {

void RunTableModel::setRuns(std::vector<RunSummary> runs) {
    beginResetModel();
    runs_ = std::move(runs);
    endResetModel();
}

int RunTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(runs_.size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(runs_.size())) return {};
    const RunSummary& r = runs_[index.row()];
    auto metric = [&](const char* k) -> QVariant {
        auto it = r.metrics.find(k);
        return it == r.metrics.end() ? QVariant() : QVariant(std::round(it->second * 100) / 100);
    };
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
            case Role:
                return QString::fromStdString(r.role);
            case Dataset:
                return QString::fromStdString(r.dataset);
            case Modalities: {
                QStringList m;
                for (const auto& s : r.modalities) m << QString::fromStdString(s);
                return m.join(", ");
            }
            case Seed:
                return qlonglong(r.seed);
            case Status:
                return QString::fromStdString(nameOf(r.status));
            case TestAcc:
                return metric("acc_test");
            case ValAcc:
                return metric("acc_val");
            case Date:
                return QString::fromStdString(r.startTime).replace('T', ' ').remove('Z');
            case Id:
                return QString::fromStdString(r.id);
        }
    }
    if (role == Qt::ForegroundRole && index.column() == Status && r.status != RunStatus::Complete)
        return QBrush(r.status == RunStatus::Failed ? palette::loss() : QColor(176, 112, 0));
    if (role == Qt::ToolTipRole) return QString::fromStdString(r.path);
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Seed || index.column() == TestAcc || index.column() == ValAcc))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RunTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    static const char* names[] = {"Role",         "Seed",          "Status",
                                  "Test acc (%)", "Val acc (%)",   "Modalities",
                                  "Dataset",      "Started (UTC)", "Run id"};
    return tr(names[section]);
}

}  // namespace mfh::ui
