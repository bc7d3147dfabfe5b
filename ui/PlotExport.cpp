#include "ui/PlotExport.h"

#include <qcustomplot.h>
#include <QBuffer>
#include <QFileInfo>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>
#include <memory>

#include "ui/FigureStyle.h"
#include "ui/FigureTarget.h"

namespace mfh::ui {

namespace {

// What is drawn: `px` logical pixels at `logicalDpi` (the painter's units), filling a
// physical `mm` size; a PNG has `dpi`.
struct Target {
    QSize px;
    QSizeF exactPx;  // px before rounding: the SVG's view box
    QSizeF mm;
    double logicalDpi = 96;
    int dpi = 300;
};

Target targetOf(const FigureSpec& s) {
    Target t;
    t.exactPx = QSizeF(s.widthPx(), s.heightPx());
    t.px = QSize(qRound(t.exactPx.width()), qRound(t.exactPx.height()));
    t.mm = QSizeF(s.widthMm, s.heightMm);
    t.logicalDpi = FigureSpec::kLogicalDpi;
    t.dpi = s.dpi;
    return t;
}

QByteArray png(QCustomPlot* plot, const Target& t, QString* problem) {
    if (t.dpi < 24 || t.dpi > 2400) {
        *problem = QObject::tr("DPI %1 is out of range [24, 2400]").arg(t.dpi);
        return {};
    }
    // The scale that makes the image's width the physical width at the DPI.
    const double scale = t.mm.width() / 25.4 * t.dpi / t.px.width();
    QImage img = plot->toPixmap(t.px.width(), t.px.height(), scale).toImage();
    const int dpm = static_cast<int>(t.dpi / 0.0254 + 0.5);
    img.setDotsPerMeterX(dpm);
    img.setDotsPerMeterY(dpm);
    QBuffer buf;
    buf.open(QIODevice::WriteOnly);
    if (!img.save(&buf, "PNG")) *problem = QObject::tr("cannot encode the PNG image");
    return buf.data();
}

QByteArray svg(QCustomPlot* plot, const Target& t, const QString& title, QString* problem) {
    QBuffer buf;
    buf.open(QIODevice::WriteOnly);
    {
        QSvgGenerator gen;
        gen.setOutputDevice(&buf);
        gen.setResolution(qRound(t.logicalDpi));
        gen.setSize(t.px);
        gen.setViewBox(QRectF(QPointF(0, 0), t.exactPx));
        gen.setTitle(title);
        gen.setDescription("MFH Workbench");
        QCPPainter painter;
        if (!painter.begin(&gen)) {
            *problem = QObject::tr("cannot start SVG painting");
            return {};
        }
        plot->toPainter(&painter, t.px.width(), t.px.height());
        painter.end();
    }
    // The generator sizes the document from whole pixels; the figure's size is exact.
    QString doc = QString::fromUtf8(buf.data());
    static const QRegularExpression size(R"(width="[^"]*mm" height="[^"]*mm")");
    const auto m = size.match(doc);
    if (m.hasMatch())
        doc.replace(m.capturedStart(), m.capturedLength(),
                    QString("width=\"%1mm\" height=\"%2mm\"")
                        .arg(t.mm.width(), 0, 'g', 10)
                        .arg(t.mm.height(), 0, 'g', 10));
    return doc.toUtf8();
}

QByteArray pdf(QCustomPlot* plot, const Target& t, const QString& title, QString* problem) {
    QBuffer buf;
    buf.open(QIODevice::WriteOnly);
    {
        QPdfWriter pdf(&buf);
        pdf.setCreator("MFH Workbench");
        pdf.setTitle(title);
        pdf.setResolution(qRound(t.logicalDpi));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setPageSize(QPageSize(t.mm, QPageSize::Millimeter, QString(), QPageSize::ExactMatch));
        QCPPainter painter;
        if (!painter.begin(&pdf)) {
            *problem = QObject::tr("cannot start PDF painting");
            return {};
        }
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        plot->toPainter(&painter, t.px.width(), t.px.height());
        painter.end();
    }
    return buf.data();
}

QByteArray draw(QCustomPlot* plot, const Target& t, FigureFormat f, const QString& title,
                QString* problem) {
    if (f == FigureFormat::Svg) return svg(plot, t, title, problem);
    if (f == FigureFormat::Pdf) return pdf(plot, t, title, problem);
    return png(plot, t, problem);
}

QString write(const QString& path, const QByteArray& bytes, const QString& problem) {
    if (!problem.isEmpty()) return QObject::tr("cannot export %1: %2").arg(path, problem);
    return PlotExport::text(path, bytes);
}

}  // namespace

QString PlotExport::save(QCustomPlot* plot, const QString& path, int dpi, int width, int height) {
    FigureFormat f;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!formatOf(suffix, f))
        return QObject::tr("unknown figure format '%1' (png, svg, pdf)").arg(suffix);
    Target t;
    t.px = QSize(width > 0 ? width : plot->width(), height > 0 ? height : plot->height());
    t.exactPx = t.px;
    t.mm = QSizeF(t.px) * (25.4 / 96);
    t.dpi = dpi;
    QString problem;
    QByteArray bytes;
    if (auto* view = dynamic_cast<FigureTarget*>(plot)) {
        FigureStyle style(view, nullptr, t.px);  // the layout for the file's size
        bytes = draw(plot, t, f, QFileInfo(path).completeBaseName(), &problem);
    } else {
        bytes = draw(plot, t, f, QFileInfo(path).completeBaseName(), &problem);
    }
    return write(path, bytes, problem);
}

QByteArray PlotExport::render(FigureTarget* plot, const FigureSpec& spec, FigureFormat format,
                              QString* problem) {
    if (!(spec.widthMm >= 5 && spec.widthMm <= 2000 && spec.heightMm >= 5 &&
          spec.heightMm <= 2000)) {
        *problem = QObject::tr("a figure is 5 mm to 2 m wide and high, not %1 × %2 mm")
                       .arg(spec.widthMm)
                       .arg(spec.heightMm);
        return {};
    }
    if (!(spec.fontPt >= 2 && spec.fontPt <= 72)) {
        *problem = QObject::tr("text of %1 pt is out of range [2, 72]").arg(spec.fontPt);
        return {};
    }
    const Target t = targetOf(spec);
    FigureStyle style(plot, &spec, t.px);
    return draw(plot->figurePlot(), t, format, style.title(), problem);
}

QString PlotExport::save(FigureTarget* plot, const QString& path, const FigureSpec& spec) {
    FigureFormat f;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (!formatOf(suffix, f))
        return QObject::tr("unknown figure format '%1' (png, svg, pdf)").arg(suffix);
    QString problem;
    const QByteArray bytes = render(plot, spec, f, &problem);
    return write(path, bytes, problem);
}

QString PlotExport::text(const QString& path, const QByteArray& content) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    if (f.write(content) != content.size()) {
        f.cancelWriting();
        return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    }
    if (!f.commit()) return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    return {};
}

}  // namespace mfh::ui
