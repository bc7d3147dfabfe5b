// The workbench as a researcher's daily tool (offscreen): every view fits 1280×720 and
// 1366×768 without docks overlapping or a pane cut off and nothing grows the window by itself;
// sweep runs are named in the user's terms; the designer validates against the dataset it will
// use and a failed load is not runnable; the saliency tab picks point, seed or the mean; help
// and the Custom preset; state that follows what the user did.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include <QApplication>
#include <QDockWidget>
#include <QScrollArea>
#include <QSplitter>
#include <QTabWidget>

#include <QComboBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTextBrowser>

#include "core/analysis/VennEstimator.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/ExperimentSpec.h"
#include "ui/DatasetPane.h"
#include "ui/ExperimentPane.h"
#include "ui/HelpWindow.h"
#include "ui/JobQueue.h"
#include "ui/JobsDock.h"
#include "ui/MainWindow.h"
#include "ui/ResultsTabs.h"
#include "ui/RoleEditor.h"
#include "ui/RunDetailsPane.h"
#include "ui/RunTableModel.h"
#include "ui/RunsBrowser.h"
#include "ui/SaliencyPlot.h"
#include "ui/SaliencyTab.h"
#include "ui/Settings.h"
#include "ui/VennPlot.h"

using namespace mfh;
using namespace mfh::ui;

namespace {

bool waitUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(10);
    return done();
}

// The visible widgets under `root` whose minimum size does not fit the space they were
// given, widest first: what a failed check names.
QString cutOff(QWidget* root) {
    QStringList out;
    const auto all = root->findChildren<QWidget*>();
    for (QWidget* w : all) {
        if (!w->isVisible() || !w->layout()) continue;
        const QSize need = w->minimumSizeHint(), got = w->size();
        if (need.width() > got.width() + 1 || need.height() > got.height() + 1)
            out << QString("%1 '%2' needs %3×%4, has %5×%6")
                       .arg(w->metaObject()->className(), w->objectName())
                       .arg(need.width())
                       .arg(need.height())
                       .arg(got.width())
                       .arg(got.height());
    }
    return out.join("; ");
}

// Each pane's minimum size, and the tallest and widest of its children: what names the
// widget that grows the window.
QString minimums(QMainWindow& w) {
    QStringList out;
    QList<QWidget*> panes{w.centralWidget()};
    for (auto* d : w.findChildren<QDockWidget*>())
        if (d->isVisible()) panes << d;
    for (QWidget* p : panes) {
        QWidget *tall = nullptr, *wide = nullptr;
        for (QWidget* c : p->findChildren<QWidget*>()) {
            if (!c->isVisible()) continue;
            if (!tall || c->minimumSizeHint().height() > tall->minimumSizeHint().height()) tall = c;
            if (!wide || c->minimumSizeHint().width() > wide->minimumSizeHint().width()) wide = c;
        }
        auto name = [](QWidget* c) {
            if (!c) return QString("-");
            return QString("%1 '%2' %3×%4 in %5")
                .arg(c->metaObject()->className(), c->objectName())
                .arg(c->minimumSizeHint().width())
                .arg(c->minimumSizeHint().height())
                .arg(c->parentWidget() ? c->parentWidget()->metaObject()->className() : "");
        };
        out << QString("%1 min %2×%3 (tallest %4; widest %5)")
                   .arg(p->objectName())
                   .arg(p->minimumSizeHint().width())
                   .arg(p->minimumSizeHint().height())
                   .arg(name(tall), name(wide));
    }
    for (auto* tabs : w.findChildren<QTabWidget*>())  // every page, shown or not
        for (int i = 0; i < tabs->count(); ++i)
            out << QString("  page '%1' of %2: min %3×%4")
                       .arg(tabs->tabText(i), tabs->metaObject()->className())
                       .arg(tabs->widget(i)->minimumSizeHint().width())
                       .arg(tabs->widget(i)->minimumSizeHint().height());
    return out.join("\n");
}

// What the scroll area's page needs beyond the width it is shown in (0: the form wraps).
int overflow(QScrollArea* s) {
    return s->widget()->minimumSizeHint().width() - s->viewport()->width();
}

}  // namespace

