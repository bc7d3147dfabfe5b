#include "ui/ExperimentPane.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTimer>
#include <QToolButton>

#include "core/base/Error.h"
#include "core/experiments/ExperimentSpec.h"
#include "ui/CoreChoices.h"
#include "ui/FormWidgets.h"
#include "ui/InterventionEditor.h"
#include "ui/KdEditor.h"
#include "ui/RoleEditor.h"
#include "ui/RunTarget.h"
#include "ui/Settings.h"
#include "ui/SweepEditor.h"

namespace mfh::ui {

using nlohmann::json;

QWidget* ExperimentPane::buildGeneral() {
    const ExperimentSpec d;
    auto* general = new QGroupBox(tr("Experiment"));
    auto* gf = narrowForm(general);
    name_ = new QLineEdit(QString::fromStdString(d.name));
    gf->addRow(tr("Name:"), name_);
    report_ = combo(reports());
    setCombo(report_, nameOfQ(d.report));
    report_->setToolTip(tr("The table layout of the results"));
    gf->addRow(tr("Layout:"), report_);
    dataset_ = new QLabel;
    dataset_->setWordWrap(true);
    gf->addRow(tr("Dataset:"), dataset_);
    seedFirst_ = ispin(0, 2147483647, int(d.seeds.front()));
    seedCount_ = ispin(1, 1000, int(d.seeds.size()));
    auto* srow = new QHBoxLayout;
    srow->addWidget(new QLabel(tr("first")));
    srow->addWidget(seedFirst_, 1);
    srow->addWidget(new QLabel(tr("count")));
    srow->addWidget(seedCount_, 1);
    gf->addRow(tr("Seeds:"), srow);
    return general;
}

ExperimentPane::ExperimentPane(QWidget* parent) : QWidget(parent) {
    validateTimer_ = new QTimer(this);
    validateTimer_->setSingleShot(true);
    validateTimer_->setInterval(150);
    connect(validateTimer_, &QTimer::timeout, this, &ExperimentPane::validate);

    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    preset_ = new QComboBox;
    preset_->addItem(tr("Custom"), QString());  // chosen: a design of one's own, from defaults
    preset_->setItemData(0, tr("Start a design of your own from defaults that run"),
                         Qt::ToolTipRole);
    for (const auto& p : ExperimentDocument::presets())
        preset_->addItem(QString::fromStdString(p.title.empty() ? p.name : p.title),
                         QString::fromStdString(p.name));
    preset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    preset_->setMinimumContentsLength(12);
    preset_->setObjectName("preset");
    preset_->setToolTip(tr("Load one of the paper's experiments"));
    top->addWidget(new QLabel(tr("Preset")));
    top->addWidget(preset_, 1);
    auto* load = new QToolButton;
    load->setText(tr("Load…"));
    auto* save = new QToolButton;
    save->setText(tr("Save…"));
    top->addWidget(load);
    top->addWidget(save);
    outer->addLayout(top);

    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* body = new QWidget;
    auto* lay = new QVBoxLayout(body);
    lay->setContentsMargins(0, 0, 4, 0);
    lay->addWidget(buildGeneral());
    teacher_ = new RoleEditor(RoleEditor::Role::Teacher);
    student_ = new RoleEditor(RoleEditor::Role::Student);
    lay->addWidget(teacher_);
    lay->addWidget(student_);
    kd_ = new KdEditor;
    lay->addWidget(kd_);
    sweep_ = new SweepEditor;
    lay->addWidget(sweep_);
    intervention_ = new InterventionEditor;
    lay->addWidget(intervention_);

    auto* jbox = new QGroupBox(tr("Experiment file (what `mfh run` reads)"));
    jbox->setCheckable(true);
    jbox->setChecked(false);
    auto* jl = new QVBoxLayout(jbox);
    json_ = new QPlainTextEdit;
    json_->setReadOnly(true);
    json_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    json_->setMinimumHeight(160);
    json_->setVisible(false);
    jl->addWidget(json_);
    connect(jbox, &QGroupBox::toggled, json_, &QWidget::setVisible);
    lay->addWidget(jbox);
    lay->addStretch();
    scroll->setWidget(body);
    outer->addWidget(scroll, 1);

    status_ = new QLabel;
    status_->setObjectName("designerStatus");
    status_->setWordWrap(true);
    outer->addWidget(status_);
    run_ = new QPushButton(QIcon::fromTheme("media-playback-start"), tr("Run experiment"));
    run_->setObjectName("runExperiment");
    run_->setToolTip(tr("Queue this experiment (Ctrl+R)"));
    outer->addWidget(run_);
    target_ = new RunTarget;
    outer->addWidget(target_);
    auto runText = [this] {
        run_->setText(target_->onSlurm() ? tr("Submit to Slurm") : tr("Run experiment"));
    };
    connect(target_->selector(), &QComboBox::currentIndexChanged, this, runText);
    runText();

    // Every edit goes into the document, which re-validates (debounced).
    connect(name_, &QLineEdit::textChanged, this, &ExperimentPane::formChanged);
    connect(report_, &QComboBox::currentTextChanged, this, &ExperimentPane::formChanged);
    for (auto* s : {seedFirst_, seedCount_})
        connect(s, &QSpinBox::valueChanged, this, &ExperimentPane::formChanged);
    connect(kd_, &KdEditor::changed, this, &ExperimentPane::formChanged);
    for (auto* r : {teacher_, student_})
        connect(r, &RoleEditor::changed, this, &ExperimentPane::formChanged);
    connect(sweep_, &SweepEditor::changed, this, &ExperimentPane::formChanged);
    connect(intervention_, &InterventionEditor::changed, this, &ExperimentPane::formChanged);
    connect(preset_, &QComboBox::activated, this, [this](int i) {
        if (i > 0)
            loadPreset(preset_->itemData(i).toString());
        else
            loadDefaults();
    });
    connect(run_, &QPushButton::clicked, this, &ExperimentPane::requestRun);
    connect(load, &QToolButton::clicked, this, &ExperimentPane::loadDialog);
    connect(save, &QToolButton::clicked, this, &ExperimentPane::saveDialog);
    loadPreset("fig2");
}

QSpinBox* ExperimentPane::epochs(bool teacher) const {
    return role(teacher)->epochs();
}

void ExperimentPane::setModalities(const QStringList& names) {
    teacher_->setModalities(names);
    student_->setModalities(names);
}

// Names the dataset in the form, and adds the modalities it is known to have.
void ExperimentPane::showDataset(const json& ds, QStringList& mods) {
    auto settings = [](const json& o, const std::string& sep) {  // "k v, k v" of an object
        QStringList parts;
        for (const auto& [k, v] : o.items())
            parts << QString::fromStdString(k + sep +
                                            (v.is_string() ? v.get<std::string>() : v.dump()));
        return parts.join(", ");
    };
    if (ds.contains("generator")) {
        dataset_->setText(tr("generated (%1)").arg(settings(ds["generator"], " ")));
        const VennSpec v;
        mods << QString::fromStdString(v.modalityA) << QString::fromStdString(v.modalityB);
    } else if (ds.contains("path")) {
        dataset_->setText(QString::fromStdString(ds["path"].get<std::string>()));
    } else if (ds.contains("avmnist")) {
        dataset_->setText(
            tr("AV-MNIST-like, built on first use (%1)").arg(settings(ds["avmnist"], "=")));
        mods << "image"
             << "audio";
    } else {
        dataset_->setText(tr("none: select or generate one in Datasets"));
    }
}

void ExperimentPane::setConfig(const json& j) {
    filling_ = true;
    preset_->setCurrentIndex(0);
    base_ = j.is_object() ? j : json::object();
    const ExperimentSpec d;
    name_->setText(QString::fromStdString(base_.value("name", d.name)));
    setCombo(report_, QString::fromStdString(base_.value("report", std::string(nameOf(d.report)))));
    QStringList mods;
    showDataset(objectAt(base_, "dataset"), mods);
    // What the dataset holds, when it can be known without building it; else the guesses.
    doc_.setJson(base_);
    const DatasetShape shape = doc_.datasetShape();
    if (!shape.modalities.empty()) {
        mods.clear();
        for (const auto& m : shape.modalities) mods << QString::fromStdString(m);
    }
    QStringList splitNames;
    for (const auto& sp : shape.splits) splitNames << QString::fromStdString(sp);
    teacher_->setSplits(splitNames);
    student_->setSplits(splitNames);
    const json& t = objectAt(base_, "teacher");
    const json& s = objectAt(base_, "student");
    for (const auto& m : teacher_->named(t) + student_->named(s))
        if (!mods.contains(m)) mods << m;
    teacher_->setModalities({});  // nothing stays ticked from before
    setModalities(mods);
    teacher_->fill(t);
    student_->fill(s);
    kd_->fill(base_);
    if (base_.contains("seeds") && base_["seeds"].is_object()) {
        seedFirst_->setValue(base_["seeds"].value("first", 0));
        seedCount_->setValue(base_["seeds"].value("count", 1));
    } else if (base_.contains("seeds") && base_["seeds"].is_array() && !base_["seeds"].empty()) {
        seedFirst_->setValue(base_["seeds"][0].get<int>());
        seedCount_->setValue(int(base_["seeds"].size()));
    }
    sweep_->fill(base_);
    intervention_->fill(base_);
    filling_ = false;
    formChanged();
}

json ExperimentPane::formJson() const {
    json j = base_;
    j["name"] = name_->text().toStdString();
    j["report"] = report_->currentText().toStdString();
    j["seeds"] = {{"first", seedFirst_->value()}, {"count", seedCount_->value()}};
    for (auto [key, editor] : {std::pair{"teacher", teacher_}, std::pair{"student", student_}}) {
        json& r = j[key];
        if (!r.is_object()) r = json::object();
        editor->write(r);
    }
    kd_->write(j);
    sweep_->write(j);
    intervention_->write(j);
    return j;
}

void ExperimentPane::loadPreset(const QString& name) {
    try {
        doc_.loadPreset(name.toStdString());
    } catch (const InputError& e) {
        showProblem(QString::fromUtf8(e.what()));
        return;
    }
    setConfig(doc_.json());  // resets the combo to Custom
    preset_->setCurrentIndex(std::max(0, preset_->findData(name)));
}

void ExperimentPane::loadDefaults() {
    doc_.loadDefaults();
    setConfig(doc_.json());
}

void ExperimentPane::useDataset(DatasetPtr d) {
    if (!d) return;
    doc_.useDataset(d->source);
    setConfig(doc_.json());
    QStringList mods;
    for (const auto& m : d->summary.modalities) mods << QString::fromStdString(m.name);
    setModalities(mods);
    preset_->setCurrentIndex(0);
    formChanged();
}

void ExperimentPane::formChanged() {
    if (filling_) return;
    if (sender() && sender() != preset_ && preset_->currentIndex() != 0 &&
        sender() != validateTimer_)
        preset_->setCurrentIndex(0);  // edited: no longer the preset
    loadFailure_.clear();
    doc_.setJson(formJson());
    validateTimer_->start();
    emit changed();
}

void ExperimentPane::showProblem(const QString& problem) {
    status_->setText(QString::fromUtf8("✗ ") + problem);
    status_->setStyleSheet("color: #b22222;");
}

void ExperimentPane::validate() {
    doc_.setJson(formJson());
    json_->setPlainText(QString::fromStdString(doc_.json().dump(2)));
    const auto check = doc_.check();
    problem_ = loadFailure_.isEmpty() ? QString::fromStdString(check.problem) : loadFailure_;
    if (problem_.isEmpty()) {
        status_->setText(QString::fromUtf8("✓ ") + tr("%1 grid point(s) × %2 seed(s) = %3 trials")
                                                       .arg(check.points)
                                                       .arg(check.seeds)
                                                       .arg(check.trials()));
        status_->setStyleSheet("color: #1b6e20;");
    } else {
        showProblem(problem_);
    }
    run_->setEnabled(problem_.isEmpty());
}

QString ExperimentPane::problem() {
    validate();  // now, not when the debounce timer fires
    return problem_;
}

void ExperimentPane::requestRun() {
    if (!problem().isEmpty()) return;
    emit runRequested(config());
}

QString ExperimentPane::loadFile(const QString& path) {
    try {
        doc_.load(path.toStdString());
    } catch (const InputError& e) {
        loadFailure_ = tr("%1. The form still holds %2, not this file: edit it or load another "
                          "file to run it.")
                           .arg(QString::fromUtf8(e.what()), name_->text());
        validate();
        return QString::fromUtf8(e.what());
    }
    setConfig(doc_.json());
    preset_->setCurrentIndex(0);
    addRecent(settings::recentExperiments, path);
    return {};
}

QString ExperimentPane::saveFile(const QString& path) {
    try {
        doc_.save(path.toStdString());
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    addRecent(settings::recentExperiments, path);
    return {};
}

void ExperimentPane::loadDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Load experiment"), settings::lastDirectory.get(),
                                     tr("Experiment files (*.json)"));
    if (path.isEmpty()) return;
    loadFile(path);  // a failure shows in the status line, and the design is not runnable
}

void ExperimentPane::saveDialog() {
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save experiment"), settings::lastDirectory.get() + "/" + name_->text() + ".json",
        tr("Experiment files (*.json)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += ".json";
    const QString err = saveFile(path);
    if (!err.isEmpty()) status_->setText(QString::fromUtf8("✗ ") + err);
}

}  // namespace mfh::ui
