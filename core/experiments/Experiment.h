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

#include "core/base/Statistics.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/runs/RunRecord.h"

namespace mfh {

struct GridRow {
    std::vector<nlohmann::json> point;  // one value per sweep axis
    std::optional<double> alpha, beta, gamma;
    std::map<std::string, std::vector<double>> perSeed;  // metric -> values, in seed order
    std::map<std::string, Summary> summary;
    std::vector<std::string> runIds;  // the runs behind this row, every seed (run file names)
    // Trainings behind this row whose loss diverged (non-finite, or ending far above where it
    // began), and those that learned nothing (no better than the majority class on their own
    // training data). Their numbers are in the row but must not be trusted.
    std::vector<std::string> diverged, learnedNothing;
    int seedsDone() const { return summary.empty() ? 0 : summary.begin()->second.n; }
};

struct ExperimentResult {
    std::string name, report, status = "complete";  // complete | cancelled
    std::vector<std::string> axes;
    std::vector<uint32_t> seeds;
    // The base configuration's teacher modalities and student modality: a row's own come from
    // its sweep point when "teacher", "teacher.modalities" or "student.modality" is swept.
    std::vector<std::string> teacherModalities;
    std::string studentModality;
    std::vector<GridRow> rows;
    int runsTrained = 0, runsReused = 0;
    double seconds = 0;
    // Rows with fewer seeds than declared (a cancelled experiment), and whether any training
    // diverged or learned nothing: the front ends report these in their exit status.
    bool partial() const {
        for (const auto& r : rows)
            if (r.seedsDone() < static_cast<int>(seeds.size())) return true;
        return false;
    }
    bool untrustworthy() const {
        for (const auto& r : rows)
            if (!r.diverged.empty() || !r.learnedNothing.empty()) return true;
        return false;
    }
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
