#include "ui/StoredJob.h"

#include <QDir>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrent>

#include "core/experiments/StoredExperiment.h"

namespace mfh::ui {

bool StoredJob::isExperimentFolder(const QString& dir) {
    return StoredExperiment::isExperimentFolder(dir.toStdString());
}

std::shared_ptr<Job> StoredJob::load(const QString& dir) {
    auto stored = StoredExperiment::load(dir.toStdString());
    auto job = std::make_shared<Job>();
    job->id = 0;  // not a job of this session's queue
    job->name = QString::fromStdString(stored.result.name);
    job->folder = QDir(dir).absolutePath();
    job->config = stored.config.is_object() ? stored.config : nlohmann::json::object();
    const auto& s = stored.state;
    const QString status = QString::fromStdString(stored.folderStatus);
    job->status = status == "complete"    ? JobStatus::Complete
                  : status == "cancelled" ? JobStatus::Cancelled
                  : status == "failed"    ? JobStatus::Failed
                                          : JobStatus::Cancelled;
    job->error = QString::fromStdString(s.value("message", ""));
    job->submitted = s.value("scheduler", "") == "slurm";
    const int total = static_cast<int>(stored.result.rows.size() * stored.result.seeds.size());
    job->trialsDone = stored.trialsFound;
    job->trialsTotal = total;
    job->result = std::move(stored.result);
    job->provenance = QObject::tr(
                          "Read from %1: %2, %3 of %4 trials; written by mfh %5 (%6), created %7, "
                          "updated %8")
                          .arg(job->folder, status)
                          .arg(job->trialsDone.load())
                          .arg(total)
                          .arg(QString::fromStdString(s.value("app_version", "?")),
                               QString::fromStdString(s.value("git_revision", "?")),
                               QString::fromStdString(s.value("created", "?")),
                               QString::fromStdString(s.value("updated", "?")));
    if (!stored.problems.empty())
        job->provenance += QObject::tr("; %1 unreadable trial file(s): %2")
                               .arg(stored.problems.size())
                               .arg(QString::fromStdString(stored.problems.front()));
    return job;
}

void StoredJob::loadAsync(QObject* context, const QString& dir,
                          std::function<void(std::shared_ptr<Job>, QString)> done) {
    using Loaded = std::pair<std::shared_ptr<Job>, QString>;
    auto* watcher = new QFutureWatcher<Loaded>(context);
    QObject::connect(watcher, &QFutureWatcher<Loaded>::finished, context,
                     [watcher, done = std::move(done)] {
                         const auto loaded = watcher->result();
                         watcher->deleteLater();
                         done(loaded.first, loaded.second);
                     });
    watcher->setFuture(QtConcurrent::run([dir]() -> Loaded {
        try {
            return {load(dir), {}};
        } catch (const std::exception& e) {
            return {nullptr, QString::fromUtf8(e.what())};
        }
    }));
}

}  // namespace mfh::ui
