#include "ui/ResultsTabs.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <algorithm>

#include "core/experiments/ExperimentSpec.h"
#include "ui/AccuracyPlot.h"
#include "ui/AdvisorScatter.h"
#include "ui/AdvisorTab.h"
#include "ui/ComparePanel.h"
#include "ui/JobQueue.h"
#include "ui/KdGainPlot.h"
#include "ui/PlotExport.h"
#include "ui/ResultSeries.h"
#include "ui/ResultsTable.h"
#include "ui/RunsBrowser.h"
#include "ui/SaliencyPlot.h"
#include "ui/SaliencyTab.h"
#include "ui/VennPlot.h"
#include "ui/VennTab.h"

namespace mfh::ui {

namespace {
QWidget* withBar(QWidget* content, QHBoxLayout* bar) {
    auto* w = new QWidget;
    auto* l = new QVBoxLayout(w);
    l->setContentsMargins(2, 2, 2, 2);
    if (bar) l->addLayout(bar);
    l->addWidget(content, 1);
    return w;
}
}  // namespace

ResultsTabs::ResultsTabs(QWidget* parent) : QTabWidget(parent) {
    setDocumentMode(true);
    gain_ = new KdGainPlot;
    gainMetric_ = new QComboBox;
    gainMetric_->setObjectName("gainMetric");
    gainMetric_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* gbar = new QHBoxLayout;
    gbar->addWidget(new QLabel(tr("Gain")));
    gbar->addWidget(gainMetric_);
    // The hint wraps (and is elided to nothing on a narrow screen) rather than widen the tab.
    auto* hint =
        new QLabel(tr("drag: pan · wheel: zoom · double-click: reset · click a point: its runs"));
    hint->setWordWrap(true);
    hint->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    hint->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    gbar->addWidget(hint, 1);
    gainTab_ = withBar(gain_, gbar);
    addTab(gainTab_, tr("KD gain"));
    accuracy_ = new AccuracyPlot;
    accuracy_tab_ = withBar(accuracy_, nullptr);
    addTab(accuracy_tab_, tr("Accuracy"));
    venn_ = new VennTab;
    addTab(venn_, tr("Venn diagram"));
    saliency_ = new SaliencyTab;
    addTab(saliency_, tr("Saliency"));
    table_ = new ResultsTable;
    tableTitle_ = new QLabel(tr("Run an experiment to see its table"));
    tableTitle_->setWordWrap(true);  // its provenance names folders: wrap, never widen
    tableTitle_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* tbar = new QHBoxLayout;
    tbar->addWidget(tableTitle_, 1);
    auto* tableAndCompare = new QWidget;
    auto* tv = new QVBoxLayout(tableAndCompare);
    tv->setContentsMargins(0, 0, 0, 0);
    tv->addWidget(table_, 1);
    compare_ = new ComparePanel;
    tv->addWidget(compare_);
    tableTab_ = withBar(tableAndCompare, tbar);
    addTab(tableTab_, tr("Table"));
    runs_ = new RunsBrowser;
    addTab(runs_, tr("Runs"));
    advisor_ = new AdvisorTab;
    addTab(advisor_, tr("Advisor"));

    connect(gainMetric_, &QComboBox::currentIndexChanged, this, [this] {
        if (job_ && gainMetric_->currentIndex() >= 0)
            gain_->setResult(job_->result, gainMetric_->currentData().toString().toStdString());
    });
    connect(gain_, &KdGainPlot::rowClicked, this, &ResultsTabs::openRow);
    connect(accuracy_, &AccuracyPlot::rowClicked, this, &ResultsTabs::openRow);
    connect(venn_, &VennTab::estimated, this, &ResultsTabs::vennEstimated);
}

ResultsTabs::~ResultsTabs() = default;

VennPlot* ResultsTabs::vennPlot() const {
    return venn_->plot();
}
SaliencyPlot* ResultsTabs::saliencyPlot() const {
    return saliency_->plot();
}
QWidget* ResultsTabs::vennTab() const {
    return venn_;
}
QWidget* ResultsTabs::saliencyTab() const {
    return saliency_;
}
QPushButton* ResultsTabs::estimateButton() const {
    return venn_->estimateButton();
}
bool ResultsTabs::estimating() const {
    return venn_->estimating();
}

PlotView* ResultsTabs::currentPlot() const {
    QWidget* w = currentWidget();
    if (w == gainTab_) return gain_;
    if (w == accuracy_tab_) return accuracy_;
    if (w == venn_) return venn_->plot();
    if (w == saliency_) return saliency_->plot();
    if (w == advisor_) return advisor_->scatter();
    return nullptr;
}

bool ResultsTabs::currentIsTable() const {
    return currentWidget() == tableTab_;
}

void ResultsTabs::showJob(std::shared_ptr<const Job> job) {
    job_ = std::move(job);
    if (!job_) return;
    advisor_->showJob(job_);
    const ExperimentResult& r = job_->result;
    {
        QSignalBlocker b(gainMetric_);
        gainMetric_->clear();
        for (const auto& m : ResultSeries::gainMetrics(r))
            gainMetric_->addItem(ResultSeries::metricTitle(m), QString::fromStdString(m));
    }
    gain_->setResult(r);
    accuracy_->setResult(r);
    table_->setResult(r);
    compare_->setResult(r);
    tableTitle_->setText(
        tr("%1 — mean over %2 seed(s); Δ as mean ± std (%3)")
            .arg(ResultSeries::experimentTitle(r))
            .arg(r.seeds.size())
            .arg(r.status == RunStatus::Complete ? tr("complete") : tr("cancelled: partial")) +
        (job_->provenance.isEmpty() ? QString() : "\n" + job_->provenance));
    tableTitle_->setToolTip(job_->provenance);
    saliency_->showJob(job_);
    if (!r.rows.empty()) venn_->showRow(job_, 0);
    runs_->followFolder(job_->folder);
}

void ResultsTabs::showDataset(DatasetPtr d) {
    advisor_->showDataset(d);
    venn_->showDataset(std::move(d));
}

void ResultsTabs::openRow(int row) {
    if (!job_ || row < 0 || row >= int(job_->result.rows.size())) return;
    const auto& ids = job_->result.rows[row].runIds;
    venn_->showRow(job_, row);
    if (runs_->folder() != job_->folder) runs_->openFolder(job_->folder);
    runs_->showOnly(
        ids, tr("%1 runs of %2").arg(ids.size()).arg(ResultSeries::pointText(job_->result, row)));
    setCurrentWidget(runs_);
}

QStringList ResultsTabs::exportFigureSet(const QString& dir, int dpi) {
    QStringList problems;
    if (!job_) return {tr("no experiment is shown")};
    if (!QDir().mkpath(dir)) return {tr("cannot create %1").arg(dir)};
    QDir d(dir);
    for (PlotView* p :
         std::initializer_list<PlotView*>{gain_, accuracy_, venn_->plot(), saliency_->plot()}) {
        if (p == saliency_->plot() && !saliency_->hasRuns()) continue;
        for (const char* ext : {"png", "svg", "pdf"}) {
            const QString err =
                PlotExport::save(p, d.filePath(p->exportName() + "." + ext), dpi, 900, 600);
            if (!err.isEmpty()) problems << err;
        }
    }
    for (const char* ext : {"csv", "tex", "md"}) {
        const QString err = table_->exportTo(d.filePath(QString("table.") + ext));
        if (!err.isEmpty()) problems << err;
    }
    spdlog::info("figure set of '{}' written to {}", job_->result.name, dir.toStdString());
    return problems;
}

}  // namespace mfh::ui
