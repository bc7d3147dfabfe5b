#pragma once
// AdvisorTab: the KD advisor (core/advisor). "Run the pilot" advises on the selected dataset
// with the chosen teacher and student modalities (linear networks, the Fig. 2 training);
// "Advise the shown experiment" advises on the finished job's own configuration, grid point by
// grid point, and then plots each predictor against the gain the job measured. The pilot runs
// as a task of the jobs table (progress by grid point, cancel), never on the GUI thread. The
// card shows the verdict, the predicted gain and every predictor with its 95 % interval.
#include <QWidget>
#include <atomic>
#include <memory>
#include <nlohmann/json.hpp>

#include "core/advisor/Advisor.h"
#include "ui/DatasetEntry.h"

class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace mfh::ui {

struct Job;
class AdvisorScatter;

class AdvisorTab : public QWidget {
    Q_OBJECT
  public:
    explicit AdvisorTab(QWidget* parent = nullptr);
    ~AdvisorTab() override;
    void showDataset(DatasetPtr d);
    void showJob(std::shared_ptr<const Job> job);
    bool running() const { return cancel_ != nullptr; }
    QPushButton* pilotButton() const { return pilot_; }
    QPushButton* experimentButton() const { return experiment_; }
    QTableWidget* card() const { return card_; }
    QLabel* verdict() const { return verdict_; }
    AdvisorScatter* scatter() const { return scatter_; }
    QComboBox* scatterPredictor() const { return scatterPredictor_; }
    const AdvisorReport* report() const { return report_ ? &*report_ : nullptr; }
    // The experiment file "Run the pilot" advises on (exposed for the tests).
    static nlohmann::json pilotExperiment(const DatasetEntry& d, const std::string& teacher,
                                          const std::string& student);

  Q_SIGNALS:
    void advised();  // a report is shown

  private:
    void start(const nlohmann::json& config, const QString& what, bool fromJob);
    void showPoint(int row);
    void drawScatter();

    DatasetPtr dataset_;
    std::shared_ptr<const Job> job_, advisedJob_;
    std::shared_ptr<std::atomic<bool>> cancel_;
    std::shared_ptr<const AdvisorReport> report_;
    QComboBox* teacher_;
    QComboBox* student_;
    QPushButton* pilot_;
    QPushButton* experiment_;
    QLabel* note_;
    QLabel* verdict_;
    QLabel* reason_;
    QComboBox* point_;
    QTableWidget* card_;
    AdvisorScatter* scatter_;
    QComboBox* scatterPredictor_;
};

}  // namespace mfh::ui
