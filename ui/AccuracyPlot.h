#pragma once
// AccuracyPlot: the paper's Fig. 2/3 view: test accuracy of the teacher, the KD student and the
// no-KD student (and the intervention's networks where there are some) against the sweep axis,
// mean over seeds with ±std error bars.
#include "core/experiments/Experiment.h"
#include "ui/PlotView.h"

namespace mfh::ui {

class AccuracyPlot : public PlotView {
    Q_OBJECT
  public:
    explicit AccuracyPlot(QWidget* parent = nullptr);
    void setResult(const ExperimentResult& r);

  Q_SIGNALS:
    void rowClicked(int row);

  protected:
    QString describePoint(QCPGraph* graph, int index) const override;

  private:
    std::map<QCPGraph*, std::vector<std::pair<int, double>>> rows_;  // row, std per point
};

}  // namespace mfh::ui
