#pragma once
// Experiment: runs an ExperimentSpec — every grid point × seed is a trial of the pipeline
//   teacher (teacher modalities) → no-KD baseline and KD student (student modality)
//   [→ intervention: modality-general teacher and its KD student, or channel removal]
// Trials run in parallel (one LibTorch intra-op thread each); identical trainings are computed
// once (RunCache). With an output folder every training writes its run file atomically as it
// finishes, and the folder gets experiment.json and summary.csv.
// Metrics per trial (accuracies in percent on the test split):
//   teacher_acc, nokd_acc, kd_acc, delta = kd − nokd;
//   mg-teacher: mg_teacher_acc, mg_kd_acc, teacher_delta = mg_teacher − teacher,
//               student_delta = mg_kd − kd, tag_acc (share of kept channels truly shared),
//               mg_teacher_gamma;
//   removal:    removal_teacher_acc, removal_kd_acc, removal_delta = removal_kd − nokd.
#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/ExperimentSpec.h"
#include "core/RunRecord.h"
#include "core/Statistics.h"

namespace mfh {

struct GridRow {
    std::vector<nlohmann::json> point;  // one value per sweep axis
    std::optional<double> alpha, beta, gamma;
    std::map<std::string, std::vector<double>> perSeed;  // metric -> values, in seed order
    std::map<std::string, Summary> summary;
    std::vector<std::string> runIds;  // the runs behind this row, every seed (run file names)
};

struct ExperimentResult {
    std::string name, report, status = "complete";  // complete | cancelled
    std::vector<std::string> axes;
    std::vector<uint32_t> seeds;
    std::vector<GridRow> rows;
    int runsTrained = 0, runsReused = 0;
    double seconds = 0;
};

struct ExperimentCallbacks {
    std::function<void(int done, int total)> onProgress;  // trials; called from worker threads
    std::function<void(const std::string& id, const std::string& role)> onRunStart;  // before
    std::function<void(const RunRecord&)> onRun;  // each training, as it finishes
    // Every epoch of every training (worker threads). Set only when wanted: it costs a call
    // per epoch. Accuracies are in [0, 1] and present only on evaluation epochs.
    std::function<void(const std::string& id, const EpochReport&)> onEpoch;
    const std::atomic<bool>* cancel = nullptr;
};

class Experiment {
  public:
    explicit Experiment(ExperimentSpec spec, std::string outDir = "");
    ExperimentResult run(const ExperimentCallbacks& callbacks = {});

  private:
    ExperimentSpec spec_;
    std::string outDir_;
};

}  // namespace mfh
