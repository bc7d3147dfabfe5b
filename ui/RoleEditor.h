#pragma once
// RoleEditor: one role of an experiment, the teacher's or the student's (its object in the
// experiment file, docs/experiment-config.md): the modalities it sees (a teacher ticks one or
// several, a student picks one), the split it trains on, its model and its training. It reads
// the role's object and writes its settings back into one, keeping keys it does not show.
#include <QGroupBox>
#include <nlohmann/json.hpp>

class QComboBox;
class QLineEdit;
class QSpinBox;
class QDoubleSpinBox;
class QListWidget;

namespace mfh::ui {

class RoleEditor : public QGroupBox {
    Q_OBJECT
  public:
    enum class Role { Teacher, Student };
    explicit RoleEditor(Role role, QWidget* parent = nullptr);

    // The modalities offered; those ticked (or picked) before stay so when still offered.
    void setModalities(const QStringList& names);
    // The splits offered: the dataset's, or (empty) the usual ones to pick or type when the
    // dataset is not known. The split chosen before stays when offered; fill() shows the role's
    // own split even when the dataset lacks it (the designer's check names it).
    void setSplits(const QStringList& names);
    // The role's modalities as the file names them ("modalities" or "modality"), in order.
    QStringList named(const nlohmann::json& role) const;
    void fill(const nlohmann::json& role);
    void write(nlohmann::json& role) const;

    QSpinBox* epochs() const { return epochs_; }

  Q_SIGNALS:
    void changed();

  private:
    Role role_;
    QListWidget* teacherMods_ = nullptr;  // teacher
    QComboBox* studentMod_ = nullptr;     // student
    QComboBox* split_;
    QComboBox* model_;
    QLineEdit* hidden_;
    QLineEdit* channels_;
    QComboBox* optimizer_;
    QDoubleSpinBox* lr_;
    QDoubleSpinBox* momentum_;
    QDoubleSpinBox* weightDecay_;
    QSpinBox* epochs_;
    QSpinBox* batch_;
    QSpinBox* evalEvery_;
    QComboBox* selection_;
    QComboBox* schedule_;
    QSpinBox* patience_;
};

}  // namespace mfh::ui
