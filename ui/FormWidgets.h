#pragma once
// FormWidgets: the small builders the experiment editors share (spin boxes, combos) and the
// one place that turns every edit of a form into one signal.
#include <QStringList>
#include <functional>
#include <nlohmann/json.hpp>

class QComboBox;
class QFormLayout;
class QDoubleSpinBox;
class QSpinBox;
class QWidget;
class QObject;

namespace mfh::ui {

QDoubleSpinBox* dspin(double min, double max, double value, int decimals, double step);
QSpinBox* ispin(int min, int max, int value);
QComboBox* combo(const QStringList& items, bool editable = false);
// A form that fits a narrow dock: a row whose field does not fit beside its label wraps
// below it, and fields grow to the width there is instead of forcing one.
QFormLayout* narrowForm(QWidget* parent);
// Selects `v`; an editable combo that lacks it gains it.
void setCombo(QComboBox* c, const QString& v);
// The object at key `k` of `j`, or an empty object.
const nlohmann::json& objectAt(const nlohmann::json& j, const char* k);
// Calls `f` on every edit of a spin box, line edit, combo box or list below `root`.
void onEveryEdit(QWidget* root, QObject* context, const std::function<void()>& f);

}  // namespace mfh::ui
