#include "ui/FormWidgets.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QSpinBox>

namespace mfh::ui {

QFormLayout* narrowForm(QWidget* parent) {
    auto* f = new QFormLayout(parent);
    f->setRowWrapPolicy(QFormLayout::WrapLongRows);
    f->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    return f;
}

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

QComboBox* combo(const QStringList& items, bool editable) {
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

const nlohmann::json& objectAt(const nlohmann::json& j, const char* k) {
    static const nlohmann::json empty = nlohmann::json::object();
    return j.is_object() && j.contains(k) && j[k].is_object() ? j[k] : empty;
}

void onEveryEdit(QWidget* root, QObject* context, const std::function<void()>& f) {
    for (auto* w : root->findChildren<QSpinBox*>())
        QObject::connect(w, &QSpinBox::valueChanged, context, f);
    for (auto* w : root->findChildren<QDoubleSpinBox*>())
        QObject::connect(w, &QDoubleSpinBox::valueChanged, context, f);
    for (auto* w : root->findChildren<QLineEdit*>())
        QObject::connect(w, &QLineEdit::textChanged, context, f);
    for (auto* w : root->findChildren<QComboBox*>())
        QObject::connect(w, &QComboBox::currentTextChanged, context, f);
    for (auto* w : root->findChildren<QListWidget*>())
        QObject::connect(w, &QListWidget::itemChanged, context, f);
}

}  // namespace mfh::ui
