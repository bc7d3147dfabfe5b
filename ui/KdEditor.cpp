#include "ui/KdEditor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>

#include "core/training/TrainConfig.h"
#include "ui/CoreChoices.h"
#include "ui/FormWidgets.h"

namespace mfh::ui {

using nlohmann::json;

namespace {
std::string defaultReduction() {
    return KdConfig{}.toJson().value("reduction", "");
}
}  // namespace

KdEditor::KdEditor(QWidget* parent) : QGroupBox(tr("Knowledge distillation"), parent) {
    const KdConfig d;
    auto* kf = narrowForm(this);
    wGt_ = dspin(0, 1000, d.wGt, 3, 0.1);
    wKd_ = dspin(0, 1000, d.wKd, 3, 0.1);
    auto* wrow = new QHBoxLayout;
    wrow->addWidget(new QLabel(tr("labels")));
    wrow->addWidget(wGt_, 1);
    wrow->addWidget(new QLabel(tr("teacher")));
    wrow->addWidget(wKd_, 1);
    kf->addRow(tr("Weights:"), wrow);
    temperature_ = dspin(0.01, 1000, d.temperature, 2, 0.5);
    reduction_ = combo(reductions());
    setCombo(reduction_, QString::fromStdString(defaultReduction()));
    auto* trow = new QHBoxLayout;
    trow->addWidget(temperature_, 1);
    trow->addWidget(new QLabel(tr("KL reduction")));
    trow->addWidget(reduction_, 1);
    kf->addRow(tr("Temperature:"), trow);
    onEveryEdit(this, this, [this] { emit changed(); });
}

void KdEditor::fill(const json& experiment) {
    const KdConfig d;
    const json& kd = objectAt(experiment, "kd");
    wGt_->setValue(kd.value("w_gt", d.wGt));
    wKd_->setValue(kd.value("w_kd", d.wKd));
    temperature_->setValue(kd.value("temperature", d.temperature));
    setCombo(reduction_, QString::fromStdString(kd.value("reduction", defaultReduction())));
}

void KdEditor::write(json& experiment) const {
    experiment["kd"] = {{"w_gt", wGt_->value()},
                        {"w_kd", wKd_->value()},
                        {"temperature", temperature_->value()},
                        {"reduction", reduction_->currentText().toStdString()}};
}

}  // namespace mfh::ui
