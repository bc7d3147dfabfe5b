#include "ui/RunTarget.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>

#include "core/cluster/Slurm.h"
#include "ui/Settings.h"
#include "ui/SlurmDialog.h"

namespace mfh::ui {

RunTarget::RunTarget(QWidget* parent) : QWidget(parent) {
    auto* lay = new QHBoxLayout(this);
    lay->setContentsMargins(0, 0, 0, 0);
    lay->addWidget(new QLabel(tr("Run on")));
    target_ = new QComboBox;
    target_->setObjectName("runTarget");
    target_->addItem(tr("this machine"), "local");
    target_->addItem(tr("Slurm cluster"), "slurm");
    std::string why;
    if (!Slurm::available(&why)) {
        auto* model = qobject_cast<QStandardItemModel*>(target_->model());
        model->item(1)->setEnabled(false);
        model->item(1)->setToolTip(QString::fromStdString(why));
        target_->setItemText(1, tr("Slurm cluster (not here: no sbatch)"));
    } else if (settings::runTarget.get() == "slurm") {
        target_->setCurrentIndex(1);
    }
    lay->addWidget(target_, 1);
    options_ = new QPushButton(tr("Slurm…"));
    options_->setObjectName("slurmOptions");
    options_->setToolTip(tr("Partition, time, CPUs, GPUs and tasks of the job array"));
    lay->addWidget(options_);
    connect(target_, &QComboBox::currentIndexChanged, this, &RunTarget::changed);
    connect(options_, &QPushButton::clicked, this, &RunTarget::editOptions);
    changed();
}

bool RunTarget::onSlurm() const {
    return target_->currentData().toString() == "slurm";
}

void RunTarget::setOnSlurm(bool slurm) {
    target_->setCurrentIndex(slurm ? 1 : 0);
}

SlurmOptions RunTarget::slurmOptions() const {
    return SlurmDialog::savedOptions();
}

int RunTarget::slurmTasks() const {
    return SlurmDialog::savedTasks();
}

void RunTarget::editOptions() {
    auto* d = new SlurmDialog(this);
    d->setAttribute(Qt::WA_DeleteOnClose);
    connect(d, &QDialog::accepted, this, &RunTarget::changed);
    d->open();
}

void RunTarget::changed() {
    settings::runTarget.set(target_->currentData().toString());
    options_->setEnabled(onSlurm());
    const SlurmOptions o = slurmOptions();
    QStringList parts;
    parts << (o.partition.empty() ? tr("default partition") : QString::fromStdString(o.partition));
    parts << tr("%n CPU(s)", "", o.cpusPerTask);
    if (o.gpus > 0) parts << tr("%n GPU(s)", "", o.gpus);
    if (!o.time.empty()) parts << QString::fromStdString(o.time);
    target_->setToolTip(onSlurm() ? tr("Slurm: %1").arg(parts.join(" · "))
                                  : tr("Train here, in the background"));
}

}  // namespace mfh::ui
