#include "ui/JobsDock.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>

#include "core/training/TorchTrainer.h"
#include "ui/JobProgress.h"
#include "ui/JobQueue.h"
#include "ui/Palette.h"
#include "ui/PlotView.h"
#include "ui/Settings.h"

namespace mfh::ui {

namespace {
QString duration(double s) {
    return JobProgress::duration(s);
}
}  // namespace

JobsDock::JobsDock(JobQueue* queue, QWidget* parent)
    : QDockWidget(tr("Jobs"), parent), queue_(queue) {
    setObjectName("JobsDock");
    auto* w = new QWidget;
    auto* lay = new QVBoxLayout(w);
    lay->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Device")));
    device_ = new QComboBox;
    device_->setObjectName("deviceSelector");
    for (const auto& d : availableDevices())
        device_->addItem(QString::fromStdString(d.label), QString::fromStdString(d.name));
    if (device_->count() == 1) device_->setToolTip(tr("No CUDA device is available to this build"));
    const int saved = device_->findData(settings::device.get());
    device_->setCurrentIndex(saved >= 0 ? saved : 0);
    queue_->setDevice(device_->currentData().toString());
    top->addWidget(device_);
    notice_ = new QLabel;
    notice_->setObjectName("jobsNotice");
    top->addWidget(notice_, 1);
    cancelAll_ = new QPushButton(tr("Cancel all"));
    cancelAll_->setEnabled(false);
    top->addWidget(cancelAll_);
    lay->addLayout(top);

    auto* split = new QSplitter(Qt::Horizontal);
    split->setObjectName("jobsSplit");  // its sizes are remembered (restoreSplitters)
    table_ = new QTableWidget(0, cCount);
    table_->setObjectName("jobsTable");
    table_->setHorizontalHeaderLabels(
        {tr("Job"), tr("Status"), tr("Stage"), tr("Progress"), tr("Elapsed"), tr("Left"), ""});
    table_->verticalHeader()->setVisible(false);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    // The stage is the long text ("trial 3/18 · teacher a+b · epoch 120/1000"): it gets the room.
    for (int c : {cName, cStatus, cElapsed, cEta, cCancel})
        table_->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    table_->horizontalHeader()->setSectionResizeMode(cStage, QHeaderView::Stretch);
    table_->setColumnWidth(cProgress, 130);
    table_->setWordWrap(false);
    table_->setToolTip(tr("Double-click a job for its full stage or error message"));
    split->addWidget(table_);
    curves_ = new PlotView;
    curves_->setExportName("live-curves");
    curves_->setTitle(tr("Live curves"));
    curves_->xAxis->setLabel(tr("epoch"));
    curves_->yAxis->setLabel(tr("loss"));
    curves_->yAxis2->setVisible(true);
    curves_->yAxis2->setLabel(tr("accuracy (%)"));
    curves_->setMinimumSize(240, 120);  // the dock stays low on a laptop screen
    // The legend in a column right of the plot: the dock is wide and low, so a legend there
    // costs no height and covers no curve.
    auto* grid = curves_->plotLayout();
    int row = 0;
    while (row < grid->rowCount() && grid->element(row, 0) != curves_->axisRect()) ++row;
    curves_->axisRect()->insetLayout()->take(curves_->legend);
    grid->addElement(row, 1, curves_->legend);
    grid->setColumnStretchFactor(1, 0.001);
    curves_->legend->setBorderPen(Qt::NoPen);
    for (QCPAxis* a : {curves_->yAxis, curves_->yAxis2})
        a->ticker()->setTickCount(3);  // a low plot: few, readable ticks
    curves_->setPlaceholder(tr("Select a job to follow its training"));
    split->addWidget(curves_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({600, 600});
    lay->addWidget(split, 1);
    setWidget(w);

    progressTimer_ = new QTimer(this);
    progressTimer_->setInterval(100);
    connect(progressTimer_, &QTimer::timeout, this, &JobsDock::refresh);
    curveTimer_ = new QTimer(this);
    curveTimer_->setInterval(40);  // 25 Hz at most
    connect(curveTimer_, &QTimer::timeout, this, &JobsDock::replotCurves);

    connect(device_, &QComboBox::currentIndexChanged, this, [this] {
        const QString d = device_->currentData().toString();
        queue_->setDevice(d);
        settings::device.set(d);
    });
    connect(cancelAll_, &QPushButton::clicked, queue_, &JobQueue::cancelAll);
    connect(queue_, &JobQueue::jobAdded, this, &JobsDock::addRow);
    connect(queue_, &JobQueue::jobStarted, this, [this](int id) {
        progressTimer_->start();
        curveTimer_->start();
        const bool experiment = queue_->job(id)->kind == JobKind::Experiment;
        if (experiment &&
            (selectedJob() < 0 || queue_->job(selectedJob())->status != JobStatus::Running))
            selectJob(id);
        refresh();
    });
    connect(queue_, &JobQueue::jobFinished, this, &JobsDock::finished);
    connect(queue_, &JobQueue::taskFinished, this, &JobsDock::finished);
    connect(table_, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        showDetails(table_->item(row, cName)->data(Qt::UserRole).toInt());
    });
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        shownVersion_ = ~uint64_t(0);
        replotCurves();
        // Only experiments have results to show; a task's row selects nothing.
        auto j = queue_->job(selectedJob());
        emit jobSelected(j && j->kind == JobKind::Experiment ? j->id : -1);
    });
}

