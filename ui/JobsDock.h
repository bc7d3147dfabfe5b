#pragma once
// JobsDock: the job queue as a table (name, status, stage, progress in epochs, elapsed, time
// left), per-job cancel and cancel-all, the device selector, and the live curves (loss,
// accuracies) of the selected job's current run. Experiments and background tasks (dataset
// builds, the Venn estimate) share the table. A double click shows a job's full stage or
// error message. Progress and curves are read on timers (progress 10 Hz, curves 25 Hz at most
// and only when they changed), never pushed per epoch or per batch.
#include <QDockWidget>

class QTableWidget;
class QComboBox;
class QLabel;
class QTimer;
class QPushButton;
class QMessageBox;

namespace mfh::ui {

class JobQueue;
class PlotView;

class JobsDock : public QDockWidget {
    Q_OBJECT
  public:
    JobsDock(JobQueue* queue, QWidget* parent = nullptr);
    int selectedJob() const;
    void selectJob(int id);
    PlotView* liveCurves() const { return curves_; }
    QComboBox* deviceSelector() const { return device_; }
    QString notice() const;
    QTableWidget* table() const { return table_; }
    // The job's full state in a dialog (a failed job's whole message), shown without blocking.
    QMessageBox* showDetails(int id);
    enum Column { cName, cStatus, cStage, cProgress, cElapsed, cEta, cCancel, cCount };

  Q_SIGNALS:
    void jobSelected(int id);  // an experiment's id, or -1 (nothing, or a task)

  private:
    void addRow(int id);
    void refresh();
    void replotCurves();
    void finished(int id);

    JobQueue* queue_;
    QTableWidget* table_;
    QComboBox* device_;
    QLabel* notice_;
    QPushButton* cancelAll_;
    PlotView* curves_;
    QTimer* progressTimer_;
    QTimer* curveTimer_;
    uint64_t shownVersion_ = ~uint64_t(0);
    int shownJob_ = -1;
};

}  // namespace mfh::ui
