// The workbench's Slurm path, offscreen, against a running Slurm (tests/slurm/slurm.py starts
// a one-node cluster and runs this with SLURM_CONF set; alone, it skips). The designer's Run
// on "Slurm cluster" with options from the Slurm dialog submits a job array; its row in the
// jobs table follows the array to the end and the results appear; Cancel calls scancel; and
// a folder submitted from the command line is followed when it is opened.
#include <torch/torch.h>

#include <QComboBox>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QtTest/QtTest>

#include "core/cluster/ClusterStatus.h"
#include "core/cluster/ClusterSubmit.h"
#include "core/cluster/Slurm.h"
#include "core/experiments/Report.h"
#include "core/experiments/StoredExperiment.h"
#include "ui/ClusterJobs.h"
#include "ui/ExperimentPane.h"
#include "ui/JobProgress.h"
#include "ui/JobQueue.h"
#include "ui/MainWindow.h"
#include "ui/ResultsTabs.h"
#include "ui/RunTarget.h"
#include "ui/Settings.h"
#include "ui/SlurmDialog.h"

using namespace mfh;
using namespace mfh::ui;

namespace {

nlohmann::json fig2(int seeds, bool torch) {
    auto j = paperExperiment("fig2");
    j["seeds"] = {{"first", 0}, {"count", seeds}};
    if (torch) j["engine"] = "torch";
    return j;
}

bool waitUntil(const std::function<bool()>& done, int ms) {
    QElapsedTimer t;
    t.start();
    while (!done() && t.elapsed() < ms) QTest::qWait(20);
    return done();
}

std::string rowsOf(const ExperimentResult& r) {
    return Report::json(r)["rows"].dump();
}

}  // namespace

