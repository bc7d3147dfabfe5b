#include "ui/WorkspaceLoad.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QObject>
#include <QSignalBlocker>
#include <QTreeWidget>

#include "core/runs/RunIndex.h"

namespace mfh::ui {

WorkspaceLoad WorkspaceLoad::read(const QString& dir, const std::vector<std::string>& columns,
                                  const IndexProgress& progress, bool haveRows) {
    WorkspaceLoad l;
    QElapsedTimer t;
    t.start();
    try {
        RunIndex index(dir.toStdString());
        l.update = index.update(progress);
        l.experiments = index.experiments();
        l.unchanged = haveRows && l.update.filesRead == 0 && l.update.filesRemoved == 0;
        RunQuery q;
        q.metrics = {"acc_test", "acc_val"};
        q.configKeys = columns;
        if (!l.unchanged) l.runs = index.runs(q);
        l.problems = index.problems();
        l.keys = index.configKeys();
    } catch (const std::exception& e) {
        l.problem = QString::fromUtf8(e.what());
    }
    l.seconds = t.nsecsElapsed() / 1e9;
    return l;
}

bool WorkspaceLoad::isIndexFilter(const QString& text) {
    for (const char* op : {"=", "<", ">", "~"})
        if (text.contains(op)) return true;
    return false;
}

QString WorkspaceLoad::filterHelp() {
    return QObject::tr(
        "Text matches any column. With an operator (= != < <= > >= ~) it is an index filter: "
        "run columns (status, role, seed, experiment, teacher, …), metrics (acc_test > 80), "
        "sweep points (point.w_kd = 0.25) or configuration keys (train.lr < 0.1), joined with "
        "and / or and parentheses");
}

void WorkspaceLoad::fillExperiments(QTreeWidget* tree,
                                    const std::vector<ExperimentInfo>& experiments) {
    QSignalBlocker b(tree);
    tree->clear();
    for (const auto& e : experiments) {
        const QString trials = e.trialsTotal < 0
                                   ? QString::fromUtf8("–")
                                   : QString("%1/%2").arg(e.trialsDone).arg(e.trialsTotal);
        auto* item = new QTreeWidgetItem(
            tree, {QString::fromStdString(e.title.empty() ? e.name : e.title),
                   QString::fromStdString(e.dir),
                   QString::fromStdString(e.created).replace('T', ' ').remove('Z'),
                   QString::fromStdString(e.status), trials, QString::fromStdString(e.report),
                   QString::number(e.runs)});
        item->setData(0, Qt::UserRole, QString::fromStdString(e.dir == "." ? "" : e.dir));
        item->setToolTip(
            0, QString::fromStdString(e.name + (e.message.empty() ? "" : ": " + e.message)));
    }
    for (int c = 0; c < tree->columnCount(); ++c) tree->resizeColumnToContents(c);
}

QString WorkspaceLoad::summary(const QString& dir, int runs) const {
    QString text = QObject::tr("%1: %2 experiment(s), %3 runs (%4 files read, %5 s)")
                       .arg(QFileInfo(dir).fileName())
                       .arg(experiments.size())
                       .arg(runs)
                       .arg(update.filesRead)
                       .arg(seconds, 0, 'f', 2);
    if (!problems.empty())
        text += QObject::tr("; %1 unreadable: %2 (%3)")
                    .arg(problems.size())
                    .arg(QString::fromStdString(problems.front().path),
                         QString::fromStdString(problems.front().reason));
    for (const auto& note : update.notes) text += "; " + QString::fromStdString(note);
    return text;
}

}  // namespace mfh::ui
