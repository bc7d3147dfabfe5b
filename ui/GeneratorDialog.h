#pragma once
// GeneratorDialog: the synthetic generator's settings (docs/science.md#the-synthetic-generator,
// the general form of docs/experiment-config.md): |G|, |A|, |B|, hidden decisive coordinates, noise
// columns per modality, sample counts, hyperplane and seed. α, β, γ, a Venn preview and a live
// what-if (the KD gain over γ, trained and predicted: WhatIfPlot) follow every change;
// impossible settings are named and disable OK.
#include <QDialog>
#include <nlohmann/json.hpp>

#include "core/data/VennGenerator.h"

class QSpinBox;
class QComboBox;
class QLabel;
class QDialogButtonBox;

namespace mfh::ui {

class VennPlot;
class WhatIfPlot;

class GeneratorDialog : public QDialog {
    Q_OBJECT
  public:
    explicit GeneratorDialog(QWidget* parent = nullptr);
    VennSpec spec() const;
    uint32_t seed() const;
    // The experiment file's "dataset.generator" object for these settings.
    nlohmann::json generatorJson() const;
    void setSpec(const VennSpec& s, uint32_t seed);

    // The widgets, for tests and keyboard users: shared, specificA, specificB, hidden, noiseA,
    // noiseB, nTrain, nVal, nTest, seed.
    QSpinBox* spin(const QString& name) const;
    QString gammaText() const;
    VennPlot* preview() const { return preview_; }
    WhatIfPlot* whatIf() const { return whatIf_; }

  private:
    void update();
    QSpinBox* add(const QString& name, int min, int max, int value);

    std::map<QString, QSpinBox*> spins_;
    QComboBox* hyperplane_;
    QLabel* values_;
    QString gamma_;
    QLabel* problem_;
    VennPlot* preview_;
    WhatIfPlot* whatIf_;
    QDialogButtonBox* buttons_;
};

}  // namespace mfh::ui
