#pragma once
// KdEditor: an experiment's knowledge-distillation loss ("kd" in docs/experiment-config.md):
// the weights of the label and teacher terms, the temperature and the KL reduction.
#include <QGroupBox>
#include <nlohmann/json.hpp>

class QComboBox;
class QDoubleSpinBox;

namespace mfh::ui {

class KdEditor : public QGroupBox {
    Q_OBJECT
  public:
    explicit KdEditor(QWidget* parent = nullptr);
    void fill(const nlohmann::json& experiment);   // reads "kd"
    void write(nlohmann::json& experiment) const;  // writes every key of "kd"

  Q_SIGNALS:
    void changed();

  private:
    QDoubleSpinBox* wGt_;
    QDoubleSpinBox* wKd_;
    QDoubleSpinBox* temperature_;
    QComboBox* reduction_;
};

}  // namespace mfh::ui
