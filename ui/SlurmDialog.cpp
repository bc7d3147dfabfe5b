#include "ui/SlurmDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/base/Error.h"
#include "ui/Settings.h"

namespace mfh::ui {

SlurmOptions SlurmDialog::savedOptions() {
    const QString text = settings::slurmOptions.get();
    if (text.isEmpty()) return {};
    try {
        return SlurmOptions::fromJson(nlohmann::json::parse(text.toStdString()), "settings");
    } catch (const std::exception&) {
        return {};  // a damaged setting: the defaults
    }
}

int SlurmDialog::savedTasks() {
    return settings::slurmTasks.get();
}

SlurmDialog::SlurmDialog(QWidget* parent) : QDialog(parent) {
    setObjectName("slurmDialog");
    setWindowTitle(tr("Run on Slurm"));
    auto* lay = new QVBoxLayout(this);
    auto* intro = new QLabel(
        tr("The experiment becomes one job array: each task runs a share of the trials into "
           "the experiment folder, which must be on a file system the compute nodes see. "
           "Trials that share a training stay in one task."));
    intro->setWordWrap(true);
    lay->addWidget(intro);
    auto* form = new QFormLayout;
    const SlurmOptions o = savedOptions();
    auto line = [&](const char* name, const std::string& value, const QString& hint) {
        auto* e = new QLineEdit(QString::fromStdString(value));
        e->setObjectName(name);
        e->setPlaceholderText(hint);
        return e;
    };
    auto spin = [&](const char* name, int lo, int hi, int value, const QString& special = {}) {
        auto* s = new QSpinBox;
        s->setObjectName(name);
        s->setRange(lo, hi);
        s->setValue(value);
        if (!special.isEmpty()) s->setSpecialValueText(special);
        return s;
    };
    partition_ = line("slurmPartition", o.partition, tr("the cluster's default"));
    account_ = line("slurmAccount", o.account, tr("your default account"));
    time_ = line("slurmTime", o.time, tr("e.g. 2:00:00 (the partition's default)"));
    mem_ = line("slurmMem", o.mem, tr("e.g. 4G (the partition's default)"));
    cpus_ = spin("slurmCpus", 1, 4096, o.cpusPerTask);
    gpus_ = spin("slurmGpus", 0, 64, o.gpus, tr("none"));
    parallel_ = spin("slurmParallel", 0, 10000, o.arrayParallelism, tr("no limit"));
    tasks_ = spin("slurmTasks", 0, 10000, savedTasks(), tr("one per group (at most 32)"));
    requeue_ = spin("slurmRequeue", 0, 100, o.requeueLimit);
    mfh_ = line("slurmMfh", o.mfh, tr("automatic: beside this program, else on PATH"));
    mfh_->setToolTip(
        tr("The command line the tasks run; on a cluster it must be visible from "
           "the compute nodes"));
    setup_ = new QPlainTextEdit(QString::fromStdString(o.setup));
    setup_->setObjectName("slurmSetup");
    setup_->setPlaceholderText(tr("module load ..."));
    setup_->setMaximumHeight(70);
    form->addRow(tr("Partition"), partition_);
    form->addRow(tr("Account"), account_);
    form->addRow(tr("Time per task"), time_);
    form->addRow(tr("CPUs per task"), cpus_);
    form->addRow(tr("Memory per task"), mem_);
    form->addRow(tr("GPUs per task"), gpus_);
    form->addRow(tr("Tasks at once"), parallel_);
    form->addRow(tr("Tasks"), tasks_);
    form->addRow(tr("Requeues at the time limit"), requeue_);
    form->addRow(tr("Setup lines"), setup_);
    form->addRow(tr("mfh program"), mfh_);
    lay->addLayout(form);
    problem_ = new QLabel;
    problem_->setObjectName("slurmProblem");
    problem_->setWordWrap(true);
    problem_->setStyleSheet("color: #b22222;");
    lay->addWidget(problem_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, &SlurmDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    lay->addWidget(buttons);
}

SlurmOptions SlurmDialog::options() const {
    SlurmOptions o;
    o.partition = partition_->text().trimmed().toStdString();
    o.account = account_->text().trimmed().toStdString();
    o.time = time_->text().trimmed().toStdString();
    o.mem = mem_->text().trimmed().toStdString();
    o.cpusPerTask = cpus_->value(), o.gpus = gpus_->value();
    o.arrayParallelism = parallel_->value(), o.requeueLimit = requeue_->value();
    o.setup = setup_->toPlainText().trimmed().toStdString();
    o.mfh = mfh_->text().trimmed().toStdString();
    return o;
}

int SlurmDialog::tasks() const {
    return tasks_->value();
}

void SlurmDialog::accept() {
    const SlurmOptions o = options();
    try {
        o.check();
    } catch (const InputError& e) {
        problem_->setText(QString::fromUtf8(e.what()));
        return;
    }
    settings::slurmOptions.set(QString::fromStdString(o.toJson().dump()));
    settings::slurmTasks.set(tasks());
    QDialog::accept();
}

}  // namespace mfh::ui
