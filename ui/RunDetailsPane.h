#pragma once
// RunDetailsPane: the runs browser's lower half, for the selected runs (read from their files,
// curves included, weights not): curves overlaid, metrics side by side, the configuration of
// one run or the differences between two, provenance, and per-class results.
#include <QTabWidget>
#include <vector>

#include "core/runs/RunIndexTypes.h"
#include "core/runs/RunRecord.h"

class QComboBox;
class QPlainTextEdit;
class QTableWidget;
class QTreeWidget;

namespace mfh::ui {

class PlotView;
class ConfusionView;

class RunDetailsPane : public QTabWidget {
    Q_OBJECT
  public:
    explicit RunDetailsPane(QWidget* parent = nullptr);
    // `labels` name the runs in legends and columns (their sweep point and seed); `diff`, when
    // two runs are selected, holds their configuration differences; `path` is the first run's
    // file.
    void showRuns(std::vector<RunRecord> runs, std::vector<QString> labels,
                  const std::vector<ConfigDifference>* diff, const QString& path);
    void clear();
    PlotView* curves() const { return curves_; }
    ConfusionView* confusion() const { return confusion_; }
    QPlainTextEdit* configuration() const { return config_; }

  private:
    void drawCurves();

    std::vector<RunRecord> runs_;
    std::vector<QString> labels_;
    PlotView* curves_;
    QComboBox* curveMetric_;
    QTableWidget* compare_;
    QPlainTextEdit* config_;
    QTreeWidget* provenance_;
    ConfusionView* confusion_;
};

}  // namespace mfh::ui
