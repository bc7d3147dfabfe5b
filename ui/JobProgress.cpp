#include "ui/JobProgress.h"

#include <QObject>
#include <cmath>

#include "ui/JobQueue.h"

namespace mfh::ui {

namespace {

// The worker showing the lowest trial, and how many others are busy.
struct Shown {
    int worker = -1, others = 0;
};

Shown shownWorker(const ExperimentProgress& p) {
    Shown s;
    int best = -1;
    for (int w = 0; w < ExperimentProgress::kWorkers; ++w) {
        const int t = p.workers[w].trial.load(std::memory_order_relaxed);
        if (t < 0) continue;
        if (best < 0 || t < best) {
            if (best >= 0) ++s.others;
            best = t, s.worker = w;
        } else {
            ++s.others;
        }
    }
    return s;
}

QString preparingText(const Job& j) {
    const auto it = j.config.find("dataset");
    if (it != j.config.end() && it->is_object()) {
        if (it->contains("avmnist"))
            return QObject::tr("building dataset (AV-MNIST, cached after its first build)");
        if (it->contains("generator")) return QObject::tr("generating data, checking the grid");
    }
    return QObject::tr("loading dataset, checking the grid");
}

QString trainingText(const Job& j, bool detail) {
    const ExperimentProgress& p = j.progress;
    const Shown s = shownWorker(p);
    if (s.worker < 0) return QObject::tr("training");
    const WorkerProgress& w = p.workers[s.worker];
    const int trial = w.trial.load(std::memory_order_relaxed);
    const auto step = static_cast<TrainingStep>(w.step.load(std::memory_order_relaxed));
    const int epoch = w.epoch.load(std::memory_order_relaxed),
              epochs = w.epochs.load(std::memory_order_relaxed);
    QString text = QObject::tr("trial %1/%2").arg(trial + 1).arg(p.trialsTotal.load());
    if (step == TrainingStep::Algorithm1) {
        text += QObject::tr(" · Algorithm 1");
    } else if (step != TrainingStep::None) {
        const std::string role = roleOfStep(step);
        text += QString(" · %1 %2")
                    .arg(QString::fromStdString(role), QString::fromStdString(j.inputsOf(role)));
        if (epochs > 0) text += QObject::tr(" · epoch %1/%2").arg(epoch).arg(epochs);
    }
    if (detail && trial < static_cast<int>(j.trialLabels.size()))
        text += "\n" + QString::fromStdString(j.trialLabels[trial]);
    if (s.others > 0) text += QObject::tr(" (+%1 more running)").arg(s.others);
    return text;
}

QString stage(const Job& j, bool detail) {
    const JobStatus st = j.status;
    if (j.kind == JobKind::Task && st == JobStatus::Running)
        return detail ? j.stage() : j.stage().section('\n', 0, 0);
    switch (st) {
        case JobStatus::Queued:
            return QObject::tr("waiting for the jobs before it");
        case JobStatus::Complete:
            return j.kind == JobKind::Task
                       ? QObject::tr("complete")
                       : QObject::tr("complete: %1 runs").arg(j.runsDone.load());
        case JobStatus::Cancelled:
            return j.kind == JobKind::Task ? QObject::tr("cancelled")
                                           : QObject::tr("cancelled after %1/%2 trials")
                                                 .arg(j.trialsDone.load())
                                                 .arg(j.trialsTotal.load());
        case JobStatus::Failed:
            return detail ? j.error : j.error.section('\n', 0, 0);
        case JobStatus::Running:
            break;
    }
    if (j.cancel) return QObject::tr("cancelling…");
    switch (static_cast<ExperimentStage>(j.progress.stage.load())) {
        case ExperimentStage::Waiting:
        case ExperimentStage::Preparing:
            return preparingText(j);
        case ExperimentStage::Training:
            return trainingText(j, detail);
        case ExperimentStage::Finishing:
            return QObject::tr("writing the summary");
    }
    return {};
}

}  // namespace

QString JobProgress::stageText(const Job& j) {
    return stage(j, false);
}

QString JobProgress::stageDetail(const Job& j) {
    return stage(j, true);
}

QString JobProgress::progressText(const Job& j) {
    const double f = j.fraction();
    QString text = f < 0 ? QString() : QString("%1 %").arg(int(std::floor(100 * f)));
    if ((j.kind == JobKind::Experiment || j.external) && j.trialsTotal > 0)
        text += QObject::tr("%1%2/%3 trials")
                    .arg(text.isEmpty() ? QString() : QString::fromUtf8(" · "))
                    .arg(j.trialsDone.load())
                    .arg(j.trialsTotal.load());
    return text;
}

QString JobProgress::duration(double s) {
    if (s < 0 || !std::isfinite(s)) return QString::fromUtf8("–");
    if (s < 60) return QString::number(s, 'f', 1) + " s";
    const int m = int(s / 60);
    if (m < 60) return QString("%1 min %2 s").arg(m).arg(int(s) % 60);
    return QString("%1 h %2 min").arg(m / 60).arg(m % 60);
}

}  // namespace mfh::ui
