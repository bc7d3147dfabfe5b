#pragma once
// VennPlot: the modality Venn diagram (docs/science.md#the-modality-venn-diagram). Circle a's area
// is a's decisive information |D_a|, circle b's is |D_b|, and their overlap is the modality-general
// part |G|; α, β and γ are labelled. True values for generated data (column counts); estimates with
// their uncertainty (mean ± std) are drawn with dashed circles at γ − std and γ + std.
#include <optional>

#include "core/analysis/VennGeometry.h"
#include "ui/PlotView.h"

namespace mfh::ui {

class VennPlot : public PlotView {
    Q_OBJECT
  public:
    explicit VennPlot(QWidget* parent = nullptr);
    // Ground truth in decisive columns (|A|, |G|, |B|).
    void setTruth(const VennParts& columns, const QString& nameA = "a", const QString& nameB = "b",
                  const QString& caption = {});
    // Estimated fractions with their standard deviations.
    void setEstimate(double alpha, double beta, double gamma, double alphaStd, double betaStd,
                     double gammaStd, const QString& nameA = "a", const QString& nameB = "b",
                     const QString& caption = {});
    // Over an estimate: the true diagram in the same units (both scaled to a total of 1), as
    // dotted circles with circle a's centre shared, so the overlaps compare at a glance.
    void overlayTruth(const VennParts& truth);
    bool hasTruthOverlay() const { return truthOverlay_.has_value(); }
    std::optional<VennParts> truthOverlay() const { return truthOverlay_; }  // scaled to 1
    void clearDiagram(const QString& message);
    std::optional<VennParts> parts() const { return parts_; }
    VennCircles circles() const { return circles_; }
    void resetView() override;

  protected:
    QString describePosition(const QPointF& pixel) const override;
    // Equal scales for whatever size the plot is laid out at (widget or figure file).
    void fitToViewport() override { resetView(); }
    void resizeEvent(QResizeEvent* event) override;

  private:
    void drawDiagram(const VennParts& p, const QString& nameA, const QString& nameB,
                     const QString& values, const QString& caption, bool counts);
    QCPItemEllipse* circle(double cx, double r, const QColor& c, Qt::PenStyle style, int alpha);
    QCPItemText* label(double x, double y, const QString& text, int pointSize, bool bold = false);

    std::optional<VennParts> parts_, truthOverlay_;
    VennCircles circles_;
    double centreA_ = 0, centreB_ = 0;
    bool counts_ = false;
    QString nameA_, nameB_;
};

}  // namespace mfh::ui
