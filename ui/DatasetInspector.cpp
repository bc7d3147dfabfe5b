#include "ui/DatasetInspector.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableWidget>
#include <QTreeWidget>
#include <algorithm>
#include <cmath>
#include <set>

#include "core/base/Error.h"
#include "ui/Palette.h"
#include "ui/PlotView.h"

namespace mfh::ui {

namespace {
QString shapeText(const std::vector<int64_t>& s) {
    QStringList parts;
    for (auto v : s) parts << QString::number(v);
    return "[" + parts.join(QString::fromUtf8(" × ")) + "]";
}
}  // namespace

DatasetInspector::DatasetInspector(QWidget* parent) : QTabWidget(parent) {
    overview_ = new QTreeWidget;
    overview_->setHeaderLabels({tr("Property"), tr("Value")});
    overview_->setRootIsDecorated(true);
    overview_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    addTab(overview_, tr("Overview"));

    classes_ = new PlotView;
    classes_->setExportName("class-balance");
    classes_->setTitle(tr("Class balance"));
    classes_->yAxis->setLabel(tr("samples"));
    classes_->setMinimumSize(160, 100);  // small enough for a laptop screen
    addTab(classes_, tr("Classes"));

    auto* fw = new QWidget;
    auto* fl = new QVBoxLayout(fw);
    auto* frow = new QHBoxLayout;
    featModality_ = new QComboBox;
    featSplit_ = new QComboBox;
    frow->addWidget(new QLabel(tr("Modality")));
    frow->addWidget(featModality_, 1);
    frow->addWidget(new QLabel(tr("Split")));
    frow->addWidget(featSplit_, 1);
    fl->addLayout(frow);
    features_ = new QTableWidget;
    features_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    features_->setColumnCount(5);
    features_->setHorizontalHeaderLabels(
        {tr("feature"), tr("mean"), tr("std"), tr("min"), tr("max")});
    features_->verticalHeader()->setVisible(false);
    features_->setSortingEnabled(true);
    fl->addWidget(features_);
    addTab(fw, tr("Features"));

    auto* sw = new QWidget;
    auto* sl = new QVBoxLayout(sw);
    auto* srow = new QHBoxLayout;
    sampleModality_ = new QComboBox;
    sampleIndex_ = new QSpinBox;
    srow->addWidget(new QLabel(tr("Modality")));
    srow->addWidget(sampleModality_, 1);
    srow->addWidget(new QLabel(tr("Sample")));
    srow->addWidget(sampleIndex_);
    sl->addLayout(srow);
    sampleImage_ = new QLabel;
    sampleImage_->setAlignment(Qt::AlignCenter);
    sampleImage_->setMinimumSize(120, 80);
    sl->addWidget(sampleImage_, 1);
    sampleInfo_ = new QLabel;
    sampleInfo_->setAlignment(Qt::AlignCenter);
    sampleInfo_->setWordWrap(true);
    sl->addWidget(sampleInfo_);
    addTab(sw, tr("Samples"));

    connect(featModality_, &QComboBox::currentIndexChanged, this, &DatasetInspector::fillFeatures);
    connect(featSplit_, &QComboBox::currentIndexChanged, this, &DatasetInspector::fillFeatures);
    connect(sampleModality_, &QComboBox::currentIndexChanged, this, &DatasetInspector::showSample);
    connect(sampleIndex_, &QSpinBox::valueChanged, this, &DatasetInspector::showSample);
    setEnabled(false);
}

void DatasetInspector::setDataset(DatasetPtr d) {
    d_ = std::move(d);
    setEnabled(d_ != nullptr);
    for (auto* c : {featModality_, featSplit_, sampleModality_}) {
        QSignalBlocker b(c);
        c->clear();
    }
    if (!d_) {
        overview_->clear();
        features_->setRowCount(0);
        return;
    }
    {
        QSignalBlocker b1(featModality_), b2(featSplit_), b3(sampleModality_), b4(sampleIndex_);
        for (const auto& m : d_->summary.modalities) {
            featModality_->addItem(QString::fromStdString(m.name));
            sampleModality_->addItem(QString::fromStdString(m.name));
        }
        featSplit_->addItem(tr("all samples"), QString());
        for (const auto& s : d_->summary.splits)
            featSplit_->addItem(QString::fromStdString(s.first), QString::fromStdString(s.first));
        sampleIndex_->setRange(0, std::max<int>(0, int(d_->summary.samples) - 1));
        // Prefer an image-like modality for the viewer.
        for (int i = 0; i < int(d_->summary.modalities.size()); ++i)
            if (DatasetStats::imageLike(d_->summary.modalities[i])) {
                sampleModality_->setCurrentIndex(i);
                break;
            }
    }
    fillOverview();
    fillClasses();
    fillFeatures();
    showSample();
}

void DatasetInspector::fillOverview() {
    overview_->clear();
    const auto& s = d_->summary;
    auto item = [](QTreeWidgetItem* parent, const QString& k, const QString& v) {
        auto* it = new QTreeWidgetItem(parent, {k, v});
        return it;
    };
    auto* general = new QTreeWidgetItem(overview_, {tr("Dataset"), d_->name});
    item(general, tr("File"), d_->path.isEmpty() ? tr("(generated, not saved)") : d_->path);
    item(general, tr("Samples"), QString::number(s.samples));
    item(general, tr("Classes"), QString::number(s.classNames.size()));
    auto* mods =
        new QTreeWidgetItem(overview_, {tr("Modalities"), QString::number(s.modalities.size())});
    for (const auto& m : s.modalities) {
        auto* mi = item(mods, QString::fromStdString(m.name),
                        QString("%1  %2  %3")
                            .arg(shapeText(m.shape), QString::fromStdString(m.dtype),
                                 QString::fromStdString(m.kind)));
        mi->setToolTip(1, tr("shape, in-memory type, kind"));
    }
    auto* splits = new QTreeWidgetItem(overview_, {tr("Splits"), QString::number(s.splits.size())});
    for (const auto& sp : s.splits)
        item(splits, QString::fromStdString(sp.first), QString::number(sp.second));
    const auto& ds = *d_->data;
    if (ds.truth) {
        auto* t = new QTreeWidgetItem(overview_, {tr("True Venn diagram"), ""});
        item(t, QString::fromUtf8("α"), num(ds.truth->alpha, 4));
        item(t, QString::fromUtf8("β"), num(ds.truth->beta, 4));
        item(t, QString::fromUtf8("γ"), num(ds.truth->gamma, 4));
        for (const auto& kv : ds.truth->sharedColumns)
            item(t, tr("shared columns of %1").arg(QString::fromStdString(kv.first)),
                 QString::number(kv.second.size()));
    }
    if (!ds.attributes.empty()) {
        auto* p = new QTreeWidgetItem(overview_, {tr("Provenance"), ""});
        for (const auto& kv : ds.attributes)
            item(p, QString::fromStdString(kv.first), QString::fromStdString(kv.second));
    }
    overview_->expandAll();
    overview_->resizeColumnToContents(0);
}

void DatasetInspector::fillClasses() {
    classes_->clearPlottables();
    const auto& s = d_->summary;
    const int C = int(s.classNames.size()), S = int(s.splits.size());
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int c = 0; c < C; ++c) ticker->addTick(c, QString::fromStdString(s.classNames[c]));
    classes_->xAxis->setTicker(ticker);
    classes_->xAxis->setLabel(tr("class"));
    auto* group = new QCPBarsGroup(classes_);
    double maxCount = 1;
    for (int sp = 0; sp < S; ++sp) {
        auto* bars = new QCPBars(classes_->xAxis, classes_->yAxis);
        bars->setName(QString::fromStdString(s.splits[sp].first));
        bars->setBrush(palette::series(sp));
        bars->setPen(Qt::NoPen);
        bars->setWidth(0.8 / std::max(1, S));
        bars->setBarsGroup(group);
        for (int c = 0; c < C; ++c) {
            bars->addData(c, double(s.classCounts[sp][c]));
            maxCount = std::max(maxCount, double(s.classCounts[sp][c]));
        }
    }
    classes_->xAxis->setRange(-0.7, C - 0.3);
    classes_->yAxis->setRange(0, maxCount * 1.15);
    classes_->replot();
}

