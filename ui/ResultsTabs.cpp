#include "ui/ResultsTabs.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QDir>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QtConcurrent>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/analysis/VennEstimator.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/InterventionStage.h"
#include "core/runs/RunFile.h"
#include "core/runs/RunRecord.h"
#include "ui/AccuracyPlot.h"
#include "ui/JobQueue.h"
#include "ui/KdGainPlot.h"
#include "ui/PlotExport.h"
#include "ui/ResultSeries.h"
#include "ui/ResultsTable.h"
#include "ui/RunsBrowser.h"
#include "ui/SaliencyPlot.h"
#include "ui/VennPlot.h"

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
QString pointText(const ExperimentResult& r, int row) {
    QStringList parts;
    const auto& g = r.rows[row];
    if (g.gamma) parts << QString::fromUtf8("γ = %1").arg(num(*g.gamma, 3));
    for (std::size_t a = 0; a < r.axes.size(); ++a) {
        const auto& v = g.point[a];
        parts << QString("%1 = %2").arg(QString::fromStdString(r.axes[a]),
                                        v.is_string() ? QString::fromStdString(v.get<std::string>())
                                                      : QString::fromStdString(v.dump()));
    }
    return parts.join(", ");
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
    gbar->addStretch();
    gbar->addWidget(
        new QLabel(tr("drag: pan · wheel: zoom · double-click: reset · click a point: its runs")));
    gainTab_ = withBar(gain_, gbar);
    addTab(gainTab_, tr("KD gain"));
    accuracy_ = new AccuracyPlot;
    accuracy_tab_ = withBar(accuracy_, nullptr);
    addTab(accuracy_tab_, tr("Accuracy"));
    venn_ = new VennPlot;
    vennNote_ = new QLabel;
    vennNote_->setWordWrap(true);
    auto* vbar = new QHBoxLayout;
    vbar->addWidget(vennNote_, 1);
    vennA_ = new QComboBox;
    vennB_ = new QComboBox;
    estimate_ = new QPushButton(tr("Estimate from data"));
    estimate_->setObjectName("estimateVenn");
    estimate_->setToolTip(
        tr("Estimate α, β, γ of the selected dataset with Algorithm 1's permutation measure on "
           "linear networks, over 5 seeds (docs/workbench.md)"));
    estimate_->setEnabled(false);
    vbar->addWidget(new QLabel(tr("a:")));
    vbar->addWidget(vennA_);
    vbar->addWidget(new QLabel(tr("b:")));
    vbar->addWidget(vennB_);
    vbar->addWidget(estimate_);
    vennTab_ = withBar(venn_, vbar);
    addTab(vennTab_, tr("Venn diagram"));
    saliency_ = new SaliencyPlot;
    saliencyRun_ = new QComboBox;
    saliencyRun_->setMinimumContentsLength(30);
    auto* sbar = new QHBoxLayout;
    sbar->addWidget(new QLabel(tr("Algorithm 1 run")));
    sbar->addWidget(saliencyRun_, 1);
    saliencyTab_ = withBar(saliency_, sbar);
    addTab(saliencyTab_, tr("Saliency"));
    table_ = new ResultsTable;
    tableTitle_ = new QLabel(tr("Run an experiment to see its table"));
    auto* tbar = new QHBoxLayout;
    tbar->addWidget(tableTitle_, 1);
    tableTab_ = withBar(table_, tbar);
    addTab(tableTab_, tr("Table"));
    runs_ = new RunsBrowser;
    addTab(runs_, tr("Runs"));

    connect(gainMetric_, &QComboBox::currentIndexChanged, this, [this] {
        if (job_ && gainMetric_->currentIndex() >= 0)
            gain_->setResult(job_->result, gainMetric_->currentData().toString().toStdString());
    });
    connect(gain_, &KdGainPlot::rowClicked, this, &ResultsTabs::openRow);
    connect(accuracy_, &AccuracyPlot::rowClicked, this, &ResultsTabs::openRow);
    connect(saliencyRun_, &QComboBox::currentIndexChanged, this, &ResultsTabs::showSaliency);
    connect(estimate_, &QPushButton::clicked, this, &ResultsTabs::estimateVenn);
}

ResultsTabs::~ResultsTabs() {
    if (estimateCancel_) *estimateCancel_ = true;  // the pool thread stops after its seed
}

PlotView* ResultsTabs::currentPlot() const {
    QWidget* w = currentWidget();
    if (w == gainTab_) return gain_;
    if (w == accuracy_tab_) return accuracy_;
    if (w == vennTab_) return venn_;
    if (w == saliencyTab_) return saliency_;
    return nullptr;
}

bool ResultsTabs::currentIsTable() const {
    return currentWidget() == tableTab_;
}

