#include "ui/PlotView.h"

#include "ui/ExportDialog.h"
#include "ui/PlotExport.h"
#include "ui/Settings.h"

#include <QContextMenuEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QToolTip>
#include <limits>

namespace mfh::ui {

QString num(double v, int digits) {
    QString s = QString::number(v, 'f', digits);
    if (s.contains('.')) {
        while (s.endsWith('0')) s.chop(1);
        if (s.endsWith('.')) s.chop(1);
    }
    return s == "-0" ? "0" : s;
}

void setCategoryTicks(QCPAxis* axis, const std::vector<QString>& categories) {
    if (categories.empty()) {
        axis->setTicker(QSharedPointer<QCPAxisTicker>::create());
        return;
    }
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (std::size_t i = 0; i < categories.size(); ++i) ticker->addTick(double(i), categories[i]);
    axis->setTicker(ticker);
}

PlotView::PlotView(QWidget* parent) : QCustomPlot(parent) {
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
    setAntialiasedElements(QCP::aeAll);
    setMinimumSize(320, 240);
    legend->setVisible(true);
    legend->setBrush(QColor(255, 255, 255, 220));
    legend->setBorderPen(QPen(QColor(200, 200, 200)));
    legend->setSelectableParts(QCPLegend::spItems);
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.95);
    legend->setFont(f);
    for (auto* ax : {xAxis, yAxis}) {
        ax->grid()->setSubGridVisible(false);
        ax->grid()->setPen(QPen(QColor(225, 225, 225), 1, Qt::SolidLine));
        ax->setBasePen(QPen(QColor(120, 120, 120)));
    }
    setMouseTracking(true);
    connect(this, &QCustomPlot::legendClick, this,
            [this](QCPLegend*, QCPAbstractLegendItem* item, QMouseEvent*) {
                auto* pi = qobject_cast<QCPPlottableLegendItem*>(item);
                if (!pi) return;
                setSeriesVisible(pi->plottable(), !pi->plottable()->visible());
            });
    connect(
        this, &QCustomPlot::plottableClick, this,
        [this](QCPAbstractPlottable* p, int index, QMouseEvent*) { emit pointClicked(p, index); });
    connect(this, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent*) {
        resetView();
        replot();
    });
}

void PlotView::setTitle(const QString& title) {
    if (!title_) {
        plotLayout()->insertRow(0);
        QFont f = font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.1);
        title_ = new QCPTextElement(this, title, f);
        plotLayout()->addElement(0, 0, title_);
    }
    title_->setText(title);
}

QString PlotView::title() const {
    return title_ ? title_->text() : QString();
}

void PlotView::addCompanion(QCPAbstractPlottable* main, QCPAbstractPlottable* companion) {
    companion->setProperty("mfhCompanionOf", QVariant::fromValue(static_cast<QObject*>(main)));
}

void PlotView::setSeriesVisible(QCPAbstractPlottable* p, bool on) {
    p->setVisible(on);
    for (int i = 0; i < plottableCount(); ++i) {
        QCPAbstractPlottable* c = plottable(i);
        if (c->property("mfhCompanionOf").value<QObject*>() == p) c->setVisible(on);
    }
    if (auto* item = legend->itemWithPlottable(p))
        item->setTextColor(on ? Qt::black : QColor(170, 170, 170));
    resetView();
    replot();
}

void PlotView::placeLegendBelow(int columns) {
    if (legendRow_) return;
    axisRect()->insetLayout()->take(legend);
    // A row of its own under the axis rect: the legend can never cover a data point.
    legendRow_ = new QCPLayoutGrid;
    plotLayout()->addElement(plotLayout()->rowCount(), 0, legendRow_);
    // Centred at its own width between two empty cells that take the rest.
    legendRow_->addElement(0, 0, new QCPLayoutElement(this));
    legendRow_->addElement(0, 1, legend);
    legendRow_->addElement(0, 2, new QCPLayoutElement(this));
    legendRow_->setColumnStretchFactor(1, 0.001);
    legendRow_->setMargins(QMargins(0, 0, 0, 4));
    plotLayout()->setRowStretchFactor(plotLayout()->rowCount() - 1, 0.001);
    legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    legend->setWrap(columns);
    legend->setBrush(Qt::NoBrush);
    legend->setBorderPen(Qt::NoPen);
}

