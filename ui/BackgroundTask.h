#pragma once
// BackgroundTask: what the work of a background task (a dataset load or generation, the Venn
// estimate) sees of its row in the jobs table: it names its stage, reports progress when it
// can measure it, and polls the row's cancel flag. Called on the task's pool thread; it only
// writes the job's atomics and its mutex-guarded stage text. Without a job (a pane used
// outside the main window) every call reports nowhere and the task cannot be cancelled.
#include <QString>
#include <atomic>
#include <memory>

class QWidget;

namespace mfh::ui {

struct Job;
class JobQueue;

class BackgroundTask {
  public:
    explicit BackgroundTask(std::shared_ptr<Job> job) : job_(std::move(job)) {}
    // A stage and the fraction done in [0, 1]; negative when the step is not measurable.
    void report(const QString& stage, double fraction = -1) const;
    bool cancelled() const;
    // The flag a core routine polls; never null.
    const std::atomic<bool>* cancelFlag() const;

    // The queue of the window `w` is in, whose table shows the tasks; null when none.
    static JobQueue* queueOf(const QWidget* w);

  private:
    std::shared_ptr<Job> job_;
    std::atomic<bool> never_{false};
};

}  // namespace mfh::ui