void ResultsTabs::showJob(std::shared_ptr<const Job> job) {
    job_ = std::move(job);
    if (!job_) return;
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
    tableTitle_->setText(
        tr("%1 — mean over %2 seed(s); Δ as mean ± std (%3)")
            .arg(QString::fromStdString(r.name))
            .arg(r.seeds.size())
            .arg(r.status == RunStatus::Complete ? tr("complete") : tr("cancelled: partial")));
    listSaliencyRuns();
    if (!r.rows.empty()) showVennOfRow(0);
    runs_->openFolder(job_->folder);
}

void ResultsTabs::showDataset(DatasetPtr d) {
    if (!d) return;
    dataset_ = d;
    for (auto* c : {vennA_, vennB_}) {
        QSignalBlocker b(c);
        c->clear();
        for (const auto& m : d->summary.modalities) c->addItem(QString::fromStdString(m.name));
    }
    if (vennB_->count() > 1) vennB_->setCurrentIndex(1);
    estimate_->setEnabled(vennA_->count() > 1 && !estimateCancel_);
    const auto& ds = *d->data;
    if (ds.truth) {
        const auto names = ds.modalityNames();
        const std::string a = names.size() > 0 ? names[0] : "a",
                          b = names.size() > 1 ? names[1] : "b";
        const VennParts p = VennParts::fromTruth(*ds.truth, a, b);
        venn_->setTruth(p, QString::fromStdString(a), QString::fromStdString(b),
                        tr("%1: true values of the generator").arg(d->name));
        vennNote_->setText(tr("Dataset %1: |A| = %2, |G| = %3, |B| = %4 decisive columns.")
                               .arg(d->name)
                               .arg(p.onlyA)
                               .arg(p.shared)
                               .arg(p.onlyB));
    } else {
        venn_->clearDiagram(
            tr("%1 has no known Venn diagram.\nPress \u201cEstimate from data\u201d to "
               "estimate it with Algorithm 1.")
                .arg(d->name));
        vennNote_->setText(tr("Real data: the Venn diagram is estimated, not known."));
    }
}

void ResultsTabs::showVennOfRow(int row) {
    if (!job_) return;
    try {
        const auto spec = ExperimentSpec::fromJson(job_->config).at(job_->result.rows[row].point);
        if (!spec.generator) return;
        const VennLayout l = spec.generator->layout();
        const auto t = truthOf(l, spec.generator->modalityA, spec.generator->modalityB);
        const std::string a = spec.generator->modalityA, b = spec.generator->modalityB;
        const VennParts p = VennParts::fromTruth(t, a, b);
        venn_->setTruth(p, QString::fromStdString(a), QString::fromStdString(b),
                        tr("%1, %2").arg(QString::fromStdString(job_->result.name),
                                         pointText(job_->result, row)));
        vennNote_->setText(
            tr("The data of grid point %1 of %2 (%3). Click a point of the KD-gain plot to "
               "see another.")
                .arg(row + 1)
                .arg(job_->result.rows.size())
                .arg(pointText(job_->result, row)));
    } catch (const std::exception& e) {
        spdlog::warn("Venn diagram of row {}: {}", row, e.what());
    }
}

void ResultsTabs::openRow(int row) {
    if (!job_ || row < 0 || row >= int(job_->result.rows.size())) return;
    const auto& ids = job_->result.rows[row].runIds;
    showVennOfRow(row);
    if (runs_->folder() != job_->folder) runs_->openFolder(job_->folder);
    runs_->showOnly(ids, tr("%1 runs of %2").arg(ids.size()).arg(pointText(job_->result, row)));
    setCurrentWidget(runs_);
}

void ResultsTabs::listSaliencyRuns() {
    saliencyRuns_.clear();
    QSignalBlocker b(saliencyRun_);
    saliencyRun_->clear();
    const auto& r = job_->result;
    for (int i = 0; i < int(r.rows.size()); ++i) {
        int k = 0;
        for (const auto& id : r.rows[i].runIds)
            if (id.rfind("algorithm1-", 0) == 0) {
                saliencyRuns_.push_back({i, id});
                saliencyRun_->addItem(tr("%1 · seed %2 · %3")
                                          .arg(pointText(r, i))
                                          .arg(k < int(r.seeds.size()) ? r.seeds[k] : 0)
                                          .arg(QString::fromStdString(id)));
                ++k;
            }
    }
    if (saliencyRuns_.empty())
        saliency_->clearSaliency(
            tr("This experiment did not run Algorithm 1 (intervention mode alg1, or a "
               "removal)."));
    else
        showSaliency(0);
}

