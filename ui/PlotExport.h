#pragma once
// PlotExport: a plot to PNG (at a chosen DPI), SVG or PDF, and text to a file. Every write goes
// to a temporary file that replaces the target only when complete (QSaveFile), so an export
// that fails leaves the previous file, or none, never half of one.
#include <QString>

class QCustomPlot;

namespace mfh::ui {

class PlotExport {
  public:
    // The format follows the suffix (png, svg, pdf). Size in pixels at 96 DPI; 0 = the plot's
    // current size. Returns an empty string on success, else the reason.
    static QString save(QCustomPlot* plot, const QString& path, int dpi = 300, int width = 0,
                        int height = 0);
    static QString png(QCustomPlot* plot, const QString& path, int dpi, int width, int height);
    static QString svg(QCustomPlot* plot, const QString& path, int width, int height);
    static QString pdf(QCustomPlot* plot, const QString& path, int width, int height);
    static QString text(const QString& path, const QByteArray& content);
};

}  // namespace mfh::ui
