// The workbench driven through its real widgets, offscreen (issue "desktop workbench"):
// generating a dataset through the dialog, running the Fig. 2 preset, the KD-gain plot against
// the run files, figure and table exports, cancelling a job, closing during a job, and a
// malformed dataset.
#include <torch/torch.h>

#include <QtTest/QtTest>

#include "core/analysis/VennEstimator.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <filesystem>

#include "core/base/Error.h"
#include "core/runs/RunFile.h"
#include "core/runs/RunStore.h"
#include "ui/AccuracyPlot.h"
#include "ui/ComparePanel.h"
#include "ui/ConfusionView.h"
#include "ui/DatasetInspector.h"
#include "ui/DatasetPane.h"
#include "ui/ExperimentPane.h"
#include "ui/GeneratorDialog.h"
#include "ui/JobQueue.h"
#include "ui/JobsDock.h"
#include "ui/KdGainPlot.h"
#include "ui/LogDock.h"
#include "ui/MainWindow.h"
#include "ui/PlotExport.h"
#include "ui/ResultsTable.h"
#include "ui/ResultsTabs.h"
#include "ui/RunTableModel.h"
#include "ui/RunsBrowser.h"
#include "ui/Settings.h"
#include "ui/SweepEditor.h"
#include "ui/VennPlot.h"

using namespace mfh;
using namespace mfh::ui;
namespace fs = std::filesystem;

namespace {
// A single long training (an MLP for many epochs) to cancel or interrupt.
nlohmann::json longJob() {
    auto j = paperExperiment("fig2");
    j["name"] = "long";
    j["engine"] = "torch";
    j["seeds"] = {{"first", 0}, {"count", 1}};
    j.erase("sweep");
    for (const char* role : {"teacher", "student"}) {
        j[role]["model"] = {{"type", "mlp"}, {"hidden", {64}}};
        j[role]["train"] = {
            {"optimizer", "sgd"}, {"lr", 0.01}, {"epochs", 5000000}, {"eval_every", 50}};
    }
    return j;
}

bool waitUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(10);
    return done();
}

QByteArray head(const QString& path, int n) {
    QFile f(path);
    f.open(QIODevice::ReadOnly);
    return f.read(n);
}
}  // namespace

