#pragma once
// RunsBrowser: a workspace, that is a folder of experiment folders at any depth (or one
// experiment folder), through its run index (core's RunIndex): brought up to date off the GUI
// thread (only new or changed files are read; progress shown), then a list of its experiments
// and one runs table across them, with each run's sweep point and teacher run. Filter with
// text, a role, an experiment, or an index filter (`kd.w_kd > 0.5 and status = complete`),
// run off the GUI thread; add any configuration key as a column; select runs to overlay their
// curves, compare their metrics and, for two, see their configuration differences. Double-click
// an experiment to show its results; re-run a folder's experiment; delete runs after
// confirmation. A folder of 100,000 runs stays responsive: the table holds compact rows and
// filters and sorts an index vector.
#include <QWidget>
#include <nlohmann/json.hpp>
#include <set>

class QTableView;
class QLineEdit;
class QComboBox;
class QLabel;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace mfh::ui {

class RunTableModel;
class RunDetailsPane;
class PlotView;
class ConfusionView;

class RunsBrowser : public QWidget {
    Q_OBJECT
  public:
    explicit RunsBrowser(QWidget* parent = nullptr);
    // Indexes and lists in the background; folderLoaded follows, or the problem is shown. The
    // user's choice: it stays until another folder is opened (followFolder leaves it), and
    // nothing of the previous folder (filter, shown runs, selection) carries over.
    void openFolder(const QString& dir);
    // The folder of results shown elsewhere (a finished job, an experiment of the listed
    // workspace): listed unless a folder the user opened is shown.
    void followFolder(const QString& dir);
    // Shows only these run ids (the runs behind a plotted point); empty shows all.
    void showOnly(const std::vector<std::string>& ids, const QString& why);
    // Text, or an index filter when it holds an operator (=, !=, <, <=, >, >=, ~).
    void setFilter(const QString& text);
    // Adds a configuration key (dotted) as a column, re-reading the rows from the index.
    void addColumn(const QString& key);
    QString folder() const { return folder_; }
    QString info() const;  // the status line: counts, problems, a filter's error
    int visibleRuns() const;
    QTableView* view() const { return view_; }
    QTreeWidget* experiments() const { return experiments_; }
    PlotView* curves() const;
    ConfusionView* confusion() const;
    RunDetailsPane* details() const { return details_; }
    RunTableModel* model() const { return model_; }
    // Removes run files (no confirmation: the caller asked). Returns the problems, if any.
    QStringList deleteRuns(const QStringList& paths);

  public Q_SLOTS:
    void openDialog();

  Q_SIGNALS:
    void folderLoaded(const QString& dir, int runs, double seconds);
    void filterApplied(int visible);
    // Run the experiment of folder `dir` (absolute) into it again: what it lacks is computed.
    void rerunRequested(const nlohmann::json& experiment, const QString& dir);
    void experimentActivated(const QString& dir);  // absolute

  private:
    // Reads `dir` through its index; `newColumn`, when given, is one more configuration key.
    void load(const QString& dir, const std::string& newColumn);
    void applyFilter();
    void selectionChanged();
    void deleteSelected();
    void rerun();
    QString currentExperimentDir() const;  // absolute; the selected experiment or the folder
    QStringList selectedPaths() const;

    QString folder_;
    int generation_ = 0;        // the latest load; an older one's result is dropped
    int filterGeneration_ = 0;  // the latest index filter, likewise
    RunTableModel* model_;
    QTableView* view_;
    QTreeWidget* experiments_;
    QLineEdit* filter_;
    QTimer* filterTimer_;
    QComboBox* role_;
    QComboBox* addColumn_;
    QLabel* info_;
    QLabel* only_;
    bool chosen_ = false;  // the folder shown was opened by the user (openFolder)
    QPushButton* clearOnly_;
    QPushButton* rerun_;
    QPushButton* delete_;
    RunDetailsPane* details_;
};

}  // namespace mfh::ui
