#pragma once
// PlotExport: a plot to PNG (at a chosen DPI), SVG or PDF, and text to a file. Every write goes
// to a temporary file that replaces the target only when complete (QSaveFile), so an export
// that fails leaves the previous file, or none, never half of one.
//
// A paper figure (FigureSpec) has a physical size and a text size: the SVG's width and height
// (in mm) and the PDF's page are that size, text is drawn at that many points, and a PNG has
// that size at its DPI. The plot is laid out for the figure while it is drawn and for its
// widget again afterwards, so the screen does not change; views that keep equal axis scales
// (the Venn diagram) keep them at any requested size.
#include <QByteArray>
#include <QString>

#include "ui/FigureSpec.h"

class QCustomPlot;

namespace mfh::ui {

class FigureTarget;

class PlotExport {
  public:
    // The format follows the suffix (png, svg, pdf). Size in pixels at 96 DPI; 0 = the plot's
    // current size. Returns an empty string on success, else the reason.
    static QString save(QCustomPlot* plot, const QString& path, int dpi = 300, int width = 0,
                        int height = 0);
    // A paper figure; the format follows the suffix.
    static QString save(FigureTarget* plot, const QString& path, const FigureSpec& spec);
    // The figure as the bytes of a file of `format`; empty with `problem` set on failure.
    static QByteArray render(FigureTarget* plot, const FigureSpec& spec, FigureFormat format,
                             QString* problem);
    static QString text(const QString& path, const QByteArray& content);
};

}  // namespace mfh::ui
