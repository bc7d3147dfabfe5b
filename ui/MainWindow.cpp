#include "ui/MainWindow.h"

#include <spdlog/spdlog.h>

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

#include "core/cluster/ClusterFolder.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/runs/RunStore.h"
#include "ui/ClusterJobs.h"
#include "ui/DatasetPane.h"
#include "ui/ExperimentPane.h"
#include "ui/ExportActions.h"
#include "ui/HelpWindow.h"
#include "ui/JobQueue.h"
#include "ui/JobsDock.h"
#include "ui/LogDock.h"
#include "ui/PlotView.h"
#include "ui/ResultsTable.h"
#include "ui/ResultsTabs.h"
#include "ui/RunTarget.h"
#include "ui/RunsBrowser.h"
#include "ui/Session.h"
#include "ui/Settings.h"
#include "ui/StoredJob.h"

namespace mfh::ui {

namespace {
// What an export wrote goes to the status line; its problem to `problem`, as every problem.
template <typename ShowProblem>
void exportDone(QMainWindow* w, const ExportOutcome& o, ShowProblem problem) {
    if (!o.problem.isEmpty())
        problem(o.problem);
    else if (!o.written.isEmpty())
        w->statusBar()->showMessage(QObject::tr("Wrote %1").arg(o.written), 5000);
}

QDockWidget* dock(const QString& title, const QString& name, QWidget* content, QWidget* parent) {
    auto* d = new QDockWidget(title, parent);
    d->setObjectName(name);
    d->setWidget(content);
    return d;
}
}  // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("MFH Workbench"));
    setAcceptDrops(true);
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    queue_ = new JobQueue(this);
    cluster_ = new ClusterJobs(queue_, this);
    log_ = new LogDock(this);  // first: it collects what the others log
    datasets_ = new DatasetPane;
    designer_ = new ExperimentPane;
    jobs_ = new JobsDock(queue_, this);
    results_ = new ResultsTabs;
    setCentralWidget(results_);

    auto* dsDock = dock(tr("Datasets"), "DatasetsDock", datasets_, this);
    auto* expDock = dock(tr("Experiment"), "ExperimentDock", designer_, this);
    addDockWidget(Qt::LeftDockWidgetArea, dsDock);
    addDockWidget(Qt::RightDockWidgetArea, expDock);
    addDockWidget(Qt::BottomDockWidgetArea, jobs_);
    addDockWidget(Qt::BottomDockWidgetArea, log_);
    tabifyDockWidget(jobs_, log_);
    jobs_->raise();
    resizeDocks({dsDock, expDock}, {370, 460}, Qt::Horizontal);
    resizeDocks({jobs_}, {230}, Qt::Vertical);

    buildMenus();
    statusBar()->showMessage(tr("Ready. Open or generate a dataset, or load a preset and run it."));

