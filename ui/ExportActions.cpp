#include "ui/ExportActions.h"

#include <spdlog/spdlog.h>

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>

#include "ui/AccuracyPlot.h"
#include "ui/ExperimentReport.h"
#include "ui/ExportDialog.h"
#include "ui/ExportSettings.h"
#include "ui/JobQueue.h"
#include "ui/KdGainPlot.h"
#include "ui/PlotExport.h"
#include "ui/ResultsTable.h"
#include "ui/ResultsTabs.h"
#include "ui/SaliencyPlot.h"
#include "ui/SaliencyTab.h"
#include "ui/VennPlot.h"

namespace mfh::ui {

namespace {
// The shown experiment's figures with their captions; saliency only where there is some.
std::vector<ExperimentReport::Figure> figuresOf(ResultsTabs* tabs) {
    std::vector<ExperimentReport::Figure> f = {
        {QObject::tr("KD gain"), tabs->gainPlot()},
        {QObject::tr("Test accuracy"), tabs->accuracyPlot()},
        {QObject::tr("Modality Venn diagram"), tabs->vennPlot()}};
    auto* saliency = qobject_cast<SaliencyTab*>(tabs->saliencyTab());
    if (saliency && saliency->hasRuns())
        f.push_back({QObject::tr("Algorithm 1 saliency"), tabs->saliencyPlot()});
    return f;
}

void remember(const QString& path) {
    settings::exportFolder.set(QFileInfo(path).absolutePath());
}
}  // namespace

QString ExportActions::folderOf(ResultsTabs* tabs) {
    return tabs->shownJob() ? tabs->shownJob()->folder : QString();
}

FigureSpec ExportActions::rememberedSpec() {
    FigureSpec s;
    s.widthMm = settings::exportWidthMm.get();
    s.heightMm = settings::exportHeightMm.get();
    s.fontPt = settings::exportFontPt.get();
    s.dpi = settings::exportDpi.get();
    return s;
}

ExportOutcome ExportActions::figure(QWidget* parent, ResultsTabs* tabs) {
    PlotView* plot = tabs->currentPlot();
    if (!plot) {
        if (tabs->currentIsTable()) return table(parent, tabs);
        return {{}, QObject::tr("Choose a plot tab to export its figure")};
    }
    const auto [path, problem] = plot->exportDialog(folderOf(tabs));
    return {problem.isEmpty() ? path : QString(), problem};
}

ExportOutcome ExportActions::table(QWidget* parent, ResultsTabs* tabs) {
    if (!tabs->table()->hasResult())
        return {{}, QObject::tr("Run an experiment first: there is no table to export")};
    QString selected;
    QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export table"),
        QDir(ExportDialog::defaultFolder(folderOf(tabs))).filePath("table.csv"),
        QObject::tr("CSV (*.csv);;LaTeX (*.tex);;Markdown (*.md)"), &selected);
    if (path.isEmpty()) return {};
    if (QFileInfo(path).suffix().isEmpty())
        path += selected.contains("tex") ? ".tex" : selected.contains("md") ? ".md" : ".csv";
    const QString err = tabs->table()->exportTo(path);
    if (!err.isEmpty()) return {{}, err};
    remember(path);
    return {path, {}};
}

QStringList ExportActions::writeFigureSet(ResultsTabs* tabs, const QString& dir,
                                          const FigureSpec& spec) {
    if (!tabs->shownJob()) return {QObject::tr("no experiment is shown")};
    if (!QDir().mkpath(dir)) return {QObject::tr("cannot create %1").arg(dir)};
    QStringList problems;
    const QDir d(dir);
    for (const auto& f : figuresOf(tabs))
        for (const char* ext : {"png", "svg", "pdf"}) {
            const QString err =
                PlotExport::save(f.plot, d.filePath(f.plot->exportName() + "." + ext), spec);
            if (!err.isEmpty()) problems << err;
        }
    for (const char* ext : {"csv", "tex", "md"}) {
        const QString err = tabs->table()->exportTo(d.filePath(QString("table.") + ext));
        if (!err.isEmpty()) problems << err;
    }
    spdlog::info("figure set of '{}' written to {}", tabs->shownJob()->result.name,
                 dir.toStdString());
    return problems;
}

ExportOutcome ExportActions::figureSet(QWidget* parent, ResultsTabs* tabs) {
    if (!tabs->shownJob())
        return {{}, QObject::tr("Run an experiment first: there are no figures to export")};
    const QString dir = QFileDialog::getExistingDirectory(
        parent, QObject::tr("Export figure set into"), ExportDialog::defaultFolder(folderOf(tabs)));
    if (dir.isEmpty()) return {};
    const QStringList problems = writeFigureSet(tabs, dir, rememberedSpec());
    if (!problems.isEmpty()) return {{}, problems.join("; ")};
    settings::exportFolder.set(dir);
    return {dir, {}};
}

QString ExportActions::writeReport(ResultsTabs* tabs, const QString& htmlPath, bool pdf) {
    if (!tabs->shownJob()) return QObject::tr("Run an experiment first: there is no report");
    const ExperimentReport report(tabs->shownJob(), figuresOf(tabs));
    return report.write(htmlPath, pdf);
}

ExportOutcome ExportActions::report(QWidget* parent, ResultsTabs* tabs) {
    if (!tabs->shownJob())
        return {{}, QObject::tr("Run an experiment first: there is no report to export")};
    const QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export report"),
        QDir(ExportDialog::defaultFolder(folderOf(tabs))).filePath("report.html"),
        QObject::tr("HTML page, with its PDF beside it (*.html)"));
    if (path.isEmpty()) return {};
    const QString html = QFileInfo(path).suffix().isEmpty() ? path + ".html" : path;
    const QString err = writeReport(tabs, html, true);
    if (!err.isEmpty()) return {{}, err};
    remember(html);
    return {html, {}};
}

}  // namespace mfh::ui
