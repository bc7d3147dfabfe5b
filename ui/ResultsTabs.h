#pragma once
// ResultsTabs: the central plot area: KD gain, accuracy (the paper's Fig. 2/3), the modality
// Venn diagram, Algorithm 1 saliency, the results table (Table 2 layout), the runs browser and
// the KD advisor.
// It shows one finished job at a time and the selected dataset's Venn diagram; clicking a point
// opens the runs behind it in the browser. Exports the current figure or a whole figure set.
#include <QTabWidget>
#include <atomic>
#include <memory>

#include "ui/DatasetEntry.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace mfh::ui {

struct Job;
class KdGainPlot;
class AccuracyPlot;
class VennPlot;
class SaliencyPlot;
class SaliencyTab;
class VennTab;
class ResultsTable;
class RunsBrowser;
class PlotView;
class ComparePanel;
class AdvisorTab;

class ResultsTabs : public QTabWidget {
    Q_OBJECT
  public:
    explicit ResultsTabs(QWidget* parent = nullptr);
    void showJob(std::shared_ptr<const Job> job);
    void showDataset(DatasetPtr d);
    std::shared_ptr<const Job> shownJob() const { return job_; }
    ~ResultsTabs() override;

  Q_SIGNALS:
    void vennEstimated();

  public:
    // The plot of the current tab, or null (table and runs tabs).
    PlotView* currentPlot() const;
    bool currentIsTable() const;
    // Writes every figure (PNG at `dpi`, SVG, PDF) and the table (CSV, LaTeX, Markdown) of the
    // shown job into `dir`; returns the problems (empty on success).
    QStringList exportFigureSet(const QString& dir, int dpi);

    KdGainPlot* gainPlot() const { return gain_; }
    AccuracyPlot* accuracyPlot() const { return accuracy_; }
    VennPlot* vennPlot() const;
    SaliencyPlot* saliencyPlot() const;
    ResultsTable* table() const { return table_; }
    ComparePanel* comparePanel() const { return compare_; }
    RunsBrowser* runs() const { return runs_; }
    QWidget* gainTab() const { return gainTab_; }
    QWidget* accuracyTab() const { return accuracy_tab_; }
    QWidget* vennTab() const;
    QWidget* saliencyTab() const;
    SaliencyTab* saliency() const { return saliency_; }
    AdvisorTab* advisor() const { return advisor_; }
    QWidget* tableTab() const { return tableTab_; }
    QPushButton* estimateButton() const;
    bool estimating() const;

  private:
    void openRow(int row);

    std::shared_ptr<const Job> job_;
    KdGainPlot* gain_;
    QComboBox* gainMetric_;
    AccuracyPlot* accuracy_;
    VennTab* venn_;
    SaliencyTab* saliency_;
    ResultsTable* table_;
    ComparePanel* compare_;
    QLabel* tableTitle_;
    RunsBrowser* runs_;
    AdvisorTab* advisor_;
    QWidget* gainTab_;
    QWidget* accuracy_tab_;
    QWidget* tableTab_;
};

}  // namespace mfh::ui
