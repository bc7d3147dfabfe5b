#include "ui/InterventionEditor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include "core/experiments/ExperimentSpec.h"
#include "ui/CoreChoices.h"
#include "ui/FormWidgets.h"

namespace mfh::ui {

using nlohmann::json;

namespace {
QHBoxLayout* row(QWidget* a, const QString& label, QWidget* b) {
    auto* r = new QHBoxLayout;
    r->addWidget(a, 1);
    r->addWidget(new QLabel(label));
    r->addWidget(b, 1);
    return r;
}
const char* kNone = "none";  // the type without an intervention
}  // namespace

InterventionEditor::InterventionEditor(QWidget* parent) : QGroupBox(tr("Intervention"), parent) {
    const InterventionSpec d;
    auto* form = narrowForm(this);
    type_ = combo(interventionTypes());
    setCombo(type_, nameOfQ(d.type));
    mode_ = combo({});
    form->addRow(tr("Type:"), row(type_, tr("mode"), mode_));
    keep_ = ispin(0, 100000, d.keep);
    keep_->setSpecialValueText(tr("true shared count"));
    ratio_ = dspin(0, 1, d.ratio, 2, 0.05);
    form->addRow(tr("Keep channels:"), row(keep_, tr("removal ratio"), ratio_));
    source_ = combo(sources());
    setCombo(source_, nameOfQ(d.source));
    permutations_ = ispin(1, 100000, d.alg1.permutations);
    form->addRow(tr("Algorithm 1:"), row(source_, tr("permutations M"), permutations_));
    // The modes follow the type before anyone reads the form.
    connect(type_, &QComboBox::currentTextChanged, this, &InterventionEditor::updateModes);
    onEveryEdit(this, this, [this] { emit changed(); });
    updateModes();
}

void InterventionEditor::updateModes() {
    const QString type = type_->currentText();
    const QString was = mode_->currentText();
    {
        QSignalBlocker b(mode_);
        mode_->clear();
        mode_->addItems(interventionModes(type));
        if (mode_->findText(was) >= 0) mode_->setCurrentText(was);
    }
    const bool on = type != kNone;
    mode_->setEnabled(on);
    keep_->setEnabled(type == "mg-teacher");
    ratio_->setEnabled(type == "removal");
    source_->setEnabled(on);
    permutations_->setEnabled(on);
}

void InterventionEditor::fill(const json& experiment) {
    const InterventionSpec d;
    const json& iv = objectAt(experiment, "intervention");
    const std::string type = iv.value("type", std::string(nameOf(d.type)));
    setCombo(type_, QString::fromStdString(type));
    updateModes();
    const auto t = findEnum<InterventionType>(type);
    const std::string mode = nameOf(t ? Intervention::defaultMode(*t) : d.mode);
    setCombo(mode_, QString::fromStdString(iv.value("mode", mode)));
    keep_->setValue(iv.value("keep", d.keep));
    ratio_->setValue(iv.value("ratio", d.ratio));
    setCombo(source_, QString::fromStdString(iv.value("source", std::string(nameOf(d.source)))));
    permutations_->setValue(objectAt(iv, "algorithm1").value("permutations", d.alg1.permutations));
}

void InterventionEditor::write(json& experiment) const {
    const QString type = type_->currentText();
    if (type == kNone) {
        experiment.erase("intervention");
        return;
    }
    json& iv = experiment["intervention"];
    if (!iv.is_object()) iv = json::object();
    iv["type"] = type.toStdString();
    iv["mode"] = mode_->currentText().toStdString();
    if (type == "mg-teacher") {
        if (keep_->value() > 0)
            iv["keep"] = keep_->value();
        else
            iv.erase("keep");
        iv.erase("ratio");
    } else {
        iv["ratio"] = ratio_->value();
        iv.erase("keep");
    }
    iv["source"] = source_->currentText().toStdString();
    json& a = iv["algorithm1"];
    if (!a.is_object()) a = json::object();
    a["permutations"] = permutations_->value();
}

}  // namespace mfh::ui
