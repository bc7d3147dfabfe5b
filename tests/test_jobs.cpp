// Long jobs in the workbench, through the real jobs table (offscreen): an experiment's row
// names its stage (trial, role, inputs, epoch) and shows progress in epochs and a time left
// before its first trial ends; cancel gives "cancelled" (and a cancelled run is not "done");
// a failing job shows "failed" and its whole message; dataset generation and loading, and the
// Venn estimate, are jobs of the same table with their stage and cancel. The engine's epoch
// accounting is checked too: the plan is known up front and met exactly at the end.
#include <torch/torch.h>

#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtTest/QtTest>
#include <cmath>
#include <filesystem>

#include "core/data/DatasetFile.h"
#include "core/experiments/Experiment.h"
#include "ui/DatasetPane.h"
#include "ui/JobProgress.h"
#include "ui/JobQueue.h"
#include "ui/JobsDock.h"
#include "ui/PlotView.h"
#include "ui/VennTab.h"

using namespace mfh;
using namespace mfh::ui;

namespace {

// Two seeds at two sweep points of a long MLP training: trials never end during the test.
nlohmann::json longJob(int epochs) {
    auto j = paperExperiment("fig2");
    j["name"] = "long";
    j["engine"] = "torch";
    j["seeds"] = {{"first", 0}, {"count", 2}};
    j["sweep"] = {{{"param", "kd.w_kd"}, {"values", {0.25, 0.5}}}};
    j["threads"] = 1;
    for (const char* role : {"teacher", "student"}) {
        j[role]["model"] = {{"type", "mlp"}, {"hidden", {64}}};
        j[role]["train"] = {
            {"optimizer", "sgd"}, {"lr", 0.01}, {"epochs", epochs}, {"eval_every", 50}};
    }
    return j;
}

// The plot's title, as drawn.
QString titleOf(QCustomPlot* plot) {
    for (int i = 0; i < plot->plotLayout()->elementCount(); ++i)
        if (auto* t = qobject_cast<QCPTextElement*>(plot->plotLayout()->elementAt(i)))
            return t->text();
    return {};
}

bool waitUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(10);
    return done();
}

}  // namespace

