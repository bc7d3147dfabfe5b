// Paper figures, tables and the experiment report, through the real widgets (offscreen), on a
// real Fig. 2 run of two seeds: exported sizes and text in SVG, PDF and PNG equal the request;
// the Venn diagram's circles stay circles at any size and in every format; titles and axes
// read in the user's terms; the screen table's header is the exported tables' header; hiding
// a curve hides its error bars and rescales; the legend covers no point; the report holds the
// table, one image per figure and the provenance; an unwritable folder is one message and no
// file.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSvgRenderer>

#include "core/base/Statistics.h"
#include "core/experiments/Report.h"
#include "core/experiments/ReportHelpers.h"
#include "ui/AccuracyPlot.h"
#include "ui/ExportActions.h"
#include "ui/ExportDialog.h"
#include "ui/ExportSettings.h"
#include "ui/JobQueue.h"
#include "ui/KdGainPlot.h"
#include "ui/MainWindow.h"
#include "ui/Palette.h"
#include "ui/PlotExport.h"
#include "ui/ResultsTable.h"
#include "ui/ResultsTabs.h"
#include "ui/Settings.h"
#include "ui/VennPlot.h"

using namespace mfh;
using namespace mfh::ui;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// The number in `attr="…"` of the SVG's root element.
double svgAttr(const QByteArray& svg, const QString& attr, QString* unit = nullptr) {
    const QRegularExpression re("<svg[^>]*\\s" + attr + "=\"([0-9.]+)([a-z]*)\"");
    const auto m = re.match(QString::fromUtf8(svg));
    if (!m.hasMatch()) return -1;
    if (unit) *unit = m.captured(2);
    return m.captured(1).toDouble();
}

// The PDF's first page size in points, from its /MediaBox.
QSizeF pdfPage(const QByteArray& pdf) {
    const QRegularExpression re(
        R"re(/MediaBox\s*\[\s*([0-9.]+)\s+([0-9.]+)\s+([0-9.]+)\s+([0-9.]+))re");
    const auto m = re.match(QString::fromLatin1(pdf));
    if (!m.hasMatch()) return {};
    return {m.captured(3).toDouble() - m.captured(1).toDouble(),
            m.captured(4).toDouble() - m.captured(2).toDouble()};
}

// The bounding box of the region of colour `c` (within `tol` per channel): pixels whose
// neighbours two pixels away are of that colour too, so that the anti-aliased edges of text,
// which pass through every colour, do not count.
QRect extentOf(const QImage& img, const QColor& c, int tol = 10) {
    auto is = [&](int x, int y) {
        if (x < 0 || y < 0 || x >= img.width() || y >= img.height()) return false;
        const QColor p = img.pixelColor(x, y);
        return std::abs(p.red() - c.red()) <= tol && std::abs(p.green() - c.green()) <= tol &&
               std::abs(p.blue() - c.blue()) <= tol;
    };
    int x0 = img.width(), y0 = img.height(), x1 = -1, y1 = -1;
    for (int y = 0; y < img.height(); ++y)
        for (int x = 0; x < img.width(); ++x)
            if (is(x, y) && is(x - 2, y) && is(x + 2, y) && is(x, y - 2) && is(x, y + 2))
                x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y),
                y1 = std::max(y1, y);
    return x1 < 0 ? QRect() : QRect(QPoint(x0, y0), QPoint(x1, y1));
}

// The fill of a Venn circle where it overlaps nothing: its colour at alpha 70 over white.
QColor vennFill(const QColor& c) {
    const double a = 70 / 255.0;
    return QColor(qRound(c.red() * a + 255 * (1 - a)), qRound(c.green() * a + 255 * (1 - a)),
                  qRound(c.blue() * a + 255 * (1 - a)));
}

FigureSpec spec(double wMm, double hMm, double pt = 8, int dpi = 300) {
    FigureSpec s;
    s.widthMm = wMm, s.heightMm = hMm, s.fontPt = pt, s.dpi = dpi;
    return s;
}