class TestSlurmGui : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString root_;
    std::unique_ptr<MainWindow> w_;

    // Submits the designer's experiment with the Slurm dialog's `tasks`, as a user does.
    std::shared_ptr<Job> submit(const nlohmann::json& config, int tasks,
                                const QString& setup = {}) {
        w_->designer()->setConfig(config);
        RunTarget* target = w_->designer()->runTarget();
        target->selector()->setCurrentIndex(1);
        if (!target->onSlurm()) return nullptr;
        target->editOptions();
        auto* dialog = target->findChild<SlurmDialog*>();
        if (!dialog) return nullptr;
        dialog->findChild<QSpinBox*>("slurmTasks")->setValue(tasks);
        dialog->findChild<QPlainTextEdit*>("slurmSetup")->setPlainText(setup);
        dialog->findChild<QLineEdit*>("slurmMfh")->setText(MFH_BINARY);  // not beside this test
        static_cast<QDialog*>(dialog)->accept();  // OK: checks and saves the options
        const int id = w_->runExperiment();
        return id < 0 ? nullptr : w_->queue()->job(id);
    }

  private Q_SLOTS:
    void initTestCase() {
        if (qEnvironmentVariableIsEmpty("SLURM_CONF") || !Slurm::available())
            QSKIP("needs a running Slurm: tests/slurm/slurm.py starts one and runs this");
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        root_ = qEnvironmentVariableIsEmpty("MFH_SLURM_TEST_DIR")
                    ? tmp_.filePath("runs")
                    : qEnvironmentVariable("MFH_SLURM_TEST_DIR");
        setRunsRootOverride(root_);
        w_ = std::make_unique<MainWindow>();
        w_->setConfirmClose(false);
        w_->cluster()->setPollInterval(300);
        w_->show();
        QVERIFY(QTest::qWaitForWindowExposed(w_.get()));
    }
    void cleanupTestCase() { w_.reset(); }

    void runOnSlurmFollowsTheArrayAndShowsItsResults() {
        auto job = submit(fig2(4, false), 2);
        QVERIFY2(job, qPrintable(w_->lastProblem()));
        QVERIFY(job->name.endsWith("on Slurm"));
        QString seen, detail;
        QVERIFY(waitUntil(
            [&] {
                const QString s = JobProgress::stageText(*job);
                if (s.startsWith("Slurm job")) seen = s, detail = JobProgress::stageDetail(*job);
                return job->status != JobStatus::Running;
            },
            120000));
        QVERIFY2(job->status == JobStatus::Complete,
                 qPrintable(statusText(job->status) + ": " + job->error));
        // The row's line gives the array's progress; its details a line per task.
        QVERIFY2(seen.contains("/2 tasks done"), qPrintable(seen));
        QVERIFY(JobProgress::progressText(*job).endsWith("24/24 trials"));
        QCOMPARE(w_->designer()->runButton()->text(), QString("Submit to Slurm"));
        QVERIFY2(!seen.contains('\n'), qPrintable(seen));
        QVERIFY2(detail.contains("\ntask 0 (") && detail.contains("\ntask 1 ("),
                 qPrintable(detail));
        // The shown results are the folder's, all of them.
        const auto stored = StoredExperiment::load(job->folder.toStdString());
        QCOMPARE(stored.folderStatus, std::string("complete"));
        QVERIFY(waitUntil(
            [&] {
                return w_->results()->shownJob() && w_->results()->shownJob()->trialsDone == 24;
            },
            10000));
        QCOMPARE(rowsOf(w_->results()->shownJob()->result), rowsOf(stored.result));
        // The choice and the options are remembered.
        QCOMPARE(settings::runTarget.get(), QString("slurm"));
        QCOMPARE(SlurmDialog::savedTasks(), 2);
    }

    void cancelCallsScancel() {
        auto job = submit(fig2(4, true), 2);
        QVERIFY2(job, qPrintable(w_->lastProblem()));
        QVERIFY(waitUntil([&] { return JobProgress::stageText(*job).contains("running"); }, 60000));
        w_->queue()->cancel(job->id);  // the row's Cancel button
        QVERIFY(waitUntil([&] { return job->status != JobStatus::Running; }, 60000));
        QCOMPARE(job->status.load(), JobStatus::Cancelled);
        const auto st = ClusterStatus::of(job->folder.toStdString());
        QVERIFY(!st.active());
        QVERIFY(!st.complete());
    }

    void aFolderSubmittedElsewhereIsFollowedWhenOpened() {
        // As `mfh submit` does it; the setup line keeps the tasks from starting at once.
        SubmitRequest rq;
        rq.config = fig2(3, false);
        rq.dir = QDir(root_).filePath("from-the-command-line").toStdString();
        rq.options.setup = "sleep 2";
        rq.options.mfh = MFH_BINARY;
        const auto out = ClusterSubmit::submit(rq);
        const QString dir = QString::fromStdString(out.dir);
        w_->openPath(dir);
        QVERIFY(waitUntil([&] { return w_->cluster()->following(dir); }, 10000));
        std::shared_ptr<Job> row;
        for (const auto& j : w_->queue()->jobs())
            if (j->folder == dir && j->kind == JobKind::Task) row = j;
        QVERIFY(row);
        QVERIFY(waitUntil([&] { return row->status != JobStatus::Running; }, 120000));
        QVERIFY2(row->status == JobStatus::Complete,
                 qPrintable(statusText(row->status) + ": " + row->error));
        QVERIFY(waitUntil(
            [&] {
                return w_->results()->shownJob() && w_->results()->shownJob()->folder == dir &&
                       w_->results()->shownJob()->trialsDone == 18;
            },
            10000));
    }

    void withoutSlurmTheChoiceSaysWhy() {
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent");
        RunTarget target;
        qputenv("PATH", path);
        auto* model = qobject_cast<QStandardItemModel*>(target.selector()->model());
        QVERIFY(!model->item(1)->isEnabled());
        QVERIFY(model->item(1)->toolTip().contains("no sbatch"));
        QVERIFY(!target.onSlurm());
    }
};

QTEST_MAIN(TestSlurmGui)
#include "test_slurm_gui.moc"
