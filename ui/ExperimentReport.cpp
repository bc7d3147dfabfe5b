#include "ui/ExperimentReport.h"

#include <QBuffer>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QPdfWriter>
#include <QTextDocument>
#include <QUrl>

#include "core/base/Version.h"
#include "core/experiments/Report.h"
#include "core/experiments/ReportHelpers.h"
#include "core/experiments/StoredExperiment.h"
#include "ui/JobQueue.h"
#include "ui/PlotExport.h"
#include "ui/PlotView.h"
#include "ui/ResultSeries.h"

namespace mfh::ui {

namespace {
QString esc(const QString& s) {
    return s.toHtmlEscaped();
}
QString esc(const std::string& s) {
    return QString::fromStdString(s).toHtmlEscaped();
}
}  // namespace

FigureSpec ExperimentReport::figureSpec() {
    FigureSpec s;
    s.widthMm = 160, s.heightMm = 100, s.fontPt = 9, s.dpi = 150;
    return s;
}

ExperimentReport::ExperimentReport(std::shared_ptr<const Job> job, std::vector<Figure> figures)
    : job_(std::move(job)), figures_(std::move(figures)) {
    for (const auto& f : figures_) {
        QString problem;
        png_.push_back(PlotExport::render(f.plot, figureSpec(), FigureFormat::Png, &problem));
        if (!problem.isEmpty() && problem_.isEmpty())
            problem_ = QObject::tr("cannot draw the figure '%1': %2").arg(f.caption, problem);
    }
}

QStringList ExperimentReport::provenance() const {
    QStringList out;
    const Job& j = *job_;
    out << QObject::tr("Folder: %1").arg(j.folder);
    const int total = j.trialsTotal.load();
    out << QObject::tr("Status: %1, %2 of %3 trials")
               .arg(statusText(j.status.load()))
               .arg(j.trialsDone.load())
               .arg(total);
    QString writer = QObject::tr("mfh %1 (%2)")
                         .arg(QString::fromUtf8(version()), QString::fromUtf8(gitRevision()));
    QString dates;
    try {  // the folder's own record, when it has one
        const auto s = StoredExperiment::readState(j.folder.toStdString());
        writer = QObject::tr("mfh %1 (%2)")
                     .arg(QString::fromStdString(s.value("app_version", "?")),
                          QString::fromStdString(s.value("git_revision", "?")));
        dates = QObject::tr("created %1, updated %2")
                    .arg(QString::fromStdString(s.value("created", "?")),
                         QString::fromStdString(s.value("updated", "?")));
    } catch (const std::exception&) {
    }
    out << QObject::tr("Written by: %1").arg(writer);
    if (!dates.isEmpty()) out << QObject::tr("Dates: %1").arg(dates);
    if (!j.provenance.isEmpty()) out << j.provenance;
    out << QObject::tr("Seeds: %1; %2 trainings, %3 reused, %4 taken from the folder")
               .arg(j.result.seeds.size())
               .arg(j.result.runsTrained)
               .arg(j.result.runsReused)
               .arg(j.result.runsResumed);
    out << QObject::tr("Report made %1 by MFH Workbench %2")
               .arg(QDateTime::currentDateTime().toString(Qt::ISODate),
                    QString::fromUtf8(version()));
    return out;
}

QString ExperimentReport::html(bool embedded) const {
    const ExperimentResult& r = job_->result;
    const QString title = ResultSeries::experimentTitle(r);
    QString h;
    h += "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + esc(title) +
         "</title>\n<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}"
         "table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ccc;"
         "text-align:right}th{background:#f0f0f0}.sig{font-weight:bold}.up{color:#1a7f37}"
         ".down{color:#b00020}pre{background:#f6f6f6;padding:8px;font-size:85%}"
         "img{max-width:100%}</style></head><body>\n";
    h += "<h1>" + esc(title) + "</h1>\n<h2>" + QObject::tr("Provenance") + "</h2>\n<ul>\n";
    for (const auto& line : provenance()) h += "<li>" + esc(line) + "</li>\n";
    h += "</ul>\n<h2>" + QObject::tr("Results") + "</h2>\n";
    const ReportTable t = Report::layout(r, true);
    h += "<table id=\"results\" border=\"1\" cellspacing=\"0\" cellpadding=\"3\">\n<tr>";
    for (std::size_t c = 0; c < t.header.size(); ++c)
        h += "<th title=\"" + esc(t.keys[c]) + "\">" + esc(t.header[c]) + "</th>";
    h += "</tr>\n";
    for (const auto& row : t.rows) {
        h += "<tr>";
        for (const auto& cell : row) {
            const QString cls = cell.significant ? (cell.mean > 0 ? "sig up" : "sig down") : "";
            h += (cls.isEmpty() ? QString("<td>") : "<td class=\"" + cls + "\">") + esc(cell.text) +
                 "</td>";
        }
        h += "</tr>\n";
    }
    h += "</table>\n";
    if (t.marked) h += "<p><small>" + esc(std::string(report::kSignificantNote)) + "</small></p>\n";
    h += "<h2>" + QObject::tr("Figures") + "</h2>\n";
    for (std::size_t i = 0; i < figures_.size(); ++i) {
        const QString src = embedded
                                ? "data:image/png;base64," + QString::fromLatin1(png_[i].toBase64())
                                : QString("figure-%1.png").arg(i);
        h += "<h3>" + esc(figures_[i].caption) + "</h3>\n<p><img class=\"figure\" src=\"" + src +
             "\" width=\"600\" alt=\"" + esc(figures_[i].caption) + "\"></p>\n";
    }
    h += "<h2>" + QObject::tr("Configuration") + "</h2>\n<pre>" +
         esc(job_->config.is_null() ? std::string("{}") : job_->config.dump(2)) + "</pre>\n";
    h += "</body></html>\n";
    return h;
}

QString ExperimentReport::write(const QString& htmlPath, bool pdf) const {
    if (!problem_.isEmpty()) return problem_;
    const QFileInfo fi(htmlPath);
    if (!fi.absoluteDir().exists())
        return QObject::tr("cannot write the report: the folder %1 does not exist")
            .arg(fi.absolutePath());
    const QByteArray page = html(true).toUtf8();
    QByteArray pdfBytes;
    if (pdf) {
        QTextDocument doc;
        for (std::size_t i = 0; i < png_.size(); ++i)
            doc.addResource(QTextDocument::ImageResource, QUrl(QString("figure-%1.png").arg(i)),
                            QImage::fromData(png_[i], "PNG"));
        doc.setHtml(html(false));
        QBuffer buf(&pdfBytes);
        buf.open(QIODevice::WriteOnly);
        QPdfWriter w(&buf);
        w.setCreator("MFH Workbench");
        w.setTitle(ResultSeries::experimentTitle(job_->result));
        w.setPageSize(QPageSize(QPageSize::A4));
        w.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        doc.print(&w);
    }
    if (QString e = PlotExport::text(htmlPath, page); !e.isEmpty()) return e;
    if (pdf) {
        const QString pdfPath = fi.absoluteDir().filePath(fi.completeBaseName() + ".pdf");
        if (QString e = PlotExport::text(pdfPath, pdfBytes); !e.isEmpty()) {
            QFile::remove(htmlPath);  // both or neither
            return e;
        }
    }
    return {};
}

}  // namespace mfh::ui
