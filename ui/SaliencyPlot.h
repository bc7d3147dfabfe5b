#pragma once
// SaliencyPlot: Algorithm 1's per-channel saliency at a tap, twice: by channel (top) and sorted
// from the most to the least modality-general (bottom). Kept channels are coloured, removed
// ones grey; channels known to be truly shared (generated data) are marked with a dot.
#include <set>
#include <vector>

#include "ui/PlotView.h"

namespace mfh::ui {

class SaliencyPlot : public PlotView {
    Q_OBJECT
  public:
    explicit SaliencyPlot(QWidget* parent = nullptr);
    // `kept`: the channels the intervention keeps (empty: all); `shared`: true shared channels.
    void setSaliency(const std::vector<double>& saliency, const std::set<int>& kept,
                     const std::set<int>& shared, const QString& caption);
    void clearSaliency(const QString& message);
    void resetView() override;

  protected:
    QString describePoint(QCPGraph* graph, int index) const override;

  private:
    QCPAxisRect* sortedRect_ = nullptr;
    std::vector<double> values_;
    std::vector<int> order_;  // channels by descending saliency
    std::set<int> kept_, shared_;
    QCPGraph* hoverByChannel_ = nullptr;
    QCPGraph* hoverSorted_ = nullptr;
};

}  // namespace mfh::ui
