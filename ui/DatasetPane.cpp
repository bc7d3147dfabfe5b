#include "ui/DatasetPane.h"

#include <spdlog/spdlog.h>

#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QtConcurrent>

#include "core/data/DatasetFile.h"
#include "ui/BackgroundTask.h"
#include "ui/DatasetInspector.h"
#include "ui/GeneratorDialog.h"
#include "ui/JobQueue.h"
#include "ui/Settings.h"

namespace mfh::ui {

namespace {
// A load or a generation, done on a pool thread: the dataset and its summary, or the problem.
struct Loaded {
    std::shared_ptr<DatasetEntry> entry;
    QString problem;
    bool cancelled = false;
};
}  // namespace

DatasetPane::DatasetPane(QWidget* parent) : QWidget(parent) {
    auto* lay = new QVBoxLayout(this);
    lay->setContentsMargins(4, 4, 4, 4);
    auto* buttons = new QGridLayout;  // two by two: the dock stays narrow on a laptop
    auto* open = new QPushButton(QIcon::fromTheme("document-open"), tr("Open…"));
    open->setToolTip(tr("Open an HDF5 dataset file (Ctrl+O)"));
    auto* gen = new QPushButton(tr("Generate…"));
    gen->setToolTip(tr("Generate a synthetic dataset with a known Venn diagram (Ctrl+G)"));
    save_ = new QPushButton(QIcon::fromTheme("document-save-as"), tr("Save as…"));
    save_->setEnabled(false);
    buttons->addWidget(open, 0, 0);
    buttons->addWidget(gen, 0, 1);
    buttons->addWidget(save_, 1, 0);
    use_ = new QPushButton(tr("Use in experiment"));
    use_->setObjectName("useDataset");
    use_->setToolTip(tr("Make the selected dataset the experiment's dataset"));
    use_->setEnabled(false);
    buttons->addWidget(use_, 1, 1);
    lay->addLayout(buttons);
    error_ = new QLabel;
    error_->setObjectName("datasetError");
    error_->setWordWrap(true);
    error_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    error_->setStyleSheet(
        "QLabel { background: #fdecea; color: #611a15; border: 1px solid #f5c2c0;"
        " border-radius: 4px; padding: 6px; }");
    error_->hide();
    lay->addWidget(error_);
    list_ = new QListWidget;
    list_->setObjectName("datasetList");
    list_->setMaximumHeight(84);
    lay->addWidget(list_);
    inspector_ = new DatasetInspector;
    lay->addWidget(inspector_, 1);

    connect(open, &QPushButton::clicked, this, &DatasetPane::openDialog);
    connect(gen, &QPushButton::clicked, this, &DatasetPane::generateDialog);
    connect(save_, &QPushButton::clicked, this, &DatasetPane::saveDialog);
    connect(use_, &QPushButton::clicked, this, [this] {
        if (auto d = current()) emit useRequested(d);
    });
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        DatasetPtr d = row >= 0 && row < int(datasets_.size()) ? datasets_[row] : nullptr;
        inspector_->setDataset(d);
        save_->setEnabled(d != nullptr);
        use_->setEnabled(d != nullptr);
        emit currentChanged(d);
    });
}

DatasetPtr DatasetPane::current() const {
    const int row = list_->currentRow();
    return row >= 0 && row < int(datasets_.size()) ? datasets_[row] : nullptr;
}

QString DatasetPane::errorText() const {
    return error_->isVisible() ? error_->text() : QString();
}

void DatasetPane::showError(const QString& text) {
    error_->setText(text);
    error_->setVisible(!text.isEmpty());
}

void DatasetPane::add(DatasetPtr d) {
    datasets_.push_back(d);
    auto* item = new QListWidgetItem(d->name, list_);
    item->setToolTip(d->path.isEmpty() ? tr("generated") : d->path);
    list_->setCurrentRow(list_->count() - 1);
    emit datasetAdded(d);
}

void DatasetPane::inBackground(std::function<DatasetEntry(const BackgroundTask&)> make,
                               const QString& title, const QString& what, const QString& path) {
    ++pending_;
    showError({});
    QPointer<JobQueue> queue = BackgroundTask::queueOf(this);
    std::shared_ptr<Job> job = queue ? queue->startTask(title) : nullptr;
    auto* watcher = new QFutureWatcher<Loaded>(this);
    connect(watcher, &QFutureWatcher<Loaded>::finished, this,
            [this, watcher, what, path, queue, job] {
                const Loaded r = watcher->result();
                watcher->deleteLater();
                --pending_;
                if (queue && job) queue->finishTask(job->id, r.problem, r.cancelled);
                if (r.cancelled) {
                    spdlog::info("{}: cancelled", what.toStdString());
                    return;
                }
                if (!r.problem.isEmpty()) {
                    showError(tr("%1:\n%2").arg(what, r.problem));
                    spdlog::error("{}: {}", what.toStdString(), r.problem.toStdString());
                    if (!path.isEmpty()) emit loadFailed(path, r.problem);
                    return;
                }
                if (!path.isEmpty()) addRecent(settings::recentDatasets, path);
                add(r.entry);
            });
    watcher->setFuture(QtConcurrent::run([make = std::move(make), job]() -> Loaded {
        Loaded r;
        const BackgroundTask task(job);
        try {
            r.entry = std::make_shared<DatasetEntry>(make(task));
        } catch (const std::exception& ex) {
            r.problem = QString::fromUtf8(ex.what());
        }
        r.cancelled = task.cancelled() && r.problem.isEmpty();
        if (r.cancelled) r.entry.reset();
        return r;
    }));
}

