#include "ui/Settings.h"

#include <QDir>
#include <QStandardPaths>

namespace mfh::ui {

void addRecent(const Setting<QStringList>& list, const QString& path, int max) {
    QStringList l = list.get();
    l.removeAll(path);
    l.prepend(path);
    while (l.size() > max) l.removeLast();
    list.set(l);
}

namespace {
QString& runsRootOverride() {
    static QString dir;
    return dir;
}
}  // namespace

void setRunsRootOverride(const QString& dir) {
    runsRootOverride() = dir;
}

QString runsRootFolder() {
    QString root = runsRootOverride().isEmpty() ? settings::runsRoot.get() : runsRootOverride();
    if (root.isEmpty())
        root = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + "/runs";
    QDir().mkpath(root);
    return root;
}

}  // namespace mfh::ui
