#pragma once
// ConfusionView: a run's per-class results from its file (the confusion matrix of each
// evaluated split, rows = true class, columns = predicted), with each class's accuracy, shaded
// by share, and exported as CSV. Shows nothing for runs written before files held the matrix.
#include <QWidget>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace mfh {
struct RunRecord;
}

namespace mfh::ui {

class ConfusionView : public QWidget {
    Q_OBJECT
  public:
    explicit ConfusionView(QWidget* parent = nullptr);
    void showRun(const RunRecord& run);
    void clear();
    // The shown split's matrix with per-class accuracy as CSV; empty string on success.
    QString exportCsv(const QString& path) const;
    QTableWidget* table() const { return table_; }

  private:
    void showSplit();

    std::string runId_;
    std::map<std::string, std::vector<std::vector<int64_t>>> confusion_;
    QComboBox* split_;
    QTableWidget* table_;
    QLabel* note_;
    QPushButton* export_;
};

}  // namespace mfh::ui
