#pragma once
// JobQueue: experiments queued by the workbench and run one after another, each on its own
// QThread (the GUI thread never trains). An experiment spreads its trials over the cores
// itself. Training threads only touch atomics and LiveCurves; state changes reach the GUI as
// queued signals. Progress is read by the views on a timer, never pushed per epoch.
// Background tasks (a dataset build or load, the Venn estimate) are jobs too: they run at
// once, beside the queue, on a thread their starter owns, and report through the same Job
// (progress, stage text, cancel flag, final state), so the jobs table shows them all.
#include <QObject>
#include <QString>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/experiments/Experiment.h"
#include "ui/LiveCurves.h"

class QThread;

namespace mfh::ui {

enum class JobStatus { Queued, Running, Complete, Cancelled, Failed };
QString statusText(JobStatus s);
enum class JobKind { Experiment, Task };

struct Job {
    int id = 0;
    JobKind kind = JobKind::Experiment;
    QString name;
    nlohmann::json config;  // the experiment file as run (device set by the queue)
    QString folder;         // where its run files, experiment.json and summary.csv go
    std::atomic<JobStatus> status{JobStatus::Queued};
    QString error;  // Failed: the message naming the problem
    std::atomic<bool> cancel{false};
    // Runs elsewhere (a cluster's tasks): closing the window leaves it running.
    bool external = false;
    // Read from a folder that a cluster's tasks fill (StoredJob): it may be followed.
    bool submitted = false;
    std::atomic<int> trialsDone{0}, trialsTotal{0}, runsDone{0};
    std::chrono::steady_clock::time_point started, ended;
    ExperimentProgress progress;  // an experiment's, written by the engine
    // Fixed when the job is queued, read by any thread: each trial's readable name
    // ("w_kd = 0.25 · seed 3", point-major) and the inputs of the teacher and the student.
    std::vector<std::string> trialLabels;
    std::string teacherInputs, studentInput;
    // A task's progress in per mille (negative: not measurable, a busy bar) and stage text.
    std::atomic<int> taskPermille{-1};
    void setStage(const QString& text);
    QString stage() const;
    ExperimentResult result;  // valid once Complete (or Cancelled: the trials done)
    // Where the result came from when it was read from an experiment folder (StoredJob):
    // the folder, its writer's version, dates and status. Empty for a job run here.
    QString provenance;
    LiveCurves curves;

    double elapsedSeconds() const;
    // Work done in [0, 1] (an experiment's in epochs); negative while not measurable.
    double fraction() const;
    // Seconds left at the pace so far (an experiment's from its first epochs); negative
    // while unknown.
    double etaSeconds() const;
    // The inputs a role trains on ("a+b" for the teacher's), for stage texts and titles.
    std::string inputsOf(const std::string& role) const;

  private:
    mutable std::mutex stageMutex_;
    QString stage_;
};

class JobQueue : public QObject {
    Q_OBJECT
  public:
    explicit JobQueue(QObject* parent = nullptr);
    ~JobQueue() override;  // cancels and waits

    // Validates the configuration (throws InputError naming the problem) and queues it. The
    // job writes into a new folder under `root` named after the experiment and the time.
    int enqueue(nlohmann::json config, const QString& root);
    // Queues the experiment into its existing folder: only what the folder lacks (missing,
    // cancelled or failed trials) is computed; a folder of another experiment fails the job.
    // The configuration's device is kept, since it is part of the experiment.
    int resume(nlohmann::json config, const QString& folder);
    // A background task, shown as a running job from now on; its starter runs the work on
    // its own thread, updates the job (taskPermille, setStage), polls its cancel flag and
    // calls finishTask on the GUI thread with the outcome: cancelled (the work saw the flag
    // and its result is dropped), failed with `error`, or complete.
    std::shared_ptr<Job> startTask(const QString& name);
    void finishTask(int id, const QString& error, bool cancelled);
    void cancel(int id);
    void cancelAll();
    // Cancels everything and waits for the running job's thread to end (window close).
    void shutdown();

    const std::vector<std::shared_ptr<Job>>& jobs() const { return jobs_; }
    std::shared_ptr<Job> job(int id) const;
    bool busy() const { return running_ != nullptr; }
    void setDevice(const QString& device) { device_ = device; }
    QString device() const { return device_; }

  Q_SIGNALS:
    void jobAdded(int id);
    void jobStarted(int id);
    void jobFinished(int id);   // an experiment: complete, cancelled or failed
    void taskFinished(int id);  // a background task (its starter has its result)
    void idle();                // nothing running, nothing queued

  private:
    int add(nlohmann::json config, const QString& folder);
    void startNext();
    void onThreadFinished();

    std::vector<std::shared_ptr<Job>> jobs_;
    std::shared_ptr<Job> running_;
    QThread* thread_ = nullptr;
    QString device_ = "cpu";
    int nextId_ = 1;
};

}  // namespace mfh::ui
