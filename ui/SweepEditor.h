#pragma once
// SweepEditor: the sweep axes of an experiment ("sweep" in docs/experiment-config.md), one row
// per axis: a setting's dotted path and its values ("0, 0.5, 1", "random, gt" or a JSON array,
// for values that are objects or lists). The grid is every combination of the axes.
#include <QGroupBox>
#include <nlohmann/json.hpp>

class QTableWidget;

namespace mfh::ui {

class SweepEditor : public QGroupBox {
    Q_OBJECT
  public:
    explicit SweepEditor(QWidget* parent = nullptr);
    // Reads the experiment's "sweep"; writes it back (removed when no axis is left).
    void fill(const nlohmann::json& experiment);
    void write(nlohmann::json& experiment) const;
    void addAxis(const QString& param, const QString& values);
    void removeAxis();  // the current row, else the last
    QTableWidget* table() const { return table_; }

    // "0, 2, 4" → [0, 2, 4]; "random, gt" → ["random", "gt"]; a JSON array as it is.
    static nlohmann::json parseValues(const QString& text);
    static QString valuesText(const nlohmann::json& values);

  Q_SIGNALS:
    void changed();

  private:
    QTableWidget* table_;
};

}  // namespace mfh::ui
