#include "ui/RunTableModel.h"

#include <QBrush>
#include <QDir>
#include <QFileInfo>
#include <algorithm>
#include <cmath>

#include "core/base/SettingLabel.h"
#include "ui/Palette.h"

namespace mfh::ui {

void RunTableModel::setRuns(const QString& root, std::vector<RunRow> runs,
                            std::vector<std::string> configKeys) {
    beginResetModel();
    root_ = root;
    runs_ = std::move(runs);
    configKeys_ = std::move(configKeys);
    select();  // within the reset: no view ever sees indices into the old rows
    endResetModel();
    if (sortColumn_ >= 0) sort(sortColumn_, sortOrder_);
}

QString RunTableModel::absolutePath(const RunRow& r) const {
    return QDir(root_).filePath(QString::fromStdString(r.path));
}

void RunTableModel::setRole(const QString& role) {
    role_ = role;
    refilter();
}
void RunTableModel::setExperiment(const QString& dir) {
    experiment_ = dir;
    refilter();
}
void RunTableModel::setText(const QString& text) {
    if (text == text_) return;
    text_ = text;
    refilter();
}
void RunTableModel::setIds(std::set<std::string> ids) {
    ids_ = std::move(ids);
    refilter();
}
void RunTableModel::setMatches(std::optional<std::vector<int64_t>> rowids) {
    matches_ = std::move(rowids);
    refilter();
}

bool RunTableModel::accepts(const RunRow& r) const {
    if (!role_.isEmpty() && QString::fromStdString(r.role) != role_) return false;
    if (!experiment_.isEmpty() && QString::fromStdString(r.experiment) != experiment_) return false;
    if (!ids_.empty() && !ids_.count(r.runId)) return false;
    if (matches_ && !std::binary_search(matches_->begin(), matches_->end(), r.rowid)) return false;
    if (text_.isEmpty()) return true;
    for (int c = 0; c < columnCount(); ++c)
        if (value(r, c).toString().contains(text_, Qt::CaseInsensitive)) return true;
    return false;
}

void RunTableModel::select() {
    visible_.clear();
    visible_.reserve(runs_.size());
    for (int i = 0; i < int(runs_.size()); ++i)
        if (accepts(runs_[i])) visible_.push_back(i);
}

void RunTableModel::refilter() {
    beginResetModel();
    select();
    endResetModel();
    if (sortColumn_ >= 0) sort(sortColumn_, sortOrder_);
}

void RunTableModel::sort(int column, Qt::SortOrder order) {
    if (column < 0 || column >= columnCount()) return;
    sortColumn_ = column, sortOrder_ = order;
    emit layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    auto less = [&](int a, int b) {
        const QVariant va = value(runs_[a], column), vb = value(runs_[b], column);
        if (va.isNull() != vb.isNull()) return vb.isNull();  // empty cells last
        const int c = QVariant::compare(va, vb) == QPartialOrdering::Less      ? -1
                      : QVariant::compare(va, vb) == QPartialOrdering::Greater ? 1
                                                                               : 0;
        return c != 0 ? (order == Qt::AscendingOrder ? c < 0 : c > 0) : a < b;
    };
    const auto persistent = persistentIndexList();  // the selection follows its runs
    std::vector<int> before;
    for (const auto& p : persistent) before.push_back(visible_[p.row()]);
    std::stable_sort(visible_.begin(), visible_.end(), less);
    if (!persistent.isEmpty()) {
        std::vector<int> rowOf(runs_.size(), -1);
        for (int r = 0; r < int(visible_.size()); ++r) rowOf[visible_[r]] = r;
        QModelIndexList after;
        for (int i = 0; i < persistent.size(); ++i)
            after << index(rowOf[before[i]], persistent[i].column());
        changePersistentIndexList(persistent, after);
    }
    emit layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int RunTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(visible_.size());
}

int RunTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount + int(configKeys_.size());
}

QVariant RunTableModel::value(const RunRow& r, int column) const {
    auto metric = [&](std::size_t i) -> QVariant {
        if (i >= r.metrics.size() || !r.metrics[i]) return {};
        return std::round(*r.metrics[i] * 100) / 100;
    };
    switch (column) {
        case Experiment:  // the root's own experiment by the root's name
            return r.experiment == "." ? QFileInfo(root_).fileName()
                                       : QString::fromStdString(r.experiment);
        case Role:  // with the inputs: "student b", "teacher a+b"
            return QString::fromStdString(r.roleText());
        case Point:
            return QString::fromStdString(r.pointText());
        case Seed:
            return qlonglong(r.seed);
        case Status:
            return QString::fromStdString(r.status);
        case TestAcc:
            return metric(0);
        case ValAcc:
            return metric(1);
        case Teacher:
            return QString::fromStdString(r.teacherRun);
        case Date:
            return QString::fromStdString(r.startTime).replace('T', ' ').remove('Z');
        case Id:
            return QString::fromStdString(r.runId);
    }
    const int k = column - ColumnCount;
    if (k >= 0 && k < int(r.configValues.size())) {
        const QString v = QString::fromStdString(r.configValues[k]);
        bool isNumber = false;
        const double d = v.toDouble(&isNumber);
        return isNumber ? QVariant(d) : QVariant(v);
    }
    return {};
}

QVariant RunTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(visible_.size())) return {};
    const RunRow& r = runs_[visible_[index.row()]];
    if (role == Qt::DisplayRole || role == Qt::EditRole) return value(r, index.column());
    if (role == Qt::ForegroundRole && index.column() == Status && r.status != "complete")
        return QBrush(r.status == "failed" || r.status == "diverged" ? palette::loss()
                                                                     : QColor(176, 112, 0));
    if (role == Qt::ToolTipRole)  // the run in words, then where its file is
        return QString::fromStdString(r.title()) + "\n" + absolutePath(r);
    if (role == Qt::TextAlignmentRole &&
        (index.column() == Seed || index.column() == TestAcc || index.column() == ValAcc))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RunTableModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal) return {};
    static const char* names[] = {"Experiment",    "Role",         "Sweep point", "Seed",
                                  "Status",        "Test acc (%)", "Val acc (%)", "Teacher run",
                                  "Started (UTC)", "Run id"};
    if (section < ColumnCount) {
        if (role == Qt::DisplayRole) return tr(names[section]);
        if (role == Qt::ToolTipRole && section == Point)
            return tr(
                "The swept settings of the trials this run belongs to (a shared run, "
                "such as a no-KD baseline, belongs to several)");
        return {};
    }
    const int k = section - ColumnCount;
    if (k >= int(configKeys_.size())) return {};
    const QString key = QString::fromStdString(configKeys_[k]);
    if (role == Qt::DisplayRole) return QString::fromStdString(SettingLabel::label(configKeys_[k]));
    if (role == Qt::ToolTipRole) return key;
    return {};
}

}  // namespace mfh::ui
