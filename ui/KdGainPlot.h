#pragma once
// KdGainPlot: the KD gain Δ of an experiment against its sweep axis (γ for the paper's Fig. 2),
// mean over seeds with a ±std band and a zero line; one curve per group (Table 2's modes).
// Clicking a point emits rowClicked with the grid row, whose runs the workbench then opens.
#include <map>

#include "core/experiments/Experiment.h"
#include "ui/PlotView.h"

namespace mfh::ui {

class KdGainPlot : public PlotView {
    Q_OBJECT
  public:
    explicit KdGainPlot(QWidget* parent = nullptr);
    // Draws `metric` (delta, student_delta, …) of `r`; an empty metric picks the layout's default.
    void setResult(const ExperimentResult& r, const std::string& metric = "");
    // The graph of the means of series `i` (its points are what the tests compare).
    QCPGraph* meanGraph(int i = 0) const;
    // The visible data, with the zero line always in view.
    void resetView() override;

  Q_SIGNALS:
    void rowClicked(int row);

  protected:
    QString describePoint(QCPGraph* graph, int index) const override;

  private:
    struct Point {
        int row, n;
        double std;
    };
    std::map<QCPGraph*, std::vector<Point>> points_;
    std::vector<QCPGraph*> means_;
    std::string metric_;
    int seeds_ = 0;
};

}  // namespace mfh::ui
