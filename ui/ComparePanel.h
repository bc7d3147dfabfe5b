#pragma once
// ComparePanel: under the results table, any two rows (grid points) of the shown experiment
// compared on one metric, paired by seed: mean difference, spread, 95 % CI, paired t-test and
// Wilcoxon signed-rank (core's Comparison, as `mfh report --compare`).
#include <QWidget>

#include "core/experiments/ExperimentResult.h"

class QComboBox;
class QLabel;
class QPushButton;

namespace mfh::ui {

class ComparePanel : public QWidget {
    Q_OBJECT
  public:
    explicit ComparePanel(QWidget* parent = nullptr);
    void setResult(const ExperimentResult& r);
    // Compares rows a and b (0-based) on `metric` (empty: the layout's); returns the text shown.
    QString compare(int a, int b, const QString& metric = {});
    QString text() const;

  private:
    ExperimentResult result_;
    QComboBox* rowA_;
    QComboBox* rowB_;
    QComboBox* metric_;
    QPushButton* run_;
    QLabel* out_;
};

}  // namespace mfh::ui