QMessageBox* JobsDock::showDetails(int id) {
    auto j = queue_->job(id);
    if (!j) return nullptr;
    const bool failed = j->status == JobStatus::Failed;
    auto* box = new QMessageBox(failed ? QMessageBox::Warning : QMessageBox::Information,
                                tr("Job %1").arg(id), QString(), QMessageBox::Close, this);
    box->setObjectName("jobDetails");
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setText(tr("'%1' %2").arg(j->name, statusText(j->status)));
    box->setInformativeText(JobProgress::stageDetail(*j));
    if (failed) box->setDetailedText(j->error);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();  // not modal to the event loop: jobs keep refreshing
    return box;
}

int JobsDock::selectedJob() const {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty()) return -1;
    return table_->item(rows.first().row(), cName)->data(Qt::UserRole).toInt();
}

void JobsDock::selectJob(int id) {
    for (int r = 0; r < table_->rowCount(); ++r)
        if (table_->item(r, cName)->data(Qt::UserRole).toInt() == id) table_->selectRow(r);
}

QString JobsDock::notice() const {
    return notice_->text();
}

void JobsDock::addRow(int id) {
    auto j = queue_->job(id);
    const int r = table_->rowCount();
    table_->insertRow(r);
    auto* name = new QTableWidgetItem(QString("%1  #%2").arg(j->name).arg(id));
    name->setData(Qt::UserRole, id);
    name->setToolTip(j->folder);
    table_->setItem(r, cName, name);
    for (int c : {cStatus, cStage, cElapsed, cEta}) table_->setItem(r, c, new QTableWidgetItem);
    auto* bar = new QProgressBar;
    bar->setRange(0, 1000);  // per mille of the work (an experiment's epochs)
    bar->setValue(0);
    bar->setTextVisible(true);
    table_->setCellWidget(r, cProgress, bar);
    auto* cancel = new QToolButton;
    cancel->setText(tr("Cancel"));
    cancel->setToolTip(tr("Cancel this job; the run in progress is saved as cancelled"));
    connect(cancel, &QToolButton::clicked, this, [this, id] { queue_->cancel(id); });
    table_->setCellWidget(r, cCancel, cancel);
    cancelAll_->setEnabled(true);
    refresh();
}

void JobsDock::refresh() {
    bool active = false;
    for (int r = 0; r < table_->rowCount(); ++r) {
        const int id = table_->item(r, cName)->data(Qt::UserRole).toInt();
        auto j = queue_->job(id);
        if (!j) continue;
        const JobStatus st = j->status;
        active = active || st == JobStatus::Running || st == JobStatus::Queued;
        QString s = statusText(st);
        if (st == JobStatus::Running && j->cancel) s = tr("cancelling…");
        table_->item(r, cStatus)->setText(s);
        const QString stage = JobProgress::stageText(*j);
        table_->item(r, cStage)->setText(stage);
        const QString detail = JobProgress::stageDetail(*j);
        for (int c : {cStatus, cStage})
            table_->item(r, c)->setToolTip(
                st == JobStatus::Failed ? tr("%1\n(double-click for the message)").arg(detail)
                                        : detail);
        QColor fg = st == JobStatus::Failed     ? palette::loss()
                    : st == JobStatus::Complete ? palette::gain()
                                                : QApplication::palette().color(QPalette::Text);
        table_->item(r, cStatus)->setForeground(fg);
        auto* bar = static_cast<QProgressBar*>(table_->cellWidget(r, cProgress));
        const double f = j->fraction();
        const bool busy = f < 0 && st == JobStatus::Running;  // not measurable: a busy bar
        bar->setMaximum(busy ? 0 : 1000);
        bar->setValue(busy ? 0 : int(1000 * std::max(0.0, f)));
        bar->setFormat(JobProgress::progressText(*j));
        table_->item(r, cElapsed)
            ->setText(duration(st == JobStatus::Queued ? -1 : j->elapsedSeconds()));
        table_->item(r, cEta)->setText(st == JobStatus::Running ? duration(j->etaSeconds())
                                                                : QString());
        table_->cellWidget(r, cCancel)
            ->setEnabled(st == JobStatus::Running || st == JobStatus::Queued);
    }
    cancelAll_->setEnabled(active);
    if (!active) progressTimer_->stop();
}

