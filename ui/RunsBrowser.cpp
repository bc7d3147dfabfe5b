#include "ui/RunsBrowser.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QTreeWidget>
#include <QtConcurrent>
#include <fstream>

#include "core/runs/RunFile.h"
#include "core/runs/RunIndex.h"
#include "ui/RunDetailsPane.h"
#include "ui/RunTableModel.h"
#include "ui/Settings.h"
#include "ui/WorkspaceLoad.h"

namespace mfh::ui {

RunsBrowser::RunsBrowser(QWidget* parent) : QWidget(parent) {
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    auto* open = new QPushButton(QIcon::fromTheme("folder-open"), tr("Open folder…"));
    open->setToolTip(tr("An experiment folder, or a folder of them at any depth"));
    top->addWidget(open);
    filter_ = new QLineEdit;
    filter_->setObjectName("runFilter");
    filter_->setPlaceholderText(tr("Filter: text, or kd.w_kd > 0.5 and status = complete"));
    filter_->setToolTip(WorkspaceLoad::filterHelp());
    filter_->setClearButtonEnabled(true);
    top->addWidget(filter_, 3);
    role_ = new QComboBox;
    role_->addItem(tr("All roles"), QString());
    for (const char* r : {"teacher", "student", "baseline", "mg-teacher", "mg-student",
                          "algorithm1", "removal-student"})
        role_->addItem(r, QString(r));
    top->addWidget(role_);
    addColumn_ = new QComboBox;
    addColumn_->setEditable(true);
    addColumn_->setInsertPolicy(QComboBox::NoInsert);
    addColumn_->lineEdit()->setPlaceholderText(tr("Add column: a configuration key"));
    addColumn_->setMinimumContentsLength(3);
    addColumn_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    top->addWidget(addColumn_, 1);
    rerun_ = new QPushButton(tr("Resume"));
    rerun_->setToolTip(
        tr("Load the experiment's experiment.json into the designer and run it "
           "into its folder again: only what the folder lacks (missing, "
           "cancelled or failed trials) is computed"));
    rerun_->setEnabled(false);
    delete_ = new QPushButton(QIcon::fromTheme("edit-delete"), tr("Delete…"));
    delete_->setEnabled(false);
    lay->addLayout(top);
    // The status texts wrap, and never widen the window however long a path they name.
    auto* infoRow = new QHBoxLayout;
    info_ = new QLabel(tr("Open a folder of runs (an experiment folder, or a folder of them)"));
    info_->setObjectName("runsInfo");
    info_->setWordWrap(true);
    info_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    infoRow->addWidget(info_, 3);
    only_ = new QLabel;
    only_->setStyleSheet("color: #0b5394; font-weight: bold;");
    only_->setWordWrap(true);
    only_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    clearOnly_ = new QPushButton(tr("Show all"));
    clearOnly_->hide();
    infoRow->addWidget(only_, 1);
    infoRow->addWidget(clearOnly_);
    infoRow->addWidget(rerun_);
    infoRow->addWidget(delete_);
    lay->addLayout(infoRow);

    auto* split = new QSplitter(Qt::Vertical);
    split->setObjectName("runsSplit");  // its sizes are remembered (restoreSplitters)
    experiments_ = new QTreeWidget;
    experiments_->setObjectName("experimentsList");
    experiments_->setRootIsDecorated(false);
    experiments_->setHeaderLabels({tr("Experiment"), tr("Folder"), tr("Created"), tr("Status"),
                                   tr("Trials"), tr("Layout"), tr("Runs")});
    experiments_->setToolTip(
        tr("Select an experiment to list its runs; double-click to show "
           "its results"));
    experiments_->setMinimumHeight(1);  // the splitter may shrink it away: no window growth
    split->addWidget(experiments_);
    model_ = new RunTableModel(this);
    view_ = new QTableView;
    view_->setObjectName("runsTable");
    view_->setModel(model_);
    view_->setSortingEnabled(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setAlternatingRowColors(true);
    view_->verticalHeader()->setVisible(false);
    view_->verticalHeader()->setDefaultSectionSize(22);
    view_->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);  // 100,000 rows: no sizing
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);  // the index's order
    split->addWidget(view_);
    details_ = new RunDetailsPane;
    split->addWidget(details_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 2);
    lay->addWidget(split, 1);

