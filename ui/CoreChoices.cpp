#include "ui/CoreChoices.h"

#include "core/analysis/Intervention.h"
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
    return {"cpu", "cuda", "auto"};
}
QStringList sources() {
    return choicesOf<SaliencySource>();
}
QStringList distances() {
    return {"mse", "l1"};
}
QStringList reductions() {
    return {"mean", "batchmean"};
}
QStringList splits() {
    return {"train", "transfer", "val"};
}
QStringList hyperplanes() {
    return {"normal", "ones"};
}

}  // namespace mfh::ui
