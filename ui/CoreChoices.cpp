#include "ui/CoreChoices.h"

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

// Not yet enums in core (ReportLayout, InterventionType, InterventionMode, Engine): each list
// is read here only.
QStringList reports() {
    return {"grid", "fig2", "fig3", "table2", "table1", "removal"};
}
QStringList interventionTypes() {
    return {"none", "mg-teacher", "removal"};
}
QStringList interventionModes(const QString& type) {
    if (type == "mg-teacher") return {"random", "gt", "alg1"};
    if (type == "removal") return {"random", "modality-general", "modality-specific", "none"};
    return {};
}
QStringList engines() {
    return {"auto", "kernel", "torch"};
}
QStringList devices() {
    return {"cpu", "cuda", "auto"};
}
QStringList sources() {
    return {"joint", "pretrained"};
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