// A PDF page as a PNG through Ghostscript, or a null image where it is not installed.
QImage rasterized(const QString& pdf, int dpi) {
    const QString gs = QStandardPaths::findExecutable("gs");
    if (gs.isEmpty()) return {};
    const QString png = pdf + ".png";
    QProcess p;
    p.start(gs, {"-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=png16m",
                 QString("-r%1").arg(dpi), "-o", png, pdf});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) return {};
    return QImage(png);
}

}  // namespace

class TestExport : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<MainWindow> w_;
    std::shared_ptr<Job> job_;

    ResultsTabs* tabs() const { return w_->results(); }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // settings away from the user's
        QSettings().clear();
        // MFH_KEEP_EXPORTS=1 keeps the files written, to look at them.
        tmp_.setAutoRemove(qEnvironmentVariableIsEmpty("MFH_KEEP_EXPORTS"));
        if (!tmp_.autoRemove()) qInfo("exports kept in %s", qPrintable(tmp_.path()));
        setRunsRootOverride(tmp_.filePath("runs"));
        w_ = std::make_unique<MainWindow>();
        w_->setConfirmClose(false);
        w_->resize(1300, 850);
        w_->show();
        QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
        // Fig. 2 with two seeds: six grid points, real training, a few seconds.
        auto j = paperExperiment("fig2");
        j["seeds"] = {{"first", 0}, {"count", 2}};
        QSignalSpy finished(w_->queue(), &JobQueue::jobFinished);
        const int id = w_->queue()->enqueue(j, tmp_.filePath("runs"));
        QVERIFY(finished.wait(180000));
        job_ = w_->queue()->job(id);
        QCOMPARE(job_->status.load(), JobStatus::Complete);
        QVERIFY(tabs()->shownJob() == job_);
    }
    void cleanupTestCase() { w_.reset(); }

    // The SVG's width and height, the PDF's page and the PNG's pixels are the requested size;
    // text is at the requested points; the plot on screen is as it was.
    void exportedSizesMatchTheRequest() {
        KdGainPlot* plot = tabs()->gainPlot();
        tabs()->setCurrentWidget(tabs()->gainTab());
        plot->replot();
        const QRect rectBefore = plot->axisRect()->rect();
        const QFont fontBefore = plot->xAxis->labelFont();
        const QCPRange rangeBefore = plot->xAxis->range();
        const QImage before = plot->grab().toImage();
        const FigureSpec s = spec(85, 60, 8);
        const QString svg = tmp_.filePath("gain.svg"), pdf = tmp_.filePath("gain.pdf"),
                      png = tmp_.filePath("gain.png");
        QCOMPARE(PlotExport::save(plot, svg, s), QString());
        QCOMPARE(PlotExport::save(plot, pdf, s), QString());
        QCOMPARE(PlotExport::save(plot, png, s), QString());

        const QByteArray doc = readAll(svg);
        QString unit;
        QVERIFY2(std::abs(svgAttr(doc, "width", &unit) - 85) < 0.01, doc.left(400).constData());
        QCOMPARE(unit, QString("mm"));
        QVERIFY(std::abs(svgAttr(doc, "height", &unit) - 60) < 0.01);
        // The view box maps 144 user units to the inch: 85 mm = 481.9 units.
        const auto vb = QRegularExpression(R"re(viewBox="0 0 ([0-9.]+) ([0-9.]+)")re")
                            .match(QString::fromUtf8(doc));
        QVERIFY(vb.hasMatch());
        const double unitsPerMm = vb.captured(1).toDouble() / 85;
        QVERIFY(std::abs(unitsPerMm - 144 / 25.4) < 1e-3);
        QVERIFY(std::abs(vb.captured(2).toDouble() / 60 - unitsPerMm) < 1e-3);
        // Tick and axis labels at 8 pt: 16 user units (8 / 72 inch).
        const auto sizes =
            QRegularExpression(R"re(font-size="([0-9.]+)")re").globalMatch(QString::fromUtf8(doc));
        QMap<double, int> count;
        for (auto it = sizes; it.hasNext();) count[it.next().captured(1).toDouble()]++;
        QVERIFY2(count.value(16) > 5, qPrintable(QString::number(count.size())));
        for (auto it = count.begin(); it != count.end(); ++it)  // nothing on-screen sized
            QVERIFY2(it.key() >= 16 && it.key() <= 20, qPrintable(QString::number(it.key())));

        const QSizeF page = pdfPage(readAll(pdf));
        QVERIFY2(std::abs(page.width() - 85 / 25.4 * 72) < 0.1,
                 qPrintable(QString::number(page.width())));
        QVERIFY(std::abs(page.height() - 60 / 25.4 * 72) < 0.1);

        const QImage img(png);
        QVERIFY(std::abs(img.width() - 85 / 25.4 * 300) <= 1);
        QVERIFY2(std::abs(img.height() - 60 / 25.4 * 300) <= 1.5,
                 qPrintable(QString::number(img.height())));
        QVERIFY(std::abs(img.dotsPerMeterX() - 300 / 0.0254) < 2);

        // The screen is unchanged.
        plot->replot();
        QCOMPARE(plot->axisRect()->rect(), rectBefore);
        QVERIFY(plot->xAxis->labelFont() == fontBefore);
        QCOMPARE(plot->xAxis->range().lower, rangeBefore.lower);
        QVERIFY(plot->grab().toImage() == before);
        // A size out of range is named and writes nothing.
        QVERIFY(PlotExport::save(plot, tmp_.filePath("tiny.svg"), spec(1, 60)).contains("5 mm"));
        QVERIFY(!QFileInfo::exists(tmp_.filePath("tiny.svg")));
    }

    // Circles stay circles: at a very wide and a very tall size, in PNG, PDF and SVG, and in
    // the figure set, the circle's horizontal and vertical extents are equal.
    void vennCirclesStayRoundInEveryFormat() {
        VennPlot venn;
        venn.resize(500, 300);
        venn.show();
        QVERIFY(QTest::qWaitForWindowExposed(&venn));
        VennParts p;
        p.onlyA = 10, p.shared = 0, p.onlyB = 5;  // apart: circle a is whole in its colour
        venn.setTruth(p);
        const QColor fillA = vennFill(palette::modalityA());
        for (const auto& [w, h] : {std::pair{200.0, 50.0}, std::pair{40.0, 120.0}}) {
            const QString png = tmp_.filePath(QString("venn-%1.png").arg(w));
            QCOMPARE(PlotExport::save(&venn, png, spec(w, h, 8, 150)), QString());
            const QRect e = extentOf(QImage(png), fillA);
            QVERIFY2(
                e.width() > 40 && std::abs(e.width() - e.height()) <= 2,
                qPrintable(
                    QString("%1 x %2 at %3 x %4 mm").arg(e.width()).arg(e.height()).arg(w).arg(h)));
            // SVG: both circles are drawn with equal radii in user units.
            const QString svg = tmp_.filePath(QString("venn-%1.svg").arg(w));
            QCOMPARE(PlotExport::save(&venn, svg, spec(w, h)), QString());
            const auto ellipses =
                QRegularExpression(R"re(<ellipse[^>]*rx="([0-9.]+)"[^>]*ry="([0-9.]+)")re")
                    .globalMatch(QString::fromUtf8(readAll(svg)));
            int n = 0;
            for (auto it = ellipses; it.hasNext(); ++n) {
                const auto m = it.next();
                QVERIFY2(std::abs(m.captured(1).toDouble() / m.captured(2).toDouble() - 1) < 0.01,
                         qPrintable(m.captured(0)));
            }
            // Rendered (QSvgRenderer), the circle is as wide as high.
            QSvgRenderer renderer(svg);
            QImage drawn(renderer.viewBoxF().size().toSize() * 2, QImage::Format_ARGB32);
            drawn.fill(Qt::white);
            {
                QPainter painter(&drawn);
                renderer.render(&painter);
            }
            drawn.save(svg + ".png");
            const QRect se = extentOf(drawn, fillA);
            QVERIFY2(se.width() > 40 && std::abs(se.width() - se.height()) <= 2,
                     qPrintable(QString("SVG %1 x %2").arg(se.width()).arg(se.height())));
            // Qt writes a <circle> where the radii are equal to its precision.
            n += QString::fromUtf8(readAll(svg)).count("<circle ");
            QVERIFY2(n >= 2, qPrintable(QString::number(n)));
            // PDF: drawn by Ghostscript where it is installed.
            const QString pdf = tmp_.filePath(QString("venn-%1.pdf").arg(w));
            QCOMPARE(PlotExport::save(&venn, pdf, spec(w, h)), QString());
            const QImage r = rasterized(pdf, 150);
            if (!r.isNull()) {
                const QRect pe = extentOf(r, fillA, 14);
                QVERIFY2(pe.width() > 40 && std::abs(pe.width() - pe.height()) <= 3,
                         qPrintable(QString("PDF %1 x %2").arg(pe.width()).arg(pe.height())));
            }
        }
        // The on-screen diagram keeps equal scales too.
        venn.replot();
        const double sx = venn.xAxis->range().size() / venn.axisRect()->width();
        const double sy = venn.yAxis->range().size() / venn.axisRect()->height();
        QVERIFY(std::abs(sx / sy - 1) < 0.01);
        // The figure set, at the remembered size (very wide here).
        settings::exportWidthMm.set(180.0);
        settings::exportHeightMm.set(45.0);
        tabs()->vennPlot()->setTruth(p);
        const QStringList problems = ExportActions::writeFigureSet(tabs(), tmp_.filePath("set"),
                                                                   ExportActions::rememberedSpec());
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
        const QRect e = extentOf(QImage(tmp_.filePath("set/venn.png")), fillA);
        QVERIFY2(e.width() > 40 && std::abs(e.width() - e.height()) <= 2,
                 qPrintable(QString("%1 x %2").arg(e.width()).arg(e.height())));
        for (const char* f : {"kd-gain.svg", "kd-gain.pdf", "accuracy.png", "venn.svg", "table.csv",
                              "table.tex", "table.md"})
            QVERIFY2(QFileInfo(tmp_.filePath(QString("set/") + f)).size() > 100, f);
        // The older entry point (pixels at 96 DPI) keeps the circles round as well.
        QCOMPARE(PlotExport::save(&venn, tmp_.filePath("legacy.png"), 96, 900, 300), QString());
        const QRect le = extentOf(QImage(tmp_.filePath("legacy.png")), fillA);
        QVERIFY2(std::abs(le.width() - le.height()) <= 2,
                 qPrintable(QString("%1 x %2").arg(le.width()).arg(le.height())));
    }

    // Titles and axes in the user's words; the dialog prefills them and writes where asked.
    void titlesAndAxesAreReadable() {
        for (PlotView* p :
             std::initializer_list<PlotView*>{tabs()->gainPlot(), tabs()->accuracyPlot()}) {
            QVERIFY2(p->title().startsWith("Fig. 2"), qPrintable(p->title()));
            QVERIFY(!p->title().contains("fig2"));
        }
        QVERIFY(tabs()->gainPlot()->yAxis->label().contains("KD"));
        QVERIFY(!tabs()->gainPlot()->xAxis->label().contains("dataset."));
        // The export dialog: defaults of a one-column figure, the experiment's folder, the
        // readable title; the title typed is the one exported, empty means none.
        settings::exportWidthMm.set(85.0);
        settings::exportHeightMm.set(60.0);
        ExportDialog dlg(tabs()->gainPlot()->title(), "kd-gain", job_->folder);
        if (!tmp_.autoRemove()) {  // MFH_KEEP_EXPORTS: pictures of the dialog and a plot
            dlg.adjustSize();
            dlg.grab().save(tmp_.filePath("export-dialog.png"));
            tabs()->accuracyPlot()->grab().save(tmp_.filePath("accuracy-screen.png"));
        }
        QCOMPARE(dlg.spec().widthMm, 85.0);
        QCOMPARE(dlg.spec().fontPt, 8.0);
        QCOMPARE(QFileInfo(dlg.path()).absolutePath(), QDir(job_->folder).absolutePath());
        QCOMPARE(dlg.spec().title, tabs()->gainPlot()->title());
        dlg.findChild<QComboBox*>("unit")->setCurrentIndex(1);  // inches: the same size
        QVERIFY(std::abs(dlg.findChild<QDoubleSpinBox*>("width")->value() - 85 / 25.4) < 0.01);
        dlg.findChild<QLineEdit*>("title")->setText("My gains");
        dlg.findChild<QComboBox*>("format")->setCurrentIndex(1);  // SVG
        QVERIFY(dlg.path().endsWith(".svg"));
        dlg.accept();
        QCOMPARE(dlg.result(), int(QDialog::Accepted));
        QCOMPARE(PlotExport::save(tabs()->gainPlot(), dlg.path(), dlg.spec()), QString());
        const QByteArray doc = readAll(dlg.path());
        QVERIFY(doc.contains("My gains"));
        QVERIFY(std::abs(svgAttr(doc, "width") - 85) < 0.05);
        QCOMPARE(settings::exportUnit.get(), QString("in"));
        QCOMPARE(settings::exportFolder.get(), QDir(job_->folder).absolutePath());
        FigureSpec none = spec(85, 60);
        none.titleSet = true;  // and empty: no title
        QCOMPARE(PlotExport::save(tabs()->gainPlot(), tmp_.filePath("untitled.svg"), none),
                 QString());
        QVERIFY(!readAll(tmp_.filePath("untitled.svg")).contains("Fig. 2"));
        QVERIFY(tabs()->gainPlot()->title().startsWith("Fig. 2"));  // the screen keeps its own
        // Without an experiment folder: the last export folder, never the root.
        QCOMPARE(ExportDialog::defaultFolder(""), QDir(job_->folder).absolutePath());
        settings::exportFolder.set("");
        QVERIFY(ExportDialog::defaultFolder("") != "/");
        QVERIFY(ExportDialog::defaultFolder("/no/such/folder") != "/");
        // A folder that does not exist keeps the dialog open with the reason.
        ExportDialog bad(tabs()->gainPlot()->title(), "kd-gain", job_->folder);
        bad.findChild<QLineEdit*>("path")->setText("/no/such/folder/x.png");
        bad.accept();
        QVERIFY(bad.result() != int(QDialog::Accepted));
        QVERIFY(bad.findChild<QLabel*>("problem")->text().contains("does not exist"));
    }

    // The screen table and the exported tables have one header and the same cells.
    void screenTableIsTheExportedTable() {
        ResultsTable* t = tabs()->table();
        QCOMPARE(t->rowCount(), 6);
        const ReportTable layout = Report::layout(job_->result, true);
        QStringList titles, keys;
        for (const auto& h : layout.header) titles << QString::fromStdString(h);
        for (const auto& k : layout.keys) keys << QString::fromStdString(k);
        QCOMPARE(t->headerTitles(), titles);
        QCOMPARE(t->headerKeys(), keys);
        QVERIFY(t->headerTitles().contains(QString::fromUtf8("γ")));
        QCOMPARE(t->exportTo(tmp_.filePath("t.csv")), QString());
        QCOMPARE(t->exportTo(tmp_.filePath("t.md")), QString());
        QCOMPARE(t->exportTo(tmp_.filePath("t.tex")), QString());
        const QStringList csv = QString::fromUtf8(readAll(tmp_.filePath("t.csv"))).split("\r\n");
        QCOMPARE(csv[0], t->headerKeys().join(","));
        const QString md = QString::fromUtf8(readAll(tmp_.filePath("t.md"))).split("\n")[0];
        QCOMPARE(md, "| " + t->headerTitles().join(" | ") + " |");
        const QString tex = QString::fromUtf8(readAll(tmp_.filePath("t.tex")));
        QVERIFY(tex.contains("$\\gamma$ & $\\alpha$ & $\\beta$ & teacher & no-KD & KD"));
        // Every cell as exported, the significance mark only where the CI excludes 0.
        for (int r = 0; r < t->rowCount(); ++r) {
            const QStringList fields = csv[r + 1].split(",");
            for (int c = 0; c < t->columnCount(); ++c)
                QCOMPARE(t->item(r, c)->text(), fields.value(c).remove('"'));
            const int d = t->headerKeys().indexOf("delta");
            const bool sig = report::significant(job_->result.rows[r], "delta");
            QCOMPARE(t->item(r, d)->text().endsWith("*"), sig);
            QCOMPARE(t->item(r, d)->font().bold(), sig);
        }
    }

    // A sweep axis reads as its setting's name in the table's header and on the plot's axis;
    // its path stays the header's machine name and tooltip, and the axis label's tooltip.
    void settingPathsReadAsWords() {
        ExperimentResult r;
        r.name = "sweep", r.report = ReportLayout::Removal, r.seeds = {0, 1};
        r.axes = {"dataset.generator.xs2", "intervention.mode"};
        for (int xs2 : {2, 4, 8}) {
            GridRow g;
            g.point = {xs2, "random"};
            for (const char* k : {"teacher_acc", "kd_acc", "nokd_acc", "removal_teacher_acc",
                                  "removal_kd_acc", "removal_delta", "removal_vs_kd"})
                g.perSeed[k] = {60.0 + xs2, 61.0 + xs2};
            for (const auto& kv : g.perSeed) g.summary[kv.first] = Statistics::summarize(kv.second);
            r.rows.push_back(g);
        }
        ResultsTable table;
        table.setResult(r);
        QCOMPARE(table.headerTitles().value(0), QString("modality-specific channels xs2"));
        QCOMPARE(table.headerKeys().value(0), QString("dataset.generator.xs2"));
        QCOMPARE(table.horizontalHeaderItem(0)->toolTip(), QString("dataset.generator.xs2"));
        for (const auto& h : table.headerTitles()) QVERIFY2(!h.contains("dataset."), qPrintable(h));
        const QString md = QString::fromUtf8(ResultsTable::render(r, "md"));
        QVERIFY(md.startsWith("| modality-specific channels xs2 | mode |"));
        QVERIFY(QString::fromUtf8(ResultsTable::render(r, "csv"))
                    .startsWith("dataset.generator.xs2,mode,"));
        KdGainPlot plot;
        plot.setResult(r, "removal_delta");
        QCOMPARE(plot.xAxis->label(), QString("modality-specific channels xs2"));
        QVERIFY(!plot.title().contains("sweep:"));
        QCOMPARE(plot.xAxis->property("mfhPath").toString(), QString("dataset.generator.xs2"));
    }

    // Hiding a curve from its legend entry hides its error bars and rescales to what is left;
    // the legend never covers a point.
    void hidingACurveHidesItsErrorBarsAndRescales() {
        AccuracyPlot* plot = tabs()->accuracyPlot();
        tabs()->setCurrentWidget(tabs()->accuracyTab());
        plot->replot();
        QVERIFY(plot->graphCount() >= 3);
        QCPGraph* teacher = plot->graph(0);
        QCPErrorBars* bars = nullptr;
        for (int i = 0; i < plot->plottableCount(); ++i)
            if (auto* eb = qobject_cast<QCPErrorBars*>(plot->plottable(i)))
                if (eb->dataPlottable() == teacher) bars = eb;
        QVERIFY(bars && bars->visible());
        // The legend: clicking the teacher's entry.
        QVERIFY(plot->legend->visible());
        auto* item = plot->legend->itemWithPlottable(teacher);
        QVERIFY(item);
        const QCPRange before = plot->yAxis->range();
        QTest::mouseClick(plot, Qt::LeftButton, {}, item->rect().center());
        QVERIFY(!teacher->visible());
        QVERIFY(!bars->visible());
        // The axes now hold the students' accuracies with their bars, and no more.
        double top = -1e9, bottom = 1e9, teacherTop = -1e9;
        for (int g = 0; g < plot->graphCount(); ++g)
            for (auto it = plot->graph(g)->data()->begin(); it != plot->graph(g)->data()->end();
                 ++it) {
                if (plot->graph(g) == teacher)
                    teacherTop = std::max(teacherTop, it->value);
                else if (plot->graph(g)->visible())
                    top = std::max(top, it->value), bottom = std::min(bottom, it->value);
            }
        const QCPRange yr = plot->yAxis->range();
        QVERIFY2(yr.lower <= bottom && yr.upper >= top,
                 qPrintable(QString("%1..%2").arg(yr.lower).arg(yr.upper)));
        if (teacherTop > yr.upper)  // the teacher was highest: the range shrank to the rest
            QVERIFY(yr.upper < before.upper);
        QVERIFY2(before.upper >= teacherTop, "the teacher was in view before");
        QTest::mouseClick(plot, Qt::LeftButton, {}, item->rect().center());
        QVERIFY(teacher->visible() && bars->visible());
        // No plotted point lies under the legend.
        plot->replot();
        const QRect legend = plot->legend->outerRect();
        QVERIFY(!legend.isEmpty());
        for (int g = 0; g < plot->graphCount(); ++g)
            for (auto it = plot->graph(g)->data()->begin(); it != plot->graph(g)->data()->end();
                 ++it) {
                const QPointF px = plot->graph(g)->coordsToPixels(it->key, it->value);
                QVERIFY2(
                    !legend.contains(px.toPoint()),
                    qPrintable(QString("point %1,%2 under the legend").arg(px.x()).arg(px.y())));
            }
    }

    // One report: the table, an image per figure, the provenance, the configuration.
    void theReportHoldsEverything() {
        const QString html = QDir(job_->folder).filePath("report.html");
        QCOMPARE(ExportActions::writeReport(tabs(), html, true), QString());
        const QString page = QString::fromUtf8(readAll(html));
        QVERIFY(page.contains("<table id=\"results\""));
        for (const auto& h : tabs()->table()->headerTitles())
            QVERIFY2(page.contains(">" + h.toHtmlEscaped() + "</th>"), qPrintable(h));
        QCOMPARE(page.count("<img class=\"figure\" src=\"data:image/png;base64,"), 3);
        QVERIFY(page.contains(job_->folder.toHtmlEscaped()));
        QVERIFY(page.contains("complete, 12 of 12 trials"));
        QVERIFY(page.contains("Written by: mfh"));
        QVERIFY(page.contains("&quot;name&quot;: &quot;fig2&quot;"));
        // Each image is a real PNG.
        const auto img = QRegularExpression("base64,([A-Za-z0-9+/=]+)").match(page);
        QVERIFY(
            !QImage::fromData(QByteArray::fromBase64(img.captured(1).toLatin1()), "PNG").isNull());
        const QByteArray pdf = readAll(QDir(job_->folder).filePath("report.pdf"));
        QVERIFY(pdf.startsWith("%PDF-") && pdf.size() > 20000);
        // The menu has the action.
        QVERIFY(w_->findChild<QAction*>("exportReport"));
    }

    // An unwritable folder: one message naming the problem, no file, no temporary.
    void anUnwritableFolderIsOneMessageAndNoFile() {
        // A folder this process cannot write to: a read-only one, or /proc where even root
        // cannot create a file.
        QTemporaryDir lockedDir;
        QVERIFY(QFile::setPermissions(lockedDir.path(),
                                      QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        const QString locked =
            QFileInfo(lockedDir.path()).isWritable() ? "/proc" : lockedDir.path();
        const QString html = QDir(locked).filePath("mfh-report.html");
        const QString err = ExportActions::writeReport(tabs(), html, true);
        QVERIFY2(!err.isEmpty() && !err.contains('\n'), qPrintable(err));
        QVERIFY2(err.contains(html), qPrintable(err));
        const QString fig =
            PlotExport::save(tabs()->gainPlot(), QDir(locked).filePath("mfh-g.pdf"), spec(85, 60));
        QVERIFY2(!fig.isEmpty() && fig.contains("mfh-g.pdf"), qPrintable(fig));
        const QString tab = tabs()->table()->exportTo(QDir(locked).filePath("mfh-t.csv"));
        QVERIFY(!tab.isEmpty());
        QCOMPARE(
            QDir(locked).entryList({"mfh-*", ".mfh-*"}, QDir::AllEntries | QDir::Hidden).size(), 0);
        QVERIFY(!QFileInfo::exists(QDir(locked).filePath("mfh-report.pdf")));
        QFile::setPermissions(lockedDir.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                                    QFileDevice::ExeOwner);
        const QString missing = ExportActions::writeReport(tabs(), "/no/such/folder/report.html");
        QVERIFY(missing.contains("does not exist"));
    }
};

QTEST_MAIN(TestExport)
#include "test_export.moc"