class TestWorkbench : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<MainWindow> w_;
    int fig2Job_ = -1;

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // settings away from the user's
        QSettings().clear();
        setRunsRootOverride(tmp_.filePath("runs"));
        w_ = std::make_unique<MainWindow>();
        w_->setConfirmClose(false);
        w_->resize(1400, 900);
        w_->show();
        QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
    }
    void cleanupTestCase() { w_.reset(); }

    void generatorDialogFollowsValues() {
        GeneratorDialog dlg;
        dlg.spin("shared")->setValue(10);
        dlg.spin("specificA")->setValue(10);
        dlg.spin("specificB")->setValue(0);
        QVERIFY2(dlg.gammaText().contains(QString::fromUtf8("γ = 0.5")),
                 qPrintable(dlg.gammaText()));
        QVERIFY(dlg.gammaText().contains(QString::fromUtf8("α = 0.5")));
        QVERIFY(dlg.preview()->parts().has_value());
        QCOMPARE(dlg.preview()->parts()->shared, 10.0);
        // Areas follow the parts: a's circle holds |A| + |G| = 20 of 20, b's |G| = 10.
        const auto c = dlg.preview()->circles();
        QVERIFY(std::abs(c.radiusA * c.radiusA / (c.radiusB * c.radiusB) - 2.0) < 1e-6);
        // An impossible setting disables Generate and says why.
        dlg.spin("shared")->setValue(0);
        dlg.spin("specificA")->setValue(0);
        dlg.spin("noiseA")->setValue(0);
        auto* ok = dlg.findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        QVERIFY(!dlg.findChild<QLabel*>("problem")->text().isEmpty());
    }

    void generateDatasetThroughTheDialog() {
        auto* pane = w_->datasets();
        QSignalSpy added(pane, &DatasetPane::datasetAdded);
        bool filled = false;
        QTimer::singleShot(0, this, [&] {
            auto* dlg = qobject_cast<GeneratorDialog*>(QApplication::activeModalWidget());
            QVERIFY(dlg);
            dlg->spin("shared")->setValue(6);
            dlg->spin("specificA")->setValue(12);
            dlg->spin("specificB")->setValue(3);
            dlg->spin("nTrain")->setValue(300);
            dlg->spin("nVal")->setValue(100);
            dlg->spin("seed")->setValue(7);
            filled = true;
            QTest::mouseClick(dlg->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok),
                              Qt::LeftButton);
        });
        pane->generateDialog();
        QVERIFY(filled);
        QVERIFY(added.wait(20000));
        auto d = pane->current();
        QVERIFY(d);
        QCOMPARE(d->summary.samples, int64_t(300 + 100 + 1000));
        QVERIFY(d->data->truth.has_value());
        QCOMPARE(d->data->truth->sharedColumns.at("a").size(), std::size_t(6));
        QCOMPARE(d->source["generator"]["specific_a"].get<int>(), 12);
        // The inspector shows it: per-feature statistics of modality a (6 + 12 + 30 columns).
        QCOMPARE(pane->inspector()->featureTable()->rowCount(), 48);
        QCOMPARE(pane->inspector()->classChart()->plottableCount(), 3);  // train, val, test
        // Saved (in the background) and opened again: the same data, truth included.
        QSignalSpy saved(pane, &DatasetPane::saved);
        pane->saveCurrent(tmp_.filePath("generated.h5"));
        QVERIFY(saved.wait(10000));
        QCOMPARE(saved.at(0).at(1).toString(), QString());
        pane->openFile(tmp_.filePath("generated.h5"));
        QVERIFY(added.wait(10000));
        QCOMPARE(pane->current()->data->contentHash(), d->data->contentHash());
        QVERIFY(pane->current()->data->truth.has_value());
        // The Venn tab draws the truth: |A| = 12, |G| = 6, |B| = 3.
        const auto p = w_->results()->vennPlot()->parts();
        QVERIFY(p.has_value());
        QCOMPARE(p->onlyA, 12.0);
        QCOMPARE(p->shared, 6.0);
        QCOMPARE(p->onlyB, 3.0);
    }

    void vennEstimateFromData() {
        auto* tabs = w_->results();
        tabs->showDataset(w_->datasets()->current());
        QVERIFY(tabs->estimateButton()->isEnabled());
        QSignalSpy done(tabs, &ResultsTabs::vennEstimated);
        QTest::mouseClick(tabs->estimateButton(), Qt::LeftButton);
        QVERIFY(tabs->estimating());
        QVERIFY(done.wait(120000));
        QVERIFY(!tabs->estimating());
        const auto p = tabs->vennPlot()->parts();
        QVERIFY(p.has_value());
        // Truth of the generated dataset: |A| = 12, |G| = 6, |B| = 3, weighted by δ² γ = 0.23
        // (α 0.67, β 0.57: closer than the estimate's noise at 300 rows can order). The drawn
        // diagram is the estimate's, near the weighted truth.
        const auto w =
            VennEstimator::informationTruth(*w_->datasets()->current()->data->truth, "a", "b");
        QVERIFY(w.has_value());
        QVERIFY2(std::abs(p->gamma() - w->gamma()) < 0.2,
                 qPrintable(QString("γ %1, weighted truth %2").arg(p->gamma()).arg(w->gamma())));
    }

    // The AV-MNIST presets load into the designer's CNN and fusion fields and validate; the
    // form writes them back unchanged.
    void realDataPresetsLoad() {
        auto* designer = w_->designer();
        for (const char* name : {"table1-avmnist", "removal-avmnist"}) {
            designer->loadPreset(name);
            QVERIFY2(designer->problem().isEmpty(), qPrintable(designer->problem()));
            const auto c = designer->config();
            const auto expected = paperExperiment(name);
            QCOMPARE(c["student"]["model"]["channels"], expected["student"]["model"]["channels"]);
            QCOMPARE(c["teacher"]["train"]["schedule"], expected["teacher"]["train"]["schedule"]);
            QCOMPARE(c["dataset"], expected["dataset"]);
        }
        designer->loadPreset("fig2");
    }

    void fig2PresetRunsAndPlotsTheRunFiles() {
        auto* designer = w_->designer();
        designer->loadPreset("fig2");
        QVERIFY2(designer->problem().isEmpty(), qPrintable(designer->problem()));
        QSignalSpy finished(w_->queue(), &JobQueue::jobFinished);
        QTest::mouseClick(designer->runButton(), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        fig2Job_ = finished.at(0).at(0).toInt();
        auto job = w_->queue()->job(fig2Job_);
        QCOMPARE(job->status.load(), JobStatus::Complete);
        QVERIFY(w_->jobs()->notice().contains("finished"));

        // Six points, each the mean over seeds of KD − no-KD read back from the run files.
        auto* plot = w_->results()->gainPlot();
        QCPGraph* g = plot->meanGraph(0);
        QVERIFY(g);
        QCOMPARE(g->data()->size(), 6);
        const auto& rows = job->result.rows;
        QCOMPARE(int(rows.size()), 6);
        for (int i = 0; i < 6; ++i) {
            const int k = 2 * i;  // overlap
            QCOMPARE(g->data()->at(i)->key, double(k) / (20 - k));
            std::map<int64_t, double> student, baseline;
            for (const auto& id : rows[i].runIds) {
                const auto r = RunFile::load(
                    (fs::path(job->folder.toStdString()) / (id + ".h5")).string(), false);
                QCOMPARE(r.status, RunStatus::Complete);
                if (r.role == "student") student[r.seed] = r.metrics.at("acc_test");
                if (r.role == "baseline") baseline[r.seed] = r.metrics.at("acc_test");
            }
            QCOMPARE(int(student.size()), 10);
            QCOMPARE(int(baseline.size()), 10);
            double sum = 0;
            for (const auto& kv : student) sum += kv.second - baseline.at(kv.first);
            QVERIFY2(std::abs(g->data()->at(i)->value - sum / 10) < 1e-9,
                     qPrintable(QString("point %1: plot %2, files %3")
                                    .arg(i)
                                    .arg(g->data()->at(i)->value)
                                    .arg(sum / 10)));
        }
        // The paper's trend: the gain rises with γ.
        QVERIFY(g->data()->at(5)->value > g->data()->at(0)->value + 1.5);
        // The table holds the six rows, with up/down marks on Δ.
        QCOMPARE(w_->results()->table()->rowCount(), 6);
    }

    // An experiment folder reopens every result view from its files, without training, and a
    // restart brings back the folder and the design that were open.
    void anExperimentFolderReopensItsViews() {
        QVERIFY(fig2Job_ > 0);
        auto job = w_->queue()->job(fig2Job_);
        const QString folder = job->folder;
        QVERIFY(QFileInfo::exists(folder + "/state.json"));
        auto reopen = [&](MainWindow& w, const std::function<void()>& open) {
            QSignalSpy opened(&w, &MainWindow::experimentFolderOpened);
            open();
            return opened.count() > 0 || opened.wait(60000);
        };
        nlohmann::json design;
        {
            MainWindow w;
            w.setConfirmClose(false);
            w.show();
            QVERIFY(reopen(w, [&] { w.openPath(folder); }));
            const auto shown = w.results()->shownJob();
            QVERIFY(shown);
            QVERIFY(shown->provenance.contains("Read from"));
            QVERIFY(shown->provenance.contains("complete, 60 of 60 trials"));
            QCOMPARE(int(shown->result.rows.size()), 6);
            for (int i = 0; i < 6; ++i)
                for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc", "delta"}) {
                    QCOMPARE(shown->result.rows[i].perSeed.at(k),
                             job->result.rows[i].perSeed.at(k));
                    QCOMPARE(shown->result.rows[i].runIds, job->result.rows[i].runIds);
                }
            QCPGraph* g = w.results()->gainPlot()->meanGraph(0);
            QCPGraph* ref = w_->results()->gainPlot()->meanGraph(0);
            QVERIFY(g && ref);
            QCOMPARE(g->data()->size(), 6);
            for (int i = 0; i < 6; ++i)
                QCOMPARE(g->data()->at(i)->value, ref->data()->at(i)->value);
            QCOMPARE(w.results()->table()->rowCount(), 6);
            QVERIFY(w.results()->accuracyPlot()->graphCount() > 0);
            // Two rows compared paired by seed, as mfh report --compare.
            const QString cmp = w.results()->comparePanel()->compare(5, 0, "delta");
            QVERIFY2(cmp.contains("paired over 10 seeds") && cmp.contains("Wilcoxon"),
                     qPrintable(cmp));
            QVERIFY(w.results()->comparePanel()->compare(5, 5).contains("Cannot compare"));
            QVERIFY2(waitUntil([&] { return w.results()->runs()->visibleRuns() > 0; }, 30000),
                     qPrintable(w.results()->runs()->info()));
            w.designer()->loadPreset("table2");
            design = w.designer()->config();
            QVERIFY(w.close());
        }
        QVERIFY(settings::sessionFolders.get().contains(folder));
        MainWindow again;
        again.setConfirmClose(false);
        again.show();
        QVERIFY(reopen(again, [&] { again.restoreSession(); }));
        QCOMPARE(again.results()->shownJob()->folder, folder);
        QCOMPARE(again.designer()->config(), design);
        // A folder that is no experiment, or whose state is broken, is named and changes nothing.
        QTemporaryDir bad;
        QFile f(bad.filePath("state.json"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{broken");
        f.close();
        again.openExperimentFolder(bad.path());
        QVERIFY(waitUntil([&] { return again.lastProblem().contains("state.json"); }, 10000));
        QCOMPARE(again.results()->shownJob()->folder, folder);
    }

    // Run files hold each split's confusion matrix: per-class results without retraining.
    void perClassResultsOfARun() {
        QVERIFY(fig2Job_ > 0);
        auto job = w_->queue()->job(fig2Job_);
        const auto& ids = job->result.rows[5].runIds;
        const auto it = std::find_if(ids.begin(), ids.end(), [](const std::string& id) {
            return id.rfind("student", 0) == 0;
        });
        QVERIFY(it != ids.end());
        const auto r =
            RunFile::load((fs::path(job->folder.toStdString()) / (*it + ".h5")).string());
        QVERIFY(r.confusion.count("test"));
        const auto& m = r.confusion.at("test");
        QCOMPARE(int(m.size()), 2);
        const double correct = double(m[0][0] + m[1][1]);
        const double total = double(m[0][0] + m[0][1] + m[1][0] + m[1][1]);
        QVERIFY(std::abs(100 * correct / total - r.metrics.at("acc_test")) < 1e-9);
        ConfusionView view;
        view.showRun(r);
        QCOMPARE(view.table()->rowCount(), 2);
        QCOMPARE(view.table()->item(1, 2)->text(), QString::number(m[1][1]));
        const QString csv = tmp_.filePath("confusion.csv");
        QVERIFY(view.exportCsv(csv).isEmpty());
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto lines = QString::fromUtf8(f.readAll()).split("\r\n", Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QCOMPARE(lines[0], QString("true_class,accuracy,pred_0,pred_1"));
        QVERIFY(lines[2].endsWith(QString(",%1,%2").arg(m[1][0]).arg(m[1][1])));
    }

    // The runs table stays consistent when a smaller folder replaces a larger one while rows
    // are shown (Qt's model tester checks every signal and index).
    void runsTableModelIsConsistent() {
        RunTableModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto rows = [](int n) {
            std::vector<RunRow> v(n);
            for (int i = 0; i < n; ++i) {
                v[i].rowid = i + 1, v[i].runId = "student-" + std::to_string(i);
                v[i].role = i % 2 ? "student" : "teacher", v[i].status = "complete";
                v[i].experiment = ".", v[i].seed = i, v[i].metrics = {80.0 + i, std::nullopt};
                v[i].points = {"w_kd = 0." + std::to_string(i % 10)};
            }
            return v;
        };
        QTableView view;
        view.setModel(&model);
        view.show();
        model.setRuns(tmp_.path(), rows(50), {});
        model.sort(RunTableModel::TestAcc, Qt::DescendingOrder);
        QCOMPARE(model.data(model.index(0, RunTableModel::Id), Qt::DisplayRole).toString(),
                 QString("student-49"));
        const QPersistentModelIndex held(model.index(0, RunTableModel::Id));  // a selection
        model.sort(RunTableModel::TestAcc, Qt::AscendingOrder);
        QCOMPARE(held.row(), 49);
        QCOMPARE(held.data().toString(), QString("student-49"));
        model.setRuns(tmp_.path(), rows(3), {"train.lr"});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(RunTableModel::ColumnCount) + 1);
        model.setMatches(std::vector<int64_t>{2, 3});
        QCOMPARE(model.rowCount(), 2);
        model.setRole("student");
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.data(model.index(0, RunTableModel::Experiment), Qt::DisplayRole).toString(),
                 QFileInfo(tmp_.path()).fileName());
    }

    void clickingAPointOpensItsRuns() {
        auto* tabs = w_->results();
        tabs->setCurrentWidget(tabs->gainTab());
        auto* plot = tabs->gainPlot();
        plot->replot();
        QCPGraph* g = plot->meanGraph(0);
        const QPointF px = g->coordsToPixels(g->data()->at(5)->key, g->data()->at(5)->value);
        QTest::mouseClick(plot, Qt::LeftButton, {}, px.toPoint());
        QCOMPARE(tabs->currentWidget(), static_cast<QWidget*>(tabs->runs()));
        auto job = w_->queue()->job(fig2Job_);
        QVERIFY(waitUntil([&] { return tabs->runs()->folder() == job->folder; }, 10000));
        QCOMPARE(tabs->runs()->visibleRuns(), int(job->result.rows[5].runIds.size()));
        // They are selected: their test accuracies are overlaid (one graph per training run).
        QVERIFY(tabs->runs()->curves()->graphCount() > 0);
    }

    void exportsAreValidFiles() {
        auto* plot = w_->results()->gainPlot();
        const QString png = tmp_.filePath("gain.png"), svg = tmp_.filePath("gain.svg"),
                      pdf = tmp_.filePath("gain.pdf");
        QCOMPARE(PlotExport::save(plot, png, 200, 600, 400), QString());
        QCOMPARE(PlotExport::save(plot, svg), QString());
        QCOMPARE(PlotExport::save(plot, pdf), QString());
        QCOMPARE(head(png, 8), QByteArray("\x89PNG\r\n\x1a\n", 8));
        QImage img(png);
        QCOMPARE(img.width(), 1250);  // 600 px at 96 DPI rendered at 200 DPI
        QVERIFY(std::abs(img.dotsPerMeterX() - 200 / 0.0254) < 2);
        QVERIFY(head(svg, 200).contains("<svg") || head(svg, 200).contains("<?xml"));
        QFile s(svg);
        s.open(QIODevice::ReadOnly);
        QVERIFY(s.readAll().contains("</svg>"));
        QCOMPARE(head(pdf, 5), QByteArray("%PDF-"));
        QVERIFY(QFileInfo(pdf).size() > 1000);
        // The Venn diagram exports too; a bad suffix is refused without writing anything.
        QCOMPARE(PlotExport::save(w_->results()->vennPlot(), tmp_.filePath("venn.svg")), QString());
        QVERIFY(!PlotExport::save(plot, tmp_.filePath("gain.bmpx")).isEmpty());
        QVERIFY(!QFileInfo::exists(tmp_.filePath("gain.bmpx")));
        // Tables: CSV, LaTeX, Markdown, as the command line writes them.
        auto* table = w_->results()->table();
        QCOMPARE(table->exportTo(tmp_.filePath("t.csv")), QString());
        QCOMPARE(table->exportTo(tmp_.filePath("t.tex")), QString());
        QCOMPARE(table->exportTo(tmp_.filePath("t.md")), QString());
        QVERIFY(head(tmp_.filePath("t.tex"), 4000).contains("\\begin{tabular}"));
        QVERIFY(head(tmp_.filePath("t.md"), 4000).contains("|"));
        // The figure set: every figure in three formats and the table in three.
        const QStringList problems = w_->results()->exportFigureSet(tmp_.filePath("set"), 150);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
        for (const char* f : {"kd-gain.png", "kd-gain.svg", "kd-gain.pdf", "accuracy.pdf",
                              "venn.png", "table.csv", "table.tex", "table.md"})
            QVERIFY2(QFileInfo(tmp_.filePath(QString("set/") + f)).size() > 100, f);
    }

    void cancellingAJobIsQuickAndRecorded() {
        auto* q = w_->queue();
        // The device selector offers the CPU; the queue uses what it shows.
        auto* device = w_->jobs()->deviceSelector();
        QVERIFY(device->findData("cpu") >= 0);
        QCOMPARE(q->device(), device->currentData().toString());
        const int id = q->enqueue(longJob(), tmp_.filePath("runs"));
        auto job = q->job(id);
        QCOMPARE(QString::fromStdString(job->config["device"].get<std::string>()), q->device());
        QVERIFY(waitUntil([&] { return job->curves.snapshot().accEpoch.size() >= 2; }, 60000));
        // The running job is selected and its curves are drawn live (loss, test accuracy).
        QCOMPARE(w_->jobs()->selectedJob(), id);
        QVERIFY(waitUntil([&] { return w_->jobs()->liveCurves()->graphCount() >= 2; }, 2000));
        QSignalSpy finished(q, &JobQueue::jobFinished);
        QElapsedTimer t;
        t.start();
        q->cancel(id);
        QVERIFY(waitUntil([&] { return job->status == JobStatus::Cancelled; }, 5000));
        const qint64 ms = t.elapsed();
        QVERIFY2(ms < 1000, qPrintable(QString("cancelled after %1 ms").arg(ms)));
        QVERIFY(finished.count() == 1 || finished.wait(5000));
        const auto folder = RunStore::scan(job->folder.toStdString());
        QVERIFY(!folder.runs.empty());
        bool cancelledRun = false;
        for (const auto& r : folder.runs)
            cancelledRun = cancelledRun || r.status == RunStatus::Cancelled;
        QVERIFY(cancelledRun);
    }

    void closingDuringAJobLeavesNoPartialFile() {
        QString folder;
        {
            MainWindow w;
            w.setConfirmClose(false);
            w.show();
            const int id = w.queue()->enqueue(longJob(), tmp_.filePath("runs-close"));
            auto job = w.queue()->job(id);
            folder = job->folder;
            QVERIFY(waitUntil([&] { return job->curves.snapshot().accEpoch.size() >= 2; }, 60000));
            QElapsedTimer t;
            t.start();
            QVERIFY(w.close());
            QVERIFY(!w.queue()->busy());
            QVERIFY(t.elapsed() < 5000);
            QCOMPARE(job->status.load(), JobStatus::Cancelled);
        }
        int files = 0;
        for (const auto& e : fs::directory_iterator(folder.toStdString())) {
            const auto name = e.path().filename().string();
            QVERIFY2(name.front() != '.', name.c_str());  // no temporary file left behind
            if (e.path().extension() == ".h5") {
                const auto r = RunFile::load(e.path().string(), false);  // throws if partial
                QVERIFY(r.status == RunStatus::Complete || r.status == RunStatus::Cancelled);
                ++files;
            }
        }
        QVERIFY(files >= 1);
    }

    void malformedDatasetIsNamedAndTheAppKeepsWorking_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("message");
        QTest::newRow("not HDF5") << "not_hdf5.h5"
                                  << "is not an HDF5 file";
        QTest::newRow("NaN") << "nan_features.h5"
                             << "contains NaN values";
        QTest::newRow("lengths") << "length_mismatch.h5"
                                 << "has 12 samples but the labels have 10";
        QTest::newRow("missing") << "does_not_exist.h5"
                                 << "no such file";
    }
    void malformedDatasetIsNamedAndTheAppKeepsWorking() {
        QFETCH(QString, file);
        QFETCH(QString, message);
        auto* pane = w_->datasets();
        const auto before = pane->datasets().size();
        QSignalSpy failed(pane, &DatasetPane::loadFailed);
        w_->openPath(QString(MFH_TEST_DATA) + "/" + file);
        QVERIFY(failed.wait(10000));
        QVERIFY2(pane->errorText().contains(message), qPrintable(pane->errorText()));
        QVERIFY(pane->errorText().contains(file));
        QCOMPARE(pane->datasets().size(), before);
        // Still working: a valid file opens and clears the message.
        QSignalSpy added(pane, &DatasetPane::datasetAdded);
        w_->openPath(QString(MFH_TEST_DATA) + "/valid.h5");
        QVERIFY(added.wait(10000));
        QVERIFY(pane->errorText().isEmpty());
    }

    void aJobOnABadDatasetFailsWithItsProblemNamed() {
        auto c = paperExperiment("fig2");
        c["dataset"] = {{"path", std::string(MFH_TEST_DATA) + "/nan_features.h5"}};
        c.erase("sweep");
        c["report"] = "grid";
        auto* q = w_->queue();
        QSignalSpy finished(q, &JobQueue::jobFinished);
        const int id = q->enqueue(c, tmp_.filePath("runs-bad"));
        QVERIFY(finished.wait(20000));
        auto job = q->job(id);
        QCOMPARE(job->status.load(), JobStatus::Failed);
        QVERIFY2(job->error.contains("contains NaN values"), qPrintable(job->error));
        QVERIFY(w_->jobs()->notice().contains("failed"));
        QVERIFY(!QFileInfo::exists(job->folder));  // checked before anything was written
        // An invalid configuration is refused before it is queued, naming the key.
        c["student"]["train"]["epochs"] = -1;
        bool refused = false;
        try {
            q->enqueue(c, tmp_.filePath("runs-bad"));
        } catch (const InputError& e) {
            refused = QString(e.what()).contains("student.train.epochs");
        }
        QVERIFY(refused);
    }

    void droppedFilesOpenAndTheLogShowsTheSession() {
        // A dataset dropped on the window opens like File > Open.
        auto* pane = w_->datasets();
        QSignalSpy added(pane, &DatasetPane::datasetAdded);
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(QString(MFH_TEST_DATA) + "/valid.h5")});
        QDragEnterEvent enter(QPoint(50, 50), Qt::CopyAction, &mime, Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(w_.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(50, 50), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(w_.get(), &drop);
        QVERIFY(added.wait(10000));
        QCOMPARE(pane->current()->name, QString("valid.h5"));
        // What the engine logged reached the log dock (from the job threads).
        QVERIFY(waitUntil([&] { return w_->log()->text().contains("complete in"); }, 5000));
        QVERIFY(w_->log()->text().contains("opening dataset"));
    }

    void windowStateIsRestored() {
        QByteArray state;
        {
            MainWindow w;
            w.resize(1280, 777);  // a laptop screen
            w.show();
            QVERIFY(QTest::qWaitForWindowExposed(&w));
            w.results()->setCurrentIndex(3);
            QVERIFY(w.close());
        }
        MainWindow again;
        QCOMPARE(again.width(), 1280);
        QVERIFY2(
            std::abs(again.height() - 777) <= 40,
            qPrintable(QString::number(again.height())));  // the offscreen platform's title bar
        QCOMPARE(again.results()->currentIndex(), 3);
        QVERIFY(settings::recentDatasets.get().contains(QString(MFH_TEST_DATA) + "/valid.h5"));
    }

    // The designer is a view of its document: a preset loads into it, edits go into it, it
    // names the first problem and counts the trials, and a saved file keeps keys no form shows.
    void designerEditsItsDocument() {
        auto* designer = w_->designer();
        designer->loadPreset("table2");
        auto* preset = designer->findChild<QComboBox*>("preset");
        QCOMPARE(preset->currentText(), QString::fromStdString(paperExperiments()[2].title));
        QCOMPARE(preset->count(), int(paperExperiments().size()) + 1);
        QVERIFY2(designer->problem().isEmpty(), qPrintable(designer->problem()));
        const auto& doc = designer->document();
        QCOMPARE(doc.json()["dataset"], paperExperiment("table2")["dataset"]);
        auto* status = designer->findChild<QLabel*>("designerStatus");
        QVERIFY2(status->text().contains(QString("= %1 trials").arg(doc.trials())),
                 qPrintable(status->text()));
        const auto spec = ExperimentSpec::fromJson(paperExperiment("table2"));
        QCOMPARE(doc.trials(), spec.gridSize() * spec.seeds.size());
        designer->epochs(false)->setValue(77);  // an edit goes into the document at once
        QCOMPARE(doc.json()["student"]["train"]["epochs"].get<int>(), 77);
        QCOMPARE(preset->currentIndex(), 0);  // no longer the preset
        designer->seedCount()->setValue(2);
        designer->problem();
        QCOMPARE(doc.trials(), spec.gridSize() * 2);
        // A bad value (through the sweep table) is named, in one line, and disables Run.
        designer->sweep()->addAxis("student.train.epochs", "-5");
        const QString p = designer->problem();
        QVERIFY2(p.contains("'student.train.epochs' = -5"), qPrintable(p));
        QVERIFY(status->text().contains(p));
        QVERIFY(!designer->runButton()->isEnabled());
        QCOMPARE(doc.trials(), std::size_t(0));
        designer->sweep()->removeAxis();
        QVERIFY(designer->problem().isEmpty());
        // Save, then load: a key the form does not show survives.
        auto c = designer->config();
        c["threads"] = 2;
        designer->setConfig(c);
        const QString path = tmp_.filePath("table2-threads.json");
        QCOMPARE(designer->saveFile(path), QString());
        ExperimentPane other;
        QCOMPARE(other.loadFile(path), QString());
        QCOMPARE(other.config()["threads"].get<int>(), 2);
        QCOMPARE(other.config(), designer->config());
        designer->loadPreset("fig2");
    }

    void designerConfigIsWhatTheCommandLineRuns() {
        auto* designer = w_->designer();
        designer->loadPreset("fig3");
        designer->seedCount()->setValue(2);
        designer->epochs(true)->setValue(50);
        designer->epochs(false)->setValue(50);
        const QString path = tmp_.filePath("fig3-small.json");
        QCOMPARE(designer->saveFile(path), QString());
        ExperimentPane other;
        QCOMPARE(other.loadFile(path), QString());
        QCOMPARE(other.config(), designer->config());
        QCOMPARE(other.config()["seeds"]["count"].get<int>(), 2);
        QProcess mfh;
        mfh.start(MFH_BINARY, {"run", path, "--json"});
        QVERIFY(mfh.waitForFinished(120000));
        QVERIFY2(mfh.exitCode() == 0, mfh.readAllStandardError().constData());
        const auto out = nlohmann::json::parse(mfh.readAllStandardOutput().toStdString());
        QCOMPARE(out["rows"].size(), std::size_t(5));
        // A broken file is refused with its problem named, and the form keeps its state.
        auto broken = other.config();
        broken["student"]["train"]["epochs"] = -5;
        QFile bad(tmp_.filePath("bad.json"));
        bad.open(QIODevice::WriteOnly);
        bad.write(QByteArray::fromStdString(broken.dump()));
        bad.close();
        const QString err = other.loadFile(bad.fileName());
        QVERIFY2(err.contains("'student.train.epochs' = -5"), qPrintable(err));
        QFile notJson(tmp_.filePath("not.json"));
        notJson.open(QIODevice::WriteOnly);
        notJson.write("{ nope");
        notJson.close();
        QVERIFY(other.loadFile(notJson.fileName()).contains("invalid JSON"));
        QCOMPARE(other.config()["seeds"]["count"].get<int>(), 2);
    }
};

QTEST_MAIN(TestWorkbench)
#include "test_workbench.moc"
