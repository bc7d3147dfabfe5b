#include "ui/JobsDock.h"

#include <QApplication>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>

#include "core/training/TorchTrainer.h"
#include "ui/JobQueue.h"
#include "ui/Palette.h"
#include "ui/PlotView.h"
#include "ui/Settings.h"

namespace mfh::ui {

namespace {
enum Col { cName, cStatus, cProgress, cElapsed, cEta, cCancel, cCount };

QString duration(double s) {
    if (s < 0) return QString::fromUtf8("–");
    if (s < 60) return QString::number(s, 'f', 1) + " s";
    const int m = int(s / 60);
    return QString("%1 min %2 s").arg(m).arg(int(s) % 60);
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
    table_ = new QTableWidget(0, cCount);
    table_->setObjectName("jobsTable");
    table_->setHorizontalHeaderLabels(
        {tr("Experiment"), tr("Status"), tr("Progress"), tr("Elapsed"), tr("ETA"), ""});
    table_->verticalHeader()->setVisible(false);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(cName, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(cProgress, QHeaderView::Stretch);
    split->addWidget(table_);
    curves_ = new PlotView;
    curves_->setExportName("live-curves");
    curves_->setTitle(tr("Live curves"));
    curves_->xAxis->setLabel(tr("epoch"));
    curves_->yAxis->setLabel(tr("loss"));
    curves_->yAxis2->setVisible(true);
    curves_->yAxis2->setLabel(tr("accuracy (%)"));
    curves_->setMinimumSize(300, 180);
    curves_->setPlaceholder(tr("Select a job to follow its training"));
    split->addWidget(curves_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({600, 600});
    curves_->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
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
        if (selectedJob() < 0 || queue_->job(selectedJob())->status != JobStatus::Running)
            selectJob(id);
        refresh();
    });
    connect(queue_, &JobQueue::jobFinished, this, &JobsDock::finished);
    connect(table_, &QTableWidget::itemSelectionChanged, this, [this] {
        shownVersion_ = ~uint64_t(0);
        replotCurves();
        emit jobSelected(selectedJob());
    });
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
    for (int c : {cStatus, cElapsed, cEta}) table_->setItem(r, c, new QTableWidgetItem);
    auto* bar = new QProgressBar;
    bar->setRange(0, std::max(1, j->trialsTotal.load()));
    bar->setValue(0);
    bar->setFormat("%v / %m trials");
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
        if (st == JobStatus::Failed) s += ": " + j->error;
        table_->item(r, cStatus)->setText(s);
        table_->item(r, cStatus)->setToolTip(s);
        QColor fg = st == JobStatus::Failed     ? palette::loss()
                    : st == JobStatus::Complete ? palette::gain()
                                                : QApplication::palette().color(QPalette::Text);
        table_->item(r, cStatus)->setForeground(fg);
        auto* bar = static_cast<QProgressBar*>(table_->cellWidget(r, cProgress));
        bar->setMaximum(std::max(1, j->trialsTotal.load()));
        bar->setValue(j->trialsDone);
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
            text = tr("'%1' finished: %2 runs in %3")
                       .arg(j->name)
                       .arg(j->runsDone.load())
                       .arg(duration(j->elapsedSeconds()));
            break;
        case JobStatus::Cancelled:
            text = tr("'%1' was cancelled").arg(j->name);
            break;
        case JobStatus::Failed:
            text = tr("'%1' failed: %2").arg(j->name, j->error);
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
    curves_->setTitle(tr("%1 %2%3").arg(QString::fromStdString(s.role),
                                        QString::fromStdString(s.runId),
                                        s.finished ? tr(" (done)") : ""));
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
