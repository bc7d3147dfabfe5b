#include "ui/SaliencyPlot.h"

#include <algorithm>
#include <numeric>

#include "ui/Palette.h"

namespace mfh::ui {

SaliencyPlot::SaliencyPlot(QWidget* parent) : PlotView(parent) {
    setExportName("saliency");
    setTitle(tr("Algorithm 1 saliency"));
    sortedRect_ = new QCPAxisRect(this);
    plotLayout()->addElement(2, 0, sortedRect_);
    xAxis->setLabel(tr("channel"));
    yAxis->setLabel(tr("saliency"));
    sortedRect_->axis(QCPAxis::atBottom)->setLabel(tr("rank (most modality-general first)"));
    sortedRect_->axis(QCPAxis::atLeft)->setLabel(tr("saliency"));
    placeLegendBelow(3);  // under both plots: never over a bar
    legend->setVisible(true);
    clearSaliency(
        tr("Run an experiment with Algorithm 1 (mode alg1 or a removal) to see saliency"));
}

void SaliencyPlot::clearSaliency(const QString& message) {
    clearPlottables();
    clearItems();
    values_.clear();
    setPlaceholder(message);
    replot();
}

void SaliencyPlot::setSaliency(const std::vector<double>& s, const std::set<int>& kept,
                               const std::set<int>& shared, const QString& caption) {
    clearPlottables();
    clearItems();
    values_ = s, kept_ = kept, shared_ = shared;
    setTitle(caption);
    order_.resize(s.size());
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) { return s[a] > s[b]; });
    auto isKept = [&](int c) { return kept.empty() || kept.count(c) > 0; };

    auto bars = [&](QCPAxis* kx, QCPAxis* vy, const QString& name, const QColor& c) {
        auto* b = new QCPBars(kx, vy);
        b->setName(name);
        b->setPen(Qt::NoPen);
        b->setBrush(c);
        b->setWidth(0.8);
        b->setSelectable(QCP::stNone);
        return b;
    };
    auto* keptBars = bars(xAxis, yAxis, kept.empty() ? tr("channel") : tr("kept"), palette::kept());
    auto* removedBars = bars(xAxis, yAxis, tr("removed"), palette::removed());
    auto* sx = sortedRect_->axis(QCPAxis::atBottom);
    auto* sy = sortedRect_->axis(QCPAxis::atLeft);
    auto* keptSorted = bars(sx, sy, "", palette::kept());
    auto* removedSorted = bars(sx, sy, "", palette::removed());
    keptSorted->removeFromLegend();
    removedSorted->removeFromLegend();
    for (int c = 0; c < int(s.size()); ++c) (isKept(c) ? keptBars : removedBars)->addData(c, s[c]);
    for (int r = 0; r < int(order_.size()); ++r)
        (isKept(order_[r]) ? keptSorted : removedSorted)->addData(r, s[order_[r]]);
    if (kept.empty()) removedBars->removeFromLegend();
    // Invisible-line graphs carry the hover tooltips of both views.
    hoverByChannel_ = addGraph(xAxis, yAxis);
    hoverSorted_ = addGraph(sx, sy);
    for (int c = 0; c < int(s.size()); ++c) hoverByChannel_->addData(c, s[c]);
    for (int r = 0; r < int(order_.size()); ++r) hoverSorted_->addData(r, s[order_[r]]);
    for (auto* g : {hoverByChannel_, hoverSorted_}) {
        g->setName("saliency");
        g->setLineStyle(QCPGraph::lsNone);
        g->setPen(Qt::NoPen);
        g->removeFromLegend();
    }
    if (!shared.empty()) {
        auto* dots = addGraph(xAxis, yAxis);
        dots->setName(tr("truly shared channel"));
        dots->setLineStyle(QCPGraph::lsNone);
        dots->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, palette::modalityB(),
                                              palette::modalityB(), 6));
        for (int c : shared)
            if (c >= 0 && c < int(s.size())) dots->addData(c, s[c]);
    }
    resetView();
    replot();
}

void SaliencyPlot::resetView() {
    if (values_.empty()) return;
    const double hi = *std::max_element(values_.begin(), values_.end());
    const double lo = std::min(0.0, *std::min_element(values_.begin(), values_.end()));
    const double pad = (hi - lo) * 0.08 + 1e-12;
    for (auto* r : {axisRect(), sortedRect_}) {
        r->axis(QCPAxis::atBottom)->setRange(-1, double(values_.size()));
        r->axis(QCPAxis::atLeft)->setRange(lo, hi + pad);
    }
}

QString SaliencyPlot::describePoint(QCPGraph* graph, int index) const {
    if (graph != hoverByChannel_ && graph != hoverSorted_)
        return PlotView::describePoint(graph, index);
    const int c = graph == hoverSorted_ ? order_[index] : index;
    const int rank = int(std::find(order_.begin(), order_.end(), c) - order_.begin()) + 1;
    QString s = tr("channel %1 (rank %2 of %3)\nsaliency = %4")
                    .arg(c)
                    .arg(rank)
                    .arg(order_.size())
                    .arg(num(values_[c], 5));
    if (!kept_.empty()) s += kept_.count(c) ? tr("\nkept") : tr("\nremoved");
    if (shared_.count(c)) s += tr("\ntruly modality-general");
    return s;
}

}  // namespace mfh::ui