void PlotView::setLegendShown(bool on) {
    legend->setVisible(on);
    if (!legendRow_) return;
    const bool placed = legendRow_->hasElement(0, 1) && legendRow_->element(0, 1) == legend;
    if (on && !placed) legendRow_->addElement(0, 1, legend);
    if (!on && placed) legendRow_->take(legend);
}

void PlotView::setAxisPath(QCPAxis* axis, const QString& path) {
    axis->setProperty("mfhPath", path);
}

void PlotView::beginFigure(const QSize& size) {
    setViewport(QRect(QPoint(0, 0), size));
    updateLayout();
    fitToViewport();
    updateLayout();
}

void PlotView::endFigure() {
    setViewport(rect());
    updateLayout();
    fitToViewport();
    replot();
}

void PlotView::setPlaceholder(const QString& text) {
    if (!placeholder_ || !hasItem(placeholder_)) {  // clearItems() deletes it
        if (text.isEmpty()) return;
        placeholder_ = new QCPItemText(this);
        placeholder_->setClipToAxisRect(false);
        placeholder_->position->setType(QCPItemPosition::ptAxisRectRatio);
        placeholder_->position->setCoords(0.5, 0.5);
        placeholder_->setColor(QColor(130, 130, 130));
    }
    placeholder_->setText(text);
    placeholder_->setVisible(!text.isEmpty());
}

void PlotView::resetView() {
    rescaleAxes(true);
    for (auto* ax : {xAxis, yAxis}) {
        const QCPRange r = ax->range();
        const double pad = r.size() > 0 ? r.size() * 0.06 : 1;
        ax->setRange(r.lower - pad, r.upper + pad);
    }
}

QString PlotView::describePoint(QCPGraph* graph, int index) const {
    const auto it = graph->data()->at(index);
    return QString("%1\nx = %2\ny = %3").arg(graph->name(), num(it->key, 4), num(it->value, 4));
}

QString PlotView::describePosition(const QPointF&) const {
    return {};
}

std::pair<QString, QString> PlotView::exportDialog(const QString& folder) {
    ExportDialog dlg(title(), exportName_, folder, this);
    if (dlg.exec() != QDialog::Accepted) return {};
    const QString path = dlg.path();
    return {path, PlotExport::save(this, path, dlg.spec())};
}

void PlotView::contextMenuEvent(QContextMenuEvent* event) {
    QMenu menu(this);
    menu.addAction(tr("Export figure…"), this, [this] {
        const auto [path, problem] = exportDialog();
        if (!problem.isEmpty()) QMessageBox::warning(this, tr("Export figure"), problem);
    });
    menu.addAction(tr("Reset view"), this, [this] {
        resetView();
        replot();
    });
    menu.exec(event->globalPos());
}

void PlotView::mouseMoveEvent(QMouseEvent* event) {
    QCustomPlot::mouseMoveEvent(event);
    if (event->buttons() != Qt::NoButton) return;  // dragging: no tooltips
    const QPointF pos = event->position();
    QCPGraph* best = nullptr;
    int bestIndex = -1;
    double bestDist = 10 * 10;  // pixels², the hover radius
    for (int g = 0; g < graphCount(); ++g) {
        QCPGraph* gr = graph(g);
        if (!gr->visible() || gr->name().isEmpty()) continue;
        const auto data = gr->data();
        // Only the points within the hover radius in x are candidates (data sorted by key).
        const double k0 = gr->keyAxis()->pixelToCoord(pos.x() - 10);
        const double k1 = gr->keyAxis()->pixelToCoord(pos.x() + 10);
        auto it = data->findBegin(std::min(k0, k1), false);
        const auto end = data->findEnd(std::max(k0, k1), false);
        for (; it != end; ++it) {
            const QPointF p = gr->coordsToPixels(it->key, it->value);
            const double d = QPointF::dotProduct(p - pos, p - pos);
            if (d < bestDist) {
                bestDist = d, best = gr;
                bestIndex = static_cast<int>(it - data->constBegin());
            }
        }
    }
    QString tip = best ? describePoint(best, bestIndex) : describePosition(pos);
    if (tip.isEmpty())
        for (QCPAxis* ax : axisRect()->axes()) {  // an axis label: the setting path behind it
            QVariant details;
            const QString path = ax->property("mfhPath").toString();
            if (!path.isEmpty() && ax->visible() && ax->selectTest(pos, false, &details) >= 0 &&
                details.value<QCPAxis::SelectablePart>() == QCPAxis::spAxisLabel)
                tip = path;
        }
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(event->globalPosition().toPoint(), tip, this);
}

}  // namespace mfh::ui
