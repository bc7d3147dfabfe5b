#pragma once
// ClusterJobs: experiments running on Slurm, as the workbench follows them. Each is a row of
// the jobs table: a background task of the queue that runs elsewhere, so closing the window
// leaves it running and reopening its folder follows it again. Its stage gives the array's
// progress ("Slurm job 48 · 3/5 tasks done · 1 running · 1 pending"; the trials are in the
// Progress column), its
// details every task's state and reason, and its cancel calls scancel. The folder and the
// scheduler are asked off the GUI thread every few seconds (ClusterStatus); when trials
// arrive the partial results are read (StoredJob) and shown. The row ends complete, cancelled,
// or failed naming the failed tasks (mfh submit --resume DIR resubmits them).
#include <QObject>
#include <QString>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/cluster/ClusterSubmit.h"
#include "core/cluster/SlurmOptions.h"

class QTimer;

namespace mfh {
struct ClusterStatus;
}

namespace mfh::ui {

struct Job;
class JobQueue;

class ClusterJobs : public QObject {
    Q_OBJECT
  public:
    explicit ClusterJobs(JobQueue* queue, QObject* parent = nullptr);
    // Plans and submits off the GUI thread, into a new folder under `root`; its row (the id
    // returned, -1 when the experiment is invalid) then follows the folder. A refusal (no
    // Slurm, a bad partition, an invalid experiment) fails the row and goes to problem().
    int submit(nlohmann::json config, const QString& root, const SlurmOptions& options, int tasks);
    // Resubmits the folder's tasks whose trials are missing (mfh submit --resume), then
    // follows it.
    void resume(const QString& dir);
    // Follows a submitted experiment folder; returns its row's job id (the existing one when
    // the folder is followed already). `row`: a running task row to follow it in; `name`:
    // the experiment's, for a new row (else the folder's).
    int follow(const QString& dir, std::shared_ptr<Job> row = nullptr, const QString& name = {});
    bool following(const QString& dir) const;
    void setPollInterval(int ms);  // 3 s by default

  Q_SIGNALS:
    void submitted(int jobId, const QString& dir, const QString& message);
    void problem(const QString& text);
    // The folder's results so far (partial until the last trial), read from disk.
    void results(std::shared_ptr<mfh::ui::Job> stored);

  private:
    struct Followed {
        std::shared_ptr<Job> job;
        QString dir;
        int trialsShown = -1;
        bool polling = false, cancelSent = false;
    };
    // Runs a submission off the GUI thread; `row` then follows `dir`, or fails with the reason.
    void start(std::function<SubmitOutcome()> work, const QString& dir, std::shared_ptr<Job> row);
    void pollAll();
    void poll(int id);
    void polled(int id, const ClusterStatus& st, const QString& error, bool cancelSent,
                bool folderGone);
    void finish(int id, const QString& error, bool cancelled);

    JobQueue* queue_;
    QTimer* timer_;
    std::map<int, Followed> followed_;
};

}  // namespace mfh::ui