// Fills an entry's summary and data from a dataset (on the pool thread); a cancelled task
// skips the statistics, since its entry is dropped.
static DatasetEntry entryOf(Dataset ds, const BackgroundTask& task) {
    DatasetEntry e;
    if (task.cancelled()) return e;
    task.report(QObject::tr("computing statistics"));
    auto d = std::make_shared<Dataset>(std::move(ds));
    e.summary = DatasetStats::summarize(*d);
    e.data = d;
    return e;
}

void DatasetPane::openFile(const QString& path) {
    spdlog::info("opening dataset {}", path.toStdString());
    inBackground(
        [path](const BackgroundTask& task) {
            task.report(QObject::tr("reading %1").arg(QFileInfo(path).fileName()));
            DatasetEntry e = entryOf(DatasetFile::load(path.toStdString()), task);
            e.name = QFileInfo(path).fileName();
            e.path = path;
            e.source = {{"path", path.toStdString()}};
            return e;
        },
        tr("Load dataset %1").arg(QFileInfo(path).fileName()),
        tr("Cannot open %1").arg(QFileInfo(path).fileName()), path);
}

void DatasetPane::generate(const VennSpec& spec, uint32_t seed, const nlohmann::json& gen) {
    inBackground(
        [spec, seed, gen](const BackgroundTask& task) {
            task.report(
                QObject::tr("generating %1 samples").arg(spec.nTrain + spec.nVal + spec.nTest));
            DatasetEntry e = entryOf(generateVenn(spec, seed), task);
            e.name = QString("G%1 A%2 B%3 seed %4")
                         .arg(spec.shared)
                         .arg(spec.specificA)
                         .arg(spec.specificB)
                         .arg(seed);
            e.source = {{"generator", gen}};
            return e;
        },
        tr("Generate dataset (seed %1)").arg(seed), tr("Cannot generate the dataset"), {});
}

// Entries are immutable: the saved one is replaced by a copy that names its file (its source,
// the generator, stays: an experiment still draws each seed's data).
void DatasetPane::markSaved(const DatasetPtr& d, const QString& path) {
    for (std::size_t i = 0; i < datasets_.size(); ++i) {
        if (datasets_[i] != d) continue;
        auto saved = std::make_shared<DatasetEntry>(*d);
        saved->path = path;
        datasets_[i] = saved;
        list_->item(int(i))->setToolTip(path);
        if (list_->currentRow() == int(i)) {
            inspector_->setDataset(saved);
            emit currentChanged(saved);
        }
    }
}

void DatasetPane::saveCurrent(const QString& path) {
    const DatasetPtr d = current();
    if (!d) {
        showError(tr("Cannot save: no dataset is selected"));
        emit saved(path, tr("no dataset is selected"));
        return;
    }
    ++pending_;
    auto* watcher = new QFutureWatcher<QString>(this);
    connect(watcher, &QFutureWatcher<QString>::finished, this, [this, watcher, path, d] {
        const QString problem = watcher->result();
        watcher->deleteLater();
        --pending_;
        showError(problem.isEmpty() ? QString() : tr("Cannot save %1:\n%2").arg(path, problem));
        if (problem.isEmpty()) {
            spdlog::info("saved dataset {}", path.toStdString());
            addRecent(settings::recentDatasets, path);
            markSaved(d, path);
        }
        emit saved(path, problem);
    });
    watcher->setFuture(QtConcurrent::run([d, path]() -> QString {
        try {
            DatasetFile::save(*d->data, path.toStdString());  // atomic: temporary, then rename
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
        return {};
    }));
}

void DatasetPane::openDialog() {
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open dataset"), settings::lastDirectory.get(), tr("HDF5 datasets (*.h5 *.hdf5)"));
    if (path.isEmpty()) return;
    settings::lastDirectory.set(QFileInfo(path).absolutePath());
    openFile(path);
}

void DatasetPane::generateDialog() {
    GeneratorDialog dlg(this);
    if (dlg.exec() != QDialog::Accepted) return;
    generate(dlg.spec(), dlg.seed(), dlg.generatorJson());
}

void DatasetPane::saveDialog() {
    if (!current()) return;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save dataset"), settings::lastDirectory.get(), tr("HDF5 datasets (*.h5)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += ".h5";
    saveCurrent(path);
}

}  // namespace mfh::ui