void DatasetInspector::fillFeatures() {
    if (!d_ || featModality_->count() == 0) return;
    const std::string mod = featModality_->currentText().toStdString();
    const std::string split = featSplit_->currentData().toString().toStdString();
    std::vector<FeatureStats> st;
    try {
        st = DatasetStats::features(*d_->data, mod, split);
    } catch (const std::exception& e) {
        features_->setRowCount(0);
        return;
    }
    features_->setSortingEnabled(false);
    const int rows = std::min<int>(int(st.size()), 20000);  // a table, not a dump
    features_->setRowCount(rows);
    std::set<int64_t> shared;
    if (d_->data->truth) {
        auto it = d_->data->truth->sharedColumns.find(mod);
        if (it != d_->data->truth->sharedColumns.end())
            shared.insert(it->second.begin(), it->second.end());
    }
    for (int i = 0; i < rows; ++i) {
        auto* id = new QTableWidgetItem;
        id->setData(Qt::DisplayRole, i);
        if (shared.count(i)) id->setToolTip(tr("a truly shared (modality-general) column"));
        features_->setItem(i, 0, id);
        const double v[] = {st[i].mean, st[i].std, st[i].min, st[i].max};
        for (int c = 0; c < 4; ++c) {
            auto* it = new QTableWidgetItem;
            it->setData(Qt::DisplayRole, std::round(v[c] * 1e4) / 1e4);
            features_->setItem(i, c + 1, it);
        }
    }
    features_->setSortingEnabled(true);
    features_->resizeColumnsToContents();
}

