#include "ui/RoleEditor.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>

#include "core/experiments/ExperimentSpec.h"
#include "ui/CoreChoices.h"
#include "ui/FormWidgets.h"

namespace mfh::ui {

using nlohmann::json;

namespace {
// Selects the split; one the list lacks is added (and the check names it) rather than
// silently replaced by the first offered.
void selectSplit(QComboBox* c, const QString& v) {
    if (v.isEmpty()) return;
    if (c->findText(v) < 0) c->addItem(v);
    c->setCurrentIndex(c->findText(v));
}

QHBoxLayout* row(QWidget* a, const QString& label, QWidget* b, int stretchA = 1) {
    auto* r = new QHBoxLayout;
    r->addWidget(a, stretchA);
    r->addWidget(new QLabel(label));
    r->addWidget(b, 1);
    return r;
}
}  // namespace

RoleEditor::RoleEditor(Role role, QWidget* parent)
    : QGroupBox(role == Role::Teacher ? tr("Teacher") : tr("Student"), parent), role_(role) {
    const RoleSpec r;
    const TrainConfig& t = r.train;
    auto* form = narrowForm(this);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    if (role == Role::Teacher) {
        teacherMods_ = new QListWidget;
        teacherMods_->setMaximumHeight(56);
        teacherMods_->setFlow(QListView::LeftToRight);
        teacherMods_->setToolTip(tr("Tick one modality, or several for a multimodal teacher"));
        form->addRow(tr("Modalities:"), teacherMods_);
    } else {
        studentMod_ = new QComboBox;
        form->addRow(tr("Modality:"), studentMod_);
    }
    split_ = combo(splits(), true);
    split_->setObjectName("split");
    setCombo(split_, QString::fromStdString(r.split));
    form->addRow(tr("Trains on split:"), split_);
    model_ = combo(modelTypes());
    setCombo(model_, nameOfQ(r.model.type));
    model_->setToolTip(
        tr("cnn: one image-like modality; fusion: one encoder per modality, "
           "features joined at the tap 'fusion'"));
    hidden_ = new QLineEdit;
    hidden_->setPlaceholderText(tr("hidden widths, e.g. 64, 32"));
    auto* mrow = new QHBoxLayout;
    mrow->addWidget(model_);
    mrow->addWidget(hidden_, 1);
    form->addRow(tr("Model:"), mrow);
    channels_ = new QLineEdit;
    channels_->setPlaceholderText(tr("conv channels (cnn, fusion), e.g. 16, 32, 64"));
    form->addRow(tr("Conv blocks:"), channels_);
    optimizer_ = combo(optimizers());
    setCombo(optimizer_, nameOfQ(t.optimizer));
    lr_ = dspin(1e-6, 10, t.lr, 5, 0.01);
    auto* orow = new QHBoxLayout;
    orow->addWidget(optimizer_);
    orow->addWidget(new QLabel(tr("lr")));
    orow->addWidget(lr_, 1);
    form->addRow(tr("Optimizer:"), orow);
    momentum_ = dspin(0, 0.999, t.momentum, 3, 0.1);
    weightDecay_ = dspin(0, 1, t.weightDecay, 6, 1e-4);
    auto* mom = new QHBoxLayout;
    mom->addWidget(momentum_);
    mom->addWidget(new QLabel(tr("weight decay")));
    mom->addWidget(weightDecay_, 1);
    form->addRow(tr("Momentum:"), mom);
    epochs_ = ispin(0, 10000000, t.epochs);
    batch_ = ispin(0, 10000000, t.batchSize);
    batch_->setSpecialValueText(tr("full batch"));
    form->addRow(tr("Epochs:"), row(epochs_, tr("batch"), batch_));
    evalEvery_ = ispin(0, 1000000, t.evalEvery);
    evalEvery_->setSpecialValueText(tr("at the end"));
    evalEvery_->setToolTip(tr("Evaluate (and draw curves) every k epochs"));
    selection_ = combo(selections());
    setCombo(selection_, nameOfQ(t.selection));
    form->addRow(tr("Evaluate every:"), row(evalEvery_, tr("keep"), selection_));
    schedule_ = combo(schedules());
    setCombo(schedule_, nameOfQ(t.schedule));
    schedule_->setToolTip(tr("Learning-rate schedule"));
    patience_ = ispin(0, 100000, t.patience);
    patience_->setSpecialValueText(tr("off"));
    patience_->setToolTip(tr("Early stopping: evaluations without a better validation accuracy"));
    form->addRow(tr("Schedule:"), row(schedule_, tr("patience"), patience_));
    onEveryEdit(this, this, [this] { emit changed(); });
}

void RoleEditor::setModalities(const QStringList& names) {
    if (teacherMods_) {
        QStringList ticked;
        for (int i = 0; i < teacherMods_->count(); ++i)
            if (teacherMods_->item(i)->checkState() == Qt::Checked)
                ticked << teacherMods_->item(i)->text();
        teacherMods_->clear();
        for (const auto& n : names) {
            auto* it = new QListWidgetItem(n, teacherMods_);
            it->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            it->setCheckState(ticked.contains(n) ? Qt::Checked : Qt::Unchecked);
        }
    } else {
        const QString was = studentMod_->currentText();
        studentMod_->clear();
        studentMod_->addItems(names);
        if (names.contains(was)) studentMod_->setCurrentText(was);
    }
}

void RoleEditor::setSplits(const QStringList& names) {
    const QString was = split_->currentText();
    const QSignalBlocker quiet(split_);
    split_->clear();
    split_->setEditable(names.isEmpty());
    split_->addItems(names.isEmpty() ? splits() : names);
    if (split_->findText(was) >= 0) split_->setCurrentIndex(split_->findText(was));
}

QStringList RoleEditor::named(const json& role) const {
    QStringList out;
    if (role_ == Role::Teacher) {
        if (role.contains("modalities"))
            for (const auto& m : role["modalities"])
                if (m.is_string()) out << QString::fromStdString(m.get<std::string>());
    } else if (role.contains("modality") && role["modality"].is_string()) {
        out << QString::fromStdString(role["modality"].get<std::string>());
    }
    return out;
}

void RoleEditor::fill(const json& role) {
    const RoleSpec d;
    const TrainConfig& dt = d.train;
    if (teacherMods_) {
        for (int i = 0; i < teacherMods_->count(); ++i) {
            bool on = false;
            if (role.contains("modalities"))
                for (const auto& m : role["modalities"])
                    on = on || m == teacherMods_->item(i)->text().toStdString();
            teacherMods_->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
        }
    } else if (role.contains("modality")) {
        studentMod_->setCurrentText(QString::fromStdString(role["modality"]));
    }
    selectSplit(split_, QString::fromStdString(role.value("split", d.split)));
    const json& m = objectAt(role, "model");
    setCombo(model_, QString::fromStdString(m.value("type", nameOf(d.model.type))));
    QStringList h;
    if (m.contains("hidden"))
        for (const auto& v : m["hidden"]) h << QString::number(v.get<int64_t>());
    hidden_->setText(h.join(", "));
    QStringList c;
    if (m.contains("channels") && m["channels"].is_array())
        for (const auto& v : m["channels"]) c << QString::fromStdString(v.dump());
    channels_->setText(c.join(", "));
    const json& t = objectAt(role, "train");
    setCombo(schedule_, QString::fromStdString(t.value("schedule", nameOf(dt.schedule))));
    patience_->setValue(t.value("patience", dt.patience));
    setCombo(optimizer_, QString::fromStdString(t.value("optimizer", nameOf(dt.optimizer))));
    lr_->setValue(t.value("lr", dt.lr));
    momentum_->setValue(t.value("momentum", dt.momentum));
    weightDecay_->setValue(t.value("weight_decay", dt.weightDecay));
    epochs_->setValue(t.value("epochs", dt.epochs));
    batch_->setValue(t.value("batch_size", dt.batchSize));
    evalEvery_->setValue(t.value("eval_every", dt.evalEvery));
    setCombo(selection_, QString::fromStdString(t.value("selection", nameOf(dt.selection))));
}

void RoleEditor::write(json& role) const {
    const TrainConfig dt;
    if (teacherMods_) {
        json mods = json::array();
        for (int i = 0; i < teacherMods_->count(); ++i)
            if (teacherMods_->item(i)->checkState() == Qt::Checked)
                mods.push_back(teacherMods_->item(i)->text().toStdString());
        role["modalities"] = mods;
    } else {
        role["modality"] = studentMod_->currentText().toStdString();
    }
    role["split"] = split_->currentText().toStdString();
    json& m = role["model"];
    if (!m.is_object()) m = json::object();
    const QString type = model_->currentText();
    m["type"] = type.toStdString();
    auto widths = [](const QLineEdit* e) {
        json h = json::array();
        for (const auto& t : e->text().split(',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const int v = t.trimmed().toInt(&ok);
            h.push_back(ok ? json(v) : json(t.trimmed().toStdString()));  // the parser names it
        }
        return h;
    };
    const QString linear = nameOfQ(ModelType::Linear), mlp = nameOfQ(ModelType::Mlp);
    if (type != linear && (type == mlp || !hidden_->text().trimmed().isEmpty()))
        m["hidden"] = widths(hidden_);
    else
        m.erase("hidden");
    if (type == nameOfQ(ModelType::Cnn) || type == nameOfQ(ModelType::Fusion))
        m["channels"] = widths(channels_);
    else
        m.erase("channels");
    json& t = role["train"];
    if (!t.is_object()) t = json::object();
    t["optimizer"] = optimizer_->currentText().toStdString();
    t["lr"] = lr_->value();
    if (momentum_->value() > 0 || t.contains("momentum")) t["momentum"] = momentum_->value();
    if (weightDecay_->value() > 0 || t.contains("weight_decay"))
        t["weight_decay"] = weightDecay_->value();
    t["epochs"] = epochs_->value();
    if (batch_->value() > 0 || t.contains("batch_size")) t["batch_size"] = batch_->value();
    if (evalEvery_->value() > 0 || t.contains("eval_every")) t["eval_every"] = evalEvery_->value();
    if (selection_->currentText() != nameOfQ(dt.selection) || t.contains("selection"))
        t["selection"] = selection_->currentText().toStdString();
    if (schedule_->currentText() != nameOfQ(dt.schedule) || t.contains("schedule"))
        t["schedule"] = schedule_->currentText().toStdString();
    if (patience_->value() > 0 || t.contains("patience")) t["patience"] = patience_->value();
}

}  // namespace mfh::ui
