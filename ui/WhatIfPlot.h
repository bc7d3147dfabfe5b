#pragma once
// WhatIfPlot: the generator dialog's live what-if (core/advisor/WhatIf): the KD gain over γ
// that the settings at hand would give, measured (10 seeds on the linear kernel, mean ± std)
// and predicted by the advisor, redrawn after every change. Changes are gathered for 80 ms,
// then the curve is computed on a pool thread; a newer change cancels an older computation,
// and only the newest result is drawn. The GUI thread never trains.
#include <QElapsedTimer>
#include <QTimer>
#include <atomic>
#include <memory>

#include "core/advisor/WhatIf.h"
#include "ui/PlotView.h"

namespace mfh::ui {

class WhatIfPlot : public PlotView {
    Q_OBJECT
  public:
    explicit WhatIfPlot(QWidget* parent = nullptr);
    ~WhatIfPlot() override;
    // Schedules a redraw for these settings.
    void setSpec(const VennSpec& spec);
    const std::vector<WhatIfPoint>& points() const { return points_; }
    bool busy() const { return cancel_ != nullptr || pending_.isActive(); }
    // Milliseconds from the last setSpec to the drawing of its curve.
    qint64 lastLatencyMs() const { return latencyMs_; }

  Q_SIGNALS:
    void redrawn();

  private:
    void compute();
    void draw();

    VennSpec spec_;
    QTimer pending_;
    QElapsedTimer sinceChange_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    int generation_ = 0;
    std::vector<WhatIfPoint> points_;
    qint64 latencyMs_ = -1;
};

}  // namespace mfh::ui