    connect(datasets_, &DatasetPane::currentChanged, results_, &ResultsTabs::showDataset);
    connect(datasets_, &DatasetPane::useRequested, this, [this](DatasetPtr d) {
        designer_->useDataset(d);
        statusBar()->showMessage(tr("The experiment now uses %1").arg(d->name), 5000);
    });
    connect(datasets_, &DatasetPane::loadFailed, this,
            [this](const QString& path, const QString& p) {
                statusBar()->showMessage(
                    tr("Cannot open %1: %2").arg(QFileInfo(path).fileName(), p), 10000);
            });
    connect(designer_, &ExperimentPane::runRequested, this, [this] { runExperiment(); });
    connect(queue_, &JobQueue::jobFinished, this, &MainWindow::jobFinished);
    connect(cluster_, &ClusterJobs::problem, this, &MainWindow::showProblem);
    connect(cluster_, &ClusterJobs::submitted, this,
            [this](int, const QString&, const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(cluster_, &ClusterJobs::results, this, [this](auto j) { results_->showJob(j); });
    connect(jobs_, &JobsDock::jobSelected, this, [this](int id) {
        auto j = queue_->job(id);
        if (j && (j->status == JobStatus::Complete || j->status == JobStatus::Cancelled) &&
            results_->shownJob() != j)
            results_->showJob(j);
    });
    connect(results_->runs(), &RunsBrowser::experimentActivated, this,
            &MainWindow::openExperimentFolder);
    connect(results_->runs(), &RunsBrowser::rerunRequested, this,
            [this](const nlohmann::json& j, const QString& dir) {
                designer_->setConfig(j);
                if (ClusterFolder(dir.toStdString()).submitted()) return cluster_->resume(dir);
                try {
                    queue_->resume(j, dir);
                    statusBar()->showMessage(
                        tr("Resuming %1: only what it lacks is computed").arg(dir), 8000);
                } catch (const std::exception& e) {
                    showProblem(tr("Cannot resume %1: %2").arg(dir, QString::fromUtf8(e.what())));
                }
            });

    restoreGeometry(settings::windowGeometry.get());
    restoreState(settings::windowState.get());
    restoreSplitters(this);
    results_->setCurrentIndex(std::clamp(settings::currentTab.get(), 0, results_->count() - 1));
}

MainWindow::~MainWindow() {
    queue_->shutdown();
}

void MainWindow::buildMenus() {
    // Icons from the desktop's theme, or Qt's own where there is none.
    auto themed = [this](const char* name, QStyle::StandardPixmap fallback) {
        return QIcon::fromTheme(name, style()->standardIcon(fallback));
    };
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* openDs = file->addAction(themed("document-open", QStyle::SP_DialogOpenButton),
                                   tr("&Open dataset…"), datasets_, &DatasetPane::openDialog);
    openDs->setShortcut(QKeySequence::Open);
    auto* gen = file->addAction(themed("document-new", QStyle::SP_FileDialogNewFolder),
                                tr("&Generate dataset…"), datasets_, &DatasetPane::generateDialog);
    gen->setShortcut(Qt::CTRL | Qt::Key_G);
    auto* openRuns = file->addAction(themed("folder-open", QStyle::SP_DirOpenIcon),
                                     tr("Open &runs folder…"), this, [this] {
                                         results_->runs()->openDialog();
                                         results_->setCurrentWidget(results_->runs());
                                     });
    openRuns->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_O);
    recentDatasets_ = file->addMenu(tr("Recent datasets"));
    recentFolders_ = file->addMenu(tr("Recent run folders"));
    recentExperiments_ = file->addMenu(tr("Recent experiments"));
    connect(file, &QMenu::aboutToShow, this, &MainWindow::refreshRecent);
    file->addSeparator();
    // Each export says on the status line what it wrote, or its problem.
    auto exporting = [this](ExportOutcome (*what)(QWidget*, ResultsTabs*)) {
        return [this, what] {
            exportDone(this, what(this, results_), [this](const QString& p) { showProblem(p); });
        };
    };
    auto* expFig = file->addAction(themed("document-export", QStyle::SP_DialogSaveButton),
                                   tr("&Export figure…"), this, exporting(&ExportActions::figure));
    expFig->setShortcut(Qt::CTRL | Qt::Key_E);
    file->addAction(tr("Export &table…"), this, exporting(&ExportActions::table))
        ->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_T);
    auto* expSet =
        file->addAction(themed("folder-new", QStyle::SP_DirLinkIcon), tr("Export figure &set…"),
                        this, exporting(&ExportActions::figureSet));
    expSet->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_E);
    file->addAction(tr("Export &report…"), this, exporting(&ExportActions::report))
        ->setObjectName("exportReport");
    file->addSeparator();
    auto* quit = file->addAction(themed("application-exit", QStyle::SP_DialogCloseButton),
                                 tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    auto* exp = menuBar()->addMenu(tr("&Experiment"));
    auto* run = exp->addAction(themed("media-playback-start", QStyle::SP_MediaPlay), tr("&Run"),
                               this, [this] { runExperiment(); });
    run->setShortcut(Qt::CTRL | Qt::Key_R);
    auto* cancel = exp->addAction(themed("process-stop", QStyle::SP_BrowserStop),
                                  tr("&Cancel all jobs"), queue_, &JobQueue::cancelAll);
    cancel->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_K);
    exp->addSeparator();
    auto* load = exp->addAction(tr("&Load experiment…"), designer_, &ExperimentPane::loadDialog);
    load->setShortcut(Qt::CTRL | Qt::SHIFT | Qt::Key_L);
    auto* save = exp->addAction(themed("document-save", QStyle::SP_DialogSaveButton),
                                tr("&Save experiment…"), designer_, &ExperimentPane::saveDialog);
    save->setShortcut(QKeySequence::Save);
    auto* presets = exp->addMenu(tr("Paper presets"));
    for (const auto& p : paperExperiments()) {
        const auto name = QString::fromStdString(p.name);
        presets->addAction(QString::fromStdString(p.title), this,
                           [this, name] { designer_->loadPreset(name); });
    }

    auto* view = menuBar()->addMenu(tr("&View"));
    for (auto* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
    view->addSeparator();
    for (int i = 0; i < results_->count(); ++i) {
        auto* a = view->addAction(results_->tabText(i), this,
                                  [this, i] { results_->setCurrentIndex(i); });
        a->setShortcut(QKeySequence(Qt::ALT | (Qt::Key_1 + i)));
    }

    HelpWindow::fillMenu(menuBar()->addMenu(tr("&Help")), this,
                         [this](HelpWindow::Page p) { showHelp(p); });

    auto* tb = addToolBar(tr("Main"));
    tb->setObjectName("MainToolBar");
    tb->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tb->addAction(openDs);
    tb->addAction(gen);
    tb->addAction(openRuns);
    tb->addSeparator();
    tb->addAction(run);
    tb->addAction(cancel);
    tb->addSeparator();
    tb->addAction(expFig);
    tb->addAction(expSet);
}

