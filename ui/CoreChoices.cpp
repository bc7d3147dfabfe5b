#include "ui/CoreChoices.h"

#include "core/analysis/Intervention.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/ReportLayout.h"
#include "core/models/NetSpec.h"
#include "core/training/TrainConfig.h"

namespace mfh::ui {

QStringList toStrings(const std::vector<std::string>& names) {
    QStringList out;
    for (const auto& n : names) out << QString::fromStdString(n);
    return out;
}

QStringList modelTypes() {
    return choicesOf<ModelType>();
}
QStringList optimizers() {
    return choicesOf<OptimizerKind>();
}
QStringList selections() {
    return choicesOf<Selection>();
}
QStringList schedules() {
    return choicesOf<Schedule>();
}

QStringList reports() {
    return choicesOf<ReportLayout>();
}
QStringList interventionTypes() {
    return choicesOf<InterventionType>();
}
// The modes a type accepts, in core's order; none for an unknown type.
QStringList interventionModes(const QString& type) {
    const auto t = findEnum<InterventionType>(type.toStdString());
    if (!t || *t == InterventionType::None) return {};
    QStringList out;
    for (auto m : Intervention::modesOf(*t)) out << QString::fromUtf8(nameOf(m));
    return out;
}
QStringList engines() {
    return choicesOf<Engine>();
}
QStringList devices() {
    return toStrings(ExperimentSpec::devices());
}
QStringList sources() {
    return choicesOf<SaliencySource>();
}
QStringList distances() {
    return toStrings(Algorithm1Config::distances());
}
QStringList reductions() {
    return toStrings(KdConfig::reductions());
}
QStringList splits() {
    return {"train", "transfer", "val"};
}
QStringList hyperplanes() {
    return toStrings(VennSpec::hyperplanes());
}

}  // namespace mfh::ui
