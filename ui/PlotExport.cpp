#include "ui/PlotExport.h"

#include <qcustomplot.h>
#include <QFileInfo>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace mfh::ui {

namespace {
QSize sizeOf(QCustomPlot* plot, int width, int height) {
    return {width > 0 ? width : plot->width(), height > 0 ? height : plot->height()};
}

QString commit(QSaveFile& f, const QString& path) {
    if (!f.commit()) return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    return {};
}
}  // namespace

QString PlotExport::save(QCustomPlot* plot, const QString& path, int dpi, int width, int height) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == "png") return png(plot, path, dpi, width, height);
    if (suffix == "svg") return svg(plot, path, width, height);
    if (suffix == "pdf") return pdf(plot, path, width, height);
    return QObject::tr("unknown figure format '%1' (png, svg, pdf)").arg(suffix);
}

QString PlotExport::png(QCustomPlot* plot, const QString& path, int dpi, int width, int height) {
    if (dpi < 24 || dpi > 2400) return QObject::tr("DPI %1 is out of range [24, 2400]").arg(dpi);
    const QSize s = sizeOf(plot, width, height);
    const double scale = dpi / 96.0;
    QImage img = plot->toPixmap(s.width(), s.height(), scale).toImage();
    const int dpm = static_cast<int>(dpi / 0.0254 + 0.5);
    img.setDotsPerMeterX(dpm);
    img.setDotsPerMeterY(dpm);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    if (!img.save(&f, "PNG")) {
        f.cancelWriting();
        return QObject::tr("cannot encode PNG %1").arg(path);
    }
    return commit(f, path);
}

QString PlotExport::svg(QCustomPlot* plot, const QString& path, int width, int height) {
    const QSize s = sizeOf(plot, width, height);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    QSvgGenerator gen;
    gen.setOutputDevice(&f);
    gen.setSize(s);
    gen.setViewBox(QRect(QPoint(0, 0), s));
    gen.setTitle(QFileInfo(path).completeBaseName());
    gen.setDescription("MFH Workbench");
    QCPPainter painter;
    if (!painter.begin(&gen)) {
        f.cancelWriting();
        return QObject::tr("cannot start SVG painting for %1").arg(path);
    }
    plot->toPainter(&painter, s.width(), s.height());
    painter.end();
    return commit(f, path);
}

QString PlotExport::pdf(QCustomPlot* plot, const QString& path, int width, int height) {
    const QSize s = sizeOf(plot, width, height);
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    {
        QPdfWriter pdf(&f);
        pdf.setCreator("MFH Workbench");
        pdf.setTitle(QFileInfo(path).completeBaseName());
        pdf.setResolution(96);
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setPageSize(
            QPageSize(QSizeF(s.width() / 96.0 * 72, s.height() / 96.0 * 72), QPageSize::Point));
        QCPPainter painter;
        if (!painter.begin(&pdf)) {
            f.cancelWriting();
            return QObject::tr("cannot start PDF painting for %1").arg(path);
        }
        painter.setMode(QCPPainter::pmVectorized);
        painter.setMode(QCPPainter::pmNoCaching);
        plot->toPainter(&painter, s.width(), s.height());
        painter.end();
    }
    return commit(f, path);
}

QString PlotExport::text(const QString& path, const QByteArray& content) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    if (f.write(content) != content.size()) {
        f.cancelWriting();
        return QObject::tr("cannot write %1: %2").arg(path, f.errorString());
    }
    return commit(f, path);
}

}  // namespace mfh::ui
