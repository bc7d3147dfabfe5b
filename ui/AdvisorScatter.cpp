#include "ui/AdvisorScatter.h"

#include <cmath>

#include "ui/Palette.h"

namespace mfh::ui {

AdvisorScatter::AdvisorScatter(QWidget* parent) : PlotView(parent) {
    setExportName("advisor-scatter");
    setPlaceholder(
        tr("Run a sweep, then \u201cAdvise the shown experiment\u201d to see each "
           "predictor against the gain it measured."));
}

void AdvisorScatter::setPoints(const std::vector<ScatterPoint>& points, const QString& predictor,
                               double threshold, double spearman) {
    clearPlottables();
    clearItems();
    points_ = points, predictor_ = predictor;
    setPlaceholder({});
    auto* g = addGraph();
    g->setLineStyle(QCPGraph::lsNone);
    g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 7));
    g->setName(tr("grid points"));
    QVector<double> x, y, xl, xh, yl, yh;
    for (const auto& p : points) {
        x << p.x, y << p.y;
        xl << p.x - p.xLow, xh << p.xHigh - p.x, yl << p.y - p.yLow, yh << p.yHigh - p.y;
    }
    g->setData(x, y);
    auto* ex = new QCPErrorBars(xAxis, yAxis);
    ex->setDataPlottable(g);
    ex->setErrorType(QCPErrorBars::etKeyError);
    ex->setData(xl, xh);
    ex->removeFromLegend();
    auto* ey = new QCPErrorBars(xAxis, yAxis);
    ey->setDataPlottable(g);
    ey->setErrorType(QCPErrorBars::etValueError);
    ey->setData(yl, yh);
    ey->removeFromLegend();
    addCompanion(g, ex);
    addCompanion(g, ey);
    auto* zero = new QCPItemStraightLine(this);
    zero->point1->setCoords(0, 0), zero->point2->setCoords(1, 0);
    zero->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    if (std::isfinite(threshold)) {
        auto* t = new QCPItemStraightLine(this);
        t->point1->setCoords(threshold, 0), t->point2->setCoords(threshold, 1);
        t->setPen(QPen(QColor(200, 80, 40), 1, Qt::DashLine));
    }
    xAxis->setLabel(predictor);
    yAxis->setLabel(tr("measured KD gain (points)"));
    setTitle(tr("%1 against the measured gain: Spearman %2").arg(predictor, num(spearman, 2)));
    resetView();
    replot();
}

QString AdvisorScatter::describePoint(QCPGraph*, int index) const {
    if (index < 0 || index >= static_cast<int>(points_.size())) return {};
    const auto& p = points_[index];
    return tr("%1\n%2 = %3 [%4, %5]\ngain %6 [%7, %8]")
        .arg(p.label, predictor_, num(p.x, 3), num(p.xLow, 3), num(p.xHigh, 3), num(p.y, 2),
             num(p.yLow, 2), num(p.yHigh, 2));
}

}  // namespace mfh::ui
