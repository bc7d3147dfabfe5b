#include "ui/ClusterJobs.h"

#include <spdlog/spdlog.h>

#include <QDateTime>
#include <QDir>
#include <QFutureWatcher>
#include <QTimer>
#include <QtConcurrent>

#include "core/base/FileNames.h"
#include "core/cluster/ClusterFolder.h"
#include "core/cluster/ClusterStatus.h"
#include "core/cluster/ClusterSubmit.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/StoredExperiment.h"
#include "ui/JobQueue.h"
#include "ui/StoredJob.h"

namespace mfh::ui {

namespace {

struct Submitted {
    SubmitOutcome outcome;
    QString error;
};

struct Polled {
    ClusterStatus status;
    QString error;
    bool cancelSent = false;
    bool folderGone = false;  // no longer an experiment folder: the row ends
};

// Paths compared as text, made absolute and clean: no file system call on the GUI thread.
bool samePath(const QString& a, const QString& b) {
    return QDir::cleanPath(QDir(a).absolutePath()) == QDir::cleanPath(QDir(b).absolutePath());
}

QString plural(int n, const char* one, const char* many) {
    return QString("%1 %2").arg(n).arg(n == 1 ? one : many);
}

// The row's stage: one line of counts, then a line per task.
QString stageOf(const ClusterStatus& st) {
    QStringList counts;
    const int n = static_cast<int>(st.tasks.size());
    counts << QObject::tr("%1/%2 tasks done").arg(st.count(TaskState::Done)).arg(n);
    for (const TaskState s : {TaskState::Running, TaskState::Pending, TaskState::Requeued,
                              TaskState::Failed, TaskState::Cancelled, TaskState::Lost})
        if (const int k = st.count(s)) counts << QString("%1 %2").arg(k).arg(nameOf(s));
    // The trials are in the Progress column; the line names the array and its tasks.
    QString text = QObject::tr("Slurm job %1 · %2")
                       .arg(QString::fromStdString(st.jobs.empty() ? "?" : st.jobs.back()),
                            counts.join(" · "));
    for (const auto& t : st.tasks)
        text += QString("\ntask %1 (%2): %3, %4/%5 trials%6")
                    .arg(t.task)
                    .arg(QString::fromStdString(t.job), nameOf(t.state))
                    .arg(t.trialsComplete)
                    .arg(t.trials)
                    .arg(t.reason.empty() ? QString() : " · " + QString::fromStdString(t.reason));
    return text;
}

}  // namespace

ClusterJobs::ClusterJobs(JobQueue* queue, QObject* parent) : QObject(parent), queue_(queue) {
    timer_ = new QTimer(this);
    timer_->setInterval(3000);
    connect(timer_, &QTimer::timeout, this, &ClusterJobs::pollAll);
}

void ClusterJobs::setPollInterval(int ms) {
    timer_->setInterval(ms);
}

bool ClusterJobs::following(const QString& dir) const {
    for (const auto& [id, f] : followed_)
        if (samePath(f.dir, dir)) return true;
    return false;
}

int ClusterJobs::submit(nlohmann::json config, const QString& root, const SlurmOptions& options,
                        int tasks) {
    QString dir, name;
    try {
        const auto spec = ExperimentSpec::fromJson(config);  // names a bad key at once
        const QString stamp = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
        name = QString::fromStdString(spec.name);
        dir = QDir(root).filePath(
            QString("%1-%2-slurm").arg(QString::fromStdString(safeFileName(spec.name)), stamp));
    } catch (const std::exception& e) {
        emit problem(tr("Cannot submit: %1").arg(QString::fromUtf8(e.what())));
        return -1;
    }
    auto row = queue_->startTask(tr("%1 on Slurm").arg(name));
    row->external = true;
    row->folder = dir;
    row->setStage(tr("planning the tasks and submitting"));
    start(
        [config, dir, options, tasks] {
            SubmitRequest rq;
            rq.config = config, rq.dir = dir.toStdString(), rq.options = options;
            rq.tasks = tasks;
            return ClusterSubmit::submit(rq);
        },
        dir, row);
    return row->id;
}

void ClusterJobs::resume(const QString& dir) {
    const int existing = [&] {
        for (const auto& [id, f] : followed_)
            if (samePath(f.dir, dir)) return id;
        return -1;
    }();
    if (existing >= 0) {
        emit problem(tr("%1 is still being followed: its tasks are queued or running").arg(dir));
        return;
    }
    auto row = queue_->startTask(tr("%1 on Slurm").arg(QDir(dir).dirName()));
    row->external = true;
    row->folder = dir;
    row->setStage(tr("resubmitting the missing tasks"));
    start([dir] { return ClusterSubmit::resume(dir.toStdString(), nullptr, false); }, dir, row);
}

void ClusterJobs::start(std::function<SubmitOutcome()> work, const QString& dir,
                        std::shared_ptr<Job> row) {
    auto* watcher = new QFutureWatcher<Submitted>(this);
    connect(watcher, &QFutureWatcher<Submitted>::finished, this, [this, watcher, dir, row] {
        const Submitted s = watcher->result();
        watcher->deleteLater();
        if (!s.error.isEmpty()) {
            queue_->finishTask(row->id, s.error, false);
            emit problem(tr("Cannot submit to Slurm: %1").arg(s.error));
            return;
        }
        const int id = follow(dir, row);
        emit submitted(
            id, dir,
            s.outcome.job.empty()
                ? tr("Nothing to resubmit in %1: %2")
                      .arg(dir, QString::fromStdString(s.outcome.note))
                : tr("Submitted Slurm job %1: %2 into %3")
                      .arg(QString::fromStdString(s.outcome.job),
                           plural(static_cast<int>(s.outcome.tasks.size()), "task", "tasks"), dir));
    });
    watcher->setFuture(QtConcurrent::run([work = std::move(work)]() -> Submitted {
        Submitted s;
        try {
            s.outcome = work();
        } catch (const std::exception& e) {
            s.error = QString::fromUtf8(e.what());
        }
        return s;
    }));
}

int ClusterJobs::follow(const QString& dir, std::shared_ptr<Job> row, const QString& name) {
    for (const auto& [id, f] : followed_)
        if (samePath(f.dir, dir)) return id;
    // The folder is read by the first poll, off this thread.
    auto job =
        row ? row
            : queue_->startTask(tr("%1 on Slurm").arg(name.isEmpty() ? QDir(dir).dirName() : name));
    job->external = true;
    job->folder = dir;
    job->setStage(tr("asking Slurm…"));
    Followed f;
    f.job = job, f.dir = dir;
    followed_[job->id] = f;
    poll(job->id);
    timer_->start();
    return job->id;
}

void ClusterJobs::pollAll() {
    std::vector<int> ids;
    for (const auto& [id, f] : followed_) ids.push_back(id);
    for (const int id : ids) poll(id);
    if (followed_.empty()) timer_->stop();
}

void ClusterJobs::poll(int id) {
    auto it = followed_.find(id);
    if (it == followed_.end() || it->second.polling) return;
    Followed& f = it->second;
    f.polling = true;
    const bool cancel = f.job->cancel && !f.cancelSent;
    const std::string dir = f.dir.toStdString();
    auto* watcher = new QFutureWatcher<Polled>(this);
    connect(watcher, &QFutureWatcher<Polled>::finished, this, [this, watcher, id] {
        const Polled p = watcher->result();
        watcher->deleteLater();
        polled(id, p.status, p.error, p.cancelSent, p.folderGone);
    });
    watcher->setFuture(QtConcurrent::run([dir, cancel]() -> Polled {
        Polled p;
        try {
            p.status = ClusterStatus::of(dir);
            if (cancel && p.status.schedulerReached) {
                std::vector<std::string> ids;
                for (const auto& t : p.status.tasks)
                    if (t.active()) ids.push_back(t.job);
                Slurm::cancel(ids);
                p.cancelSent = true;
            }
        } catch (const std::exception& e) {
            p.error = QString::fromUtf8(e.what());
            p.folderGone = !StoredExperiment::isExperimentFolder(dir);
        }
        return p;
    }));
}

void ClusterJobs::polled(int id, const ClusterStatus& st, const QString& error, bool cancelSent,
                         bool folderGone) {
    auto it = followed_.find(id);
    if (it == followed_.end()) return;
    Followed& f = it->second;
    f.polling = false;
    f.cancelSent = f.cancelSent || cancelSent;
    if (!error.isEmpty()) {
        // A folder that cannot be read ends the row; a scheduler that does not answer is
        // asked again at the next poll.
        if (folderGone) return finish(id, error, false);
        f.job->setStage(tr("cannot ask Slurm: %1").arg(error));
        return;
    }
    if (!st.schedulerReached) {  // the trials are known, the tasks not: asked again later
        f.job->trialsDone = st.trialsComplete;
        f.job->setStage(
            tr("cannot ask Slurm: %1").arg(QString::fromStdString(st.schedulerProblem)));
        return;
    }
    f.job->trialsDone = st.trialsComplete;
    f.job->trialsTotal = st.trialsTotal;
    f.job->taskPermille =
        st.trialsTotal > 0 ? static_cast<int>(1000.0 * st.trialsComplete / st.trialsTotal) : -1;
    f.job->setStage(stageOf(st));
    const bool ended = !st.active();
    if (st.trialsComplete != f.trialsShown && (st.trialsComplete > 0 || ended)) {
        f.trialsShown = st.trialsComplete;
        StoredJob::loadAsync(this, f.dir, [this](std::shared_ptr<Job> stored, QString problem) {
            if (stored)
                emit results(stored);
            else
                spdlog::warn("cannot read the cluster results: {}", problem.toStdString());
        });
    }
    if (st.complete()) return finish(id, {}, false);
    if (!ended) return;
    if (f.job->cancel) return finish(id, {}, true);
    QStringList failed;
    for (const auto& t : st.tasks)
        if (t.state != TaskState::Done)
            failed << tr("task %1 %2: %3")
                          .arg(t.task)
                          .arg(nameOf(t.state), QString::fromStdString(t.reason));
    finish(id,
           tr("%1 of %2 trials; nothing is queued (resubmit with: mfh submit --resume %3)\n%4")
               .arg(st.trialsComplete)
               .arg(st.trialsTotal)
               .arg(f.dir, failed.join("\n")),
           false);
}

void ClusterJobs::finish(int id, const QString& error, bool cancelled) {
    followed_.erase(id);
    queue_->finishTask(id, error, cancelled);
}

}  // namespace mfh::ui
