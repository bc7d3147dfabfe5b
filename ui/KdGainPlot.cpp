#include "ui/KdGainPlot.h"

#include "ui/Palette.h"
#include "ui/ResultSeries.h"

namespace mfh::ui {

KdGainPlot::KdGainPlot(QWidget* parent) : PlotView(parent) {
    setExportName("kd-gain");
    setTitle(tr("KD gain"));
    xAxis->setLabel(QString::fromUtf8("γ"));
    yAxis->setLabel(QString::fromUtf8("Δ accuracy (points)"));
    placeLegendBelow(3);
    setLegendShown(false);
    setPlaceholder(tr("Run an experiment to see its KD gain"));
    connect(this, &PlotView::pointClicked, this, [this](QCPAbstractPlottable* p, int index) {
        auto it = points_.find(qobject_cast<QCPGraph*>(p));
        if (it != points_.end() && index >= 0 && index < int(it->second.size()))
            emit rowClicked(it->second[index].row);
    });
}

QCPGraph* KdGainPlot::meanGraph(int i) const {
    return i >= 0 && i < int(means_.size()) ? means_[i] : nullptr;
}

void KdGainPlot::setResult(const ExperimentResult& r, const std::string& metricIn) {
    clearGraphs();
    clearItems();
    points_.clear();
    means_.clear();
    const auto metrics = ResultSeries::gainMetrics(r);
    metric_ = metricIn.empty() ? (metrics.empty() ? "delta" : metrics.front()) : metricIn;
    seeds_ = static_cast<int>(r.seeds.size());
    ResultSeries rs(r);
    const auto series = rs.of(metric_);
    setTitle(ResultSeries::experimentTitle(r));
    xAxis->setLabel(rs.xTitle());
    setAxisPath(xAxis, rs.xPath());
    yAxis->setLabel(ResultSeries::metricTitle(metric_));
    setCategoryTicks(xAxis, rs.categories());
    auto* zero = new QCPItemStraightLine(this);
    zero->point1->setCoords(0, 0);
    zero->point2->setCoords(1, 0);
    zero->setPen(QPen(QColor(90, 90, 90), 1, Qt::DashLine));
    for (std::size_t s = 0; s < series.size(); ++s) {
        const Series& se = series[s];
        const QColor c = palette::series(int(s));
        QVector<double> x(se.x.begin(), se.x.end()), lo, hi, m(se.mean.begin(), se.mean.end());
        for (std::size_t i = 0; i < se.x.size(); ++i) {
            lo << se.mean[i] - se.std[i];
            hi << se.mean[i] + se.std[i];
        }
        auto* gl = addGraph();
        gl->setData(x, lo, true);
        gl->setPen(Qt::NoPen);
        gl->removeFromLegend();
        gl->setSelectable(QCP::stNone);
        auto* gh = addGraph();
        gh->setData(x, hi, true);
        gh->setPen(Qt::NoPen);
        QColor band = c;
        band.setAlpha(45);
        gh->setBrush(band);
        gh->setChannelFillGraph(gl);
        gh->removeFromLegend();
        gh->setSelectable(QCP::stNone);
        auto* gm = addGraph();
        gm->setName(se.label.isEmpty() ? ResultSeries::metricTitle(metric_) : se.label);
        gm->setData(x, m, true);
        gm->setPen(QPen(c, 2));
        gm->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, c, Qt::white, 8));
        gm->setSelectable(QCP::stSingleData);
        std::vector<Point> pts;
        for (std::size_t i = 0; i < se.x.size(); ++i)
            pts.push_back({se.rows[i], se.n[i], se.std[i]});
        points_[gm] = pts;
        means_.push_back(gm);
        addCompanion(gm, gl);  // the ±std band goes with its curve
        addCompanion(gm, gh);
    }
    setLegendShown(series.size() > 1);
    if (series.empty())
        setPlaceholder(tr("This experiment has no %1").arg(QString::fromStdString(metric_)));
    resetView();
    replot();
}

void KdGainPlot::resetView() {
    PlotView::resetView();
    const QCPRange yr = yAxis->range();
    yAxis->setRange(std::min(yr.lower, -0.5), std::max(yr.upper, 0.5));
}

QString KdGainPlot::describePoint(QCPGraph* graph, int index) const {
    const auto it = points_.find(graph);
    if (it == points_.end()) return PlotView::describePoint(graph, index);
    const auto d = graph->data()->at(index);
    const Point& p = it->second[index];
    QString head = graph->name() != ResultSeries::metricTitle(metric_) ? graph->name() + "\n" : "";
    return head + QString("%1 = %2\n%3 = %4 ± %5 (std, %6 seeds)\n%7")
                      .arg(xAxis->label(), num(d->key, 4), QString::fromUtf8("Δ"),
                           (d->value >= 0 ? "+" : "") + num(d->value, 3), num(p.std, 3))
                      .arg(p.n)
                      .arg(tr("click to open its runs"));
}

}  // namespace mfh::ui
