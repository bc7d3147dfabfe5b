#include "ui/ComparePanel.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <set>

#include "core/experiments/Comparison.h"
#include "ui/ResultSeries.h"

namespace mfh::ui {

ComparePanel::ComparePanel(QWidget* parent) : QWidget(parent) {
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 4, 0, 0);
    auto* h = new QHBoxLayout;
    rowA_ = new QComboBox;
    rowB_ = new QComboBox;
    metric_ = new QComboBox;
    for (auto* c : {rowA_, rowB_, metric_}) {  // long point labels must not widen the window
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(6);
    }
    run_ = new QPushButton(tr("Compare"));
    run_->setToolTip(
        tr("A − B for every seed both rows ran: mean, std, 95 % CI, paired t-test "
           "and Wilcoxon signed-rank test"));
    h->addWidget(new QLabel(tr("Compare")));
    h->addWidget(rowA_, 1);
    h->addWidget(new QLabel(QString::fromUtf8("−")));
    h->addWidget(rowB_, 1);
    h->addWidget(new QLabel(tr("on")));
    h->addWidget(metric_, 1);
    h->addWidget(run_);
    v->addLayout(h);
    out_ = new QLabel;
    out_->setWordWrap(true);
    out_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    out_->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    v->addWidget(out_);
    connect(run_, &QPushButton::clicked, this, [this] {
        compare(rowA_->currentIndex(), rowB_->currentIndex(), metric_->currentData().toString());
    });
    setEnabled(false);
}

void ComparePanel::setResult(const ExperimentResult& r) {
    result_ = r;
    rowA_->clear(), rowB_->clear(), metric_->clear();
    out_->clear();
    for (int i = 0; i < int(r.rows.size()); ++i) {
        const QString label = QString("#%1 %2").arg(i + 1).arg(ResultSeries::pointText(r, i));
        rowA_->addItem(label), rowB_->addItem(label);
    }
    std::set<std::string> metrics;
    for (const auto& row : r.rows)
        for (const auto& kv : row.perSeed) metrics.insert(kv.first);
    metric_->addItem(tr("the layout's student"), QString());
    for (const auto& m : metrics)
        metric_->addItem(ResultSeries::metricTitle(m), QString::fromStdString(m));
    if (rowB_->count() > 1) rowB_->setCurrentIndex(1);
    setEnabled(r.rows.size() > 1);
}

QString ComparePanel::compare(int a, int b, const QString& metric) {
    QString text;
    try {
        const auto c = Comparison::of(result_, "#" + std::to_string(a + 1),
                                      "#" + std::to_string(b + 1), metric.toStdString());
        text = QString::fromStdString(c.text()).trimmed();
    } catch (const std::exception& e) {
        text = tr("Cannot compare: %1").arg(QString::fromUtf8(e.what()));
    }
    out_->setText(text);
    return text;
}

QString ComparePanel::text() const {
    return out_->text();
}

}  // namespace mfh::ui
