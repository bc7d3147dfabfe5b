#pragma once
// ResultSeries: an experiment's grid rows as curves over one x axis, for the KD-gain and
// accuracy plots. The x axis is γ when the rows' true γ varies (the paper's Fig. 2 and
// Table 2), else α (Fig. 3), else the last numeric sweep axis, else the row number. Sweep axes
// that still vary at one x (Table 2's mode) split the rows into one series per value.
#include <QString>
#include <string>
#include <vector>

#include "core/experiments/Experiment.h"

namespace mfh::ui {

struct Series {
    QString label;  // the grouping axes' values, "" when there is one series
    std::vector<double> x, mean, std;
    std::vector<int> rows, n;  // grid row and number of seeds behind each point
};

class ResultSeries {
  public:
    explicit ResultSeries(const ExperimentResult& r);
    // The x axis in words, and the setting path behind it (empty unless it is a sweep axis).
    QString xTitle() const { return xTitle_; }
    QString xPath() const { return xPath_; }
    // Tick labels for a categorical x axis (string sweep values); empty when numeric.
    const std::vector<QString>& categories() const { return categories_; }
    // One series per group, for a metric of the rows' summaries; groups without the metric
    // are left out.
    std::vector<Series> of(const std::string& metric) const;
    // The KD gains this result holds, the first being the default of its layout.
    static std::vector<std::string> gainMetrics(const ExperimentResult& r);
    static QString metricTitle(const std::string& metric);
    // The experiment in the user's words: its paper title for a paper experiment, else its name.
    static QString experimentTitle(const ExperimentResult& r);
    // A row's grid point in words: "γ = 0.25, mode = gt".
    static QString pointText(const ExperimentResult& r, int row);

  private:
    const ExperimentResult& r_;
    std::vector<double> x_;
    std::vector<QString> group_;
    std::vector<QString> categories_;
    QString xTitle_, xPath_;
};

}  // namespace mfh::ui
