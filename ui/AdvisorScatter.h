#pragma once
// AdvisorScatter: for a finished sweep, one predictor of the KD advisor against the gain the
// sweep measured, a point per grid point: horizontal bars the predictor's 95 % interval,
// vertical bars the gain's; the zero-gain line and, for a voter, its threshold.
#include <QString>
#include <vector>

#include "ui/PlotView.h"

namespace mfh::ui {

struct ScatterPoint {
    double x = 0, xLow = 0, xHigh = 0;  // the predictor
    double y = 0, yLow = 0, yHigh = 0;  // the measured gain, points
    QString label;                      // the grid point
};

class AdvisorScatter : public PlotView {
    Q_OBJECT
  public:
    explicit AdvisorScatter(QWidget* parent = nullptr);
    // threshold: NaN when the predictor does not vote.
    void setPoints(const std::vector<ScatterPoint>& points, const QString& predictor,
                   double threshold, double spearman);
    int pointCount() const { return static_cast<int>(points_.size()); }

  protected:
    QString describePoint(QCPGraph* graph, int index) const override;

  private:
    std::vector<ScatterPoint> points_;
    QString predictor_;
};

}  // namespace mfh::ui
