#include "ui/RunsBrowser.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
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
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTreeWidget>
#include <QtConcurrent>
#include <fstream>

#include "core/runs/RunFile.h"
#include "core/runs/RunRecord.h"
#include "ui/Palette.h"
#include "ui/PlotView.h"
#include "ui/RunFilterModel.h"
#include "ui/ConfusionView.h"
#include "ui/RunTableModel.h"
#include "ui/Settings.h"

namespace mfh::ui {

namespace {
struct Scan {
    RunFolder folder;
    QString problem;
    double seconds = 0;
};
}  // namespace

RunsBrowser::RunsBrowser(QWidget* parent) : QWidget(parent) {
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    auto* open = new QPushButton(QIcon::fromTheme("folder-open"), tr("Open folder…"));
    top->addWidget(open);
    filter_ = new QLineEdit;
    filter_->setPlaceholderText(tr("Filter (any column)"));
    filter_->setClearButtonEnabled(true);
    top->addWidget(filter_, 2);
    role_ = new QComboBox;
    role_->addItem(tr("All roles"), QString());
    for (const char* r : {"teacher", "student", "baseline", "mg-teacher", "mg-student",
                          "algorithm1", "removal-student"})
        role_->addItem(r, QString(r));
    top->addWidget(role_);
    rerun_ = new QPushButton(tr("Re-run experiment"));
    rerun_->setToolTip(tr("Load the folder's experiment.json into the designer and queue it"));
    rerun_->setEnabled(false);
    delete_ = new QPushButton(QIcon::fromTheme("edit-delete"), tr("Delete…"));
    delete_->setEnabled(false);
    top->addWidget(rerun_);
    top->addWidget(delete_);
    lay->addLayout(top);
    auto* infoRow = new QHBoxLayout;
    info_ = new QLabel(tr("Open a folder of runs (an experiment's output folder)"));
    info_->setObjectName("runsInfo");
    infoRow->addWidget(info_, 1);
    only_ = new QLabel;
    only_->setStyleSheet("color: #0b5394; font-weight: bold;");
    clearOnly_ = new QPushButton(tr("Show all"));
    clearOnly_->hide();
    infoRow->addWidget(only_);
    infoRow->addWidget(clearOnly_);
    lay->addLayout(infoRow);

    auto* split = new QSplitter(Qt::Vertical);
    model_ = new RunTableModel(this);
    proxy_ = new RunFilterModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterKeyColumn(-1);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setSortRole(Qt::EditRole);
    view_ = new QTableView;
    view_->setObjectName("runsTable");
    view_->setModel(proxy_);
    view_->setSortingEnabled(true);
    view_->setSelectionBehavior(QAbstractItemView::SelectRows);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setAlternatingRowColors(true);
    view_->verticalHeader()->setVisible(false);
    view_->verticalHeader()->setDefaultSectionSize(22);
    view_->horizontalHeader()->setStretchLastSection(true);
    view_->sortByColumn(RunTableModel::Role, Qt::AscendingOrder);
    split->addWidget(view_);

    details_ = new QTabWidget;
    auto* cw = new QWidget;
    auto* cl = new QVBoxLayout(cw);
    cl->setContentsMargins(0, 0, 0, 0);
    auto* crow = new QHBoxLayout;
    crow->addWidget(new QLabel(tr("Curve")));
    curveMetric_ = new QComboBox;
    curveMetric_->addItems({"acc_test", "acc_train", "acc_val", "loss"});
    crow->addWidget(curveMetric_);
    crow->addStretch();
    cl->addLayout(crow);
    curves_ = new PlotView;
    curves_->setExportName("run-curves");
    curves_->xAxis->setLabel(tr("epoch"));
    curves_->setPlaceholder(tr("Select runs to overlay their curves"));
    cl->addWidget(curves_, 1);
    details_->addTab(cw, tr("Curves"));
    compare_ = new QTableWidget;
    compare_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    details_->addTab(compare_, tr("Compare metrics"));
    config_ = new QPlainTextEdit;
    config_->setReadOnly(true);
    config_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    details_->addTab(config_, tr("Configuration"));
    provenance_ = new QTreeWidget;
    provenance_->setHeaderLabels({tr("Property"), tr("Value")});
    details_->addTab(provenance_, tr("Provenance"));
    confusion_ = new ConfusionView;
    details_->addTab(confusion_, tr("Per class"));
    split->addWidget(details_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    lay->addWidget(split, 1);

    connect(open, &QPushButton::clicked, this, &RunsBrowser::openDialog);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);
    connect(role_, &QComboBox::currentIndexChanged, this, [this] {
        proxy_->role = role_->currentData().toString();
        proxy_->refilter();
    });
    connect(clearOnly_, &QPushButton::clicked, this, [this] { showOnly({}, {}); });
    connect(view_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &RunsBrowser::selectionChanged);
    connect(curveMetric_, &QComboBox::currentIndexChanged, this, &RunsBrowser::selectionChanged);
    connect(delete_, &QPushButton::clicked, this, &RunsBrowser::deleteSelected);
    connect(rerun_, &QPushButton::clicked, this, &RunsBrowser::rerun);
}

int RunsBrowser::visibleRuns() const {
    return proxy_->rowCount();
}

void RunsBrowser::openDialog() {
    const QString dir = QFileDialog::getExistingDirectory(
        this, tr("Open a folder of runs"), folder_.isEmpty() ? runsRootFolder() : folder_);
    if (!dir.isEmpty()) openFolder(dir);
}

void RunsBrowser::openFolder(const QString& dir) {
    info_->setText(tr("Reading %1…").arg(dir));
    auto* watcher = new QFutureWatcher<Scan>(this);
    connect(watcher, &QFutureWatcher<Scan>::finished, this, [this, watcher, dir] {
        Scan s = watcher->result();
        watcher->deleteLater();
        if (!s.problem.isEmpty()) {
            info_->setText(tr("Cannot open %1: %2").arg(dir, s.problem));
            return;
        }
        folder_ = dir;
        const int n = int(s.folder.runs.size());
        QString text = tr("%1: %2 runs (read in %3 s)")
                           .arg(s.folder.name.empty() ? QFileInfo(dir).fileName()
                                                      : QString::fromStdString(s.folder.name))
                           .arg(n)
                           .arg(s.seconds, 0, 'f', 2);
        if (!s.folder.problems.empty())
            text += tr("; %1 unreadable file(s): %2")
                        .arg(s.folder.problems.size())
                        .arg(QString::fromStdString(s.folder.problems.front()));
        info_->setText(text);
        model_->setRuns(std::move(s.folder.runs));
        view_->resizeColumnsToContents();
        if (!proxy_->ids.empty()) view_->selectAll();  // the runs of a clicked point: overlay them
        rerun_->setEnabled(QFileInfo::exists(dir + "/experiment.json"));
        addRecent(settings::recentRunFolders, dir);
        emit folderLoaded(dir, n, s.seconds);
    });
    watcher->setFuture(QtConcurrent::run([dir]() -> Scan {
        Scan s;
        QElapsedTimer t;
        t.start();
        try {
            s.folder = RunStore::scan(dir.toStdString());
        } catch (const std::exception& e) {
            s.problem = QString::fromUtf8(e.what());
        }
        s.seconds = t.nsecsElapsed() / 1e9;
        return s;
    }));
}

void RunsBrowser::showOnly(const std::vector<std::string>& ids, const QString& why) {
    proxy_->ids = std::set<std::string>(ids.begin(), ids.end());
    proxy_->refilter();
    only_->setText(ids.empty() ? QString() : why);
    clearOnly_->setVisible(!ids.empty());
    if (!ids.empty()) view_->selectAll();
}

QStringList RunsBrowser::selectedPaths() const {
    QStringList out;
    for (const auto& idx : view_->selectionModel()->selectedRows())
        out << QString::fromStdString(model_->run(proxy_->mapToSource(idx).row()).path);
    return out;
}

void RunsBrowser::selectionChanged() {
    const auto rows = view_->selectionModel()->selectedRows();
    delete_->setEnabled(!rows.isEmpty());
    curves_->clearGraphs();
    compare_->clear();
    config_->clear();
    provenance_->clear();
    confusion_->clear();
    if (rows.isEmpty()) {
        curves_->setPlaceholder(tr("Select runs to overlay their curves"));
        curves_->replot();
        return;
    }
    constexpr int kMaxShown = 12;  // curves and columns stay readable
    std::vector<RunRecord> runs;
    for (const auto& idx : rows) {
        if (int(runs.size()) >= kMaxShown) break;
        const auto& s = model_->run(proxy_->mapToSource(idx).row());
        try {
            runs.push_back(RunFile::load(s.path, false));
        } catch (const std::exception& e) {
            spdlog::warn("{}", e.what());
        }
    }
    // Curves overlaid.
    const std::string metric = curveMetric_->currentText().toStdString();
    curves_->yAxis->setLabel(metric == "loss" ? tr("loss") : tr("accuracy (%)"));
    int colour = 0, drawn = 0;
    for (const auto& r : runs) {
        auto c = r.curves.find(metric);
        if (c == r.curves.end() || c->second.empty()) continue;
        auto e = r.curves.find("epoch");
        QVector<double> x, y(c->second.begin(), c->second.end());
        for (std::size_t i = 0; i < c->second.size(); ++i)
            x << (e != r.curves.end() && i < e->second.size() ? e->second[i] : double(i + 1));
        if (metric == "loss" && x.size() != y.size()) x.resize(y.size());
        auto* g = curves_->addGraph();
        g->setName(QString("%1 seed %2").arg(QString::fromStdString(r.role)).arg(r.seed));
        g->setData(x, y, true);
        g->setPen(QPen(palette::series(colour++), 1.5));
        if (x.size() == 1) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
        ++drawn;
    }
    curves_->setPlaceholder(
        drawn ? QString()
              : tr("The selected runs have no '%1' curve").arg(QString::fromStdString(metric)));
    curves_->resetView();
    curves_->replot();
    // Metrics side by side.
    std::set<std::string> keys;
    for (const auto& r : runs)
        for (const auto& kv : r.metrics) keys.insert(kv.first);
    compare_->setColumnCount(int(runs.size()));
    compare_->setRowCount(int(keys.size()) + 3);
    QStringList headers, rowNames{tr("role"), tr("seed"), tr("status")};
    for (const auto& k : keys) rowNames << QString::fromStdString(k);
    for (int c = 0; c < int(runs.size()); ++c) {
        const auto& r = runs[c];
        headers << QString::fromStdString(r.id);
        compare_->setItem(0, c, new QTableWidgetItem(QString::fromStdString(r.role)));
        compare_->setItem(1, c, new QTableWidgetItem(QString::number(r.seed)));
        compare_->setItem(2, c, new QTableWidgetItem(QString::fromStdString(nameOf(r.status))));
        int row = 3;
        for (const auto& k : keys) {
            auto it = r.metrics.find(k);
            compare_->setItem(row++, c,
                              new QTableWidgetItem(it == r.metrics.end() ? QString::fromUtf8("–")
                                                                         : num(it->second, 3)));
        }
    }
    compare_->setHorizontalHeaderLabels(headers);
    compare_->setVerticalHeaderLabels(rowNames);
    compare_->resizeColumnsToContents();
    if (runs.empty()) return;
    const RunRecord& r = runs.front();
    confusion_->showRun(r);
    config_->setPlainText(QString::fromStdString(r.config.dump(2)));
    auto add = [this](const QString& k, const std::string& v) {
        new QTreeWidgetItem(provenance_, {k, QString::fromStdString(v)});
    };
    add(tr("run id"), r.id);
    add(tr("role"), r.role);
    add(tr("status"), nameOf(r.status));
    add(tr("seed"), std::to_string(r.seed));
    add(tr("device"), r.device);
    add(tr("dataset"), r.dataset);
    add(tr("dataset hash"), r.datasetHash);
    add(tr("teacher run"), r.teacherId.empty() ? "-" : r.teacherId);
    add(tr("started"), r.startTime);
    add(tr("ended"), r.endTime);
    add(tr("file"), model_->run(proxy_->mapToSource(rows.front()).row()).path);
    provenance_->resizeColumnToContents(0);
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
    openFolder(folder_);
}

void RunsBrowser::rerun() {
    std::ifstream in((folder_ + "/experiment.json").toStdString());
    try {
        emit rerunRequested(nlohmann::json::parse(in));
    } catch (const std::exception& e) {
        info_->setText(tr("Cannot re-run: experiment.json: %1").arg(e.what()));
    }
}

}  // namespace mfh::ui
