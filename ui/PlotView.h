#pragma once
// PlotView: the workbench's interactive plot. Drag pans, the wheel zooms, a double click
// resets the view; hovering a data point shows its exact values; clicking a legend entry hides
// or shows its curve; clicking a point emits pointClicked (views open the runs behind it).
#include <qcustomplot.h>

#include <utility>
#include <vector>

namespace mfh::ui {

class PlotView : public QCustomPlot {
    Q_OBJECT
  public:
    explicit PlotView(QWidget* parent = nullptr);
    // A short name used for exported files ("kd-gain", "venn", …) and a human title.
    void setExportName(const QString& name) { exportName_ = name; }
    QString exportName() const { return exportName_; }
    void setTitle(const QString& title);
    // Shown in the middle of an empty plot ("Run an experiment to see…").
    void setPlaceholder(const QString& text);
    // Asks for a file (PNG, SVG or PDF by suffix; the DPI for PNG) and exports this figure.
    // Returns the path and the problem (empty on success); an empty path when cancelled.
    std::pair<QString, QString> exportDialog();
    // Rescales every axis to the visible data with a small margin.
    virtual void resetView();

  Q_SIGNALS:
    void pointClicked(QCPAbstractPlottable* plottable, int index);

  protected:
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
};

// One labelled tick per category at 0, 1, 2, … (string sweep values); numeric ticks when empty.
void setCategoryTicks(QCPAxis* axis, const std::vector<QString>& categories);

// Formats a number with up to `digits` decimals, trailing zeros dropped.
QString num(double v, int digits = 3);

}  // namespace mfh::ui