void MainWindow::showHelp(HelpWindow::Page page) {
    if (!help_) {
        help_ = new HelpWindow(findChildren<QAction*>(), this);
        connect(help_, &HelpWindow::presetRequested, this, [this](const QString& name) {
            designer_->loadPreset(name);
            statusBar()->showMessage(tr("Preset loaded: press Run experiment (Ctrl+R)"), 8000);
        });
    }
    help_->showPage(page);
    help_->show();
    help_->raise();
}

void MainWindow::showGettingStartedOnFirstRun() {
    if (settings::gettingStartedShown.get()) return;
    settings::gettingStartedShown.set(true);
    showHelp(HelpWindow::Page::GettingStarted);
}

void MainWindow::refreshRecent() {
    auto fill = [this](QMenu* m, const Setting<QStringList>& s) {
        m->clear();
        for (const auto& p : s.get()) m->addAction(p, this, [this, p] { openPath(p); });
        m->setEnabled(!m->isEmpty());
    };
    fill(recentDatasets_, settings::recentDatasets);
    fill(recentFolders_, settings::recentRunFolders);
    fill(recentExperiments_, settings::recentExperiments);
}

void MainWindow::openExperimentFolder(const QString& dir) {
    statusBar()->showMessage(tr("Reading the experiment in %1…").arg(dir));
    StoredJob::loadAsync(this, dir, [this, dir](std::shared_ptr<Job> job, QString problem) {
        if (!job) {
            showProblem(tr("Cannot open %1: %2").arg(dir, problem));
            return;
        }
        results_->showJob(job);
        results_->setCurrentWidget(results_->gainTab());
        // A folder that Slurm's tasks are still filling: its row follows them.
        if (job->submitted && job->status != JobStatus::Complete)
            cluster_->follow(dir, nullptr, job->name);
        addRecent(settings::recentRunFolders, dir);
        refreshRecent();
        statusBar()->showMessage(job->provenance, 15000);
        emit experimentFolderOpened(dir);
    });
}

void MainWindow::restoreSession() {
    const QString problem = Session::restoreDesign(*designer_);
    if (!problem.isEmpty())
        showProblem(tr("The design of the last session could not be restored: %1").arg(problem));
    for (const auto& f : Session::folders()) openPath(f);
}

