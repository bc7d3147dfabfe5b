#include "ui/JobQueue.h"

#include <spdlog/spdlog.h>

#include <QDateTime>
#include <QDir>
#include <QThread>

#include "core/base/Error.h"
#include "core/base/FileNames.h"
#include "core/base/SettingLabel.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh::ui {

QString statusText(JobStatus s) {
    switch (s) {
        case JobStatus::Queued:
            return QObject::tr("queued");
        case JobStatus::Running:
            return QObject::tr("running");
        case JobStatus::Complete:
            return QObject::tr("complete");
        case JobStatus::Cancelled:
            return QObject::tr("cancelled");
        case JobStatus::Failed:
            return QObject::tr("failed");
    }
    return {};
}

double Job::elapsedSeconds() const {
    if (status == JobStatus::Queued) return 0;
    const auto end = status == JobStatus::Running ? std::chrono::steady_clock::now() : ended;
    return std::chrono::duration<double>(end - started).count();
}

void Job::setStage(const QString& text) {
    std::lock_guard<std::mutex> lock(stageMutex_);
    stage_ = text;
}

QString Job::stage() const {
    std::lock_guard<std::mutex> lock(stageMutex_);
    return stage_;
}

double Job::fraction() const {
    if (kind == JobKind::Task) {
        if (status == JobStatus::Complete) return 1;
        return taskPermille < 0 ? -1 : taskPermille / 1000.0;
    }
    if (progress.epochsPlanned > 0) return progress.fraction();
    return status == JobStatus::Complete ? 1 : 0;
}

double Job::etaSeconds() const {
    if (status != JobStatus::Running) return -1;
    if (kind == JobKind::Experiment) return progress.secondsLeft();
    const double f = fraction();
    return f > 0 ? elapsedSeconds() / f * (1 - f) : -1;
}

std::string Job::inputsOf(const std::string& role) const {
    if (role == "teacher" || role == "mg-teacher") return teacherInputs;
    if (role == "algorithm1") return teacherInputs + ", " + studentInput;
    return studentInput;
}

JobQueue::JobQueue(QObject* parent) : QObject(parent) {}

JobQueue::~JobQueue() {
    shutdown();
}

std::shared_ptr<Job> JobQueue::job(int id) const {
    for (const auto& j : jobs_)
        if (j->id == id) return j;
    return nullptr;
}

int JobQueue::enqueue(nlohmann::json config, const QString& root) {
    config["device"] = device_.toStdString();
    // Throws InputError naming the key; every sweep point is checked too.
    const auto spec = ExperimentSpec::fromJson(config);
    const QString stamp = QDateTime::currentDateTime().toString("yyyyMMdd-HHmmss");
    // The name is free text: only a safe single component of it names the folder, which is
    // therefore always inside `root`, whatever the name holds ("../", "/", …).
    const QString safe = QString::fromStdString(safeFileName(spec.name));
    return add(std::move(config),
               QDir(root).filePath(QString("%1-%2-%3").arg(safe, stamp).arg(nextId_)));
}

int JobQueue::resume(nlohmann::json config, const QString& folder) {
    return add(std::move(config), folder);
}

int JobQueue::add(nlohmann::json config, const QString& folder) {
    const auto spec = ExperimentSpec::fromJson(config);
    auto j = std::make_shared<Job>();
    j->id = nextId_++;
    j->name = QString::fromStdString(spec.name);
    j->config = std::move(config);
    j->folder = folder;
    j->trialsTotal = static_cast<int>(spec.gridSize() * spec.seeds.size());
    for (const auto& m : spec.teacher.modalities)
        j->teacherInputs += (j->teacherInputs.empty() ? "" : "+") + m;
    j->studentInput = spec.student.modalities.empty() ? "" : spec.student.modalities.front();
    for (const auto& point : spec.gridPoints())
        for (uint32_t seed : spec.seeds) {
            std::string label;
            for (std::size_t a = 0; a < spec.sweep.size() && a < point.size(); ++a)
                label += SettingLabel::assignment(spec.sweep[a].param, point[a]) + " · ";
            j->trialLabels.push_back(label + "seed " + std::to_string(seed));
        }
    jobs_.push_back(j);
    emit jobAdded(j->id);
    spdlog::info("queued job {} '{}' ({} trials) -> {}", j->id, spec.name, j->trialsTotal.load(),
                 folder.toStdString());
    if (!running_) startNext();
    return j->id;
}

std::shared_ptr<Job> JobQueue::startTask(const QString& name) {
    auto j = std::make_shared<Job>();
    j->id = nextId_++;
    j->kind = JobKind::Task;
    j->name = name;
    j->status = JobStatus::Running;
    j->started = std::chrono::steady_clock::now();
    jobs_.push_back(j);
    spdlog::info("task {} '{}' started", j->id, name.toStdString());
    emit jobAdded(j->id);
    emit jobStarted(j->id);
    return j;
}

