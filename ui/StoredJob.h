#pragma once
// StoredJob: a finished job rebuilt from an experiment folder (core's StoredExperiment), so
// that every result view shows a folder's experiment exactly as it showed the run that wrote
// it, without training. Read it off the GUI thread: it reads every trial file.
#include <QObject>
#include <QString>
#include <functional>
#include <memory>

#include "ui/JobQueue.h"

namespace mfh::ui {

class StoredJob {
  public:
    // Throws InputError naming the problem when `dir` is not a readable experiment folder.
    static std::shared_ptr<Job> load(const QString& dir);
    static bool isExperimentFolder(const QString& dir);
    // Loads on a worker thread, then calls `done` on `context`'s thread with the job, or with
    // null and the problem.
    static void loadAsync(QObject* context, const QString& dir,
                          std::function<void(std::shared_ptr<Job>, QString)> done);
};

}  // namespace mfh::ui
