#pragma once
// InterventionEditor: an experiment's intervention ("intervention" in
// docs/experiment-config.md): its type and mode, the channels a modality-general teacher keeps,
// the removal ratio, and Algorithm 1's networks and permutations. Settings that do not apply to
// the chosen type are disabled, and the modes follow the type.
#include <QGroupBox>
#include <nlohmann/json.hpp>

class QComboBox;
class QSpinBox;
class QDoubleSpinBox;

namespace mfh::ui {

class InterventionEditor : public QGroupBox {
    Q_OBJECT
  public:
    explicit InterventionEditor(QWidget* parent = nullptr);
    // Reads the experiment's "intervention"; writes it back (removed for type none), keeping
    // the keys it does not show.
    void fill(const nlohmann::json& experiment);
    void write(nlohmann::json& experiment) const;

  Q_SIGNALS:
    void changed();

  private:
    void updateModes();

    QComboBox* type_;
    QComboBox* mode_;
    QSpinBox* keep_;
    QDoubleSpinBox* ratio_;
    QComboBox* source_;
    QSpinBox* permutations_;
};

}  // namespace mfh::ui
