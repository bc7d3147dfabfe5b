#pragma once
// ShardPlan: how an experiment's trials are split into the tasks of a job array. Trials that
// share a training (the no-KD baseline every γ of a seed uses, Table 2's teacher shared by the
// intervention modes) form a group, found from the trials' training keys (Experiment::
// sharingKeys) without training; a group is kept in one task, so its shared trainings are
// computed once. Groups are packed into tasks by their cost in epochs, largest first. Asked
// for more tasks than there are groups, the plan splits the largest groups and counts the
// trainings that more than one task then computes (`duplicated`).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/experiments/ExperimentSpec.h"

namespace mfh {

struct ShardPlan {
    std::vector<std::vector<int>> tasks;  // per task, its trial indices (point-major, sorted)
    int groups = 0;                       // groups of trials that share a training
    int trainings = 0;                    // distinct trainings of teacher, baseline, student
    int duplicated = 0;                   // those computed by more than one task, extra copies

    // `tasks` 0 picks one task per group, at most kDefaultMaxTasks. Throws InputError for a
    // negative count or one above kMaxTasks.
    static ShardPlan make(const ExperimentSpec& spec, int tasks);
    // The plan from the trials' keys and costs (what make() computes), for tests.
    static ShardPlan fromKeys(const std::vector<std::vector<uint64_t>>& keys,
                              const std::vector<int64_t>& cost, int tasks);

    nlohmann::json toJson() const;
    // Throws InputError naming `what` when the plan is malformed or names a trial outside
    // [0, trials).
    static ShardPlan fromJson(const nlohmann::json& j, int trials, const std::string& what);

    static constexpr int kDefaultMaxTasks = 32;
    static constexpr int kMaxTasks = 10000;
};

}  // namespace mfh
