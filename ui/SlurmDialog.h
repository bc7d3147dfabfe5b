#pragma once
// SlurmDialog: what a Slurm submission asks of the cluster (partition, account, time, CPUs
// and memory per task, GPUs, tasks running at once, number of tasks, setup lines, requeue
// limit, the mfh program the tasks run), checked as `mfh submit` checks them and remembered between
// sessions.
#include <QDialog>

#include "core/cluster/SlurmOptions.h"

class QLineEdit;
class QSpinBox;
class QPlainTextEdit;
class QLabel;

namespace mfh::ui {

class SlurmDialog : public QDialog {
    Q_OBJECT
  public:
    explicit SlurmDialog(QWidget* parent = nullptr);
    SlurmOptions options() const;
    int tasks() const;  // 0: one per group of trials that share trainings

    // The remembered choices (defaults on the first use).
    static SlurmOptions savedOptions();
    static int savedTasks();

  private:
    void accept() override;

    QLineEdit *partition_, *account_, *time_, *mem_, *mfh_;
    QSpinBox *cpus_, *gpus_, *parallel_, *tasks_, *requeue_;
    QPlainTextEdit* setup_;
    QLabel* problem_;
};

}  // namespace mfh::ui
