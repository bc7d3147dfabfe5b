#pragma once
// ExperimentReport: one page that holds an experiment: its title, provenance (folder, status,
// trials, writer version, dates), the results table (the cells of core's Report::layout, as
// on screen), every figure and the configuration (the experiment file, indented). Written as
// HTML with the figures embedded as base64 PNGs, and as PDF (QTextDocument on QPdfWriter).
// Both are rendered in memory first and written atomically (QSaveFile): a folder that cannot
// be written gets one message and no file, and a failed PDF removes the HTML written with it.
#include <QString>
#include <QStringList>
#include <memory>
#include <vector>

#include "ui/FigureSpec.h"

namespace mfh::ui {

struct Job;
class PlotView;

class ExperimentReport {
  public:
    struct Figure {
        QString caption;
        PlotView* plot;
    };
    ExperimentReport(std::shared_ptr<const Job> job, std::vector<Figure> figures);
    // The page; images as data URIs (`embedded`) or as "figure-N.png" resources (the PDF).
    QString html(bool embedded) const;
    // The provenance lines.
    QStringList provenance() const;
    // Writes `htmlPath` and, when `pdf`, the PDF of the same name; empty on success.
    QString write(const QString& htmlPath, bool pdf) const;
    // The figures' size in the report: 16 × 10 cm at 9 pt.
    static FigureSpec figureSpec();

  private:
    std::shared_ptr<const Job> job_;
    std::vector<Figure> figures_;
    std::vector<QByteArray> png_;  // one per figure, rendered once
    QString problem_;              // a figure that could not be rendered
};

}  // namespace mfh::ui
