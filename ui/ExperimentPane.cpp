#include "ui/ExperimentPane.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimer>
#include <QToolButton>

#include "core/base/Error.h"
#include "core/experiments/ExperimentSpec.h"
#include "ui/PlotExport.h"
#include "ui/Settings.h"

namespace mfh::ui {

using nlohmann::json;

namespace {
QDoubleSpinBox* dspin(double min, double max, double value, int decimals, double step) {
    auto* s = new QDoubleSpinBox;
    s->setRange(min, max);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setValue(value);
    return s;
}
QSpinBox* ispin(int min, int max, int value) {
    auto* s = new QSpinBox;
    s->setRange(min, max);
    s->setValue(value);
    s->setAccelerated(true);
    return s;
}
QComboBox* combo(const QStringList& items, bool editable = false) {
    auto* c = new QComboBox;
    c->addItems(items);
    c->setEditable(editable);
    return c;
}
void setCombo(QComboBox* c, const QString& v) {
    int i = c->findText(v);
    if (i < 0 && c->isEditable()) {
        c->addItem(v);
        i = c->count() - 1;
    }
    if (i >= 0) c->setCurrentIndex(i);
}
// "0, 2, 4" -> [0, 2, 4]; "random, gt" -> ["random", "gt"]; a JSON array as it is (values that
// are objects or lists, e.g. whole teachers, are shown that way).
json parseValues(const QString& text) {
    if (text.trimmed().startsWith('[')) {
        try {
            const json j = json::parse(text.toStdString());
            if (j.is_array()) return j;
        } catch (const json::exception&) {  // not JSON: read it as a comma list
        }
    }
    json out = json::array();
    for (QString t : text.split(',', Qt::SkipEmptyParts)) {
        t = t.trimmed();
        if (t.isEmpty()) continue;
        try {
            out.push_back(json::parse(t.toStdString()));
        } catch (const json::exception&) {
            out.push_back(t.toStdString());
        }
    }
    return out;
}
QString valuesText(const json& values) {
    for (const auto& v : values)
        if (v.is_structured()) return QString::fromStdString(values.dump());
    QStringList parts;
    for (const auto& v : values)
        parts << (v.is_string() ? QString::fromStdString(v.get<std::string>())
                                : QString::fromStdString(v.dump()));
    return parts.join(", ");
}
const json& at(const json& j, const char* k) {
    static const json empty = json::object();
    return j.is_object() && j.contains(k) && j[k].is_object() ? j[k] : empty;
}
}  // namespace

QWidget* ExperimentPane::buildRole(RoleForm& f, const QString& title, QWidget* modalities) {
    auto* box = new QGroupBox(title);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(title == tr("Teacher") ? tr("Modalities:") : tr("Modality:"), modalities);
    f.split = combo({"train", "transfer", "val"}, true);
    form->addRow(tr("Trains on split:"), f.split);
    f.model = combo({"linear", "mlp", "cnn", "fusion"});
    f.model->setToolTip(
        tr("cnn: one image-like modality; fusion: one encoder per modality, "
           "features joined at the tap 'fusion'"));
    f.hidden = new QLineEdit;
    f.hidden->setPlaceholderText(tr("hidden widths, e.g. 64, 32"));
    auto* mrow = new QHBoxLayout;
    mrow->addWidget(f.model);
    mrow->addWidget(f.hidden, 1);
    form->addRow(tr("Model:"), mrow);
    f.channels = new QLineEdit;
    f.channels->setPlaceholderText(tr("conv channels (cnn, fusion), e.g. 16, 32, 64"));
    form->addRow(tr("Conv blocks:"), f.channels);
    f.optimizer = combo({"sgd", "adam"});
    f.lr = dspin(1e-6, 10, 0.1, 5, 0.01);
    auto* orow = new QHBoxLayout;
    orow->addWidget(f.optimizer);
    orow->addWidget(new QLabel(tr("lr")));
    orow->addWidget(f.lr, 1);
    form->addRow(tr("Optimizer:"), orow);
    f.momentum = dspin(0, 0.999, 0, 3, 0.1);
    f.weightDecay = dspin(0, 1, 0, 6, 1e-4);
    auto* mom = new QHBoxLayout;
    mom->addWidget(f.momentum);
    mom->addWidget(new QLabel(tr("weight decay")));
    mom->addWidget(f.weightDecay, 1);
    form->addRow(tr("Momentum:"), mom);
    f.epochs = ispin(0, 10000000, 1000);
    f.batch = ispin(0, 10000000, 0);
    f.batch->setSpecialValueText(tr("full batch"));
    auto* erow = new QHBoxLayout;
    erow->addWidget(f.epochs, 1);
    erow->addWidget(new QLabel(tr("batch")));
    erow->addWidget(f.batch, 1);
    form->addRow(tr("Epochs:"), erow);
    f.evalEvery = ispin(0, 1000000, 0);
    f.evalEvery->setSpecialValueText(tr("at the end"));
    f.evalEvery->setToolTip(tr("Evaluate (and draw curves) every k epochs"));
    f.selection = combo({"last", "best-val"});
    auto* vrow = new QHBoxLayout;
    vrow->addWidget(f.evalEvery, 1);
    vrow->addWidget(new QLabel(tr("keep")));
    vrow->addWidget(f.selection, 1);
    form->addRow(tr("Evaluate every:"), vrow);
    f.schedule = combo({"none", "step", "cosine"});
    f.schedule->setToolTip(tr("Learning-rate schedule"));
    f.patience = ispin(0, 100000, 0);
    f.patience->setSpecialValueText(tr("off"));
    f.patience->setToolTip(tr("Early stopping: evaluations without a better validation accuracy"));
    auto* srow = new QHBoxLayout;
    srow->addWidget(f.schedule, 1);
    srow->addWidget(new QLabel(tr("patience")));
    srow->addWidget(f.patience, 1);
    form->addRow(tr("Schedule:"), srow);
    return box;
}

ExperimentPane::ExperimentPane(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    auto* top = new QHBoxLayout;
    preset_ = combo({tr("Custom"), tr("Paper Fig. 2"), tr("Paper Fig. 3"), tr("Paper Table 2"),
                     tr("AV-MNIST Table 1"), tr("AV-MNIST removal")});
    preset_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    preset_->setMinimumContentsLength(12);
    preset_->setObjectName("preset");
    preset_->setToolTip(tr("Load one of the paper's synthetic experiments"));
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

    auto* general = new QGroupBox(tr("Experiment"));
    auto* gf = new QFormLayout(general);
    name_ = new QLineEdit("experiment");
    gf->addRow(tr("Name:"), name_);
    report_ = combo({"grid", "fig2", "fig3", "table2", "table1", "removal"});
    report_->setToolTip(tr("The table layout of the results"));
    gf->addRow(tr("Layout:"), report_);
    dataset_ = new QLabel;
    dataset_->setWordWrap(true);
    gf->addRow(tr("Dataset:"), dataset_);
    seedFirst_ = ispin(0, 2147483647, 0);
    seedCount_ = ispin(1, 1000, 10);
    auto* srow = new QHBoxLayout;
    srow->addWidget(new QLabel(tr("first")));
    srow->addWidget(seedFirst_, 1);
    srow->addWidget(new QLabel(tr("count")));
    srow->addWidget(seedCount_, 1);
    gf->addRow(tr("Seeds:"), srow);
    lay->addWidget(general);

    teacherMods_ = new QListWidget;
    teacherMods_->setMaximumHeight(56);
    teacherMods_->setFlow(QListView::LeftToRight);
    teacherMods_->setToolTip(tr("Tick one modality, or several for a multimodal teacher"));
    studentMod_ = new QComboBox;
    lay->addWidget(buildRole(teacher_, tr("Teacher"), teacherMods_));
    lay->addWidget(buildRole(student_, tr("Student"), studentMod_));
    tEpochs_ = teacher_.epochs;
    sEpochs_ = student_.epochs;

    auto* kd = new QGroupBox(tr("Knowledge distillation"));
    auto* kf = new QFormLayout(kd);
    wGt_ = dspin(0, 1000, 1, 3, 0.1);
    wKd_ = dspin(0, 1000, 1, 3, 0.1);
    auto* wrow = new QHBoxLayout;
    wrow->addWidget(new QLabel(tr("labels")));
    wrow->addWidget(wGt_, 1);
    wrow->addWidget(new QLabel(tr("teacher")));
    wrow->addWidget(wKd_, 1);
    kf->addRow(tr("Weights:"), wrow);
    temperature_ = dspin(0.01, 1000, 1, 2, 0.5);
    reduction_ = combo({"mean", "batchmean"});
    auto* trow = new QHBoxLayout;
    trow->addWidget(temperature_, 1);
    trow->addWidget(new QLabel(tr("KL reduction")));
    trow->addWidget(reduction_, 1);
    kf->addRow(tr("Temperature:"), trow);
    lay->addWidget(kd);

    auto* sw = new QGroupBox(tr("Sweep (grid of all axes)"));
    auto* sl = new QVBoxLayout(sw);
    sweep_ = new QTableWidget(0, 2);
    sweep_->setHorizontalHeaderLabels({tr("Setting"), tr("Values (comma-separated)")});
    sweep_->horizontalHeader()->setStretchLastSection(true);
    sweep_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    sweep_->verticalHeader()->setVisible(false);
    sweep_->setMaximumHeight(110);
    sl->addWidget(sweep_);
    auto* srow2 = new QHBoxLayout;
    auto* addAxis = new QToolButton;
    addAxis->setText(tr("Add axis"));
    auto* removeAxis = new QToolButton;
    removeAxis->setText(tr("Remove axis"));
    srow2->addWidget(addAxis);
    srow2->addWidget(removeAxis);
    srow2->addStretch();
    sl->addLayout(srow2);
    lay->addWidget(sw);

    auto* iv = new QGroupBox(tr("Intervention"));
    auto* ivf = new QFormLayout(iv);
    ivType_ = combo({"none", "mg-teacher", "removal"});
    ivMode_ = combo({});
    auto* irow = new QHBoxLayout;
    irow->addWidget(ivType_, 1);
    irow->addWidget(new QLabel(tr("mode")));
    irow->addWidget(ivMode_, 1);
    ivf->addRow(tr("Type:"), irow);
    ivKeep_ = ispin(0, 100000, 0);
    ivKeep_->setSpecialValueText(tr("true shared count"));
    ivRatio_ = dspin(0, 1, 0.75, 2, 0.05);
    auto* krow = new QHBoxLayout;
    krow->addWidget(ivKeep_, 1);
    krow->addWidget(new QLabel(tr("removal ratio")));
    krow->addWidget(ivRatio_, 1);
    ivf->addRow(tr("Keep channels:"), krow);
    ivSource_ = combo({"joint", "pretrained"});
    ivPermutations_ = ispin(1, 100000, 100);
    auto* arow = new QHBoxLayout;
    arow->addWidget(ivSource_, 1);
    arow->addWidget(new QLabel(tr("permutations M")));
    arow->addWidget(ivPermutations_, 1);
    ivf->addRow(tr("Algorithm 1:"), arow);
    lay->addWidget(iv);

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

    validateTimer_ = new QTimer(this);
    validateTimer_->setSingleShot(true);
    validateTimer_->setInterval(150);
    connect(validateTimer_, &QTimer::timeout, this, &ExperimentPane::validate);

    // Every edit re-validates (debounced).
    for (auto* w : findChildren<QSpinBox*>())
        connect(w, &QSpinBox::valueChanged, this, &ExperimentPane::formChanged);
    for (auto* w : findChildren<QDoubleSpinBox*>())
        connect(w, &QDoubleSpinBox::valueChanged, this, &ExperimentPane::formChanged);
    for (auto* w : findChildren<QLineEdit*>())
        connect(w, &QLineEdit::textChanged, this, &ExperimentPane::formChanged);
    for (auto* w : findChildren<QComboBox*>())
        if (w != preset_)
            connect(w, &QComboBox::currentTextChanged, this, &ExperimentPane::formChanged);
    connect(teacherMods_, &QListWidget::itemChanged, this, &ExperimentPane::formChanged);
    connect(sweep_, &QTableWidget::itemChanged, this, &ExperimentPane::formChanged);
    connect(ivType_, &QComboBox::currentTextChanged, this,
            &ExperimentPane::updateInterventionModes);
    connect(addAxis, &QToolButton::clicked, this, [this] {
        const int r = sweep_->rowCount();
        sweep_->insertRow(r);
        sweep_->setItem(r, 0, new QTableWidgetItem("kd.w_kd"));
        sweep_->setItem(r, 1, new QTableWidgetItem("0, 0.5, 1, 2"));
        formChanged();
    });
    connect(removeAxis, &QToolButton::clicked, this, [this] {
        const int r = sweep_->currentRow() >= 0 ? sweep_->currentRow() : sweep_->rowCount() - 1;
        if (r >= 0) sweep_->removeRow(r);
        formChanged();
    });
    connect(preset_, &QComboBox::activated, this, [this](int i) {
        static const char* names[] = {"",       "fig2",           "fig3",
                                      "table2", "table1-avmnist", "removal-avmnist"};
        if (i > 0) loadPreset(names[i]);
    });
    connect(run_, &QPushButton::clicked, this, &ExperimentPane::requestRun);
    connect(load, &QToolButton::clicked, this, &ExperimentPane::loadDialog);
    connect(save, &QToolButton::clicked, this, &ExperimentPane::saveDialog);
    loadPreset("fig2");
}

void ExperimentPane::setModalities(const QStringList& names) {
    QStringList ticked;
    for (int i = 0; i < teacherMods_->count(); ++i)
        if (teacherMods_->item(i)->checkState() == Qt::Checked)
            ticked << teacherMods_->item(i)->text();
    const QString student = studentMod_->currentText();
    teacherMods_->clear();
    studentMod_->clear();
    for (const auto& n : names) {
        auto* it = new QListWidgetItem(n, teacherMods_);
        it->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        it->setCheckState(ticked.contains(n) ? Qt::Checked : Qt::Unchecked);
        studentMod_->addItem(n);
    }
    if (names.contains(student)) studentMod_->setCurrentText(student);
}

void ExperimentPane::fillRole(RoleForm& f, const json& role) {
    setCombo(f.split, QString::fromStdString(role.value("split", "train")));
    const json& m = at(role, "model");
    setCombo(f.model, QString::fromStdString(m.value("type", "linear")));
    QStringList h;
    if (m.contains("hidden"))
        for (const auto& v : m["hidden"]) h << QString::number(v.get<int64_t>());
    f.hidden->setText(h.join(", "));
    QStringList c;
    if (m.contains("channels") && m["channels"].is_array())
        for (const auto& v : m["channels"]) c << QString::fromStdString(v.dump());
    f.channels->setText(c.join(", "));
    const json& t = at(role, "train");
    setCombo(f.schedule, QString::fromStdString(t.value("schedule", "none")));
    f.patience->setValue(t.value("patience", 0));
    setCombo(f.optimizer, QString::fromStdString(t.value("optimizer", "sgd")));
    f.lr->setValue(t.value("lr", 0.1));
    f.momentum->setValue(t.value("momentum", 0.0));
    f.weightDecay->setValue(t.value("weight_decay", 0.0));
    f.epochs->setValue(t.value("epochs", 1000));
    f.batch->setValue(t.value("batch_size", 0));
    f.evalEvery->setValue(t.value("eval_every", 0));
    setCombo(f.selection, QString::fromStdString(t.value("selection", "last")));
}

void ExperimentPane::readRole(const RoleForm& f, json& role) const {
    role["split"] = f.split->currentText().toStdString();
    json& m = role["model"];
    if (!m.is_object()) m = json::object();
    const QString type = f.model->currentText();
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
    if (type != "linear" && (type == "mlp" || !f.hidden->text().trimmed().isEmpty()))
        m["hidden"] = widths(f.hidden);
    else
        m.erase("hidden");
    if (type == "cnn" || type == "fusion")
        m["channels"] = widths(f.channels);
    else
        m.erase("channels");
    json& t = role["train"];
    if (!t.is_object()) t = json::object();
    t["optimizer"] = f.optimizer->currentText().toStdString();
    t["lr"] = f.lr->value();
    if (f.momentum->value() > 0 || t.contains("momentum")) t["momentum"] = f.momentum->value();
    if (f.weightDecay->value() > 0 || t.contains("weight_decay"))
        t["weight_decay"] = f.weightDecay->value();
    t["epochs"] = f.epochs->value();
    if (f.batch->value() > 0 || t.contains("batch_size")) t["batch_size"] = f.batch->value();
    if (f.evalEvery->value() > 0 || t.contains("eval_every"))
        t["eval_every"] = f.evalEvery->value();
    if (f.selection->currentText() != "last" || t.contains("selection"))
        t["selection"] = f.selection->currentText().toStdString();
    if (f.schedule->currentText() != "none" || t.contains("schedule"))
        t["schedule"] = f.schedule->currentText().toStdString();
    if (f.patience->value() > 0 || t.contains("patience")) t["patience"] = f.patience->value();
}

void ExperimentPane::setConfig(const json& j) {
    filling_ = true;
    preset_->setCurrentIndex(0);
    base_ = j.is_object() ? j : json::object();
    name_->setText(QString::fromStdString(base_.value("name", "experiment")));
    setCombo(report_, QString::fromStdString(base_.value("report", "grid")));
    const json& ds = at(base_, "dataset");
    QStringList mods;
    auto settings = [](const json& o, const std::string& sep) {  // "k v, k v" of an object
        QStringList parts;
        for (const auto& [k, v] : o.items())
            parts << QString::fromStdString(k + sep +
                                            (v.is_string() ? v.get<std::string>() : v.dump()));
        return parts.join(", ");
    };
    if (ds.contains("generator")) {
        dataset_->setText(tr("generated (%1)").arg(settings(ds["generator"], " ")));
        mods << "a"
             << "b";
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
    const json& t = at(base_, "teacher");
    const json& s = at(base_, "student");
    if (t.contains("modalities"))
        for (const auto& m : t["modalities"])
            if (m.is_string() && !mods.contains(QString::fromStdString(m)))
                mods << QString::fromStdString(m);
    if (s.contains("modality") && s["modality"].is_string() &&
        !mods.contains(QString::fromStdString(s["modality"])))
        mods << QString::fromStdString(s["modality"]);
    teacherMods_->clear();
    setModalities(mods);
    for (int i = 0; i < teacherMods_->count(); ++i) {
        bool on = false;
        if (t.contains("modalities"))
            for (const auto& m : t["modalities"])
                on = on || m == teacherMods_->item(i)->text().toStdString();
        teacherMods_->item(i)->setCheckState(on ? Qt::Checked : Qt::Unchecked);
    }
    if (s.contains("modality")) studentMod_->setCurrentText(QString::fromStdString(s["modality"]));
    fillRole(teacher_, t);
    fillRole(student_, s);
    const json& kd = at(base_, "kd");
    wGt_->setValue(kd.value("w_gt", 1.0));
    wKd_->setValue(kd.value("w_kd", 1.0));
    temperature_->setValue(kd.value("temperature", 1.0));
    setCombo(reduction_, QString::fromStdString(kd.value("reduction", "mean")));
    if (base_.contains("seeds") && base_["seeds"].is_object()) {
        seedFirst_->setValue(base_["seeds"].value("first", 0));
        seedCount_->setValue(base_["seeds"].value("count", 1));
    } else if (base_.contains("seeds") && base_["seeds"].is_array() && !base_["seeds"].empty()) {
        seedFirst_->setValue(base_["seeds"][0].get<int>());
        seedCount_->setValue(int(base_["seeds"].size()));
    }
    sweep_->setRowCount(0);
    if (base_.contains("sweep"))
        for (const auto& a : base_["sweep"]) {
            const int r = sweep_->rowCount();
            sweep_->insertRow(r);
            sweep_->setItem(r, 0,
                            new QTableWidgetItem(QString::fromStdString(a.value("param", ""))));
            sweep_->setItem(r, 1,
                            new QTableWidgetItem(valuesText(a.value("values", json::array()))));
        }
    const json& iv = at(base_, "intervention");
    setCombo(ivType_, QString::fromStdString(iv.value("type", "none")));
    updateInterventionModes();
    setCombo(ivMode_, QString::fromStdString(iv.value("mode", "")));
    ivKeep_->setValue(iv.value("keep", 0));
    ivRatio_->setValue(iv.value("ratio", 0.75));
    setCombo(ivSource_, QString::fromStdString(iv.value("source", "joint")));
    ivPermutations_->setValue(at(iv, "algorithm1").value("permutations", 100));
    filling_ = false;
    formChanged();
}

json ExperimentPane::config() const {
    json j = base_;
    j["name"] = name_->text().toStdString();
    j["report"] = report_->currentText().toStdString();
    j["seeds"] = {{"first", seedFirst_->value()}, {"count", seedCount_->value()}};
    json& t = j["teacher"];
    if (!t.is_object()) t = json::object();
    json mods = json::array();
    for (int i = 0; i < teacherMods_->count(); ++i)
        if (teacherMods_->item(i)->checkState() == Qt::Checked)
            mods.push_back(teacherMods_->item(i)->text().toStdString());
    t["modalities"] = mods;
    readRole(teacher_, t);
    json& s = j["student"];
    if (!s.is_object()) s = json::object();
    s["modality"] = studentMod_->currentText().toStdString();
    readRole(student_, s);
    j["kd"] = {{"w_gt", wGt_->value()},
               {"w_kd", wKd_->value()},
               {"temperature", temperature_->value()},
               {"reduction", reduction_->currentText().toStdString()}};
    json sweep = json::array();
    for (int r = 0; r < sweep_->rowCount(); ++r) {
        const QString p = sweep_->item(r, 0) ? sweep_->item(r, 0)->text().trimmed() : QString();
        if (p.isEmpty()) continue;
        sweep.push_back(
            {{"param", p.toStdString()},
             {"values", parseValues(sweep_->item(r, 1) ? sweep_->item(r, 1)->text() : "")}});
    }
    if (sweep.empty())
        j.erase("sweep");
    else
        j["sweep"] = sweep;
    if (ivType_->currentText() == "none") {
        j.erase("intervention");
    } else {
        json& iv = j["intervention"];
        if (!iv.is_object()) iv = json::object();
        iv["type"] = ivType_->currentText().toStdString();
        iv["mode"] = ivMode_->currentText().toStdString();
        if (ivType_->currentText() == "mg-teacher") {
            if (ivKeep_->value() > 0)
                iv["keep"] = ivKeep_->value();
            else
                iv.erase("keep");
            iv.erase("ratio");
        } else {
            iv["ratio"] = ivRatio_->value();
            iv.erase("keep");
        }
        iv["source"] = ivSource_->currentText().toStdString();
        json& a = iv["algorithm1"];
        if (!a.is_object()) a = json::object();
        a["permutations"] = ivPermutations_->value();
    }
    return j;
}

void ExperimentPane::updateInterventionModes() {
    const QString type = ivType_->currentText();
    const QString was = ivMode_->currentText();
    QSignalBlocker b(ivMode_);
    ivMode_->clear();
    if (type == "mg-teacher") ivMode_->addItems({"random", "gt", "alg1"});
    if (type == "removal")
        ivMode_->addItems({"random", "modality-general", "modality-specific", "none"});
    if (ivMode_->findText(was) >= 0) ivMode_->setCurrentText(was);
    const bool on = type != "none";
    ivMode_->setEnabled(on);
    ivKeep_->setEnabled(type == "mg-teacher");
    ivRatio_->setEnabled(type == "removal");
    ivSource_->setEnabled(on);
    ivPermutations_->setEnabled(on);
}

void ExperimentPane::loadPreset(const QString& name) {
    setConfig(paperExperiment(name.toStdString()));  // resets the combo to Custom
    static const QStringList order{"",       "fig2",           "fig3",
                                   "table2", "table1-avmnist", "removal-avmnist"};
    preset_->setCurrentIndex(std::max(0, static_cast<int>(order.indexOf(name))));
}

void ExperimentPane::useDataset(DatasetPtr d) {
    if (!d) return;
    json j = config();
    j["dataset"] = d->source;
    // Sweeps over the previous generator's settings no longer apply to this dataset.
    if (j.contains("sweep")) {
        json kept = json::array();
        for (const auto& a : j["sweep"])
            if (a.value("param", "").rfind("dataset.", 0) != 0) kept.push_back(a);
        if (kept.empty())
            j.erase("sweep");
        else
            j["sweep"] = kept;
    }
    if (j.value("report", "grid") != "grid" && !j.contains("sweep")) j["report"] = "grid";
    setConfig(j);
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
    validateTimer_->start();
    emit changed();
}

void ExperimentPane::validate() {
    const json j = config();
    json_->setPlainText(QString::fromStdString(j.dump(2)));
    problem_.clear();
    try {
        const auto spec = ExperimentSpec::fromJson(j);
        for (const auto& p : spec.gridPoints()) spec.at(p);
        const auto points = spec.gridSize();
        const QString summary = tr("%1 grid point(s) × %2 seed(s) = %3 trials")
                                    .arg(points)
                                    .arg(spec.seeds.size())
                                    .arg(points * spec.seeds.size());
        status_->setText(QString::fromUtf8("✓ ") + summary);
        status_->setStyleSheet("color: #1b6e20;");
    } catch (const std::exception& e) {
        problem_ = QString::fromUtf8(e.what());
        status_->setText(QString::fromUtf8("✗ ") + problem_);
        status_->setStyleSheet("color: #b22222;");
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
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return tr("cannot read %1: %2").arg(path, f.errorString());
    json j;
    try {
        j = json::parse(f.readAll().toStdString());
    } catch (const json::exception& e) {
        return tr("%1 is not valid JSON: %2").arg(QFileInfo(path).fileName(), e.what());
    }
    if (!j.is_object()) return tr("%1 does not hold a JSON object").arg(QFileInfo(path).fileName());
    try {
        ExperimentSpec::fromJson(j);
    } catch (const std::exception& e) {
        return tr("%1: %2").arg(QFileInfo(path).fileName(), QString::fromUtf8(e.what()));
    }
    setConfig(j);
    preset_->setCurrentIndex(0);
    addRecent(settings::recentExperiments, path);
    return {};
}

QString ExperimentPane::saveFile(const QString& path) {
    const QString err = PlotExport::text(path, QByteArray::fromStdString(config().dump(2) + "\n"));
    if (err.isEmpty()) addRecent(settings::recentExperiments, path);
    return err;
}

void ExperimentPane::loadDialog() {
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Load experiment"), settings::lastDirectory.get(),
                                     tr("Experiment files (*.json)"));
    if (path.isEmpty()) return;
    const QString err = loadFile(path);
    if (!err.isEmpty()) {
        status_->setText(QString::fromUtf8("✗ ") + err);
        status_->setStyleSheet("color: #b22222;");
    }
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