void JobQueue::finishTask(int id, const QString& error, bool cancelled) {
    auto j = job(id);
    if (!j || j->kind != JobKind::Task || j->status != JobStatus::Running) return;
    j->error = error;
    j->status = cancelled         ? JobStatus::Cancelled
                : error.isEmpty() ? JobStatus::Complete
                                  : JobStatus::Failed;
    j->ended = std::chrono::steady_clock::now();
    if (j->status == JobStatus::Failed)
        spdlog::error("task {} '{}' failed: {}", id, j->name.toStdString(), error.toStdString());
    else
        spdlog::info("task {} '{}' {} in {:.1f} s", id, j->name.toStdString(),
                     statusText(j->status).toStdString(), j->elapsedSeconds());
    emit taskFinished(id);
}

void JobQueue::cancel(int id) {
    auto j = job(id);
    if (!j) return;
    if (j->status == JobStatus::Queued) {
        j->status = JobStatus::Cancelled;
        emit jobFinished(id);
    } else if (j->status == JobStatus::Running) {
        j->cancel = true;
        spdlog::info("cancelling job {}", id);
    }
}

void JobQueue::cancelAll() {
    for (const auto& j : jobs_) cancel(j->id);
}

void JobQueue::shutdown() {
    for (const auto& j : jobs_) {
        if (j->status == JobStatus::Queued) j->status = JobStatus::Cancelled;
        if (j->kind == JobKind::Task && !j->external) j->cancel = true;  // owners wait for them
    }
    if (running_) running_->cancel = true;
    if (thread_) {
        thread_->wait();  // trainers poll the flag every batch: this is short
        onThreadFinished();
    }
}

void JobQueue::startNext() {
    for (const auto& j : jobs_) {
        if (j->status != JobStatus::Queued) continue;
        running_ = j;
        j->status = JobStatus::Running;
        j->started = std::chrono::steady_clock::now();
        std::shared_ptr<Job> job = j;
        thread_ = QThread::create([job] {
            try {
                ExperimentCallbacks cb;
                cb.cancel = &job->cancel;
                cb.progress = &job->progress;
                cb.onProgress = [job](int done, int total) {
                    job->trialsDone = done;
                    job->trialsTotal = total;
                };
                cb.onRunStart = [job](const std::string& id, const std::string& role) {
                    // Called on the worker thread, inside the trial: its slot names it.
                    const WorkerProgress* w = ExperimentProgress::current();
                    const int t = w ? w->trial.load() : -1;
                    std::string title = role + " " + job->inputsOf(role);
                    if (t >= 0 && t < static_cast<int>(job->trialLabels.size()))
                        title += " · " + job->trialLabels[t];
                    job->curves.start(id, role, title);
                };
                cb.onEpoch = [job](const std::string& id, const EpochReport& e) {
                    job->curves.add(id, e);
                };
                cb.onRun = [job](const RunRecord& r) {
                    job->curves.finish(r.id, r.status);
                    ++job->runsDone;
                };
                Experiment exp(ExperimentSpec::fromJson(job->config), job->folder.toStdString());
                job->result = exp.run(cb);
                job->status = job->result.status == RunStatus::Cancelled ? JobStatus::Cancelled
                                                                         : JobStatus::Complete;
            } catch (const std::exception& e) {
                job->error = QString::fromUtf8(e.what());
                job->status = job->cancel ? JobStatus::Cancelled : JobStatus::Failed;
            }
            job->ended = std::chrono::steady_clock::now();
        });
        thread_->setObjectName(QString("job-%1").arg(j->id));
        // Only the current thread's end: shutdown() may have handled an earlier thread
        // already, whose queued `finished` must not make the GUI wait for this one.
        QThread* const t = thread_;
        connect(thread_, &QThread::finished, this, [this, t] {
            if (t == thread_) onThreadFinished();
        });
        thread_->start();
        spdlog::info("job {} started", j->id);
        emit jobStarted(j->id);
        return;
    }
    emit idle();
}

void JobQueue::onThreadFinished() {
    if (!thread_) return;  // already handled by shutdown()
    thread_->wait();
    thread_->deleteLater();
    thread_ = nullptr;
    auto j = running_;
    running_.reset();
    if (j) {
        if (j->status == JobStatus::Failed)
            spdlog::error("job {} failed: {}", j->id, j->error.toStdString());
        else
            spdlog::info("job {} {} in {:.1f} s ({} runs trained, {} reused)", j->id,
                         statusText(j->status).toStdString(), j->elapsedSeconds(),
                         j->result.runsTrained, j->result.runsReused);
        emit jobFinished(j->id);
    }
    startNext();
}

}  // namespace mfh::ui
