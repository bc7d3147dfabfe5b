#pragma once
// SaliencyTab: Algorithm 1's saliency of a finished job. Two pickers: the sweep point, and a
// seed or the mean over the point's seeds. It reads the scores from the run files off the GUI
// thread, marks the channels the intervention kept as the engine chose them
// (InterventionStage::keptChannels; for the mean, those kept at half the seeds or more), and,
// where the data were generated, the truly shared channels with the recall of them among the
// most salient (SaliencySummary), per seed or as mean ± std over the seeds.
#include <QWidget>
#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QLabel;

namespace mfh::ui {

struct Job;
class SaliencyPlot;

class SaliencyTab : public QWidget {
    Q_OBJECT
  public:
    explicit SaliencyTab(QWidget* parent = nullptr);
    void showJob(std::shared_ptr<const Job> job);
    SaliencyPlot* plot() const { return saliency_; }
    bool hasRuns() const { return !points_.empty(); }
    QComboBox* pointPicker() const { return point_; }
    QComboBox* seedPicker() const { return seed_; }  // item 0: the mean over the seeds
    // What the plot shows, in words: its title, then the point and the recall.
    QString caption() const { return caption_; }
    bool loading() const { return loading_; }

  Q_SIGNALS:
    void shown();  // a pick was drawn (or its problem shown)

  private:
    void fillSeeds();
    void show();

    struct Point {
        int row = 0;
        std::vector<std::string> ids;  // its Algorithm 1 runs
        std::vector<int64_t> seeds;    // by the same index, as the result lists them
    };
    std::shared_ptr<const Job> job_;
    SaliencyPlot* saliency_;
    QComboBox* point_;
    QComboBox* seed_;
    QLabel* detail_;
    std::vector<Point> points_;
    QString caption_;
    bool loading_ = false;
    int generation_ = 0;
};

}  // namespace mfh::ui
