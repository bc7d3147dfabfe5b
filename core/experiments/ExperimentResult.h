#pragma once
// ExperimentResult: what an experiment produced, row by row (one row per grid point, each
// metric per seed and summarised). Plain data: the reports, the workbench and the command line
// read it without seeing the engine that made it.
// Metrics per trial (accuracies in percent on the test split):
//   teacher_acc, nokd_acc, kd_acc, delta = kd − nokd;
//   mg-teacher: mg_teacher_acc, mg_kd_acc, teacher_delta = mg_teacher − teacher,
//               student_delta = mg_kd − kd, tag_acc (share of kept channels truly shared),
//               mg_teacher_gamma;
//   removal:    removal_teacher_acc, removal_kd_acc, removal_delta = removal_kd − nokd.
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/base/Statistics.h"
#include "core/experiments/ReportLayout.h"
#include "core/experiments/TrialRecord.h"
#include "core/training/RunStatus.h"

namespace mfh {

struct GridRow {
    std::vector<nlohmann::json> point;  // one value per sweep axis
    std::optional<double> alpha, beta, gamma;
    std::map<std::string, std::vector<double>> perSeed;  // metric -> values, in seed order
    // The seeds whose outputs are in perSeed, in the same order: perSeed[m][i] came from the
    // trial at seedsRun[i], for every metric m. Paired comparisons between rows (Comparison)
    // match values by these seeds, so a partial row is paired correctly. Empty in results made
    // before the engine recorded it: readers then take ExperimentResult::seeds in order,
    // truncated to the number of values.
    std::vector<uint32_t> seedsRun;
    std::map<std::string, Summary> summary;
    std::vector<std::string> runIds;  // the runs behind this row, every seed (run file names)
    // Trainings behind this row whose loss diverged (non-finite, or ending far above where it
    // began), and those that learned nothing (no better than the majority class on their own
    // training data). Their numbers are in the row but must not be trusted.
    std::vector<std::string> diverged, learnedNothing;
    int seedsDone() const { return summary.empty() ? 0 : summary.begin()->second.n; }

    // The row of one grid point from the outputs of its trials, one per seed of `seeds` (a
    // seed that did not run has an empty output): values per seed, their summaries, the runs
    // and the untrustworthy runs of every seed.
    static GridRow assemble(const std::vector<nlohmann::json>& point,
                            const std::vector<uint32_t>& seeds,
                            const std::vector<TrialOutput>& outputs);
};

struct ExperimentResult {
    std::string name;
    ReportLayout report = ReportLayout::Grid;
    RunStatus status = RunStatus::Complete;  // complete | cancelled
    std::vector<std::string> axes;
    std::vector<uint32_t> seeds;
    // The base configuration's teacher modalities and student modality: a row's own come from
    // its sweep point when "teacher", "teacher.modalities" or "student.modality" is swept.
    std::vector<std::string> teacherModalities;
    std::string studentModality;
    std::vector<GridRow> rows;
    // Trainings computed, shared with an identical one of this run, and taken from run files
    // an earlier run of the experiment left in its folder.
    int runsTrained = 0, runsReused = 0, runsResumed = 0;
    int trialsResumed = 0;  // trials taken whole from the folder's trial files
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

}  // namespace mfh
