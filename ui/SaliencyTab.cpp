#include "ui/SaliencyTab.h"

#include <QComboBox>
#include <QDir>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <set>

#include "core/analysis/SaliencySummary.h"
#include "core/base/Error.h"
#include "core/base/Statistics.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/InterventionStage.h"
#include "core/runs/RunFile.h"
#include "ui/JobQueue.h"
#include "ui/ResultSeries.h"
#include "ui/SaliencyPlot.h"

namespace mfh::ui {

namespace {

// What one pick shows, computed on a pool thread from the run files.
struct Drawn {
    std::vector<double> saliency;
    std::set<int> kept, shared;
    QString caption, detail, problem;  // the plot's short title; the sentence under the picker
};

Drawn draw(const Job& job, int row, const std::vector<std::string>& ids) {
    Drawn out;
    std::vector<std::vector<double>> perSeed;
    std::vector<uint32_t> seeds;
    std::string tap;
    for (const auto& id : ids) {
        const QString path = QDir(job.folder).filePath(QString::fromStdString(id) + ".h5");
        const RunRecord run = RunFile::load(path.toStdString(), false);
        auto it = std::find_if(run.saliency.begin(), run.saliency.end(), [](const auto& kv) {
            return kv.first.find("_normalized") == std::string::npos;
        });
        if (it == run.saliency.end())
            throw InputError(path.toStdString() + ": the run holds no saliency");
        tap = it->first;
        perSeed.push_back(it->second);
        seeds.push_back(static_cast<uint32_t>(run.seed));
    }
    const auto spec = ExperimentSpec::fromJson(job.config).at(job.result.rows[row].point);
    std::vector<int64_t> trueShared;
    if (spec.generator && spec.teacher.modalities.size() == 1 && tap == "input") {
        const auto t =
            truthOf(spec.generator->layout(), spec.generator->modalityA, spec.generator->modalityB);
        auto sc = t.sharedColumns.find(spec.teacher.modalities[0]);
        if (sc != t.sharedColumns.end()) trueShared = sc->second;
    }
    out.shared = std::set<int>(trueShared.begin(), trueShared.end());
    // The channels the intervention kept at each seed, by the engine's own rule.
    const int64_t d = int64_t(perSeed.front().size());
    std::vector<int> keptAt(static_cast<std::size_t>(d), 0);
    bool haveKept = true;
    for (std::size_t i = 0; i < perSeed.size() && haveKept; ++i) try {
            for (auto c : InterventionStage::keptChannels(spec.intervention, d, perSeed[i],
                                                          trueShared, seeds[i]))
                ++keptAt[static_cast<std::size_t>(c)];
        } catch (const InputError&) {
            haveKept = false;  // no choice to show (mode gt without the generator's truth)
        }
    const int n = int(perSeed.size());
    for (int64_t c = 0; haveKept && c < d; ++c)
        if (2 * keptAt[static_cast<std::size_t>(c)] >= n) out.kept.insert(int(c));
    out.saliency = n == 1 ? perSeed.front() : SaliencySummary::mean(perSeed);
    const QString point = ResultSeries::pointText(job.result, row);
    out.caption = n == 1 ? QObject::tr("Saliency at '%1', seed %2")
                               .arg(QString::fromStdString(tap))
                               .arg(seeds.front())
                         : QObject::tr("Mean saliency at '%1' over %2 seeds")
                               .arg(QString::fromStdString(tap))
                               .arg(n);
    out.detail =
        point + (n > 1 && haveKept ? QObject::tr("; kept: at ≥ half the seeds") : QString());
    if (!trueShared.empty()) {
        std::vector<double> recall;
        for (const auto& s : perSeed)
            recall.push_back(SaliencySummary::recallAtShared(s, trueShared));
        const auto r = Statistics::summarize(recall);
        out.detail += n == 1 ? QObject::tr(
                                   ". Recall of the %1 truly shared channels among the %1 most "
                                   "salient: %2")
                                   .arg(trueShared.size())
                                   .arg(r.mean, 0, 'f', 2)
                             : QObject::tr(
                                   ". Recall of the %1 truly shared channels among the %1 most "
                                   "salient: %2 ± %3 (mean ± std over seeds)")
                                   .arg(trueShared.size())
                                   .arg(r.mean, 0, 'f', 2)
                                   .arg(r.std, 0, 'f', 2);
    }
    return out;
}

}  // namespace

SaliencyTab::SaliencyTab(QWidget* parent) : QWidget(parent) {
    saliency_ = new SaliencyPlot;
    point_ = new QComboBox;
    point_->setObjectName("saliencyPoint");
    point_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    point_->setMinimumContentsLength(12);
    seed_ = new QComboBox;
    seed_->setObjectName("saliencySeed");
    auto* sbar = new QHBoxLayout;
    sbar->addWidget(new QLabel(tr("Sweep point")));
    sbar->addWidget(point_, 2);
    sbar->addWidget(new QLabel(tr("Seed")));
    sbar->addWidget(seed_, 1);
    detail_ = new QLabel;  // the point and the recall: a sentence that wraps
    detail_->setObjectName("saliencyDetail");
    detail_->setWordWrap(true);
    detail_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(2, 2, 2, 2);
    l->addLayout(sbar);
    l->addWidget(detail_);
    l->addWidget(saliency_, 1);
    connect(point_, &QComboBox::currentIndexChanged, this, [this] {
        fillSeeds();
        show();
    });
    connect(seed_, &QComboBox::currentIndexChanged, this, &SaliencyTab::show);
}

void SaliencyTab::showJob(std::shared_ptr<const Job> job) {
    job_ = std::move(job);
    if (!job_) return;
    points_.clear();
    const QSignalBlocker b(point_);
    point_->clear();
    const auto& r = job_->result;
    for (int i = 0; i < int(r.rows.size()); ++i) {
        Point p{i, {}, {}};
        for (const auto& id : r.rows[i].runIds)
            if (id.rfind("algorithm1-", 0) == 0) {
                const std::size_t k = p.ids.size();
                p.ids.push_back(id);
                p.seeds.push_back(k < r.seeds.size() ? int64_t(r.seeds[k]) : -1);
            }
        if (p.ids.empty()) continue;
        points_.push_back(p);
        point_->addItem(ResultSeries::pointText(r, i));
    }
    fillSeeds();
    if (points_.empty()) {
        caption_ =
            tr("This experiment did not run Algorithm 1 (intervention mode alg1, or a "
               "removal).");
        saliency_->clearSaliency(caption_);
        return;
    }
    show();
}

void SaliencyTab::fillSeeds() {
    const QSignalBlocker b(seed_);
    const int was = seed_->currentIndex();
    seed_->clear();
    const int p = point_->currentIndex();
    if (p < 0 || p >= int(points_.size())) return;
    const auto& pt = points_[p];
    if (pt.ids.size() > 1) seed_->addItem(tr("mean over %1 seeds").arg(pt.ids.size()));
    for (auto s : pt.seeds) seed_->addItem(s >= 0 ? tr("seed %1").arg(s) : tr("seed ?"));
    seed_->setCurrentIndex(std::clamp(was, 0, seed_->count() - 1));
}

void SaliencyTab::show() {
    const int p = point_->currentIndex(), s = seed_->currentIndex();
    if (!job_ || p < 0 || p >= int(points_.size()) || s < 0) return;
    const auto& pt = points_[p];
    const bool mean = pt.ids.size() > 1 && s == 0;
    const int one = s - (pt.ids.size() > 1 ? 1 : 0);
    const std::vector<std::string> ids =
        mean ? pt.ids
             : std::vector<std::string>{pt.ids[std::clamp(one, 0, int(pt.ids.size()) - 1)]};
    const int generation = ++generation_;
    loading_ = true;
    auto* watcher = new QFutureWatcher<Drawn>(this);
    connect(watcher, &QFutureWatcher<Drawn>::finished, this, [this, watcher, generation] {
        const Drawn d = watcher->result();
        watcher->deleteLater();
        if (generation != generation_) return;  // a newer pick replaced this one
        loading_ = false;
        caption_ = d.problem.isEmpty() ? d.caption + ": " + d.detail : d.problem;
        detail_->setText(d.problem.isEmpty() ? d.detail : QString());
        if (d.problem.isEmpty())
            saliency_->setSaliency(d.saliency, d.kept, d.shared, d.caption);
        else
            saliency_->clearSaliency(d.problem);
        emit shown();
    });
    watcher->setFuture(QtConcurrent::run([job = job_, row = pt.row, ids]() {
        try {
            return draw(*job, row, ids);
        } catch (const std::exception& e) {
            Drawn d;
            d.problem =
                QObject::tr("Cannot show the saliency: %1").arg(QString::fromUtf8(e.what()));
            return d;
        }
    }));
}

}  // namespace mfh::ui