void DatasetInspector::showSample() {
    if (!d_ || sampleModality_->count() == 0) return;
    const int mi = sampleModality_->currentIndex();
    const auto& m = d_->summary.modalities[mi];
    const int64_t row = sampleIndex_->value();
    std::vector<float> v;
    try {
        v = DatasetStats::sample(*d_->data, m.name, row);
    } catch (const std::exception& e) {
        sampleInfo_->setText(QString::fromUtf8(e.what()));
        return;
    }
    int h = 1, w = int(v.size());
    if (DatasetStats::imageLike(m)) {
        h = int(m.shape[m.shape.size() - 2]);
        w = int(m.shape.back());
    }
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    const float a = v.empty() ? 0 : *lo, range = v.empty() ? 1 : std::max(1e-12f, *hi - *lo);
    QImage img(w, h, QImage::Format_Grayscale8);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)  // the first channel of multi-channel images
            img.scanLine(y)[x] = static_cast<uchar>(255 * (v[y * w + x] - a) / range);
    const int targetW = 280, targetH = DatasetStats::imageLike(m) ? 280 : 40;
    sampleImage_->setPixmap(QPixmap::fromImage(
        img.scaled(targetW, targetH, Qt::KeepAspectRatio, Qt::FastTransformation)));
    const int label = int(d_->data->labels()[row]);
    const auto& names = d_->summary.classNames;
    sampleInfo_->setText(
        tr("sample %1, class %2%3\nvalues from %4 to %5 (black to white)")
            .arg(row)
            .arg(label < int(names.size()) ? QString::fromStdString(names[label])
                                           : QString::number(label))
            .arg(DatasetStats::imageLike(m) ? "" : tr(", drawn as a strip of %1 features").arg(w))
            .arg(num(a, 3), num(a + range, 3)));
}

}  // namespace mfh::ui
