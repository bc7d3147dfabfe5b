#include "ui/SweepEditor.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace mfh::ui {

using nlohmann::json;

SweepEditor::SweepEditor(QWidget* parent) : QGroupBox(tr("Sweep (grid of all axes)"), parent) {
    auto* sl = new QVBoxLayout(this);
    table_ = new QTableWidget(0, 2);
    table_->setHorizontalHeaderLabels({tr("Setting"), tr("Values (comma-separated)")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    table_->verticalHeader()->setVisible(false);
    table_->setMaximumHeight(110);
    sl->addWidget(table_);
    auto* buttons = new QHBoxLayout;
    auto* add = new QToolButton;
    add->setText(tr("Add axis"));
    auto* remove = new QToolButton;
    remove->setText(tr("Remove axis"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch();
    sl->addLayout(buttons);
    connect(table_, &QTableWidget::itemChanged, this, &SweepEditor::changed);
    connect(add, &QToolButton::clicked, this, [this] { addAxis("kd.w_kd", "0, 0.5, 1, 2"); });
    connect(remove, &QToolButton::clicked, this, &SweepEditor::removeAxis);
}

void SweepEditor::addAxis(const QString& param, const QString& values) {
    const int r = table_->rowCount();
    table_->insertRow(r);
    table_->setItem(r, 0, new QTableWidgetItem(param));
    table_->setItem(r, 1, new QTableWidgetItem(values));
    emit changed();
}

void SweepEditor::removeAxis() {
    const int r = table_->currentRow() >= 0 ? table_->currentRow() : table_->rowCount() - 1;
    if (r >= 0) table_->removeRow(r);
    emit changed();
}

void SweepEditor::fill(const json& experiment) {
    table_->setRowCount(0);
    if (!experiment.contains("sweep")) return;
    for (const auto& a : experiment["sweep"]) {
        const int r = table_->rowCount();
        table_->insertRow(r);
        table_->setItem(r, 0, new QTableWidgetItem(QString::fromStdString(a.value("param", ""))));
        table_->setItem(r, 1, new QTableWidgetItem(valuesText(a.value("values", json::array()))));
    }
}

void SweepEditor::write(json& experiment) const {
    json sweep = json::array();
    for (int r = 0; r < table_->rowCount(); ++r) {
        const QString p = table_->item(r, 0) ? table_->item(r, 0)->text().trimmed() : QString();
        if (p.isEmpty()) continue;
        sweep.push_back(
            {{"param", p.toStdString()},
             {"values", parseValues(table_->item(r, 1) ? table_->item(r, 1)->text() : "")}});
    }
    if (sweep.empty())
        experiment.erase("sweep");
    else
        experiment["sweep"] = sweep;
}

json SweepEditor::parseValues(const QString& text) {
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

QString SweepEditor::valuesText(const json& values) {
    for (const auto& v : values)
        if (v.is_structured()) return QString::fromStdString(values.dump());
    QStringList parts;
    for (const auto& v : values)
        parts << (v.is_string() ? QString::fromStdString(v.get<std::string>())
                                : QString::fromStdString(v.dump()));
    return parts.join(", ");
}

}  // namespace mfh::ui
