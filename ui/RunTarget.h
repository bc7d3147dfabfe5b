#pragma once
// RunTarget: where the designer's Run sends the experiment: this machine (the job queue) or a
// Slurm cluster (one job array, followed from its folder), with the Slurm options a button
// away. The choice is remembered. Without sbatch on PATH the Slurm choice is disabled and
// says why; everything else works as before.
#include <QWidget>

#include "core/cluster/SlurmOptions.h"

class QComboBox;
class QPushButton;

namespace mfh::ui {

class RunTarget : public QWidget {
    Q_OBJECT
  public:
    explicit RunTarget(QWidget* parent = nullptr);
    bool onSlurm() const;
    void setOnSlurm(bool slurm);
    SlurmOptions slurmOptions() const;
    int slurmTasks() const;
    QComboBox* selector() const { return target_; }
    // Opens the options dialog, not modal to the event loop; accepted options are saved.
    void editOptions();

  private:
    void changed();

    QComboBox* target_;
    QPushButton* options_;
};

}  // namespace mfh::ui
