#include "ui/VennTab.h"

#include <spdlog/spdlog.h>

#include <QComboBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QVBoxLayout>
#include <QtConcurrent>

#include "core/analysis/VennEstimator.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/ExperimentSpec.h"
#include "ui/BackgroundTask.h"
#include "ui/JobQueue.h"
#include "ui/ResultSeries.h"
#include "ui/VennPlot.h"

namespace mfh::ui {

VennTab::VennTab(QWidget* parent) : QWidget(parent) {
    venn_ = new VennPlot;
    vennNote_ = new QLabel;
    vennNote_->setObjectName("vennNote");
    vennNote_->setWordWrap(true);
    auto* vbar = new QHBoxLayout;
    vbar->addWidget(vennNote_, 1);
    vennA_ = new QComboBox;
    vennB_ = new QComboBox;
    estimate_ = new QPushButton(tr("Estimate from data"));
    estimate_->setObjectName("estimateVenn");
    estimate_->setToolTip(
        tr("Estimate α, β, γ of the selected dataset from held-out covariances of linear "
           "networks, over 5 seeds (docs/science.md)"));
    estimate_->setEnabled(false);
    vbar->addWidget(new QLabel(tr("a:")));
    vbar->addWidget(vennA_);
    vbar->addWidget(new QLabel(tr("b:")));
    vbar->addWidget(vennB_);
    vbar->addWidget(estimate_);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(2, 2, 2, 2);
    l->addLayout(vbar);
    l->addWidget(venn_, 1);
    connect(estimate_, &QPushButton::clicked, this, &VennTab::estimate);
}

VennTab::~VennTab() {
    if (estimateCancel_) *estimateCancel_ = true;  // the pool thread stops after its seed
}

void VennTab::showDataset(DatasetPtr d) {
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
               "estimate it.")
                .arg(d->name));
        vennNote_->setText(tr("Real data: the Venn diagram is estimated, not known."));
    }
}

void VennTab::showRow(std::shared_ptr<const Job> job, int row) {
    job_ = std::move(job);
    if (!job_ || row < 0 || row >= int(job_->result.rows.size())) return;
    try {
        const auto spec = ExperimentSpec::fromJson(job_->config).at(job_->result.rows[row].point);
        if (!spec.generator) return;
        const VennLayout l = spec.generator->layout();
        const auto t = truthOf(l, spec.generator->modalityA, spec.generator->modalityB);
        const std::string a = spec.generator->modalityA, b = spec.generator->modalityB;
        const VennParts p = VennParts::fromTruth(t, a, b);
        venn_->setTruth(p, QString::fromStdString(a), QString::fromStdString(b),
                        tr("%1, %2").arg(ResultSeries::experimentTitle(job_->result),
                                         ResultSeries::pointText(job_->result, row)));
        vennNote_->setText(
            tr("The data of grid point %1 of %2 (%3). Click a point of the KD-gain plot to "
               "see another.")
                .arg(row + 1)
                .arg(job_->result.rows.size())
                .arg(ResultSeries::pointText(job_->result, row)));
    } catch (const std::exception& e) {
        spdlog::warn("Venn diagram of row {}: {}", row, e.what());
    }
}

void VennTab::estimate() {
    if (!dataset_ || estimateCancel_) return;
    if (vennA_->currentText() == vennB_->currentText()) {
        vennNote_->setText(tr("Choose two different modalities."));
        return;
    }
    VennEstimateConfig cfg;
    cfg.modalityA = vennA_->currentText().toStdString();
    cfg.modalityB = vennB_->currentText().toStdString();
    // The estimate is a task of the jobs table (progress by seed, cancel); its cancel flag is
    // the job's, kept alive by the job, so the tab's destructor and the table cancel alike.
    QPointer<JobQueue> queue = BackgroundTask::queueOf(this);
    std::shared_ptr<Job> job =
        queue ? queue->startTask(
                    tr("Venn estimate of %1 (%2, %3)")
                        .arg(dataset_->name, vennA_->currentText(), vennB_->currentText()))
              : nullptr;
    auto cancel = job ? std::shared_ptr<std::atomic<bool>>(job, &job->cancel)
                      : std::make_shared<std::atomic<bool>>(false);
    estimateCancel_ = cancel;
    estimate_->setEnabled(false);
    vennNote_->setText(tr("Estimating from %1 seeds (training linear networks off the GUI thread)…")
                           .arg(cfg.seeds.size()));
    struct Out {
        VennEstimate e;
        QString problem;
        bool cancelled = false;
    };
    auto* watcher = new QFutureWatcher<Out>(this);
    const DatasetPtr d = dataset_;
    connect(watcher, &QFutureWatcher<Out>::finished, this, [this, watcher, d, cfg, queue, job] {
        const Out o = watcher->result();
        watcher->deleteLater();
        estimateCancel_.reset();
        if (queue && job) queue->finishTask(job->id, o.problem, o.cancelled);
        estimate_->setEnabled(dataset_ != nullptr);
        if (!o.problem.isEmpty()) {
            vennNote_->setText(tr("Cannot estimate: %1").arg(o.problem));
            return;
        }
        if (o.cancelled) {
            vennNote_->setText(tr("The estimate was cancelled."));
            return;
        }
        if (o.e.alphas.empty()) return;
        const auto& e = o.e;
        QString caption =
            tr("%1: estimated from held-out linear networks, mean ± std over %2 seeds")
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
        QString note =
            tr("Estimate of %1: γ = %2 (95 % CI %3 to %4). Dashed circles: γ ± std.")
                .arg(d->name, num(e.gamma.mean, 3), num(e.gamma.ciLow, 3), num(e.gamma.ciHigh, 3));
        if (d->data->truth)
            if (auto w = VennEstimator::informationTruth(*d->data->truth, cfg.modalityA,
                                                         cfg.modalityB)) {
                venn_->overlayTruth(*w);
                note +=
                    tr(" Dotted circles: the true diagram weighted by δ², in the same units. "
                       "Weighted by δ², a decisive channel counts by the square of its "
                       "weight in the label's hyperplane, that is by how much the label "
                       "depends on it, which is what the estimate measures; by columns, "
                       "every channel counts once.");
            }
        vennNote_->setText(note);
        emit estimated();
    });
    watcher->setFuture(QtConcurrent::run([d, cfg, cancel, job]() -> Out {
        Out o;
        const BackgroundTask task(job);
        const int seeds = static_cast<int>(cfg.seeds.size());
        task.report(tr("seed 1/%1: training linear networks").arg(seeds), 0);
        try {
            o.e = VennEstimator::estimate(*d->data, cfg, cancel.get(), [&](int done, int total) {
                task.report(
                    done < total
                        ? tr("seed %1/%2: training linear networks").arg(done + 1).arg(total)
                        : tr("summarizing"),
                    double(done) / total);
            });
        } catch (const std::exception& ex) {
            o.problem = QString::fromUtf8(ex.what());
        }
        o.cancelled = o.problem.isEmpty() && cancel->load();
        return o;
    }));
}

}  // namespace mfh::ui
