#pragma once
// MainWindow: assembles the workbench (docks, central tabs, menus, toolbar, shortcuts, recent
// files, drag and drop, saved window state) and wires the panes together. Each pane owns its
// logic; this class holds none beyond routing. Closing with jobs running asks, cancels and
// waits for them, so that no run file is left half-written.
#include <QMainWindow>

#include "ui/HelpWindow.h"

class QMenu;
class QLabel;

namespace mfh::ui {

class JobQueue;
class ClusterJobs;
class DatasetPane;
class ExperimentPane;
class JobsDock;
class LogDock;
class ResultsTabs;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens any file the workbench knows: a dataset, a run file (its folder in the browser), an
    // experiment file (into the designer) or a folder of runs.
    void openPath(const QString& path);
    // When false, closing with running jobs cancels them without asking (tests, scripts).
    void setConfirmClose(bool on) { confirmClose_ = on; }
    // An experiment folder: every result view shows its experiment, read from its files off
    // the GUI thread (experimentFolderOpened or a shown problem follows).
    void openExperimentFolder(const QString& dir);
    // The folders and the design that were open when the workbench last closed.
    void restoreSession();
    // The help window at one of its pages (Help menu); created on first use.
    void showHelp(HelpWindow::Page page);
    HelpWindow* help() const { return help_; }
    // Getting started, the first time the workbench starts for this user (app main only).
    void showGettingStartedOnFirstRun();
    // Queues the designer's experiment; returns the job id, or -1 with the problem shown.
    int runExperiment();
    QString lastProblem() const { return lastProblem_; }

    JobQueue* queue() const { return queue_; }
    DatasetPane* datasets() const { return datasets_; }
    ExperimentPane* designer() const { return designer_; }
    JobsDock* jobs() const { return jobs_; }
    ClusterJobs* cluster() const { return cluster_; }
    LogDock* log() const { return log_; }
    ResultsTabs* results() const { return results_; }

  Q_SIGNALS:
    void experimentFolderOpened(const QString& dir);

  protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

  private:
    void buildMenus();
    void refreshRecent();
    void jobFinished(int id);
    void showProblem(const QString& text);

    JobQueue* queue_;
    ClusterJobs* cluster_;
    DatasetPane* datasets_;
    ExperimentPane* designer_;
    JobsDock* jobs_;
    LogDock* log_;
    ResultsTabs* results_;
    HelpWindow* help_ = nullptr;
    QMenu* recentDatasets_ = nullptr;
    QMenu* recentFolders_ = nullptr;
    QMenu* recentExperiments_ = nullptr;
    bool confirmClose_ = true;
    QString lastProblem_;
};

}  // namespace mfh::ui
