#include "ui/ConfusionView.h"

#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSaveFile>
#include <QTableWidget>
#include <QVBoxLayout>
#include <cmath>

#include "core/runs/ConfusionMatrix.h"
#include "core/runs/RunRecord.h"
#include "ui/Settings.h"

namespace mfh::ui {

ConfusionView::ConfusionView(QWidget* parent) : QWidget(parent) {
    auto* v = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    split_ = new QComboBox;
    split_->setToolTip(tr("The evaluation split whose predictions are counted"));
    export_ = new QPushButton(tr("Export CSV…"));
    note_ = new QLabel;
    note_->setWordWrap(true);
    top->addWidget(new QLabel(tr("Split:")));
    top->addWidget(split_);
    top->addWidget(note_, 1);
    top->addWidget(export_);
    v->addLayout(top);
    table_ = new QTableWidget;
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    v->addWidget(table_, 1);
    connect(split_, &QComboBox::currentIndexChanged, this, [this] { showSplit(); });
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export per-class results"),
            settings::lastDirectory.get() + "/" + QString::fromStdString(runId_) + "-" +
                split_->currentText() + "-confusion.csv",
            tr("CSV (*.csv)"));
        if (path.isEmpty()) return;
        const QString problem = exportCsv(path);
        note_->setText(problem.isEmpty() ? tr("Wrote %1").arg(path) : problem);
    });
    clear();
}

void ConfusionView::clear() {
    runId_.clear();
    confusion_.clear();
    split_->clear();
    table_->clear();
    table_->setRowCount(0);
    table_->setColumnCount(0);
    export_->setEnabled(false);
    note_->setText(tr("Select a run to see its per-class results"));
}

void ConfusionView::showRun(const RunRecord& run) {
    clear();
    runId_ = run.id;
    confusion_ = run.confusion;
    if (confusion_.empty()) {
        note_->setText(tr("%1 holds no confusion matrix (written by an older version, or an "
                          "Algorithm 1 run)")
                           .arg(QString::fromStdString(run.id)));
        return;
    }
    QSignalBlocker b(split_);
    for (const auto& kv : confusion_) split_->addItem(QString::fromStdString(kv.first));
    const int test = split_->findText("test");
    split_->setCurrentIndex(test >= 0 ? test : 0);
    showSplit();
}

void ConfusionView::showSplit() {
    auto it = confusion_.find(split_->currentText().toStdString());
    if (it == confusion_.end()) return;
    const auto& m = it->second;
    const auto acc = perClassAccuracy(m);
    const int n = static_cast<int>(m.size());
    table_->clear();
    table_->setRowCount(n);
    table_->setColumnCount(n + 1);
    QStringList cols{tr("accuracy %")}, rows;
    for (int c = 0; c < n; ++c) cols << tr("→ %1").arg(c), rows << tr("class %1").arg(c);
    table_->setHorizontalHeaderLabels(cols);
    table_->setVerticalHeaderLabels(rows);
    int64_t correct = 0, total = 0;
    for (int r = 0; r < n; ++r) {
        int64_t rowTotal = 0;
        for (auto k : m[r]) rowTotal += k;
        total += rowTotal, correct += m[r][r];
        table_->setItem(r, 0,
                        new QTableWidgetItem(std::isnan(acc[r]) ? QString::fromUtf8("–")
                                                                : QString::number(acc[r], 'f', 2)));
        for (int c = 0; c < n; ++c) {
            auto* item = new QTableWidgetItem(QString::number(m[r][c]));
            const double share = rowTotal > 0 ? double(m[r][c]) / rowTotal : 0;
            const QColor base = r == c ? QColor(40, 120, 200) : QColor(200, 60, 40);
            QColor shade = base;
            shade.setAlphaF(0.08 + 0.6 * share);
            item->setBackground(shade);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(r, c + 1, item);
        }
    }
    note_->setText(tr("%1: %2 of %3 correct (%4 %); rows are true classes, columns predicted")
                       .arg(QString::fromStdString(runId_))
                       .arg(correct)
                       .arg(total)
                       .arg(total ? 100.0 * correct / total : 0.0, 0, 'f', 2));
    export_->setEnabled(true);
}

QString ConfusionView::exportCsv(const QString& path) const {
    auto it = confusion_.find(split_->currentText().toStdString());
    if (it == confusion_.end()) return tr("no confusion matrix is shown");
    const auto& m = it->second;
    const auto acc = perClassAccuracy(m);
    QString text = "true_class,accuracy";
    for (std::size_t c = 0; c < m.size(); ++c) text += QString(",pred_%1").arg(c);
    text += "\r\n";
    for (std::size_t r = 0; r < m.size(); ++r) {
        text += QString::number(r) + "," +
                (std::isnan(acc[r]) ? QString() : QString::number(acc[r], 'g', 17));
        for (auto k : m[r]) text += "," + QString::number(k);
        text += "\r\n";
    }
    QSaveFile f(path);  // atomic: the file appears whole or not at all
    if (!f.open(QIODevice::WriteOnly) || f.write(text.toUtf8()) < 0 || !f.commit())
        return tr("cannot write %1: %2").arg(path, f.errorString());
    return {};
}

}  // namespace mfh::ui