    filterTimer_ = new QTimer(this);  // typing: filter once the keys pause
    filterTimer_->setSingleShot(true);
    filterTimer_->setInterval(250);
    connect(filterTimer_, &QTimer::timeout, this, &RunsBrowser::applyFilter);
    connect(open, &QPushButton::clicked, this, &RunsBrowser::openDialog);
    connect(filter_, &QLineEdit::textChanged, filterTimer_, qOverload<>(&QTimer::start));
    connect(filter_, &QLineEdit::returnPressed, this, &RunsBrowser::applyFilter);
    connect(role_, &QComboBox::currentIndexChanged, this,
            [this] { model_->setRole(role_->currentData().toString()); });
    connect(addColumn_, &QComboBox::activated, this,
            [this](int i) { addColumn(addColumn_->itemText(i)); });
    connect(addColumn_->lineEdit(), &QLineEdit::returnPressed, this,
            [this] { addColumn(addColumn_->currentText()); });
    connect(experiments_, &QTreeWidget::itemSelectionChanged, this, [this] {
        const auto items = experiments_->selectedItems();
        model_->setExperiment(items.isEmpty() ? QString()
                                              : items[0]->data(0, Qt::UserRole).toString());
        rerun_->setEnabled(QFileInfo::exists(currentExperimentDir() + "/experiment.json"));
    });
    connect(experiments_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        const QString dir = item->data(0, Qt::UserRole).toString();
        emit experimentActivated(QDir(folder_).absoluteFilePath(dir.isEmpty() ? "." : dir));
    });
    connect(clearOnly_, &QPushButton::clicked, this, [this] { showOnly({}, {}); });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsBrowser::selectionChanged);
    connect(model_, &QAbstractItemModel::modelReset, this, &RunsBrowser::selectionChanged);
    connect(delete_, &QPushButton::clicked, this, &RunsBrowser::deleteSelected);
    connect(rerun_, &QPushButton::clicked, this, &RunsBrowser::rerun);
}

int RunsBrowser::visibleRuns() const {
    return model_->rowCount();
}
QString RunsBrowser::info() const {
    return info_->text();
}
PlotView* RunsBrowser::curves() const {
    return details_->curves();
}
ConfusionView* RunsBrowser::confusion() const {
    return details_->confusion();
}

void RunsBrowser::openDialog() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a folder of runs"), folder_.isEmpty() ? runsRootFolder() : folder_);
    if (!dir.isEmpty()) openFolder(dir);
}

void RunsBrowser::openFolder(const QString& dir) {
    chosen_ = true;
    load(QDir(dir).absolutePath(), {});
}

void RunsBrowser::followFolder(const QString& dir) {
    if (chosen_ && !folder_.isEmpty()) return;
    load(QDir(dir).absolutePath(), {});
}

void RunsBrowser::addColumn(const QString& key) {
    const std::string k = key.trimmed().toStdString();
    if (k.empty() || folder_.isEmpty()) return;
    auto columns = model_->configKeys();
    if (std::find(columns.begin(), columns.end(), k) == columns.end()) load(folder_, k);
}

