#include "ui/Settings.h"

#include <QDir>
#include <QSplitter>
#include <QStandardPaths>

namespace mfh::ui {

void addRecent(const Setting<QStringList>& list, const QString& path, int max) {
    QStringList l = list.get();
    l.removeAll(path);
    l.prepend(path);
    while (l.size() > max) l.removeLast();
    list.set(l);
}

void saveSplitters(const QWidget* root) {
    QVariantMap m = settings::splitterStates.get();
    for (const QSplitter* s : root->findChildren<QSplitter*>())
        if (!s->objectName().isEmpty()) m[s->objectName()] = s->saveState();
    settings::splitterStates.set(m);
}

void restoreSplitters(QWidget* root) {
    const QVariantMap m = settings::splitterStates.get();
    for (QSplitter* s : root->findChildren<QSplitter*>()) {
        const auto it = m.find(s->objectName());
        if (!s->objectName().isEmpty() && it != m.end()) s->restoreState(it->toByteArray());
    }
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