void JobsDock::finished(int id) {
    refresh();
    replotCurves();
    auto j = queue_->job(id);
    if (!j) return;
    QString text;
    switch (j->status.load()) {
        case JobStatus::Complete:
            if (j->kind == JobKind::Task) {
                text = tr("'%1' finished in %2").arg(j->name, duration(j->elapsedSeconds()));
                break;
            }
            text = tr("'%1' finished: %2 runs in %3")
                       .arg(j->name)
                       .arg(j->runsDone.load())
                       .arg(duration(j->elapsedSeconds()));
            break;
        case JobStatus::Cancelled:
            text = tr("'%1' was cancelled").arg(j->name);
            break;
        case JobStatus::Failed:
            text = tr("'%1' failed: %2 (double-click the job for the whole message)")
                       .arg(j->name, j->error.section('\n', 0, 0));
            break;
        default:
            break;
    }
    notice_->setText(text);
    notice_->setStyleSheet(j->status == JobStatus::Failed ? "color: #b22222;" : "color: #1b6e20;");
    if (!queue_->busy()) curveTimer_->stop();
}

void JobsDock::replotCurves() {
    const int id = selectedJob();
    auto j = id >= 0 ? queue_->job(id) : nullptr;
    if (!j) return;
    const uint64_t v = j->curves.version();
    if (id == shownJob_ && v == shownVersion_) return;
    shownJob_ = id, shownVersion_ = v;
    const CurveSnapshot s = j->curves.snapshot();
    curves_->clearGraphs();
    if (s.runId.empty()) {
        curves_->setPlaceholder(tr("No training has started yet"));
        curves_->replot();
        return;
    }
    // Named for people (role, inputs, sweep point, seed); the id is in the tooltip. A run
    // that ended says how: complete, cancelled, diverged.
    curves_->setTitle(
        QString::fromStdString(s.title) +
        (s.finished ? QString(" (%1)").arg(QString::fromUtf8(nameOf(s.status))) : QString()));
    curves_->setToolTip(tr("run %1").arg(QString::fromStdString(s.runId)));
    const bool empty = s.loss.empty() && s.accEpoch.empty();
    curves_->setPlaceholder(
        empty ? tr("This run records no curves: set 'Evaluate every' to see them") : QString());
    int colour = 0;
    if (!s.loss.empty()) {
        auto* g = curves_->addGraph(curves_->xAxis, curves_->yAxis);
        g->setName(tr("loss"));
        g->setData(QVector<double>(s.lossEpoch.begin(), s.lossEpoch.end()),
                   QVector<double>(s.loss.begin(), s.loss.end()), true);
        g->setPen(QPen(palette::series(colour), 1.5));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, palette::series(colour++), 4));
    }
    for (const auto& kv : s.accuracy) {
        auto* g = curves_->addGraph(curves_->xAxis, curves_->yAxis2);
        g->setName(tr("%1 accuracy").arg(QString::fromStdString(kv.first)));
        g->setData(QVector<double>(s.accEpoch.begin(), s.accEpoch.end()),
                   QVector<double>(kv.second.begin(), kv.second.end()), true);
        g->setPen(QPen(palette::series(colour), 1.5));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, palette::series(colour++), 4));
    }
    // Ranges from the data, so that a single point (a run evaluated only at its end) sits in a
    // sensible window rather than a degenerate one.
    for (auto* ax : {curves_->yAxis, curves_->yAxis2}) {
        double lo = 1e300, hi = -1e300;
        for (int i = 0; i < curves_->graphCount(); ++i) {
            auto* g = curves_->graph(i);
            if (g->valueAxis() != ax) continue;
            for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
                lo = std::min(lo, it->value), hi = std::max(hi, it->value);
        }
        if (lo > hi) continue;
        const double pad = hi > lo ? (hi - lo) * 0.08 : std::max(0.5, std::abs(hi) * 0.05);
        ax->setRange(lo - pad, hi + pad);
    }
    curves_->xAxis->setRange(
        0, std::max<double>(s.epochs, s.lossEpoch.empty() ? 1 : s.lossEpoch.back()));
    curves_->replot(QCustomPlot::rpQueuedReplot);
}

}  // namespace mfh::ui
