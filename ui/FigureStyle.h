#pragma once
// FigureStyle: a plot dressed for a figure file for as long as the object lives. It lays the
// plot out for the figure's size in logical pixels (FigureTarget::beginFigure: equal scales where
// the view keeps them) and, given a FigureSpec, sets every text to the figure's size (tick
// labels, axis labels and the legend at the text size, the title 10 % larger, labels inside
// the plot in proportion, within 0.8 to 1.25 times) and the figure's title (none when empty).
// The destructor puts back every font and the title and lays the plot out for its widget.
#include <QFont>
#include <QSize>
#include <QString>
#include <vector>

class QCPAxis;
class QCustomPlot;
class QCPItemText;

namespace mfh::ui {

class FigureTarget;
struct FigureSpec;

class FigureStyle {
  public:
    FigureStyle(FigureTarget* target, const FigureSpec* spec, const QSize& px);
    ~FigureStyle();
    FigureStyle(const FigureStyle&) = delete;
    FigureStyle& operator=(const FigureStyle&) = delete;
    // The title the figure shows (empty: none).
    QString title() const { return title_; }

  private:
    FigureTarget* target_;
    QCustomPlot* plot_;
    bool styled_ = false;
    bool titleTaken_ = false;
    QString title_, oldTitle_;
    QFont oldTitleFont_, oldLegendFont_;
    std::vector<std::pair<QCPAxis*, std::pair<QFont, QFont>>> axes_;  // label, tick labels
    std::vector<std::pair<QCPItemText*, QFont>> items_;
};

}  // namespace mfh::ui
