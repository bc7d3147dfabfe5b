#include "ui/SaliencyTab.h"

#include <QComboBox>
#include <QDir>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <set>

#include "core/data/VennGenerator.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/InterventionStage.h"
#include "core/runs/RunFile.h"
#include "ui/JobQueue.h"
#include "ui/ResultSeries.h"
#include "ui/SaliencyPlot.h"

namespace mfh::ui {

SaliencyTab::SaliencyTab(QWidget* parent) : QWidget(parent) {
    saliency_ = new SaliencyPlot;
    runCombo_ = new QComboBox;
    runCombo_->setMinimumContentsLength(30);
    auto* sbar = new QHBoxLayout;
    sbar->addWidget(new QLabel(tr("Algorithm 1 run")));
    sbar->addWidget(runCombo_, 1);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(2, 2, 2, 2);
    l->addLayout(sbar);
    l->addWidget(saliency_, 1);
    connect(runCombo_, &QComboBox::currentIndexChanged, this, &SaliencyTab::show);
}

void SaliencyTab::showJob(std::shared_ptr<const Job> job) {
    job_ = std::move(job);
    if (!job_) return;
    runs_.clear();
    QSignalBlocker b(runCombo_);
    runCombo_->clear();
    const auto& r = job_->result;
    for (int i = 0; i < int(r.rows.size()); ++i) {
        int k = 0;
        for (const auto& id : r.rows[i].runIds)
            if (id.rfind("algorithm1-", 0) == 0) {
                runs_.push_back({i, id});
                runCombo_->addItem(tr("%1 · seed %2 · %3")
                                       .arg(ResultSeries::pointText(r, i))
                                       .arg(k < int(r.seeds.size()) ? r.seeds[k] : 0)
                                       .arg(QString::fromStdString(id)));
                ++k;
            }
    }
    if (runs_.empty())
        saliency_->clearSaliency(
            tr("This experiment did not run Algorithm 1 (intervention mode alg1, or a "
               "removal)."));
    else
        show(0);
}

void SaliencyTab::show(int index) {
    if (!job_ || index < 0 || index >= int(runs_.size())) return;
    const auto& e = runs_[index];
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
                                   .arg(ResultSeries::pointText(job_->result, e.row)));
    } catch (const std::exception& ex) {
        saliency_->clearSaliency(tr("Cannot show %1: %2").arg(path, QString::fromUtf8(ex.what())));
    }
}

}  // namespace mfh::ui
