#pragma once
// RunsBrowser: a folder of runs and experiments. The folder is scanned off the GUI thread from
// the files' metadata only (curves and weights are read when a run is selected), so a folder
// of 1,000 runs lists in well under a second. Filter and sort the table; select several runs to
// overlay their curves and compare their metrics side by side; see a run's configuration and
// provenance; re-run the folder's experiment; delete runs after confirmation.
#include <QWidget>
#include <nlohmann/json.hpp>
#include <set>

#include "core/runs/RunStore.h"

class QTableView;
class QLineEdit;
class QComboBox;
class QLabel;
class QTabWidget;
class QTableWidget;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace mfh::ui {

class RunTableModel;
class RunFilterModel;
class PlotView;
class ConfusionView;

class RunsBrowser : public QWidget {
    Q_OBJECT
  public:
    explicit RunsBrowser(QWidget* parent = nullptr);
    // Scans in the background; folderLoaded or a shown problem follows.
    void openFolder(const QString& dir);
    // Shows only these run ids (the runs behind a plotted point); empty shows all.
    void showOnly(const std::vector<std::string>& ids, const QString& why);
    QString folder() const { return folder_; }
    int visibleRuns() const;
    QTableView* view() const { return view_; }
    PlotView* curves() const { return curves_; }
    ConfusionView* confusion() const { return confusion_; }
    // Removes run files (no confirmation: the caller asked). Returns the problems, if any.
    QStringList deleteRuns(const QStringList& paths);

  public Q_SLOTS:
    void openDialog();

  Q_SIGNALS:
    void folderLoaded(const QString& dir, int runs, double seconds);
    void rerunRequested(const nlohmann::json& experiment);

  private:
    void selectionChanged();
    void deleteSelected();
    void rerun();
    QStringList selectedPaths() const;

    QString folder_;
    RunTableModel* model_;
    RunFilterModel* proxy_;
    QTableView* view_;
    QLineEdit* filter_;
    QComboBox* role_;
    QLabel* info_;
    QLabel* only_;
    QPushButton* clearOnly_;
    QPushButton* rerun_;
    QPushButton* delete_;
    QTabWidget* details_;
    QTableWidget* compare_;
    PlotView* curves_;
    QComboBox* curveMetric_;
    QPlainTextEdit* config_;
    QTreeWidget* provenance_;
    ConfusionView* confusion_;
};

}  // namespace mfh::ui
