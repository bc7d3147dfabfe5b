#include "ui/RunDetailsPane.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <set>

#include "core/base/SettingLabel.h"
#include "ui/ConfusionView.h"
#include "ui/Palette.h"
#include "ui/PlotView.h"

namespace mfh::ui {

RunDetailsPane::RunDetailsPane(QWidget* parent) : QTabWidget(parent) {
    auto* cw = new QWidget;
    auto* cl = new QVBoxLayout(cw);
    cl->setContentsMargins(0, 0, 0, 0);
    auto* crow = new QHBoxLayout;
    crow->addWidget(new QLabel(tr("Curve")));
    curveMetric_ = new QComboBox;
    curveMetric_->addItems({"acc_test", "acc_train", "acc_val", "loss"});
    crow->addWidget(curveMetric_);
    crow->addStretch();
    cl->addLayout(crow);
    curves_ = new PlotView;
    curves_->setMinimumSize(240, 120);  // under the runs table: the table keeps the height
    curves_->placeLegendBelow(3);       // up to twelve runs: never over their curves
    curves_->setExportName("run-curves");
    curves_->xAxis->setLabel(tr("epoch"));
    curves_->setPlaceholder(tr("Select runs to overlay their curves"));
    cl->addWidget(curves_, 1);
    addTab(cw, tr("Curves"));
    compare_ = new QTableWidget;
    compare_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    addTab(compare_, tr("Compare metrics"));
    config_ = new QPlainTextEdit;
    config_->setReadOnly(true);
    config_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    addTab(config_, tr("Configuration"));
    provenance_ = new QTreeWidget;
    provenance_->setHeaderLabels({tr("Property"), tr("Value")});
    addTab(provenance_, tr("Provenance"));
    confusion_ = new ConfusionView;
    addTab(confusion_, tr("Per class"));
    connect(curveMetric_, &QComboBox::currentIndexChanged, this, &RunDetailsPane::drawCurves);
}

void RunDetailsPane::clear() {
    runs_.clear();
    labels_.clear();
    curves_->clearGraphs();
    curves_->setPlaceholder(tr("Select runs to overlay their curves"));
    curves_->replot();
    compare_->clear();
    compare_->setRowCount(0);
    compare_->setColumnCount(0);
    config_->clear();
    provenance_->clear();
    confusion_->clear();
}

void RunDetailsPane::drawCurves() {
    curves_->clearGraphs();
    const std::string metric = curveMetric_->currentText().toStdString();
    curves_->yAxis->setLabel(metric == "loss" ? tr("loss") : tr("accuracy (%)"));
    int colour = 0, drawn = 0;
    for (std::size_t i = 0; i < runs_.size(); ++i) {
        const auto& r = runs_[i];
        auto c = r.curves.find(metric);
        if (c == r.curves.end() || c->second.empty()) continue;
        auto e = r.curves.find("epoch");
        QVector<double> x, y(c->second.begin(), c->second.end());
        for (std::size_t k = 0; k < c->second.size(); ++k)
            x << (e != r.curves.end() && k < e->second.size() ? e->second[k] : double(k + 1));
        if (metric == "loss" && x.size() != y.size()) x.resize(y.size());
        auto* g = curves_->addGraph();
        g->setName(labels_[i]);
        g->setData(x, y, true);
        g->setPen(QPen(palette::series(colour++), 1.5));
        if (x.size() == 1) g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 7));
        ++drawn;
    }
    curves_->setPlaceholder(
        drawn ? QString()
              : tr("The selected runs have no '%1' curve").arg(QString::fromStdString(metric)));
    curves_->resetView();
    curves_->replot();
}

void RunDetailsPane::showRuns(std::vector<RunRecord> runs, std::vector<QString> labels,
                              const std::vector<ConfigDifference>* diff, const QString& path) {
    clear();
    runs_ = std::move(runs);
    labels_ = std::move(labels);
    drawCurves();
    // Metrics side by side.
    std::set<std::string> keys;
    for (const auto& r : runs_)
        for (const auto& kv : r.metrics) keys.insert(kv.first);
    compare_->setColumnCount(int(runs_.size()));
    compare_->setRowCount(int(keys.size()) + 3);
    QStringList headers, rowNames{tr("role"), tr("seed"), tr("status")};
    for (const auto& k : keys) rowNames << QString::fromStdString(k);
    for (int c = 0; c < int(runs_.size()); ++c) {
        const auto& r = runs_[c];
        headers << labels_[c];
        compare_->setItem(0, c, new QTableWidgetItem(QString::fromStdString(r.role)));
        compare_->setItem(1, c, new QTableWidgetItem(QString::number(r.seed)));
        compare_->setItem(2, c, new QTableWidgetItem(QString::fromStdString(nameOf(r.status))));
        int row = 3;
        for (const auto& k : keys) {
            auto it = r.metrics.find(k);
            compare_->setItem(row++, c,
                              new QTableWidgetItem(it == r.metrics.end() ? QString::fromUtf8("–")
                                                                         : num(it->second, 3)));
        }
    }
    compare_->setHorizontalHeaderLabels(headers);
    compare_->setVerticalHeaderLabels(rowNames);
    compare_->resizeColumnsToContents();
    if (runs_.empty()) return;
    const RunRecord& r = runs_.front();
    confusion_->showRun(r);
    if (diff && runs_.size() >= 2) {
        QString text = tr("Configuration differences, %1 → %2 (%3 keys):\n\n")
                           .arg(labels_[0], labels_[1])
                           .arg(diff->size());
        for (const auto& d : *diff)
            text += QString::fromStdString(SettingLabel::label(d.key) + " (" + d.key + ")") + ": " +
                    QString::fromStdString(d.a.value_or("(absent)")) + " → " +
                    QString::fromStdString(d.b.value_or("(absent)")) + "\n";
        if (diff->empty()) text += tr("(none: the two runs have the same configuration)\n");
        config_->setPlainText(text);
    } else {
        config_->setPlainText(QString::fromStdString(r.config.dump(2)));
    }
    auto add = [this](const QString& k, const std::string& v) {
        new QTreeWidgetItem(provenance_, {k, QString::fromStdString(v)});
    };
    add(tr("run id"), r.id);
    add(tr("role"), r.role);
    add(tr("status"), nameOf(r.status));
    add(tr("seed"), std::to_string(r.seed));
    add(tr("device"), r.device);
    add(tr("dataset"), r.dataset);
    add(tr("dataset hash"), r.datasetHash);
    add(tr("teacher run"), r.teacherId.empty() ? "-" : r.teacherId);
    add(tr("started"), r.startTime);
    add(tr("ended"), r.endTime);
    add(tr("file"), path.toStdString());
    provenance_->resizeColumnToContents(0);
}

}  // namespace mfh::ui
