#pragma once
// PlotView: the workbench's interactive plot. Drag pans, the wheel zooms, a double click
// resets the view; hovering a data point shows its exact values, hovering an axis label the
// setting path behind it; clicking a legend entry hides or shows its curve with its error bars
// and bands, and rescales the axes to what is still shown; clicking a point emits
// pointClicked (views open the runs behind it). A figure export lays the plot out for the
// figure's size (beginFigure) and back for the widget (endFigure), so that the screen is
// unchanged and a view that needs equal scales (the Venn diagram) keeps them in the file.
#include <qcustomplot.h>

#include "ui/FigureTarget.h"

#include <utility>
#include <vector>

namespace mfh::ui {

class PlotView : public QCustomPlot, public FigureTarget {
    Q_OBJECT
  public:
    explicit PlotView(QWidget* parent = nullptr);
    // A short name used for exported files ("kd-gain", "venn", …) and a human title.
    void setExportName(const QString& name) { exportName_ = name; }
    QString exportName() const { return exportName_; }
    void setTitle(const QString& title);
    QString title() const;
    QCPTextElement* titleElement() const override { return title_; }
    QCustomPlot* figurePlot() override { return this; }
    // Shown in the middle of an empty plot ("Run an experiment to see…").
    void setPlaceholder(const QString& text);
    // Asks for the figure (ExportDialog: size, text size, title, format, DPI) and exports it
    // into `folder` by default (the shown experiment's), else the last export folder.
    // Returns the path and the problem (empty on success); an empty path when cancelled.
    std::pair<QString, QString> exportDialog(const QString& folder = {});
    // Rescales every axis to the visible data with a small margin.
    virtual void resetView();
    // Shows or hides a curve with its companions (error bars, bands), greys its legend entry
    // and rescales the axes to the visible data.
    void setSeriesVisible(QCPAbstractPlottable* p, bool on);
    // Lays the plot out for a figure of `size` logical pixels; endFigure() for the widget.
    void beginFigure(const QSize& size) override;
    void endFigure() override;
    // Puts the legend under the axis rect, out of the data's way, `columns` entries a line.
    void placeLegendBelow(int columns);
    // Shows or hides that legend; a hidden one takes no room.
    void setLegendShown(bool on);

  Q_SIGNALS:
    void pointClicked(QCPAbstractPlottable* plottable, int index);

  protected:
    // Called once the layout follows a new size (widget or figure): views that need equal
    // axis scales or a placement that depends on the size do it here.
    virtual void fitToViewport() {}
    // `companion` (error bars, a band) is shown and hidden with `main`.
    static void addCompanion(QCPAbstractPlottable* main, QCPAbstractPlottable* companion);
    // The setting path behind an axis label, shown when the mouse rests on the label.
    void setAxisPath(QCPAxis* axis, const QString& path);
    // The tooltip of one data point; the default names the curve and gives x and y.
    virtual QString describePoint(QCPGraph* graph, int index) const;
    // The tooltip where no data point is near (the Venn diagram's regions); empty: none.
    virtual QString describePosition(const QPointF& pixel) const;
    void mouseMoveEvent(QMouseEvent* event) override;
    // Right click: export this figure (PNG at a chosen DPI, SVG, PDF), reset the view.
    void contextMenuEvent(QContextMenuEvent* event) override;

  private:
    QString exportName_ = "plot";
    QCPTextElement* title_ = nullptr;
    QCPItemText* placeholder_ = nullptr;
    QCPLayoutGrid* legendRow_ = nullptr;
};

// One labelled tick per category at 0, 1, 2, … (string sweep values); numeric ticks when empty.
void setCategoryTicks(QCPAxis* axis, const std::vector<QString>& categories);

// Formats a number with up to `digits` decimals, trailing zeros dropped.
QString num(double v, int digits = 3);

}  // namespace mfh::ui
