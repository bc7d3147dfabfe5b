#include "ui/ScreenshotTour.h"

#include <spdlog/spdlog.h>

#include <QDir>
#include <QEventLoop>
#include <QSpinBox>
#include <QTableView>
#include <QTimer>

#include "ui/DatasetPane.h"
#include "ui/ExperimentPane.h"
#include "ui/GeneratorDialog.h"
#include "ui/JobQueue.h"
#include "ui/JobsDock.h"
#include "ui/MainWindow.h"
#include "ui/ResultsTabs.h"
#include "ui/RunsBrowser.h"
#include "ui/SaliencyTab.h"

namespace mfh::ui {

ScreenshotTour::ScreenshotTour(MainWindow* window, QString dir)
    : w_(window), dir_(std::move(dir)) {}

bool ScreenshotTour::waitFor(const std::function<bool()>& done, int timeoutMs) {
    if (done()) return true;
    QEventLoop loop;
    QTimer poll, limit;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) loop.quit();
    });
    QObject::connect(&limit, &QTimer::timeout, &loop, &QEventLoop::quit);
    poll.start(20);
    limit.setSingleShot(true);
    limit.start(timeoutMs);
    loop.exec();
    return done();
}

bool ScreenshotTour::runAndWait(int timeoutMs) {
    const int id = w_->runExperiment();
    if (id < 0) {
        spdlog::error("screenshots: {}", w_->lastProblem().toStdString());
        return false;
    }
    auto j = w_->queue()->job(id);
    return waitFor(
               [&] { return j->status != JobStatus::Queued && j->status != JobStatus::Running; },
               timeoutMs) &&
           waitFor([&] { return !w_->queue()->busy(); }, 2000);
}

bool ScreenshotTour::shot(QWidget* w, const QString& name) {
    waitFor([] { return false; }, 250);  // let queued replots and layouts settle
    const QString path = QDir(dir_).filePath(name);
    const bool ok = w->grab().save(path);
    if (ok)
        spdlog::info("screenshot {}", path.toStdString());
    else
        spdlog::error("cannot write {}", path.toStdString());
    return ok;
}

int ScreenshotTour::run() {
    QDir().mkpath(dir_);
    w_->setConfirmClose(false);
    w_->resize(1600, 1000);
    w_->show();
    bool ok = true;

    GeneratorDialog dlg(w_);
    dlg.spin("shared")->setValue(8);
    dlg.spin("specificA")->setValue(12);
    dlg.spin("specificB")->setValue(4);
    dlg.resize(900, 520);
    dlg.show();
    ok &= shot(&dlg, "generator.png");
    dlg.hide();

    w_->datasets()->generate(dlg.spec(), dlg.seed(), dlg.generatorJson());
    ok &= waitFor([&] { return !w_->datasets()->datasets().empty(); }, 20000);

    auto* tabs = w_->results();
    w_->designer()->loadPreset("fig2");
    ok &= runAndWait(120000);
    tabs->setCurrentWidget(tabs->gainTab());
    ok &= shot(w_, "workbench.png");
    ok &= shot(tabs->gainTab(), "kd-gain.png");
    tabs->setCurrentWidget(tabs->accuracyTab());
    ok &= shot(tabs->accuracyTab(), "accuracy.png");
    tabs->showDataset(w_->datasets()->current());
    tabs->setCurrentWidget(tabs->vennTab());
    ok &= shot(tabs->vennTab(), "venn.png");
    tabs->estimateButton()->click();  // the same dataset, estimated from data by Algorithm 1
    ok &= waitFor([&] { return !tabs->estimating(); }, 120000);
    ok &= shot(tabs->vennTab(), "venn-estimate.png");

    w_->designer()->loadPreset("table2");
    w_->designer()->seedCount()->setValue(3);
    ok &= runAndWait(300000);
    tabs->setCurrentWidget(tabs->saliencyTab());
    ok &= waitFor([&] { return !tabs->saliency()->loading(); }, 20000);
    ok &= shot(tabs->saliencyTab(), "saliency.png");
    tabs->setCurrentWidget(tabs->tableTab());
    ok &= shot(tabs->tableTab(), "table.png");

    // A small MLP sweep that records curves, photographed while it trains.
    w_->designer()->loadPreset("fig2");
    auto c = w_->designer()->config();
    c["name"] = "mlp-live";
    c["report"] = "grid";
    c["engine"] = "torch";
    c["seeds"] = {{"first", 0}, {"count", 2}};
    for (const char* role : {"teacher", "student"}) {
        c[role]["model"] = {{"type", "mlp"}, {"hidden", {32}}};
        c[role]["train"] = {{"optimizer", "sgd"},
                            {"lr", 0.05},
                            {"momentum", 0.9},
                            {"epochs", 1500},
                            {"eval_every", 15}};
    }
    c["sweep"] = {{{"param", "dataset.generator.overlap"}, {"values", {0, 10}}}};
    w_->designer()->setConfig(c);
    const int id = w_->runExperiment();
    if (id > 0) {
        auto j = w_->queue()->job(id);
        ok &= waitFor([&] { return j->curves.snapshot().accEpoch.size() >= 40; }, 60000);
        tabs->setCurrentWidget(tabs->gainTab());
        ok &= shot(w_, "live-training.png");
        w_->queue()->cancelAll();
        waitFor([&] { return !w_->queue()->busy(); }, 10000);
        // Its runs (curves every 15 epochs), overlaid in the runs browser.
        tabs->runs()->openFolder(j->folder);
        tabs->setCurrentWidget(tabs->runs());
        ok &= waitFor([&] { return tabs->runs()->folder() == j->folder; }, 10000);
        tabs->runs()->view()->selectAll();
        ok &= shot(w_, "runs.png");
    } else {
        ok = false;
    }
    ok &= laptopShots();
    return ok ? 0 : 1;
}

// The whole window at 1280×720, once per tab, with the results of the tour in every view:
// what a laptop screen shows.
bool ScreenshotTour::laptopShots() {
    bool ok = true;
    w_->resize(1280, 720);
    auto* tabs = w_->results();
    const QStringList names{"kd-gain", "accuracy", "venn", "saliency", "table", "runs"};
    for (int i = 0; i < tabs->count() && i < names.size(); ++i) {
        tabs->setCurrentIndex(i);
        ok &= shot(w_, "laptop-" + names[i] + ".png");
        if (w_->size() != QSize(1280, 720)) {
            spdlog::error("screenshots: the window grew to {}×{} on tab {}", w_->width(),
                          w_->height(), names[i].toStdString());
            ok = false;
        }
    }
    return ok;
}

}  // namespace mfh::ui
