#pragma once
// DatasetPane: the datasets open in this session. Opens HDF5 dataset files (read and validated
// off the GUI thread; a problem is shown in the pane, naming it, and the pane keeps working),
// generates synthetic ones through GeneratorDialog, saves generated ones, and inspects the
// selected one.
#include <QWidget>
#include <functional>
#include <vector>

#include "core/data/VennGenerator.h"
#include "ui/DatasetEntry.h"

class QListWidget;
class QLabel;
class QPushButton;

namespace mfh::ui {

class DatasetInspector;
class BackgroundTask;

class DatasetPane : public QWidget {
    Q_OBJECT
  public:
    explicit DatasetPane(QWidget* parent = nullptr);
    // Starts loading `path` in the background: datasetAdded or loadFailed follows.
    void openFile(const QString& path);
    // Generates in the background: datasetAdded follows.
    void generate(const VennSpec& spec, uint32_t seed, const nlohmann::json& generatorJson);
    // Writes the current dataset to an HDF5 file in the background (atomically); `saved`
    // follows, with the problem or an empty string.
    void saveCurrent(const QString& path);

    DatasetPtr current() const;
    const std::vector<DatasetPtr>& datasets() const { return datasets_; }
    QString errorText() const;  // the problem shown, or empty
    DatasetInspector* inspector() const { return inspector_; }
    bool busy() const { return pending_ > 0; }

  public Q_SLOTS:
    void openDialog();
    void generateDialog();
    void saveDialog();

  Q_SIGNALS:
    void datasetAdded(mfh::ui::DatasetPtr d);
    void currentChanged(mfh::ui::DatasetPtr d);  // null when none
    void loadFailed(const QString& path, const QString& problem);
    void useRequested(mfh::ui::DatasetPtr d);
    void saved(const QString& path, const QString& problem);  // "use in the experiment designer"

  private:
    void add(DatasetPtr d);
    void markSaved(const DatasetPtr& d, const QString& path);
    // Makes an entry on a pool thread, as a task named `title` in the window's jobs table
    // (stage, cancel, final state); its problem, if any, is shown as "`what`: problem" and,
    // for a file (`path`), reported with loadFailed. A cancelled task adds nothing.
    void inBackground(std::function<DatasetEntry(const BackgroundTask&)> make, const QString& title,
                      const QString& what, const QString& path);
    void showError(const QString& text);

    std::vector<DatasetPtr> datasets_;
    QListWidget* list_;
    QLabel* error_;
    QPushButton* save_;
    QPushButton* use_;
    DatasetInspector* inspector_;
    int pending_ = 0;
};

}  // namespace mfh::ui
