#pragma once
// ExperimentPane: the experiment designer, a view of an ExperimentDocument (the experiment file
// `mfh run` accepts, docs/experiment-config.md). Its form is made of editors (RoleEditor for the
// teacher and the student, KdEditor, SweepEditor, InterventionEditor) that write their settings
// into the document, keys they do not show kept; the document loads and saves files, loads the
// paper's presets and checks itself with core's parser as the form changes, naming the first
// problem. Run emits the configuration.
#include <QWidget>
#include <nlohmann/json.hpp>

#include "core/experiments/ExperimentDocument.h"
#include "ui/DatasetEntry.h"

class QComboBox;
class QLineEdit;
class QSpinBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace mfh::ui {

class RoleEditor;
class SweepEditor;
class InterventionEditor;
class KdEditor;
class RunTarget;

class ExperimentPane : public QWidget {
    Q_OBJECT
  public:
    explicit ExperimentPane(QWidget* parent = nullptr);
    // The configuration the form shows (unknown keys of a loaded file kept as they were).
    nlohmann::json config() const { return doc_.json(); }
    void setConfig(const nlohmann::json& j);
    const ExperimentDocument& document() const { return doc_; }
    // One of paperExperiments(), by name ("fig2", "table1-avmnist", …).
    void loadPreset(const QString& name);
    // The Custom preset: ExperimentDocument::loadDefaults.
    void loadDefaults();
    // Uses a dataset for the next experiment (its file, or its generator settings).
    void useDataset(DatasetPtr d);
    // An empty string when `config()` is a valid experiment, else the problem.
    QString problem();

    // Empty string on success, else the reason; after a failure the design before stays in
    // the form but is not runnable until it is edited (problem() says why).
    QString loadFile(const QString& path);
    QString saveFile(const QString& path);

    QPushButton* runButton() const { return run_; }
    RunTarget* runTarget() const { return target_; }
    QSpinBox* seedCount() const { return seedCount_; }
    QSpinBox* epochs(bool teacher) const;
    RoleEditor* role(bool teacher) const { return teacher ? teacher_ : student_; }
    SweepEditor* sweep() const { return sweep_; }
    InterventionEditor* intervention() const { return intervention_; }

  public Q_SLOTS:
    void requestRun();
    void loadDialog();
    void saveDialog();

  Q_SIGNALS:
    void runRequested(const nlohmann::json& config);
    void changed();

  private:
    QWidget* buildGeneral();
    void showDataset(const nlohmann::json& dataset, QStringList& modalities);
    void setModalities(const QStringList& names);
    nlohmann::json formJson() const;  // the loaded file with the form's values written over it
    void formChanged();
    void validate();
    void showProblem(const QString& problem);

    ExperimentDocument doc_;
    nlohmann::json base_;  // the loaded file; the form's values are written over it
    bool filling_ = false;
    QComboBox* preset_;
    QLineEdit* name_;
    QComboBox* report_;
    QLabel* dataset_;
    RoleEditor* teacher_;
    RoleEditor* student_;
    KdEditor* kd_;
    QSpinBox* seedFirst_;
    QSpinBox* seedCount_;
    SweepEditor* sweep_;
    InterventionEditor* intervention_;
    QLabel* status_;
    QPlainTextEdit* json_;
    QPushButton* run_;
    RunTarget* target_;
    QTimer* validateTimer_;
    QString problem_;
    // Set when a file failed to load: the form still holds the design before it, and says so
    // instead of offering it to run as if it were the file. The next edit clears it.
    QString loadFailure_;
};

}  // namespace mfh::ui