void MainWindow::openPath(const QString& path) {
    const QFileInfo fi(path);
    if (fi.isDir() && StoredJob::isExperimentFolder(path)) {
        results_->runs()->openFolder(fi.absoluteFilePath());  // chosen: its runs are listed
        openExperimentFolder(fi.absoluteFilePath());
        return;
    }
    if (fi.isDir()) {
        results_->runs()->openFolder(path);
        results_->setCurrentWidget(results_->runs());
        return;
    }
    if (fi.suffix().toLower() == "json") {
        const QString err = designer_->loadFile(path);
        if (!err.isEmpty()) showProblem(err);
        return;
    }
    try {  // a run file opens its folder in the browser
        const auto s = RunStore::summary(path.toStdString());
        results_->runs()->openFolder(fi.absolutePath());
        results_->runs()->showOnly({s.id}, tr("the run you opened"));
        results_->setCurrentWidget(results_->runs());
        return;
    } catch (const std::exception&) {
    }
    datasets_->openFile(path);
}

void MainWindow::showProblem(const QString& text) {
    lastProblem_ = text;
    statusBar()->showMessage(text, 15000);
    spdlog::error("{}", text.toStdString());
}

int MainWindow::runExperiment() {
    const QString problem = designer_->problem();
    if (!problem.isEmpty()) {
        showProblem(tr("The experiment is not valid: %1").arg(problem));
        return -1;
    }
    if (const auto* t = designer_->runTarget(); t->onSlurm())  // a row of its own, off this thread
        return cluster_->submit(designer_->config(), runsRootFolder(), t->slurmOptions(),
                                t->slurmTasks());
    try {
        const int id = queue_->enqueue(designer_->config(), runsRootFolder());
        lastProblem_.clear();
        statusBar()->showMessage(tr("Queued '%1'").arg(queue_->job(id)->name), 5000);
        return id;
    } catch (const std::exception& e) {
        showProblem(tr("Cannot run: %1").arg(QString::fromUtf8(e.what())));
        return -1;
    }
}

void MainWindow::jobFinished(int id) {
    auto j = queue_->job(id);
    if (!j) return;
    if (j->status == JobStatus::Complete) {
        results_->showJob(j);
        if (results_->currentWidget() == results_->runs())
            results_->setCurrentWidget(results_->gainTab());
        statusBar()->showMessage(tr("'%1' finished in %2 s; results shown")
                                     .arg(j->name)
                                     .arg(j->elapsedSeconds(), 0, 'f', 1));
        if (j->result.untrustworthy())
            showProblem(tr("'%1': some trainings diverged or learned nothing (marked in the "
                           "table). Standardise the features (\"standardize\": true in the "
                           "dataset) or lower the learning rate.")
                            .arg(j->name));
        QApplication::alert(this);
    } else if (j->status == JobStatus::Failed) {
        showProblem(tr("'%1' failed: %2").arg(j->name, j->error));
    } else {
        statusBar()->showMessage(tr("'%1' was cancelled").arg(j->name), 10000);
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (queue_->busy() && confirmClose_) {
        const auto answer = QMessageBox::question(
            this, tr("Jobs are running"),
            tr("Training is still running. Cancel it and quit? The run in progress is saved as "
               "cancelled."),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    queue_->shutdown();  // cancels and waits: no run file is left half-written
    Session::save(*results_, *designer_);
    settings::windowGeometry.set(saveGeometry());
    settings::windowState.set(saveState());
    saveSplitters(this);
    settings::currentTab.set(results_->currentIndex());
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (!event->mimeData()->hasUrls()) return;
    for (const auto& u : event->mimeData()->urls()) {
        const QFileInfo fi(u.toLocalFile());
        const QString s = fi.suffix().toLower();
        if (fi.isDir() || s == "h5" || s == "hdf5" || s == "json") {
            event->acceptProposedAction();
            return;
        }
    }
}

void MainWindow::dropEvent(QDropEvent* event) {
    for (const auto& u : event->mimeData()->urls())
        if (u.isLocalFile()) openPath(u.toLocalFile());
    event->acceptProposedAction();
}

}  // namespace mfh::ui
