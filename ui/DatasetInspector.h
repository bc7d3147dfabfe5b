#pragma once
// DatasetInspector: what a dataset holds. Overview (modalities with shapes and types, splits,
// provenance, the true Venn values), class balance per split (chart), per-feature statistics
// of a modality over a split, and a sample viewer that draws image-like modalities.
#include <QTabWidget>

#include "ui/DatasetEntry.h"

class QTreeWidget;
class QTableWidget;
class QComboBox;
class QSpinBox;
class QLabel;

namespace mfh::ui {

class PlotView;

class DatasetInspector : public QTabWidget {
    Q_OBJECT
  public:
    explicit DatasetInspector(QWidget* parent = nullptr);
    void setDataset(DatasetPtr d);
    PlotView* classChart() const { return classes_; }
    QTableWidget* featureTable() const { return features_; }

  private:
    void fillOverview();
    void fillClasses();
    void fillFeatures();
    void showSample();

    DatasetPtr d_;
    QTreeWidget* overview_;
    PlotView* classes_;
    QComboBox* featModality_;
    QComboBox* featSplit_;
    QTableWidget* features_;
    QComboBox* sampleModality_;
    QSpinBox* sampleIndex_;
    QLabel* sampleImage_;
    QLabel* sampleInfo_;
};

}  // namespace mfh::ui