void RunsBrowser::load(const QString& dir, const std::string& newColumn) {
    const bool withNewColumn = !newColumn.empty();
    info_->setText(tr("Indexing %1…").arg(dir));
    const int generation = ++generation_;
    if (dir != folder_) {  // another folder: the old one's filter, shown runs and selection go
        const QSignalBlocker quiet(filter_);  // cleared here, not re-run on the old rows
        filter_->clear();
        ++filterGeneration_;  // an index filter still running for the old folder is dropped
        model_->setMatches(std::nullopt);
        model_->setText({});
        showOnly({}, {});
        view_->clearSelection();
        addColumn_->setEditText({});
    }
    std::vector<std::string> columns =
        dir == folder_ ? model_->configKeys() : std::vector<std::string>{};
    if (withNewColumn) columns.push_back(newColumn);
    QPointer<RunsBrowser> self(this);
    // Progress from the worker, at most every 200 ms, as a queued call on this widget.
    auto progress = [self, dir, last = std::make_shared<QElapsedTimer>()](int64_t done,
                                                                          int64_t total) {
        if (last->isValid() && last->elapsed() < 200) return;
        last->start();
        QMetaObject::invokeMethod(
            self,
            [self, dir, done, total] {
                if (self)
                    self->info_->setText(tr("Indexing %1: %2 of %3 new or changed files…")
                                             .arg(dir)
                                             .arg(done)
                                             .arg(total));
            },
            Qt::QueuedConnection);
    };
    auto* watcher = new QFutureWatcher<WorkspaceLoad>(this);
    connect(watcher, &QFutureWatcher<WorkspaceLoad>::finished, this,
            [this, watcher, dir, generation, columns] {
                WorkspaceLoad l = watcher->future().takeResult();  // moved: no copy of the rows
                watcher->deleteLater();
                if (generation != generation_) return;  // a newer load replaced this one
                if (!l.problem.isEmpty()) {
                    info_->setText(tr("Cannot open %1: %2").arg(dir, l.problem));
                    return;
                }
                const bool sameFolder = dir == folder_;
                folder_ = dir;
                const int n = l.unchanged ? model_->totalRuns() : int(l.runs.size());
                WorkspaceLoad::fillExperiments(experiments_, l.experiments);
                experiments_->setVisible(l.experiments.size() >
                                         1);  // one experiment: the folder itself
                if (!l.unchanged) model_->setRuns(dir, std::move(l.runs), columns);
                {
                    QSignalBlocker b(addColumn_);
                    const QString typed = addColumn_->currentText();
                    addColumn_->clear();
                    for (const auto& k : l.keys) addColumn_->addItem(QString::fromStdString(k));
                    addColumn_->setCurrentIndex(-1);
                    addColumn_->setEditText(sameFolder ? QString() : typed);
                }
                info_->setText(l.summary(dir, n));
                view_->resizeColumnsToContents();
                rerun_->setEnabled(QFileInfo::exists(currentExperimentDir() + "/experiment.json"));
                addRecent(settings::recentRunFolders, dir);
                if (!filter_->text().isEmpty()) applyFilter();
                if (!only_->text().isEmpty()) view_->selectAll();  // the runs of a clicked point
                emit folderLoaded(dir, n, l.seconds);
            });
    const bool haveRows = dir == folder_ && !withNewColumn && model_->totalRuns() > 0;
    watcher->setFuture(QtConcurrent::run([dir, columns, progress, haveRows] {
        return WorkspaceLoad::read(dir, columns, progress, haveRows);
    }));
}

void RunsBrowser::setFilter(const QString& text) {
    filter_->setText(text);
    applyFilter();
}

void RunsBrowser::applyFilter() {
    filterTimer_->stop();
    const QString text = filter_->text().trimmed();
    if (!WorkspaceLoad::isIndexFilter(text)) {
        model_->setMatches(std::nullopt);
        model_->setText(text);
        emit filterApplied(visibleRuns());
        return;
    }
    if (folder_.isEmpty()) return;
    model_->setText({});
    const int generation = ++filterGeneration_;
    using Matched = std::pair<std::optional<std::vector<int64_t>>, QString>;
    auto* watcher = new QFutureWatcher<Matched>(this);
    connect(watcher, &QFutureWatcher<Matched>::finished, this, [this, watcher, generation] {
        auto [rows, problem] = watcher->future().takeResult();
        watcher->deleteLater();
        if (generation != filterGeneration_) return;
        if (!problem.isEmpty()) {
            info_->setText(problem);
            return;
        }
        model_->setMatches(std::move(rows));
        info_->setText(tr("%1 of %2 runs match").arg(visibleRuns()).arg(model_->totalRuns()));
        emit filterApplied(visibleRuns());
    });
    watcher->setFuture(QtConcurrent::run([root = folder_, text]() -> Matched {
        try {
            RunIndex index(root.toStdString());
            auto rows = index.runIds(text.toStdString());
            return {std::move(rows), {}};
        } catch (const std::exception& e) {
            return {std::nullopt, QString::fromUtf8(e.what())};
        }
    }));
}

