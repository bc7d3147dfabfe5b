#pragma once
// ExportActions: the File menu's exports of the shown experiment: the current figure (through
// ExportDialog), the table (CSV, LaTeX, Markdown), the figure set and the one-page report.
// Each asks where (starting in the experiment's folder, else the last export folder, never
// the file system's root), writes atomically and says what it wrote or the one problem.
#include <QString>
#include <QStringList>

class QWidget;

namespace mfh::ui {

class ResultsTabs;
struct FigureSpec;

struct ExportOutcome {
    QString written;  // what was written (the status line says so)
    QString problem;  // the reason it was not; both empty when the user cancelled
};

class ExportActions {
  public:
    static ExportOutcome figure(QWidget* parent, ResultsTabs* tabs);
    static ExportOutcome table(QWidget* parent, ResultsTabs* tabs);
    static ExportOutcome figureSet(QWidget* parent, ResultsTabs* tabs);
    static ExportOutcome report(QWidget* parent, ResultsTabs* tabs);
    // Without asking: every figure of the shown experiment in PNG, SVG and PDF at `spec`'s
    // size and text, and its table as CSV, LaTeX and Markdown, into `dir`; the problems.
    static QStringList writeFigureSet(ResultsTabs* tabs, const QString& dir,
                                      const FigureSpec& spec);
    // The report as `htmlPath` (and its PDF); empty on success.
    static QString writeReport(ResultsTabs* tabs, const QString& htmlPath, bool pdf = true);
    // The shown experiment's folder, or empty.
    static QString folderOf(ResultsTabs* tabs);
    // The remembered figure size and text (ui/ExportSettings.h).
    static FigureSpec rememberedSpec();
};

}  // namespace mfh::ui
