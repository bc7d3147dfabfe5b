#include "ui/FigureStyle.h"

#include <qcustomplot.h>
#include <algorithm>

#include "ui/FigureSpec.h"
#include "ui/FigureTarget.h"

namespace mfh::ui {

namespace {
QFont sized(QFont f, int px) {
    f.setPixelSize(std::max(1, px));
    return f;
}
// A font's size in points, whichever way it was given (96 logical DPI on screen).
double pointsOf(const QFont& f) {
    return f.pointSizeF() > 0 ? f.pointSizeF() : f.pixelSize() * 72.0 / 96.0;
}
// Breaks `text` into lines at spaces so that no line is wider than `width` (a single word
// longer than that keeps its line).
QString wrapped(const QString& text, const QFont& font, double width) {
    const QFontMetricsF m(font);
    QStringList lines;
    QString line;
    for (const QString& word : text.split(' ', Qt::SkipEmptyParts)) {
        const QString longer = line.isEmpty() ? word : line + ' ' + word;
        if (!line.isEmpty() && m.horizontalAdvance(longer) > width) {
            lines << line;
            line = word;
        } else {
            line = longer;
        }
    }
    if (!line.isEmpty()) lines << line;
    return lines.join('\n');
}
}  // namespace

FigureStyle::FigureStyle(FigureTarget* target, const FigureSpec* spec, const QSize& px)
    : target_(target), plot_(target->figurePlot()) {
    QCustomPlot* plot = plot_;
    QCPTextElement* t = target->titleElement();
    title_ = t ? t->text() : QString();
    if (spec) {
        styled_ = true;
        // Logical pixels of a point: text of `fontPt` is a whole number of pixels.
        const int base = qRound(spec->fontPt * FigureSpec::kLogicalDpi / 72.0);
        for (QCPAxis* ax : plot->axisRect()->axes()) {
            axes_.push_back({ax, {ax->labelFont(), ax->tickLabelFont()}});
            ax->setLabelFont(sized(ax->labelFont(), base));
            ax->setTickLabelFont(sized(ax->tickLabelFont(), base));
        }
        oldLegendFont_ = plot->legend->font();
        plot->legend->setFont(sized(plot->legend->font(), base));
        const double screenPt = pointsOf(plot->font());
        for (int i = 0; i < plot->itemCount(); ++i)
            if (auto* text = qobject_cast<QCPItemText*>(plot->item(i))) {
                items_.push_back({text, text->font()});
                const double ratio = std::clamp(pointsOf(text->font()) / screenPt, 0.8, 1.25);
                text->setFont(sized(text->font(), qRound(base * ratio)));
            }
        if (t) {
            oldTitle_ = t->text();
            oldTitleFont_ = t->font();
            t->setFont(sized(t->font(), qRound(base * 1.1)));
            if (spec->titleSet) title_ = spec->title;
            t->setText(wrapped(title_, t->font(), px.width() * 0.95));
            if (title_.isEmpty() && plot->plotLayout()->element(0, 0) == t) {
                plot->plotLayout()->take(t);  // no empty row where the title was
                plot->plotLayout()->simplify();
                titleTaken_ = true;
            }
        }
    }
    target->beginFigure(px);
}

FigureStyle::~FigureStyle() {
    if (styled_) {
        for (auto& [ax, fonts] : axes_) {
            ax->setLabelFont(fonts.first);
            ax->setTickLabelFont(fonts.second);
        }
        plot_->legend->setFont(oldLegendFont_);
        for (auto& [text, font] : items_) text->setFont(font);
        if (QCPTextElement* t = target_->titleElement()) {
            t->setText(oldTitle_);
            t->setFont(oldTitleFont_);
            if (titleTaken_) {
                plot_->plotLayout()->insertRow(0);
                plot_->plotLayout()->addElement(0, 0, t);
            }
        }
    }
    target_->endFigure();
}

}  // namespace mfh::ui
