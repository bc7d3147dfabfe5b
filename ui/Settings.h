#pragma once
// Settings: the workbench's persistent preferences (QSettings), each key declared once here
// with its type and default, so that no widget invents keys of its own.
#include <QDir>
#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

class QWidget;

namespace mfh::ui {

template <typename T>
class Setting {
  public:
    Setting(const char* key, T fallback) : key_(key), fallback_(std::move(fallback)) {}
    T get() const {
        QSettings s;
        const QVariant v = s.value(key_);
        return v.isValid() && v.canConvert<T>() ? v.value<T>() : fallback_;
    }
    void set(const T& value) const {
        QSettings s;
        s.setValue(key_, QVariant::fromValue(value));
    }
    const char* key() const { return key_; }

  private:
    const char* key_;
    T fallback_;
};

namespace settings {
inline const Setting<QByteArray> windowGeometry{"window/geometry", {}};
inline const Setting<QByteArray> windowState{"window/state", {}};
inline const Setting<int> currentTab{"window/currentTab", 0};
inline const Setting<QStringList> recentDatasets{"files/recentDatasets", {}};
inline const Setting<QStringList> recentRunFolders{"files/recentRunFolders", {}};
inline const Setting<QStringList> recentExperiments{"files/recentExperiments", {}};
// Where file dialogs start: the last folder used, else the home folder (never "/").
inline const Setting<QString> lastDirectory{"files/lastDirectory", QDir::homePath()};
// Where jobs write their experiment folders; empty: a "runs" folder in the user's data place.
inline const Setting<QString> runsRoot{"jobs/runsRoot", {}};
inline const Setting<QString> device{"jobs/device", QStringLiteral("cpu")};
// Where the designer's Run sends a job: "local" (this machine) or "slurm"; and the Slurm
// submission's options (SlurmOptions as JSON) and task count (0: one per group).
inline const Setting<QString> runTarget{"jobs/runTarget", QStringLiteral("local")};
inline const Setting<QString> slurmOptions{"jobs/slurmOptions", {}};
inline const Setting<int> slurmTasks{"jobs/slurmTasks", 0};
inline const Setting<int> exportDpi{"export/dpi", 300};
// What was open when the workbench closed: experiment and run folders, and the design (JSON).
inline const Setting<QStringList> sessionFolders{"session/folders", {}};
inline const Setting<QString> sessionDesign{"session/design", {}};
// Help → Getting started opens by itself once, on the first start.
inline const Setting<bool> gettingStartedShown{"help/gettingStartedShown", false};
// Every named splitter's sizes (QSplitter::saveState) by its object name.
inline const Setting<QVariantMap> splitterStates{"window/splitters", {}};
}  // namespace settings

// Every QSplitter below `root` that has an object name: its sizes saved, or restored.
void saveSplitters(const QWidget* root);
void restoreSplitters(QWidget* root);

// Puts `path` first in a recent-files list, without duplicates, keeping at most `max`.
void addRecent(const Setting<QStringList>& list, const QString& path, int max = 10);
// The folder jobs write to (settings::runsRoot, or the default), created if missing.
QString runsRootFolder();
// For this process only (command-line option, tests, screenshots): jobs write under `dir`
// whatever the saved setting says. Empty: back to the setting.
void setRunsRootOverride(const QString& dir);

}  // namespace mfh::ui