void ResultsTabs::showSaliency(int index) {
    if (!job_ || index < 0 || index >= int(saliencyRuns_.size())) return;
    const auto& e = saliencyRuns_[index];
    const QString path = QDir(job_->folder).filePath(QString::fromStdString(e.id) + ".h5");
    try {
        const RunRecord run = RunFile::load(path.toStdString(), false);
        auto it = std::find_if(run.saliency.begin(), run.saliency.end(), [](const auto& kv) {
            return kv.first.find("_normalized") == std::string::npos;
        });
        if (it == run.saliency.end()) throw std::runtime_error("the run holds no saliency");
        const std::vector<double>& s = it->second;
        const int64_t d = int64_t(s.size());
        const auto spec = ExperimentSpec::fromJson(job_->config).at(job_->result.rows[e.row].point);
        std::vector<int64_t> trueShared;
        if (spec.generator && spec.teacher.modalities.size() == 1 && it->first == "input") {
            const auto t = truthOf(spec.generator->layout(), spec.generator->modalityA,
                                   spec.generator->modalityB);
            auto sc = t.sharedColumns.find(spec.teacher.modalities[0]);
            if (sc != t.sharedColumns.end()) trueShared = sc->second;
        }
        const std::set<int> shared(trueShared.begin(), trueShared.end());
        // The channels the intervention kept at this seed, chosen by the engine's own rule.
        std::set<int> kept;
        try {
            for (auto c : InterventionStage::keptChannels(spec.intervention, d, s, trueShared,
                                                          static_cast<uint32_t>(run.seed)))
                kept.insert(int(c));
        } catch (const InputError&) {
            // No choice to show (mode gt without the generator's truth at this tap).
        }
        saliency_->setSaliency(s, kept, shared,
                               tr("Saliency at '%1', seed %2 (%3)")
                                   .arg(QString::fromStdString(it->first))
                                   .arg(run.seed)
                                   .arg(pointText(job_->result, e.row)));
    } catch (const std::exception& ex) {
        saliency_->clearSaliency(tr("Cannot show %1: %2").arg(path, QString::fromUtf8(ex.what())));
    }
}

void ResultsTabs::estimateVenn() {
    if (!dataset_ || estimateCancel_) return;
    if (vennA_->currentText() == vennB_->currentText()) {
        vennNote_->setText(tr("Choose two different modalities."));
        return;
    }
    VennEstimateConfig cfg;
    cfg.modalityA = vennA_->currentText().toStdString();
    cfg.modalityB = vennB_->currentText().toStdString();
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    estimateCancel_ = cancel;
    estimate_->setEnabled(false);
    vennNote_->setText(tr("Estimating from %1 seeds (training linear networks off the GUI thread)…")
                           .arg(cfg.seeds.size()));
    struct Out {
        VennEstimate e;
        QString problem;
    };
    auto* watcher = new QFutureWatcher<Out>(this);
    const DatasetPtr d = dataset_;
    connect(watcher, &QFutureWatcher<Out>::finished, this, [this, watcher, d, cfg] {
        const Out o = watcher->result();
        watcher->deleteLater();
        estimateCancel_.reset();
        estimate_->setEnabled(dataset_ != nullptr);
        if (!o.problem.isEmpty()) {
            vennNote_->setText(tr("Cannot estimate: %1").arg(o.problem));
            return;
        }
        if (o.e.alphas.empty()) return;
        const auto& e = o.e;
        QString caption = tr("%1: estimated with Algorithm 1, mean ± std over %2 seeds")
                              .arg(d->name)
                              .arg(e.alphas.size());
        if (d->data->truth) {
            const auto& t = *d->data->truth;
            caption += tr("\ntrue in columns: α = %1, β = %2, γ = %3")
                           .arg(num(t.alpha, 3), num(t.beta, 3), num(t.gamma, 3));
            if (auto w = VennEstimator::informationTruth(t, cfg.modalityA, cfg.modalityB))
                caption += tr("; weighted by δ²: α = %1, β = %2, γ = %3")
                               .arg(num(w->alpha(), 3), num(w->beta(), 3), num(w->gamma(), 3));
        }
        venn_->setEstimate(e.alpha.mean, e.beta.mean, e.gamma.mean, e.alpha.std, e.beta.std,
                           e.gamma.std, QString::fromStdString(cfg.modalityA),
                           QString::fromStdString(cfg.modalityB), caption);
        vennNote_->setText(
            tr("Estimate of %1: γ = %2 (95 % CI %3 to %4). Dashed circles: γ ± std.")
                .arg(d->name, num(e.gamma.mean, 3), num(e.gamma.ciLow, 3), num(e.gamma.ciHigh, 3)));
        emit vennEstimated();
    });
    watcher->setFuture(QtConcurrent::run([d, cfg, cancel]() -> Out {
        Out o;
        try {
            o.e = VennEstimator::estimate(*d->data, cfg, cancel.get());
        } catch (const std::exception& ex) {
            o.problem = QString::fromUtf8(ex.what());
        }
        return o;
    }));
}

QStringList ResultsTabs::exportFigureSet(const QString& dir, int dpi) {
    QStringList problems;
    if (!job_) return {tr("no experiment is shown")};
    if (!QDir().mkpath(dir)) return {tr("cannot create %1").arg(dir)};
    QDir d(dir);
    for (PlotView* p : std::initializer_list<PlotView*>{gain_, accuracy_, venn_, saliency_}) {
        if (p == saliency_ && saliencyRuns_.empty()) continue;
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
