#include "ui/GeneratorDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>

#include "core/base/Error.h"
#include "ui/CoreChoices.h"
#include "ui/VennPlot.h"
#include "ui/WhatIfPlot.h"

namespace mfh::ui {

QSpinBox* GeneratorDialog::add(const QString& name, int min, int max, int value) {
    auto* s = new QSpinBox;
    s->setObjectName(name);
    s->setRange(min, max);
    s->setValue(value);
    s->setAccelerated(true);
    connect(s, &QSpinBox::valueChanged, this, &GeneratorDialog::update);
    spins_[name] = s;
    return s;
}

GeneratorDialog::GeneratorDialog(QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Generate a synthetic dataset"));
    auto* top = new QHBoxLayout(this);
    auto* left = new QVBoxLayout;
    auto* info = new QGroupBox(tr("Decisive information"));
    auto* fi = new QFormLayout(info);
    const VennSpec d;  // core's defaults
    fi->addRow(tr("Shared |G|:"), add("shared", 0, 1000, d.shared));
    fi->addRow(tr("Specific to a |A|:"), add("specificA", 0, 1000, d.specificA));
    fi->addRow(tr("Specific to b |B|:"), add("specificB", 0, 1000, d.specificB));
    fi->addRow(tr("Seen by neither:"), add("hidden", 0, 1000, d.hidden));
    spins_["shared"]->setToolTip(tr("Latent coordinates copied into both modalities"));
    spins_["hidden"]->setToolTip(tr("Decisive latent coordinates that neither modality sees"));
    auto* noise = new QGroupBox(tr("Noise columns"));
    auto* fn = new QFormLayout(noise);
    fn->addRow(tr("Modality a:"), add("noiseA", 0, 5000, d.noiseA));
    fn->addRow(tr("Modality b:"), add("noiseB", 0, 5000, d.noiseB));
    auto* samples = new QGroupBox(tr("Samples"));
    auto* fs = new QFormLayout(samples);
    fs->addRow(tr("Train:"), add("nTrain", 1, 1000000, d.nTrain));
    fs->addRow(tr("Validation:"), add("nVal", 0, 1000000, d.nVal));
    fs->addRow(tr("Test:"), add("nTest", 1, 1000000, d.nTest));
    fs->addRow(tr("Seed:"), add("seed", 0, 2147483647, 0));
    hyperplane_ = new QComboBox;
    for (const QString& h : hyperplanes())  // "normal", "ones"
        hyperplane_->addItem(h == "ones" ? tr("All ones δ = 1") : tr("Gaussian δ ~ N(0, I)"), h);
    hyperplane_->setCurrentIndex(
        std::max(0, hyperplane_->findData(d.hyperplaneOnes ? "ones" : "normal")));
    connect(hyperplane_, &QComboBox::currentIndexChanged, this, &GeneratorDialog::update);
    fs->addRow(tr("Hyperplane:"), hyperplane_);
    left->addWidget(info);
    left->addWidget(noise);
    left->addWidget(samples);
    left->addStretch();
    top->addLayout(left);

    auto* right = new QVBoxLayout;
    preview_ = new VennPlot;
    preview_->setMinimumSize(380, 220);
    whatIf_ = new WhatIfPlot;
    whatIf_->setObjectName("whatIf");
    whatIf_->setMinimumSize(380, 220);
    auto* plots = new QHBoxLayout;
    plots->addWidget(preview_, 1);
    plots->addWidget(whatIf_, 1);
    right->addLayout(plots, 1);
    values_ = new QLabel;
    values_->setObjectName("values");
    values_->setAlignment(Qt::AlignCenter);
    values_->setStyleSheet("color: #555;");
    right->addWidget(values_);
    problem_ = new QLabel;
    problem_->setObjectName("problem");
    problem_->setStyleSheet("color: #b22222;");
    problem_->setWordWrap(true);
    right->addWidget(problem_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Generate"));
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    right->addWidget(buttons_);
    top->addLayout(right, 1);
    update();
}

QSpinBox* GeneratorDialog::spin(const QString& name) const {
    auto it = spins_.find(name);
    return it == spins_.end() ? nullptr : it->second;
}

QString GeneratorDialog::gammaText() const {
    return gamma_;
}

VennSpec GeneratorDialog::spec() const {
    VennSpec s;
    s.shared = spin("shared")->value();
    s.specificA = spin("specificA")->value();
    s.specificB = spin("specificB")->value();
    s.hidden = spin("hidden")->value();
    s.noiseA = spin("noiseA")->value();
    s.noiseB = spin("noiseB")->value();
    s.nTrain = spin("nTrain")->value();
    s.nVal = spin("nVal")->value();
    s.nTest = spin("nTest")->value();
    s.hyperplaneOnes = hyperplane_->currentData().toString() == "ones";
    return s;
}

uint32_t GeneratorDialog::seed() const {
    return static_cast<uint32_t>(spin("seed")->value());
}

void GeneratorDialog::setSpec(const VennSpec& s, uint32_t seed) {
    spin("shared")->setValue(s.shared);
    spin("specificA")->setValue(s.specificA);
    spin("specificB")->setValue(s.specificB);
    spin("hidden")->setValue(s.hidden);
    spin("noiseA")->setValue(s.noiseA);
    spin("noiseB")->setValue(s.noiseB);
    spin("nTrain")->setValue(s.nTrain);
    spin("nVal")->setValue(s.nVal);
    spin("nTest")->setValue(s.nTest);
    spin("seed")->setValue(static_cast<int>(seed));
    hyperplane_->setCurrentIndex(
        std::max(0, hyperplane_->findData(s.hyperplaneOnes ? "ones" : "normal")));
}

nlohmann::json GeneratorDialog::generatorJson() const {
    const VennSpec s = spec();
    return {{"shared", s.shared},        {"specific_a", s.specificA},
            {"specific_b", s.specificB}, {"hidden", s.hidden},
            {"noise_a", s.noiseA},       {"noise_b", s.noiseB},
            {"n_train", s.nTrain},       {"n_val", s.nVal},
            {"n_test", s.nTest},         {"hyperplane", s.hyperplaneOnes ? "ones" : "normal"}};
}

// Core checks the settings: the generator object they make is parsed as an experiment file's
// would be, and its first problem is shown.
void GeneratorDialog::update() {
    QString problem;
    try {
        const VennSpec s = VennSpec::fromJson(generatorJson(), "generator");
        const VennLayout layout = s.layout();
        const VennTruth t = truthOf(layout, s.modalityA, s.modalityB);
        gamma_ = QString::fromUtf8("α = %1    β = %2    γ = %3")
                     .arg(num(t.alpha, 3), num(t.beta, 3), num(t.gamma, 3));
        values_->setText(tr("a: %1 columns (%2 decisive)    b: %3 columns (%4 decisive)")
                             .arg(layout.dimA)
                             .arg(s.shared + s.specificA)
                             .arg(layout.dimB)
                             .arg(s.shared + s.specificB));
        // A valid layout has decisive columns, so the diagram has an area.
        preview_->setTruth({double(s.specificA), double(s.shared), double(s.specificB)}, "a", "b",
                           tr("preview of the true values"));
        whatIf_->setSpec(s);
    } catch (const InputError& e) {
        problem = QString::fromUtf8(e.what());
        gamma_ = QString::fromUtf8("α, β, γ undefined");
        values_->clear();
    }
    problem_->setText(problem);
    buttons_->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

}  // namespace mfh::ui
