#pragma once
// SaliencyTab: Algorithm 1's saliency of a finished job, one Algorithm 1 run at a time (a combo
// lists them by grid point and seed). It reads the scores from the run file and marks the
// channels the intervention kept, as the engine chose them (InterventionStage::keptChannels),
// and the truly shared ones where the data were generated.
#include <QWidget>
#include <memory>
#include <string>
#include <vector>

class QComboBox;

namespace mfh::ui {

struct Job;
class SaliencyPlot;

class SaliencyTab : public QWidget {
    Q_OBJECT
  public:
    explicit SaliencyTab(QWidget* parent = nullptr);
    void showJob(std::shared_ptr<const Job> job);
    SaliencyPlot* plot() const { return saliency_; }
    bool hasRuns() const { return !runs_.empty(); }

  private:
    void show(int index);

    std::shared_ptr<const Job> job_;
    SaliencyPlot* saliency_;
    QComboBox* runCombo_;
    struct Entry {
        int row;
        std::string id;
    };
    std::vector<Entry> runs_;
};

}  // namespace mfh::ui