class TestJobs : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    // A window as the main window is for these pieces: the queue is its direct child, so the
    // dataset pane and the Venn tab find it and start their tasks in its table.
    std::unique_ptr<QWidget> window_;
    JobQueue* queue_ = nullptr;
    JobsDock* dock_ = nullptr;
    DatasetPane* pane_ = nullptr;
    VennTab* venn_ = nullptr;

    int rowOf(int id) const {
        auto* t = dock_->table();
        for (int r = 0; r < t->rowCount(); ++r)
            if (t->item(r, JobsDock::cName)->data(Qt::UserRole).toInt() == id) return r;
        return -1;
    }
    QString cell(int id, int column) const {
        const int r = rowOf(id);
        return r < 0 ? QString() : dock_->table()->item(r, column)->text();
    }
    QProgressBar* bar(int id) const {
        return static_cast<QProgressBar*>(
            dock_->table()->cellWidget(rowOf(id), JobsDock::cProgress));
    }
    std::shared_ptr<Job> lastTask() const {
        for (auto it = queue_->jobs().rbegin(); it != queue_->jobs().rend(); ++it)
            if ((*it)->kind == JobKind::Task) return *it;
        return nullptr;
    }

  private Q_SLOTS:
    void initTestCase() {
        window_ = std::make_unique<QWidget>();
        queue_ = new JobQueue(window_.get());
        auto* lay = new QVBoxLayout(window_.get());
        dock_ = new JobsDock(queue_, window_.get());
        pane_ = new DatasetPane;
        venn_ = new VennTab;
        lay->addWidget(dock_);
        lay->addWidget(pane_);
        lay->addWidget(venn_);
        window_->resize(1300, 900);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
    }
    void cleanupTestCase() {
        queue_->shutdown();
        window_.reset();
    }

    // The engine plans every training of the trials left in epochs before the first one and
    // has counted exactly that many when it ends: shared no-KD baselines (trained once for
    // both KD weights), a resumed folder (nothing left to plan).
    void epochPlanIsKnownUpFrontAndMet() {
        auto j = paperExperiment("fig2");
        j["seeds"] = {{"first", 0}, {"count", 2}};
        j["sweep"] = {{{"param", "kd.w_kd"}, {"values", {0.25, 0.5, 1.0}}}};
        j["teacher"]["train"]["epochs"] = 40;
        j["student"]["train"]["epochs"] = 30;
        const auto spec = ExperimentSpec::fromJson(j);
        QCOMPARE(ExperimentProgress::trialEpochs(spec), int64_t(40 + 2 * 30));
        ExperimentProgress p;
        int64_t plannedAtFirstEpoch = -1;
        ExperimentCallbacks cb;
        cb.progress = &p;
        cb.onEpoch = [&](const std::string&, const EpochReport&) {
            if (plannedAtFirstEpoch < 0) plannedAtFirstEpoch = p.epochsPlanned;
        };
        const QString dir = tmp_.filePath("plan");
        const auto res = Experiment(spec, dir.toStdString()).run(cb);
        QCOMPARE(plannedAtFirstEpoch, int64_t(6 * (40 + 60)));
        QVERIFY(res.runsReused > 0);  // shared trainings are credited, not trained twice
        QCOMPARE(p.epochsDone.load(), p.epochsPlanned.load());
        QCOMPARE(p.fraction(), 1.0);
        QCOMPARE(p.trialsDone.load(), 6);
        QCOMPARE(p.stage.load(), int(ExperimentStage::Finishing));
        // Rerun into the same folder: every trial is stored, nothing is planned.
        ExperimentProgress again;
        ExperimentCallbacks cb2;
        cb2.progress = &again;
        Experiment(spec, dir.toStdString()).run(cb2);
        QCOMPARE(again.epochsPlanned.load(), int64_t(0));
        QCOMPARE(again.trialsDone.load(), 6);
    }

    void longJobShowsStageEpochsAndTimeLeft() {
        const int id = queue_->enqueue(longJob(2000000), tmp_.filePath("runs"));
        auto j = queue_->job(id);
        // Before the first trial ends: its stage names trial, role and inputs, and an epoch.
        QVERIFY(waitUntil([&] { return j->progress.epochsDone > 200; }, 60000));
        QVERIFY(
            waitUntil([&] { return cell(id, JobsDock::cEta) != QString::fromUtf8("–"); }, 2000));
        QCOMPARE(j->trialsDone.load(), 0);
        const QString stage = cell(id, JobsDock::cStage);
        QVERIFY2(stage.startsWith("trial 1/4 · teacher a · epoch "), qPrintable(stage));
        QVERIFY2(stage.endsWith("/2000000"), qPrintable(stage));
        QVERIFY(j->fraction() > 0);
        QVERIFY(std::isfinite(j->etaSeconds()) && j->etaSeconds() > 0);
        QCOMPARE(cell(id, JobsDock::cStatus), QString("running"));
        QVERIFY(bar(id)->value() >= 0 && bar(id)->maximum() == 1000);
        QVERIFY2(bar(id)->format().contains("0/4 trials"), qPrintable(bar(id)->format()));
        // The tooltip adds the sweep point and seed.
        const QString tip = dock_->table()->item(rowOf(id), JobsDock::cStage)->toolTip();
        QVERIFY2(tip.contains("w_kd = 0.25 · seed 0"), qPrintable(tip));
        // The live curves name the run in words, not by its hash.
        dock_->selectJob(id);
        QVERIFY(waitUntil([&] { return dock_->liveCurves()->graphCount() > 0; }, 5000));
        const QString title = titleOf(dock_->liveCurves());
        QVERIFY2(title == QString::fromUtf8("teacher a · w_kd = 0.25 · seed 0"), qPrintable(title));

        // MFH_JOBS_SCREENSHOT=file.png keeps a picture of the table at this point.
        if (qEnvironmentVariableIsSet("MFH_JOBS_SCREENSHOT"))
            window_->grab().save(qEnvironmentVariable("MFH_JOBS_SCREENSHOT"));
        queue_->cancel(id);
        QVERIFY(waitUntil([&] { return j->status != JobStatus::Running; }, 5000));
        QTest::qWait(150);
        QCOMPARE(j->status.load(), JobStatus::Cancelled);
        QCOMPARE(cell(id, JobsDock::cStatus), QString("cancelled"));
        QVERIFY(cell(id, JobsDock::cStage).startsWith("cancelled after 0/4 trials"));
        QVERIFY(
            waitUntil([&] { return titleOf(dock_->liveCurves()).contains("cancelled"); }, 2000));
        QVERIFY(!titleOf(dock_->liveCurves()).contains("done"));
        QVERIFY(dock_->notice().contains("cancelled"));
    }

    // After shutdown() the queue takes jobs again, and the GUI thread does not wait for them
    // (the earlier job's queued end once made it wait for the next job's thread).
    void aJobAfterShutdownLeavesTheGuiFree() {
        const int first = queue_->enqueue(longJob(2000000), tmp_.filePath("runs"));
        QVERIFY(waitUntil([&] { return queue_->job(first)->progress.epochsDone > 0; }, 30000));
        queue_->shutdown();
        QCOMPARE(queue_->job(first)->status.load(), JobStatus::Cancelled);
        // Seconds long, so that a GUI thread made to wait for it fails here, not by a hang.
        const int second = queue_->enqueue(longJob(5000), tmp_.filePath("runs"));
        QElapsedTimer t;
        t.start();
        QTest::qWait(300);
        QVERIFY2(t.elapsed() < 1500, qPrintable(QString::number(t.elapsed())));
        QCOMPARE(queue_->job(second)->status.load(), JobStatus::Running);
        queue_->cancel(second);
        QVERIFY(waitUntil([&] { return !queue_->busy(); }, 10000));
    }

    void failedJobShowsItsWholeMessage() {
        const QString path = tmp_.filePath("vanished.h5");
        auto j = longJob(10);
        j["dataset"] = {{"path", path.toStdString()}};
        const int id = queue_->enqueue(j, tmp_.filePath("runs"));
        auto job = queue_->job(id);
        QVERIFY(waitUntil([&] { return job->status == JobStatus::Failed; }, 30000));
        QTest::qWait(150);
        QCOMPARE(cell(id, JobsDock::cStatus), QString("failed"));
        QVERIFY(!job->error.isEmpty());
        QVERIFY2(job->error.contains("vanished.h5"), qPrintable(job->error));
        const auto* item = dock_->table()->item(rowOf(id), JobsDock::cStatus);
        QVERIFY2(item->toolTip().contains(job->error), qPrintable(item->toolTip()));
        QMessageBox* box = dock_->showDetails(id);
        QVERIFY(box && box->isVisible());
        QCOMPARE(box->detailedText(), job->error);
        QVERIFY(box->text().contains("failed"));
        box->close();
    }

    void datasetGenerationIsACancellableTask() {
        VennSpec big;
        big.nTrain = 400000;  // long enough to be cancelled before it ends
        QSignalSpy added(pane_, &DatasetPane::datasetAdded);
        pane_->generate(big, 1, nlohmann::json::object());
        auto task = lastTask();
        QVERIFY(task);
        QCOMPARE(task->status.load(), JobStatus::Running);
        QVERIFY(task->name.startsWith("Generate dataset"));
        QTest::qWait(150);  // a refresh
        QVERIFY2(cell(task->id, JobsDock::cStage).startsWith("generating"),
                 qPrintable(cell(task->id, JobsDock::cStage)));
        QCOMPARE(bar(task->id)->maximum(), 0);  // not measurable: a busy bar
        auto* cancel = dock_->table()->cellWidget(rowOf(task->id), JobsDock::cCancel);
        QVERIFY(cancel->isEnabled());
        QTest::mouseClick(static_cast<QAbstractButton*>(cancel), Qt::LeftButton);
        QVERIFY(waitUntil([&] { return task->status != JobStatus::Running; }, 60000));
        QCOMPARE(task->status.load(), JobStatus::Cancelled);
        QTest::qWait(150);
        QCOMPARE(cell(task->id, JobsDock::cStatus), QString("cancelled"));
        QCOMPARE(added.count(), 0);  // a cancelled build adds nothing
        QVERIFY(!pane_->busy());

        // A small one completes and is added.
        VennSpec small;
        pane_->generate(small, 2, nlohmann::json::object());
        auto done = lastTask();
        QVERIFY(added.wait(30000));
        QCOMPARE(done->status.load(), JobStatus::Complete);
    }

    void datasetLoadIsATaskAndItsFailureIsShown() {
        const QString path = tmp_.filePath("small.h5");
        DatasetFile::save(generateVenn(VennSpec{}, 3), path.toStdString());
        QSignalSpy added(pane_, &DatasetPane::datasetAdded);
        pane_->openFile(path);
        auto task = lastTask();
        QVERIFY(task->name.contains("small.h5"));
        QVERIFY(added.wait(30000));
        QCOMPARE(task->status.load(), JobStatus::Complete);

        QSignalSpy failed(pane_, &DatasetPane::loadFailed);
        pane_->openFile(tmp_.filePath("missing.h5"));
        auto bad = lastTask();
        QVERIFY(failed.wait(30000));
        QCOMPARE(bad->status.load(), JobStatus::Failed);
        QVERIFY(bad->error.contains("missing.h5"));
    }

    void vennEstimateIsAJob() {
        VennSpec s;
        s.nTrain = 3000;
        QSignalSpy added(pane_, &DatasetPane::datasetAdded);
        pane_->generate(s, 4, nlohmann::json::object());
        QVERIFY(added.wait(30000));
        venn_->showDataset(pane_->current());
        QVERIFY(venn_->estimateButton()->isEnabled());
        QSignalSpy estimated(venn_, &VennTab::estimated);
        QTest::mouseClick(venn_->estimateButton(), Qt::LeftButton);
        auto task = lastTask();
        QVERIFY(task->name.startsWith("Venn estimate of"));
        QVERIFY(venn_->estimating());
        QVERIFY(estimated.wait(120000));
        QCOMPARE(task->status.load(), JobStatus::Complete);
        QCOMPARE(task->taskPermille.load(), 1000);

        // Cancelled from the jobs table: the job says so and nothing is drawn.
        QTest::mouseClick(venn_->estimateButton(), Qt::LeftButton);
        auto second = lastTask();
        QVERIFY(second != task);
        queue_->cancel(second->id);
        QVERIFY(waitUntil([&] { return !venn_->estimating(); }, 60000));
        QCOMPARE(second->status.load(), JobStatus::Cancelled);
        QCOMPARE(estimated.count(), 1);
    }

    void durationsRead() {
        QCOMPARE(JobProgress::duration(-1), QString::fromUtf8("–"));
        QCOMPARE(JobProgress::duration(4.24), QString("4.2 s"));
        QCOMPARE(JobProgress::duration(185), QString("3 min 5 s"));
        QCOMPARE(JobProgress::duration(7500), QString("2 h 5 min"));
    }
};

QTEST_MAIN(TestJobs)
#include "test_jobs.moc"
