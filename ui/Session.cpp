#include "ui/Session.h"

#include <QFileInfo>
#include <nlohmann/json.hpp>

#include "ui/ExperimentPane.h"
#include "ui/JobQueue.h"
#include "ui/ResultsTabs.h"
#include "ui/RunsBrowser.h"
#include "ui/Settings.h"
#include "ui/StoredJob.h"

namespace mfh::ui {

void Session::save(const ResultsTabs& results, const ExperimentPane& designer) {
    QStringList folders;
    if (const auto j = results.shownJob(); j && StoredJob::isExperimentFolder(j->folder))
        folders << j->folder;
    const QString browsed = results.runs()->folder();
    if (!browsed.isEmpty() && !folders.contains(browsed)) folders << browsed;
    settings::sessionFolders.set(folders);
    settings::sessionDesign.set(QString::fromStdString(designer.config().dump()));
}

QString Session::restoreDesign(ExperimentPane& designer) {
    const QString design = settings::sessionDesign.get();
    if (design.isEmpty()) return {};
    try {
        designer.setConfig(nlohmann::json::parse(design.toStdString()));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QStringList Session::folders() {
    QStringList out;
    for (const auto& f : settings::sessionFolders.get())
        if (QFileInfo(f).isDir()) out << f;
    return out;
}

}  // namespace mfh::ui