void RunsBrowser::showOnly(const std::vector<std::string>& ids, const QString& why) {
    model_->setIds(std::set<std::string>(ids.begin(), ids.end()));
    only_->setText(ids.empty() ? QString() : why);
    clearOnly_->setVisible(!ids.empty());
    if (!ids.empty()) view_->selectAll();
}

QString RunsBrowser::currentExperimentDir() const {
    const auto items = experiments_->selectedItems();
    const QString rel = items.isEmpty() ? QString() : items[0]->data(0, Qt::UserRole).toString();
    return rel.isEmpty() ? folder_ : QDir(folder_).filePath(rel);
}

QStringList RunsBrowser::selectedPaths() const {
    QStringList out;
    for (const auto& idx : view_->selectionModel()->selectedRows())
        out << model_->absolutePath(model_->run(idx.row()));
    return out;
}

void RunsBrowser::selectionChanged() {
    const auto rows = view_->selectionModel()->selectedRows();
    delete_->setEnabled(!rows.isEmpty());
    if (rows.isEmpty()) {
        details_->clear();
        return;
    }
    constexpr int kMaxShown = 12;  // curves and columns stay readable
    std::vector<RunRecord> runs;
    std::vector<QString> labels;
    std::vector<int64_t> rowids;
    QString firstPath;
    for (const auto& idx : rows) {
        if (int(runs.size()) >= kMaxShown) break;
        const RunRow& s = model_->run(idx.row());
        try {
            runs.push_back(RunFile::load(model_->absolutePath(s).toStdString(), false));
        } catch (const std::exception& e) {
            spdlog::warn("{}", e.what());
            continue;
        }
        labels.push_back(QString::fromStdString(s.title()));
        rowids.push_back(s.rowid);
        if (firstPath.isEmpty()) firstPath = model_->absolutePath(s);
    }
    std::vector<ConfigDifference> diff;
    bool haveDiff = false;
    if (rowids.size() >= 2) {
        try {
            diff = RunIndex(folder_.toStdString()).configDiff(rowids[0], rowids[1]);
            haveDiff = true;
        } catch (const std::exception& e) {
            spdlog::warn("{}", e.what());
        }
    }
    details_->showRuns(std::move(runs), std::move(labels), haveDiff ? &diff : nullptr, firstPath);
}

QStringList RunsBrowser::deleteRuns(const QStringList& paths) {
    QStringList problems;
    for (const auto& p : paths) {
        QFile f(p);
        if (!f.remove())
            problems << tr("%1: %2").arg(QFileInfo(p).fileName(), f.errorString());
        else
            spdlog::info("deleted run file {}", p.toStdString());
    }
    return problems;
}

void RunsBrowser::deleteSelected() {
    const QStringList paths = selectedPaths();
    if (paths.isEmpty()) return;
    const auto answer = QMessageBox::question(
        this, tr("Delete runs"),
        tr("Delete %n run file(s) from disk? This cannot be undone.", nullptr, int(paths.size())),
        QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
    if (answer != QMessageBox::Yes) return;
    const QStringList problems = deleteRuns(paths);
    if (!problems.isEmpty()) QMessageBox::warning(this, tr("Delete runs"), problems.join("\n"));
    load(folder_, {});
}

void RunsBrowser::rerun() {
    const QString dir = currentExperimentDir();
    std::ifstream in((dir + "/experiment.json").toStdString());
    try {
        emit rerunRequested(nlohmann::json::parse(in), QDir(dir).absolutePath());
    } catch (const std::exception& e) {
        info_->setText(tr("Cannot re-run: %1/experiment.json: %2").arg(dir, e.what()));
    }
}

}  // namespace mfh::ui
