#include "ui/AccuracyPlot.h"

#include "ui/Palette.h"
#include "ui/ResultSeries.h"

namespace mfh::ui {

AccuracyPlot::AccuracyPlot(QWidget* parent) : PlotView(parent) {
    setExportName("accuracy");
    setTitle(tr("Test accuracy"));
    yAxis->setLabel(tr("test accuracy (%)"));
    legend->setVisible(true);
    placeLegendBelow(3);
    setPlaceholder(tr("Run an experiment to see its accuracies"));
    connect(this, &PlotView::pointClicked, this, [this](QCPAbstractPlottable* p, int index) {
        auto it = rows_.find(qobject_cast<QCPGraph*>(p));
        if (it != rows_.end() && index >= 0 && index < int(it->second.size()))
            emit rowClicked(it->second[index].first);
    });
}

void AccuracyPlot::setResult(const ExperimentResult& r) {
    clearPlottables();
    clearItems();
    rows_.clear();
    ResultSeries rs(r);
    xAxis->setLabel(rs.xTitle());
    setAxisPath(xAxis, rs.xPath());
    setTitle(ResultSeries::experimentTitle(r));
    setCategoryTicks(xAxis, rs.categories());
    int colour = 0;
    const std::vector<std::pair<std::string, QCPScatterStyle::ScatterShape>> metrics = {
        {"teacher_acc", QCPScatterStyle::ssSquare},
        {"kd_acc", QCPScatterStyle::ssCircle},
        {"nokd_acc", QCPScatterStyle::ssTriangle},
        {"mg_teacher_acc", QCPScatterStyle::ssDiamond},
        {"mg_kd_acc", QCPScatterStyle::ssCross},
        {"removal_teacher_acc", QCPScatterStyle::ssDiamond},
        {"removal_kd_acc", QCPScatterStyle::ssCross}};
    for (const auto& [metric, shape] : metrics) {
        auto series = rs.of(metric);
        if (series.empty()) continue;
        // A metric the grouping axis does not change is drawn once.
        bool same = series.size() > 1;
        for (std::size_t s = 1; s < series.size() && same; ++s)
            same = series[s].mean == series[0].mean;
        if (same) {
            series.resize(1);
            series[0].label.clear();
        }
        for (const auto& se : series) {
            const QColor c = palette::series(colour++);
            auto* g = addGraph();
            QString name = ResultSeries::metricTitle(metric);
            if (!se.label.isEmpty()) name += " (" + se.label + ")";
            g->setName(name);
            QVector<double> x(se.x.begin(), se.x.end()), m(se.mean.begin(), se.mean.end());
            g->setData(x, m, true);
            g->setPen(QPen(c, 2));
            g->setScatterStyle(QCPScatterStyle(shape, c, Qt::white, 8));
            g->setSelectable(QCP::stSingleData);
            auto* eb = new QCPErrorBars(xAxis, yAxis);
            eb->removeFromLegend();
            eb->setDataPlottable(g);
            eb->setData(QVector<double>(se.std.begin(), se.std.end()));
            eb->setPen(QPen(c, 1));
            eb->setSelectable(QCP::stNone);
            addCompanion(g, eb);  // hidden with its curve, and left out of the rescale
            std::vector<std::pair<int, double>> rows;
            for (std::size_t i = 0; i < se.rows.size(); ++i)
                rows.push_back({se.rows[i], se.std[i]});
            rows_[g] = rows;
        }
    }
    resetView();
    replot();
}

QString AccuracyPlot::describePoint(QCPGraph* graph, int index) const {
    const auto it = rows_.find(graph);
    if (it == rows_.end()) return PlotView::describePoint(graph, index);
    const auto d = graph->data()->at(index);
    return QString("%1\n%2 = %3\n%4 % ± %5 (std)")
        .arg(graph->name(), xAxis->label(), num(d->key, 4), num(d->value, 2),
             num(it->second[index].second, 2));
}

}  // namespace mfh::ui
