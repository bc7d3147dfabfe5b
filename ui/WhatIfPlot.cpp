#include "ui/WhatIfPlot.h"

#include <QFutureWatcher>
#include <QtConcurrent>

#include "ui/Palette.h"

namespace mfh::ui {

WhatIfPlot::WhatIfPlot(QWidget* parent) : PlotView(parent) {
    setExportName("what-if");
    setTitle(tr("What if: KD gain over γ"));
    xAxis->setLabel(tr("γ (moving decisive columns into the shared part)"));
    yAxis->setLabel(tr("KD gain (points)"));
    pending_.setSingleShot(true);
    pending_.setInterval(80);
    connect(&pending_, &QTimer::timeout, this, &WhatIfPlot::compute);
}

WhatIfPlot::~WhatIfPlot() {
    if (cancel_) *cancel_ = true;
}

void WhatIfPlot::setSpec(const VennSpec& spec) {
    spec_ = spec;
    sinceChange_.start();
    if (cancel_) *cancel_ = true;  // the running curve is for older settings
    pending_.start();
}

void WhatIfPlot::compute() {
    struct Out {
        std::vector<WhatIfPoint> points;
        QString problem;
        bool cancelled = false;
    };
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    cancel_ = cancel;
    const int generation = ++generation_;
    const VennSpec spec = spec_;
    auto* watcher = new QFutureWatcher<Out>(this);
    connect(watcher, &QFutureWatcher<Out>::finished, this, [this, watcher, generation] {
        const Out o = watcher->result();
        watcher->deleteLater();
        if (generation != generation_) return;  // settings changed meanwhile
        cancel_.reset();
        if (o.cancelled) return;
        if (!o.problem.isEmpty()) {
            points_.clear();
            clearPlottables();
            setPlaceholder(tr("No what-if: %1").arg(o.problem));
            replot();
            return;
        }
        points_ = o.points;
        draw();
        latencyMs_ = sinceChange_.elapsed();
        emit redrawn();
    });
    watcher->setFuture(QtConcurrent::run([spec, cancel]() -> Out {
        Out o;
        try {
            o.points = WhatIf::curve(spec, 10, cancel.get());
        } catch (const Cancelled&) {
            o.cancelled = true;
        } catch (const std::exception& e) {
            o.problem = QString::fromUtf8(e.what());
        }
        return o;
    }));
}

void WhatIfPlot::draw() {
    clearPlottables();
    setPlaceholder({});
    QVector<double> x, measured, sd, predicted;
    for (const auto& p : points_)
        x << p.gamma, measured << p.gain, sd << p.gainStd, predicted << p.predicted.estimate;
    auto* m = addGraph();
    m->setName(tr("trained, 10 seeds (± std)"));
    m->setData(x, measured);
    m->setPen(QPen(QColor(0, 114, 178), 2));
    m->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 6));
    auto* bars = new QCPErrorBars(xAxis, yAxis);
    bars->setDataPlottable(m);
    bars->setData(sd);
    bars->removeFromLegend();
    addCompanion(m, bars);
    auto* p = addGraph();
    p->setName(tr("predicted by the advisor"));
    p->setData(x, predicted);
    p->setPen(QPen(QColor(213, 94, 0), 2, Qt::DashLine));
    p->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, 6));
    legend->setVisible(true);
    resetView();
    yAxis->setRange(std::min(yAxis->range().lower, -0.5), std::max(yAxis->range().upper, 0.5));
    replot();
}

}  // namespace mfh::ui
