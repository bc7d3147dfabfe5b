#pragma once
// FigureTarget: what a plot offers to be drawn as a figure file: its title element and a
// layout for the figure's size (beginFigure) and back for its widget (endFigure). PlotView
// implements it; PlotExport and FigureStyle see only this, so the plots can use them.
#include <QSize>

class QCustomPlot;
class QCPTextElement;

namespace mfh::ui {

class FigureTarget {
  public:
    virtual ~FigureTarget() = default;
    virtual QCustomPlot* figurePlot() = 0;
    // The title above the plot, or null.
    virtual QCPTextElement* titleElement() const = 0;
    // Lays the plot out for a figure of `size` logical pixels; endFigure() for the widget.
    virtual void beginFigure(const QSize& size) = 0;
    virtual void endFigure() = 0;
};

}  // namespace mfh::ui
