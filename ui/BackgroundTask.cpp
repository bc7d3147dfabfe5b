#include "ui/BackgroundTask.h"

#include <QWidget>
#include <algorithm>

#include "ui/JobQueue.h"

namespace mfh::ui {

void BackgroundTask::report(const QString& stage, double fraction) const {
    if (!job_) return;
    job_->setStage(stage);
    job_->taskPermille = fraction < 0 ? -1 : int(1000 * std::min(1.0, fraction));
}

bool BackgroundTask::cancelled() const {
    return job_ && job_->cancel.load();
}

const std::atomic<bool>* BackgroundTask::cancelFlag() const {
    return job_ ? &job_->cancel : &never_;
}

JobQueue* BackgroundTask::queueOf(const QWidget* w) {
    if (!w) return nullptr;
    // The main window owns the one queue; a widget outside a window has none.
    return w->window()->findChild<JobQueue*>(QString(), Qt::FindDirectChildrenOnly);
}

}  // namespace mfh::ui
