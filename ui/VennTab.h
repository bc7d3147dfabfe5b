#pragma once
// VennTab: the modality Venn diagram tab. It draws the selected dataset's true diagram (from
// its generator's truth), the diagram of a result row's generated data, or an estimate from
// data: "Estimate from data" runs VennEstimator off the GUI thread (QtConcurrent), cancelled
// when the tab goes away, and emits estimated() when it is drawn.
#include <QWidget>
#include <atomic>
#include <memory>

#include "ui/DatasetEntry.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace mfh::ui {

struct Job;
class VennPlot;

class VennTab : public QWidget {
    Q_OBJECT
  public:
    explicit VennTab(QWidget* parent = nullptr);
    ~VennTab() override;
    void showDataset(DatasetPtr d);
    // The true diagram of the data behind row `row` of the job (generated data only).
    void showRow(std::shared_ptr<const Job> job, int row);
    VennPlot* plot() const { return venn_; }
    QPushButton* estimateButton() const { return estimate_; }
    bool estimating() const { return estimateCancel_ != nullptr; }

  Q_SIGNALS:
    void estimated();

  private:
    void estimate();

    std::shared_ptr<const Job> job_;
    VennPlot* venn_;
    QLabel* vennNote_;
    QComboBox* vennA_;
    QComboBox* vennB_;
    QPushButton* estimate_;
    DatasetPtr dataset_;
    std::shared_ptr<std::atomic<bool>> estimateCancel_;
};

}  // namespace mfh::ui