class TestDaily : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<MainWindow> w_;
    std::shared_ptr<Job> table2_;  // Table 2 at 2 seeds: every view has something to show

    void checkFits(MainWindow& w, const QSize& size, const QString& when) {
        QTest::qWait(50);
        if (w.size() != size) qWarning("%s", qPrintable(minimums(w)));  // a message is cut short
        QVERIFY2(w.size() == size, qPrintable(QString("%1: the window grew to %2×%3 (sizes above)")
                                                  .arg(when)
                                                  .arg(w.width())
                                                  .arg(w.height())));
        const QSize min = w.minimumSizeHint();
        QVERIFY2(
            min.width() <= size.width() && min.height() <= size.height(),
            qPrintable(QString("%1: minimum %2×%3").arg(when).arg(min.width()).arg(min.height())));
        QList<QWidget*> panes{w.centralWidget()};
        for (auto* d : w.findChildren<QDockWidget*>())
            if (d->isVisible() && !d->isFloating()) panes << d;
        for (int i = 0; i < panes.size(); ++i) {
            const QRect a = panes[i]->geometry();
            QVERIFY2(a.width() > 60 && a.height() > 60,
                     qPrintable(when + ": " + panes[i]->objectName() + " squeezed"));
            for (int j = i + 1; j < panes.size(); ++j)
                QVERIFY2(!a.intersects(panes[j]->geometry()),
                         qPrintable(when + ": " + panes[i]->objectName() + " overlaps " +
                                    panes[j]->objectName()));
        }
        const QString cut = cutOff(&w);
        QVERIFY2(cut.isEmpty(), qPrintable(when + ": " + cut));
        for (auto* s : w.findChildren<QScrollArea*>())
            if (s->isVisible() && s->horizontalScrollBarPolicy() == Qt::ScrollBarAlwaysOff)
                QVERIFY2(overflow(s) <= 0, qPrintable(QString("%1: %2 cut by %3 px")
                                                          .arg(when, s->objectName())
                                                          .arg(overflow(s))));
    }

    std::shared_ptr<Job> run(const nlohmann::json& config) {
        w_->designer()->setConfig(config);
        const int id = w_->runExperiment();
        if (id < 0) qWarning("%s", qPrintable(w_->lastProblem()));
        auto job = id < 0 ? nullptr : w_->queue()->job(id);
        if (job && !waitUntil([&] { return job->status == JobStatus::Complete; }, 180000))
            job = nullptr;
        return job;
    }

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        setRunsRootOverride(tmp_.filePath("runs"));
        w_ = std::make_unique<MainWindow>();
        w_->setConfirmClose(false);
        w_->resize(1280, 720);
        w_->show();
        QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
        auto t2 = paperExperiment("table2");
        t2["seeds"] = {{"first", 0}, {"count", 2}};
        table2_ = run(t2);
        QVERIFY(table2_);
    }
    void cleanupTestCase() { w_.reset(); }

    void anEmptyWindowFitsALaptop() {
        MainWindow w;
        w.setConfirmClose(false);
        w.resize(1280, 720);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        auto* tabs = w.results();
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            checkFits(w, QSize(1280, 720), "empty, tab " + tabs->tabText(i));
        }
    }

    void dockAndSplitterSizesAreRemembered() {
        QList<int> sizes;
        {
            MainWindow w;
            w.setConfirmClose(false);
            w.resize(1280, 720);
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            auto* dock = w.findChild<QDockWidget*>("ExperimentDock");
            QVERIFY(dock);
            w.resizeDocks({dock}, {333}, Qt::Horizontal);
            auto* split = w.findChild<QSplitter*>("runsSplit");
            QVERIFY(split);
            w.results()->setCurrentWidget(w.results()->runs());
            QTest::qWait(50);
            const int total = split->sizes()[0] + split->sizes()[1];
            split->setSizes({total / 4, total - total / 4});
            sizes = split->sizes();
            QTest::qWait(50);
            QVERIFY(std::abs(dock->width() - 333) <= 2);
            QVERIFY(w.close());
        }
        MainWindow again;
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        again.results()->setCurrentWidget(again.results()->runs());
        QTest::qWait(50);
        const int width = again.findChild<QDockWidget*>("ExperimentDock")->width();
        QVERIFY2(std::abs(width - 333) <= 2, qPrintable(QString::number(width)));
        QCOMPARE(again.findChild<QSplitter*>("runsSplit")->sizes(), sizes);
    }

    void everyViewWithResultsFitsALaptop_data() {
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x720") << QSize(1280, 720);
        QTest::newRow("1366x768") << QSize(1366, 768);
    }
    void everyViewWithResultsFitsALaptop() {
        QFETCH(QSize, size);
        w_->resize(size);
        auto* tabs = w_->results();
        tabs->showJob(table2_);
        tabs->runs()->openFolder(table2_->folder);
        QVERIFY(waitUntil([&] { return tabs->runs()->folder() == table2_->folder; }, 20000));
        tabs->runs()->view()->selectAll();  // curves, metrics and confusion of every run
        for (int i = 0; i < tabs->count(); ++i) {
            tabs->setCurrentIndex(i);
            checkFits(*w_, size, "with results, tab " + tabs->tabText(i));
        }
    }

    // Sweep runs read "student b · w_kd = 0.25 · seed 1", and two of them differ by that key.
    void sweepRunsAreNamedInTheUsersTerms() {
        auto c = paperExperiment("fig2");
        c["name"] = "wkd";
        c["dataset"]["generator"]["overlap"] = 6;
        c["report"] = "grid";
        c["seeds"] = {{"first", 0}, {"count", 2}};
        c["sweep"] = {{{"param", "kd.w_kd"}, {"values", {0.25, 1}}}};
        auto job = run(c);
        QVERIFY(job);
        auto* runs = w_->results()->runs();
        runs->openFolder(job->folder);
        QVERIFY(waitUntil([&] { return runs->folder() == job->folder; }, 20000));
        auto* m = runs->model();
        QStringList kd;
        std::vector<int> rows;
        for (int r = 0; r < m->rowCount(); ++r) {
            const RunRow& row = m->run(r);
            if (row.role != "student") continue;
            const QString point = m->index(r, RunTableModel::Point).data().toString();
            if (point.isEmpty()) continue;  // the no-KD baseline is shared by both points
            QCOMPARE(m->index(r, RunTableModel::Role).data().toString(), QString("student b"));
            kd << QString::fromStdString(row.title());
            if (row.seed == 1) rows.push_back(r);
        }
        kd.sort();
        QCOMPARE(
            kd, (QStringList{"student b · w_kd = 0.25 · seed 0", "student b · w_kd = 0.25 · seed 1",
                             "student b · w_kd = 1 · seed 0", "student b · w_kd = 1 · seed 1"}));
        QCOMPARE(int(rows.size()), 2);
        auto* sel = runs->view()->selectionModel();
        sel->clearSelection();
        for (int r : rows)
            sel->select(m->index(r, 0), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        auto* details = runs->details();
        QVERIFY(
            waitUntil([&] { return details->configuration()->toPlainText().contains("→"); }, 5000));
        const QString diff = details->configuration()->toPlainText();
        QVERIFY2(diff.contains("KD weight w_kd (kd.w_kd): 0.25 → 1") ||
                     diff.contains("KD weight w_kd (kd.w_kd): 1 → 0.25"),
                 qPrintable(diff));
        auto* compare = details->findChild<QTableWidget*>();
        QVERIFY(compare);
        QVERIFY(compare->horizontalHeaderItem(0)->text().startsWith("student b · w_kd = "));
        runs->addColumn("kd.w_kd");
        QVERIFY(waitUntil([&] { return m->columnCount() > RunTableModel::ColumnCount; }, 10000));
        QCOMPARE(
            m->headerData(RunTableModel::ColumnCount, Qt::Horizontal, Qt::DisplayRole).toString(),
            QString("KD weight w_kd"));
        QCOMPARE(
            m->headerData(RunTableModel::ColumnCount, Qt::Horizontal, Qt::ToolTipRole).toString(),
            QString("kd.w_kd"));
    }

    // The saliency tab: a sweep point, then a seed or the mean over the seeds, with the recall
    // of the truly shared channels (Table 2 generates its data: the truth is known).
    void saliencyPicksPointSeedAndMean() {
        auto* tab = w_->results()->saliency();
        w_->results()->showJob(table2_);
        int withAlgorithm1 = 0;  // Table 2's rows of mode alg1
        for (const auto& row : table2_->result.rows)
            withAlgorithm1 += std::any_of(row.runIds.begin(), row.runIds.end(),
                                          [](auto& id) { return id.rfind("algorithm1-", 0) == 0; });
        QVERIFY(withAlgorithm1 > 1);
        QCOMPARE(tab->pointPicker()->count(), withAlgorithm1);
        QCOMPARE(tab->seedPicker()->count(), 3);  // the mean, seed 0, seed 1
        QCOMPARE(tab->seedPicker()->itemText(0), QString("mean over 2 seeds"));
        QVERIFY(waitUntil([&] { return !tab->loading(); }, 10000));
        QVERIFY2(tab->caption().contains("Mean saliency at 'input' over 2 seeds"),
                 qPrintable(tab->caption()));
        QRegularExpression recall(
            "Recall of the (\\d+) truly shared channels among the \\1 most "
            "salient: (\\d\\.\\d\\d) ± (\\d\\.\\d\\d)");
        auto mean = recall.match(tab->caption());
        QVERIFY2(mean.hasMatch(), qPrintable(tab->caption()));
        tab->seedPicker()->setCurrentIndex(2);
        QVERIFY(waitUntil([&] { return !tab->loading(); }, 10000));
        QVERIFY2(tab->caption().contains("seed 1"), qPrintable(tab->caption()));
        QVERIFY(tab->caption().contains("Recall of the " + mean.captured(1)));
        tab->pointPicker()->setCurrentIndex(tab->pointPicker()->count() - 1);
        QVERIFY(waitUntil([&] { return !tab->loading(); }, 10000));
        QVERIFY2(tab->caption().contains(tab->pointPicker()->currentText()),
                 qPrintable(tab->caption()));
    }

    // The designer checks against the dataset it will use and offers only its splits.
    void validationTellsTheTruth() {
        auto* d = w_->designer();
        d->loadPreset("fig2");
        auto c = d->config();
        c["student"]["split"] = "transfer";  // Table 2's split; Fig. 2's data have none
        d->setConfig(c);
        QVERIFY(d->problem().contains("'student.split' is 'transfer'"));
        QVERIFY(!d->runButton()->isEnabled());
        QCOMPARE(w_->runExperiment(), -1);
        auto* split = d->role(false)->findChild<QComboBox*>("split");
        QVERIFY(split);
        QStringList offered;
        for (int i = 0; i < split->count(); ++i) offered << split->itemText(i);
        QCOMPARE(offered, (QStringList{"train", "test", "transfer"}));  // the bad one stays shown
        c["student"]["split"] = "train";
        d->setConfig(c);
        QVERIFY2(d->problem().isEmpty(), qPrintable(d->problem()));
        offered.clear();
        for (int i = 0; i < split->count(); ++i) offered << split->itemText(i);
        QCOMPARE(offered, (QStringList{"train", "test"}));

        // "Use in experiment" from the Table 2 design with Fig. 2 data: the split follows.
        d->loadPreset("table2");
        auto* pane = w_->datasets();
        const int before = int(pane->datasets().size());
        pane->generate(VennSpec::fig2(4), 0, {{"preset", "fig2"}, {"overlap", 4}});
        QVERIFY(waitUntil([&] { return int(pane->datasets().size()) > before; }, 20000));
        d->useDataset(pane->current());
        QVERIFY2(d->problem().isEmpty(), qPrintable(d->problem()));
        QCOMPARE(d->config()["student"]["split"].get<std::string>(), std::string("train"));
    }

    // A file that fails to load leaves the previous design, not runnable, and says so.
    void aFailedLoadIsNotRunnable() {
        auto* d = w_->designer();
        d->loadPreset("fig2");
        QVERIFY(d->problem().isEmpty());
        const QString bad = tmp_.filePath("bad.json");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"name\": \"x\", \"seeds\": ");
        f.close();
        QVERIFY(!d->loadFile(bad).isEmpty());
        QVERIFY2(d->problem().contains("bad.json") && d->problem().contains("still holds fig2"),
                 qPrintable(d->problem()));
        QVERIFY(!d->runButton()->isEnabled());
        QCOMPARE(w_->runExperiment(), -1);
        d->seedCount()->setValue(3);  // an edit: the form's design is now the one to run
        QVERIFY2(d->problem().isEmpty(), qPrintable(d->problem()));
        QVERIFY(d->runButton()->isEnabled());
    }

    void helpTeachesAFirstRun() {
        w_->showHelp(HelpWindow::Page::GettingStarted);
        HelpWindow* h = w_->help();
        QVERIFY(h && h->isVisible());
        QVERIFY(h->browser()->toPlainText().contains("three clicks"));
        const QString keys = h->pageText(HelpWindow::Page::Shortcuts);
        QVERIFY2(keys.contains("| Run | Ctrl+R |"), qPrintable(keys));
        QVERIFY(keys.contains("Getting started"));
        QVERIFY(h->pageText(HelpWindow::Page::Guide).contains("# The desktop workbench"));
        QVERIFY(!h->pageText(HelpWindow::Page::Guide)
                     .contains("]("
                               "screenshots/"));
        QVERIFY(h->pageText(HelpWindow::Page::Science).contains("Modality Focusing"));
        w_->designer()->loadPreset("table2");
        emit h->browser()->anchorClicked(QUrl("mfh:preset/fig2"));  // the guide's first step
        QCOMPARE(w_->designer()->config()["name"].get<std::string>(), std::string("fig2"));
        h->close();
        // The Custom preset starts from defaults that run.
        auto* preset = w_->designer()->findChild<QComboBox*>("preset");
        QVERIFY(preset);
        preset->setCurrentIndex(0);
        emit preset->activated(0);
        QCOMPARE(w_->designer()->config()["name"].get<std::string>(), std::string("custom"));
        QVERIFY2(w_->designer()->problem().isEmpty(), qPrintable(w_->designer()->problem()));
    }

    // Over an estimate, the truth weighted by δ² in the same units, and what that means.
    void theVennEstimateShowsTheTruthInItsUnits() {
        auto* pane = w_->datasets();
        VennSpec spec;  // |G| = |A| = |B| = 10
        spec.nTrain = 1000;
        pane->generate(spec, 2, spec.toJson());
        QVERIFY(waitUntil([&] { return !pane->busy(); }, 30000));
        auto* tabs = w_->results();
        tabs->showDataset(pane->current());
        QSignalSpy done(tabs, &ResultsTabs::vennEstimated);
        tabs->estimateButton()->click();
        QVERIFY(done.wait(120000));
        auto* plot = tabs->vennPlot();
        QVERIFY(plot->hasTruthOverlay());
        const auto want = *VennEstimator::informationTruth(*pane->current()->data->truth, "a", "b");
        const auto got = *plot->truthOverlay();
        QVERIFY(std::abs(got.onlyA + got.shared + got.onlyB - 1) < 1e-9);  // the estimate's units
        QVERIFY(std::abs(got.gamma() - want.gamma()) < 1e-9);
        auto* note = tabs->vennTab()->findChild<QLabel*>("vennNote");
        QVERIFY(note);
        QVERIFY2(note->text().contains("Dotted circles: the true diagram weighted by δ²") &&
                     note->text().contains("by how much the label depends on it"),
                 qPrintable(note->text()));
    }

    // A saved dataset names its file; a folder the user opened stays when a job is selected;
    // another folder starts without the old filter.
    void stateFollowsTheUser() {
        auto* pane = w_->datasets();
        pane->generate(VennSpec::fig2(2), 1, {{"preset", "fig2"}, {"overlap", 2}});
        QVERIFY(waitUntil([&] { return !pane->busy(); }, 20000));
        const QString path = tmp_.filePath("saved.h5");
        QSignalSpy saved(pane, &DatasetPane::saved);
        pane->saveCurrent(path);
        QVERIFY(saved.wait(20000));
        QCOMPARE(pane->current()->path, path);

        auto* runs = w_->results()->runs();
        runs->openFolder(table2_->folder);
        QVERIFY(waitUntil([&] { return runs->folder() == table2_->folder; }, 20000));
        runs->setFilter("teacher");
        const QString other = QFileInfo(table2_->folder).absolutePath();  // the runs root
        runs->openFolder(other);
        QVERIFY(waitUntil([&] { return runs->folder() == QDir(other).absolutePath(); }, 20000));
        auto* filter = runs->findChild<QLineEdit*>("runFilter");
        QVERIFY(filter);
        QVERIFY(filter->text().isEmpty());
        QCOMPARE(runs->visibleRuns(), runs->model()->totalRuns());
        // A failure's notice gives way to a later success.
        auto bad = paperExperiment("fig2");
        bad.erase("sweep");
        bad["report"] = "grid";
        bad["dataset"] = {{"path", tmp_.filePath("gone.h5").toStdString()}};
        const int failing = w_->queue()->enqueue(bad, tmp_.filePath("runs"));
        auto failed = w_->queue()->job(failing);
        QVERIFY(waitUntil([&] { return failed->status == JobStatus::Failed; }, 20000));
        QVERIFY(waitUntil([&] { return w_->jobs()->notice().contains("failed"); }, 5000));
        auto good = paperExperiment("fig2");
        good["seeds"] = {{"first", 0}, {"count", 1}};
        QVERIFY(run(good));
        QVERIFY(waitUntil([&] { return !w_->jobs()->notice().contains("failed"); }, 5000));
        // Showing a finished job (selecting it in Jobs) keeps the folder the user opened.
        w_->jobs()->selectJob(table2_->id);
        QTest::qWait(300);
        QCOMPARE(runs->folder(), QDir(other).absolutePath());
    }
};

QTEST_MAIN(TestDaily)
#include "test_daily.moc"
