#include "ui/VennPlot.h"

#include <cmath>

#include "ui/Palette.h"

namespace mfh::ui {

VennPlot::VennPlot(QWidget* parent) : PlotView(parent) {
    setExportName("venn");
    setTitle(tr("Modality Venn diagram"));
    setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    legend->setVisible(false);
    xAxis->setVisible(false);
    yAxis->setVisible(false);
    xAxis->grid()->setVisible(false);
    yAxis->grid()->setVisible(false);
    axisRect()->setAutoMargins(QCP::msNone);
    axisRect()->setMargins(QMargins(10, 10, 10, 10));
    clearDiagram(tr("Open or generate a dataset to see its modality Venn diagram"));
}

void VennPlot::clearDiagram(const QString& message) {
    clearItems();
    parts_.reset();
    truthOverlay_.reset();
    setPlaceholder(message);
    xAxis->setRange(-1, 1);
    yAxis->setRange(-1, 1);
    replot();
}

QCPItemEllipse* VennPlot::circle(double cx, double r, const QColor& c, Qt::PenStyle style,
                                 int alpha) {
    auto* e = new QCPItemEllipse(this);
    e->topLeft->setCoords(cx - r, r);
    e->bottomRight->setCoords(cx + r, -r);
    e->setPen(QPen(c.darker(120), style == Qt::SolidLine ? 2.5 : 1.5, style));
    QColor fill = c;
    fill.setAlpha(alpha);
    e->setBrush(alpha > 0 ? QBrush(fill) : Qt::NoBrush);
    e->setSelectable(false);
    return e;
}

QCPItemText* VennPlot::label(double x, double y, const QString& text, int pointSize, bool bold) {
    auto* t = new QCPItemText(this);
    t->position->setCoords(x, y);
    QFont f = font();
    f.setPointSize(pointSize);
    f.setBold(bold);
    t->setFont(f);
    t->setText(text);
    t->setTextAlignment(Qt::AlignCenter);
    t->setSelectable(false);
    return t;
}

void VennPlot::setTruth(const VennParts& c, const QString& nameA, const QString& nameB,
                        const QString& caption) {
    const QString values = QString::fromUtf8("α = %1    β = %2    γ = %3")
                               .arg(num(c.alpha(), 3), num(c.beta(), 3), num(c.gamma(), 3));
    drawDiagram(c, nameA, nameB, values,
                caption.isEmpty() ? tr("true values of the generator") : caption, true);
}

void VennPlot::setEstimate(double alpha, double beta, double gamma, double sa, double sb, double sg,
                           const QString& nameA, const QString& nameB, const QString& caption) {
    auto p = VennParts::fromFractions(alpha, beta, gamma, 1.0);
    if (!p) {
        clearDiagram(tr("The estimate is not a valid Venn diagram"));
        return;
    }
    const QString values =
        QString::fromUtf8("α = %1 ± %2    β = %3 ± %4    γ = %5 ± %6")
            .arg(num(alpha, 2), num(sa, 2), num(beta, 2), num(sb, 2), num(gamma, 2), num(sg, 2));
    drawDiagram(*p, nameA, nameB, values,
                caption.isEmpty() ? tr("estimated (mean ± std)") : caption, false);
    // The uncertainty of γ as the overlap's range: dashed circles of b at γ ± std. The specific
    // parts stay; the shared part is the one that gives exactly that γ: s / (A + s + B) = g.
    for (double g : {gamma - sg, gamma + sg}) {
        if (p->onlyA + p->onlyB <= 0 || sg <= 0) break;  // nothing to move, or no spread
        g = std::clamp(g, 0.0, 0.999);
        VennParts q = *p;
        q.shared = g * (p->onlyA + p->onlyB) / (1 - g);
        const VennCircles cc = VennGeometry::circles(q);
        const double scale = circles_.radiusA / std::max(1e-9, cc.radiusA);
        circle(centreA_ + cc.distance * scale, cc.radiusB * scale, palette::modalityB(),
               Qt::DashLine, 0);
    }
    replot();
}

void VennPlot::overlayTruth(const VennParts& truth) {
    const double total = truth.onlyA + truth.shared + truth.onlyB;
    if (!parts_ || counts_ || total <= 0) return;  // only over an estimate, which sums to 1
    const VennParts q{truth.onlyA / total, truth.shared / total, truth.onlyB / total};
    truthOverlay_ = q;
    const VennCircles t = VennGeometry::circles(q);
    const QColor ink(40, 40, 40);
    if (t.radiusA > 0) circle(centreA_, t.radiusA, ink, Qt::DotLine, 0);
    if (t.radiusB > 0) circle(centreA_ + t.distance, t.radiusB, ink, Qt::DotLine, 0);
    replot();
}

void VennPlot::drawDiagram(const VennParts& p, const QString& nameA, const QString& nameB,
                           const QString& values, const QString& caption, bool counts) {
    clearItems();
    truthOverlay_.reset();
    parts_ = p;
    counts_ = counts;
    nameA_ = nameA, nameB_ = nameB;
    circles_ = VennGeometry::circles(p);
    const double ra = circles_.radiusA, rb = circles_.radiusB, d = circles_.distance;
    centreA_ = -d / 2, centreB_ = d / 2;
    if (ra > 0) circle(centreA_, ra, palette::modalityA(), Qt::SolidLine, 70);
    if (rb > 0) circle(centreB_, rb, palette::modalityB(), Qt::SolidLine, 70);
    const double top = std::max(ra, rb);
    auto amount = [&](double v) { return counts ? QString::number(std::lround(v)) : num(v, 2); };
    const QString unit = counts ? tr(" columns") : "";
    // Region centres along the axis: a only, the lens, b only.
    const double aLeft = centreA_ - ra, aRight = centreA_ + ra;
    const double bLeft = centreB_ - rb, bRight = centreB_ + rb;
    const int big = 13, small = 10;
    if (p.onlyA > 0)
        label((aLeft + std::min(aRight, bLeft)) / 2, 0,
              QString("A\n%1%2").arg(amount(p.onlyA), unit), small);
    if (p.shared > 0)
        label((std::max(aLeft, bLeft) + std::min(aRight, bRight)) / 2, 0,
              QString("G\n%1%2").arg(amount(p.shared), unit), small, true);
    if (p.onlyB > 0)
        label((std::max(aRight, bLeft) + bRight) / 2, 0,
              QString("B\n%1%2").arg(amount(p.onlyB), unit), small);
    auto* ta = label(centreA_ - ra * 0.55, ra * 1.02, tr("modality %1").arg(nameA), big, true);
    ta->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    ta->setColor(palette::modalityA().darker(130));
    auto* tb = label(centreB_ + rb * 0.55, rb * 1.02, tr("modality %1").arg(nameB), big, true);
    tb->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    tb->setColor(palette::modalityB().darker(130));
    auto* tv = label(0, -top * 1.12, values, big, true);
    tv->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    auto* tc = label(0, 0, caption, small);
    tc->setPositionAlignment(Qt::AlignHCenter | Qt::AlignTop);
    // Under the values line whatever the text size (figures set their own): pixels below it.
    tc->position->setType(QCPItemPosition::ptAbsolute);
    tc->position->setParentAnchor(tv->bottom);
    tc->position->setCoords(0, 2);
    tc->setColor(QColor(110, 110, 110));
    resetView();
    replot();
}

void VennPlot::resetView() {
    if (!parts_) return;
    const double ra = circles_.radiusA, rb = circles_.radiusB;
    const double left = centreA_ - ra, right = centreB_ + rb, top = std::max(ra, rb);
    const double w = right - left;
    xAxis->setRange(left - 0.12 * w, right + 0.12 * w);
    yAxis->setRange(-top * 1.55, top * 1.35);
    // Equal scales, so that circles stay round: widen whichever axis has room to spare. The
    // layout is brought up to date first: the axis rect's size changes only on replot.
    updateLayout();
    const QRect r = axisRect()->rect();
    if (r.width() > 0 && r.height() > 0) {
        const double xPerPx = xAxis->range().size() / r.width();
        const double yPerPx = yAxis->range().size() / r.height();
        if (xPerPx > yPerPx)
            yAxis->setScaleRatio(xAxis, 1.0);
        else
            xAxis->setScaleRatio(yAxis, 1.0);
    }
}

void VennPlot::resizeEvent(QResizeEvent* event) {
    PlotView::resizeEvent(event);
    resetView();
    replot(rpQueuedReplot);
}

QString VennPlot::describePosition(const QPointF& pixel) const {
    if (!parts_) return {};
    const double x = xAxis->pixelToCoord(pixel.x()), y = yAxis->pixelToCoord(pixel.y());
    const bool inA = std::hypot(x - centreA_, y) <= circles_.radiusA;
    const bool inB = std::hypot(x - centreB_, y) <= circles_.radiusB;
    const VennParts& p = *parts_;
    auto amount = [&](double v) {
        return counts_ ? tr("%1 decisive columns").arg(std::lround(v))
                       : tr("%1 of the decisive information").arg(num(v, 3));
    };
    if (inA && inB)
        return tr("Modality-general (G): %1\nγ = |G| / |D_a ∪ D_b| = %2")
            .arg(amount(p.shared), num(p.gamma(), 3));
    if (inA)
        return tr("Specific to %1 (A): %2\nα = |A| / |D_a| = %3")
            .arg(nameA_, amount(p.onlyA), num(p.alpha(), 3));
    if (inB)
        return tr("Specific to %1 (B): %2\nβ = |B| / |D_b| = %3")
            .arg(nameB_, amount(p.onlyB), num(p.beta(), 3));
    return {};
}

}  // namespace mfh::ui
