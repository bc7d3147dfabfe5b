#pragma once
// CoreChoices: every choice list a form offers, read from core in one place each: the enums'
// EnumNames tables (enumChoices) and the lists core's parsers check against (devices,
// distances, reductions, hyperplanes). Only the split names a role may train on are the
// form's own suggestions, since a dataset file may name its splits freely.
#include <QStringList>
#include <string>
#include <vector>

#include "core/base/EnumNames.h"

namespace mfh::ui {

QStringList toStrings(const std::vector<std::string>& names);
template <typename E>
QStringList choicesOf() {
    return toStrings(enumChoices<E>());
}
template <typename E>
QString nameOfQ(E e) {
    return QString::fromUtf8(nameOf(e));
}

QStringList modelTypes();  // enumChoices<ModelType>
QStringList optimizers();  // enumChoices<OptimizerKind>
QStringList selections();  // enumChoices<Selection>
QStringList schedules();   // enumChoices<Schedule>

QStringList reports();                               // ReportLayout
QStringList interventionTypes();                     // InterventionType
QStringList interventionModes(const QString& type);  // InterventionMode of a type
QStringList engines();                               // Engine
QStringList devices();
QStringList sources();      // Algorithm 1's networks
QStringList distances();    // Algorithm 1's saliency distance
QStringList reductions();   // the KD loss's KL reduction
QStringList splits();       // the splits a role usually trains on (the combo is editable)
QStringList hyperplanes();  // the generator's hyperplane δ

}  // namespace mfh::ui
