#pragma once
// ExperimentPane: the experiment designer. Its state is an experiment file (JSON, the format
// `mfh run` accepts, docs/experiment-config.md): the form edits the keys it knows and keeps the
// others, loads and saves files, loads the paper's presets, and checks the configuration with
// core's parser as it changes, naming the first problem. Run emits the configuration.
#include <QWidget>
#include <nlohmann/json.hpp>

#include "ui/DatasetEntry.h"

class QComboBox;
class QLineEdit;
class QSpinBox;
class QDoubleSpinBox;
class QListWidget;
class QTableWidget;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace mfh::ui {

class ExperimentPane : public QWidget {
    Q_OBJECT
  public:
    explicit ExperimentPane(QWidget* parent = nullptr);
    // The configuration the form shows (unknown keys of a loaded file kept as they were).
    nlohmann::json config() const;
    void setConfig(const nlohmann::json& j);
    // "fig2", "fig3", "table2": the paper's experiments.
    void loadPreset(const QString& name);
    // Uses a dataset for the next experiment (its file, or its generator settings).
    void useDataset(DatasetPtr d);
    // An empty string when `config()` is a valid experiment, else the problem.
    QString problem();

    QString loadFile(const QString& path);  // empty string on success, else the reason
    QString saveFile(const QString& path);

    QPushButton* runButton() const { return run_; }
    QSpinBox* seedCount() const { return seedCount_; }
    QSpinBox* epochs(bool teacher) const { return teacher ? tEpochs_ : sEpochs_; }

  public Q_SLOTS:
    void requestRun();
    void loadDialog();
    void saveDialog();

  Q_SIGNALS:
    void runRequested(const nlohmann::json& config);
    void changed();

  private:
    struct RoleForm {
        QComboBox* split;
        QComboBox* model;
        QLineEdit* hidden;
        QLineEdit* channels;
        QComboBox* optimizer;
        QDoubleSpinBox* lr;
        QDoubleSpinBox* momentum;
        QDoubleSpinBox* weightDecay;
        QSpinBox* epochs;
        QSpinBox* batch;
        QSpinBox* evalEvery;
        QComboBox* selection;
        QComboBox* schedule;
        QSpinBox* patience;
    };
    QWidget* buildRole(RoleForm& f, const QString& title, QWidget* modalities);
    void fillRole(RoleForm& f, const nlohmann::json& role);
    void readRole(const RoleForm& f, nlohmann::json& role) const;
    void setModalities(const QStringList& names);
    void updateInterventionModes();
    void formChanged();
    void validate();

    nlohmann::json base_;  // the loaded file; the form's values are written over it
    bool filling_ = false;
    QComboBox* preset_;
    QLineEdit* name_;
    QComboBox* report_;
    QLabel* dataset_;
    QListWidget* teacherMods_;
    QComboBox* studentMod_;
    RoleForm teacher_, student_;
    QSpinBox* tEpochs_;
    QSpinBox* sEpochs_;
    QDoubleSpinBox* wGt_;
    QDoubleSpinBox* wKd_;
    QDoubleSpinBox* temperature_;
    QComboBox* reduction_;
    QSpinBox* seedFirst_;
    QSpinBox* seedCount_;
    QTableWidget* sweep_;
    QComboBox* ivType_;
    QComboBox* ivMode_;
    QSpinBox* ivKeep_;
    QDoubleSpinBox* ivRatio_;
    QComboBox* ivSource_;
    QSpinBox* ivPermutations_;
    QLabel* status_;
    QPlainTextEdit* json_;
    QPushButton* run_;
    QTimer* validateTimer_;
    QString problem_;
};

}  // namespace mfh::ui
