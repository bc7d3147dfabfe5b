// The Advisor tab through its real widgets (offscreen): the pilot on a generated dataset runs
// off the GUI thread (a timer keeps ticking), the card shows the verdict and every predictor;
// advising a finished sweep plots each predictor against the gain the sweep measured.
#include <QtTest/QtTest>
#include <QtWidgets>

#include "core/advisor/Predictors.h"
#include "core/data/DatasetStats.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/Experiment.h"
#include "ui/AdvisorScatter.h"
#include "ui/AdvisorTab.h"
#include "ui/GeneratorDialog.h"
#include "ui/JobQueue.h"
#include "ui/WhatIfPlot.h"

using namespace mfh;
using namespace mfh::ui;

namespace {

DatasetPtr generated(int overlap) {
    auto e = std::make_shared<DatasetEntry>();
    const auto spec = VennSpec::fig2(overlap);
    e->name = QString("fig2 overlap %1").arg(overlap);
    e->source = {{"generator", spec.toJson()}};
    e->data = std::make_shared<Dataset>(generateVenn(spec, 0));
    e->summary = DatasetStats::summarize(*e->data);
    return e;
}

}  // namespace

class TestAdvisorGui : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void pilotOnADataset() {
        AdvisorTab tab;
        tab.resize(1000, 600);
        tab.show();
        tab.showDataset(generated(10));
        QVERIFY(tab.pilotButton()->isEnabled());
        QSignalSpy advised(&tab, &AdvisorTab::advised);
        int ticks = 0;
        QTimer timer;
        connect(&timer, &QTimer::timeout, [&] { ++ticks; });
        timer.start(20);
        tab.pilotButton()->click();
        QVERIFY(tab.running());
        QVERIFY(!tab.pilotButton()->isEnabled());
        QTRY_VERIFY_WITH_TIMEOUT(!tab.running(), 120000);
        QVERIFY2(advised.count() == 1, qPrintable(tab.findChild<QLabel*>("advisorNote")->text()));
        QVERIFY2(ticks > 3, "the GUI thread was blocked during the pilot");
        QVERIFY(tab.report());
        QCOMPARE(int(tab.report()->rows.size()), 1);
        QVERIFY2(tab.verdict()->text().contains("distil"), qPrintable(tab.verdict()->text()));
        // Every predictor, and the student's accuracy.
        const int predictors = int(std::size(EnumNames<Predictor>::table));
        QCOMPARE(tab.card()->rowCount(), predictors + 1);
        QCOMPARE(tab.card()->item(0, 0)->text(), QString("gamma"));
        QVERIFY(tab.card()->item(0, 2)->text().startsWith("["));
        QVERIFY(!tab.card()->item(0, 3)->text().isEmpty());  // γ votes
        QVERIFY(tab.pilotButton()->isEnabled());
    }

    void scatterOfAFinishedSweep() {
        auto j = paperExperiment("fig2");
        j["sweep"][0]["values"] = {0, 4, 10};
        j["seeds"]["count"] = 5;
        auto job = std::make_shared<Job>();
        job->name = "fig2";
        job->config = j;
        job->result = Experiment(ExperimentSpec::fromJson(j)).run();
        job->status = JobStatus::Complete;
        AdvisorTab tab;
        tab.resize(1000, 600);
        tab.show();
        tab.showJob(job);
        QVERIFY(tab.experimentButton()->isEnabled());
        QSignalSpy advised(&tab, &AdvisorTab::advised);
        tab.experimentButton()->click();
        QVERIFY(advised.wait(120000));
        QCOMPARE(int(tab.report()->rows.size()), 3);
        QCOMPARE(tab.scatter()->pointCount(), 3);
        // The points are the job's measured gains against the advice's predictor values.
        auto* g = tab.scatter()->graph(0);
        QCOMPARE(g->dataCount(), 3);
        const double gain10 = job->result.rows[2].summary.at("delta").mean;
        QCOMPARE(g->data()->at(2)->value, gain10);
        QCOMPARE(g->data()->at(2)->key,
                 tab.report()->rows[2].measures[Predictor::Gamma].value.estimate);
        tab.scatterPredictor()->setCurrentIndex(1);  // cch-gaussian
        QCOMPARE(tab.scatter()->graph(0)->data()->at(0)->key,
                 tab.report()->rows[0].measures[Predictor::CchGaussian].value.estimate);
        QVERIFY(tab.scatter()->title().contains("Spearman"));
        if (qEnvironmentVariableIsSet("MFH_GRAB"))
            tab.grab().save(qEnvironmentVariable("MFH_GRAB"));
    }

    void generatorWhatIf() {
        GeneratorDialog d;
        d.show();
        QSignalSpy redrawn(d.whatIf(), &WhatIfPlot::redrawn);
        QVERIFY(redrawn.wait(30000));
        // |G| 10, |A| 10, |B| 10: 20 decisive columns each, shared 0 … 20 in six steps.
        QCOMPARE(int(d.whatIf()->points().size()), 6);
        QCOMPARE(d.whatIf()->points().front().gamma, 0.0);
        QCOMPARE(d.whatIf()->points().back().gamma, 1.0);
        QCOMPARE(d.whatIf()->graphCount(), 2);  // trained and predicted
        // Fully shared decisive information helps more than none (10 seeds, trained).
        QVERIFY(d.whatIf()->points().back().gain > d.whatIf()->points().front().gain);
        // A change redraws for the new settings: |A| 2 makes a 12 × 20 layout, shared ≤ 12.
        d.spin("specificA")->setValue(2);
        QVERIFY(redrawn.wait(30000));
        QCOMPARE(d.whatIf()->points().back().shared, 12);
        if (qEnvironmentVariableIsSet("MFH_GRAB_DIALOG"))
            d.grab().save(qEnvironmentVariable("MFH_GRAB_DIALOG"));
        // Settings too large for a live answer are named on the plot, not computed.
        d.spin("nTrain")->setValue(100000);
        QTRY_VERIFY_WITH_TIMEOUT(!d.whatIf()->busy(), 30000);
        QVERIFY(d.whatIf()->points().empty());
    }

    void refusalIsShownNotThrown() {
        // A dataset of one modality used for both roles is unimodal KD; a missing modality is
        // a message, not a crash.
        AdvisorTab tab;
        auto d = generated(4);
        tab.showDataset(d);
        auto j = AdvisorTab::pilotExperiment(*d, "a", "nosuch");
        QVERIFY_THROWS_EXCEPTION(std::exception, Advisor::advise(ExperimentSpec::fromJson(j)));
    }
};

QTEST_MAIN(TestAdvisorGui)
#include "test_advisor_gui.moc"
