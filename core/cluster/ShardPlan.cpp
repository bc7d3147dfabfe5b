#include "core/cluster/ShardPlan.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "core/base/Error.h"
#include "core/experiments/Experiment.h"
#include "core/experiments/ExperimentProgress.h"

namespace mfh {

using nlohmann::json;

namespace {

int findRoot(std::vector<int>& parent, int i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
}

}  // namespace

ShardPlan ShardPlan::make(const ExperimentSpec& spec, int tasks) {
    if (tasks < 0 || tasks > kMaxTasks)
        throw InputError("--tasks must be between 1 and " + std::to_string(kMaxTasks) + " (got " +
                         std::to_string(tasks) + ")");
    const auto keys = Experiment::sharingKeys(spec);
    std::vector<int64_t> cost;
    for (const auto& p : spec.gridPoints()) {
        const int64_t epochs = std::max<int64_t>(1, ExperimentProgress::trialEpochs(spec.at(p)));
        for (std::size_t s = 0; s < spec.seeds.size(); ++s) cost.push_back(epochs);
    }
    return fromKeys(keys, cost, tasks);
}

ShardPlan ShardPlan::fromKeys(const std::vector<std::vector<uint64_t>>& keys,
                              const std::vector<int64_t>& cost, int tasks) {
    const int n = static_cast<int>(keys.size());
    ShardPlan plan;
    if (n == 0) return plan;
    // Trials that share any key are one group.
    std::vector<int> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    std::map<uint64_t, int> firstWith;
    for (int i = 0; i < n; ++i)
        for (const uint64_t k : keys[i]) {
            auto [it, fresh] = firstWith.emplace(k, i);
            if (!fresh) parent[findRoot(parent, i)] = findRoot(parent, it->second);
        }
    std::map<int, std::vector<int>> byRoot;
    for (int i = 0; i < n; ++i) byRoot[findRoot(parent, i)].push_back(i);
    std::vector<std::vector<int>> groups;
    for (auto& [root, members] : byRoot) groups.push_back(std::move(members));
    plan.groups = static_cast<int>(groups.size());
    plan.trainings = static_cast<int>(firstWith.size());

    int want = tasks > 0 ? tasks : std::min(plan.groups, kDefaultMaxTasks);
    want = std::min(want, n);
    auto costOf = [&](const std::vector<int>& g) {
        int64_t c = 0;
        for (const int i : g) c += cost[i];
        return c;
    };
    // More tasks than groups: halve the largest group until there are enough pieces.
    while (static_cast<int>(groups.size()) < want) {
        // The costliest group that can still be split (a single trial cannot).
        auto big = groups.end();
        for (auto g = groups.begin(); g != groups.end(); ++g)
            if (g->size() >= 2 && (big == groups.end() || costOf(*g) > costOf(*big))) big = g;
        if (big == groups.end()) break;
        std::vector<int> half(big->begin() + static_cast<long>(big->size() / 2), big->end());
        big->resize(big->size() / 2);
        groups.push_back(std::move(half));
    }
    // Largest first, each into the task with the least work so far.
    std::sort(groups.begin(), groups.end(), [&](const auto& a, const auto& b) {
        const auto ca = costOf(a), cb = costOf(b);
        return ca != cb ? ca > cb : a.front() < b.front();
    });
    want = std::min(want, static_cast<int>(groups.size()));  // never an empty task
    plan.tasks.assign(static_cast<std::size_t>(want), {});
    std::vector<int64_t> load(static_cast<std::size_t>(want), 0);
    for (const auto& g : groups) {
        const auto t =
            static_cast<std::size_t>(std::min_element(load.begin(), load.end()) - load.begin());
        plan.tasks[t].insert(plan.tasks[t].end(), g.begin(), g.end());
        load[t] += costOf(g);
    }
    for (auto& t : plan.tasks) std::sort(t.begin(), t.end());
    std::sort(plan.tasks.begin(), plan.tasks.end(),
              [](const auto& a, const auto& b) { return a.front() < b.front(); });
    // A key computed in k tasks is k - 1 duplicated trainings.
    std::map<uint64_t, std::set<int>> tasksOf;
    for (std::size_t t = 0; t < plan.tasks.size(); ++t)
        for (const int i : plan.tasks[t])
            for (const uint64_t k : keys[i]) tasksOf[k].insert(static_cast<int>(t));
    for (const auto& [k, in] : tasksOf) plan.duplicated += static_cast<int>(in.size()) - 1;
    return plan;
}

json ShardPlan::toJson() const {
    return {{"format", "mfh-shards"},   {"version", 1},
            {"groups", groups},         {"trainings", trainings},
            {"duplicated", duplicated}, {"tasks", tasks}};
}

ShardPlan ShardPlan::fromJson(const json& j, int trials, const std::string& what) {
    if (!j.is_object() || !j.contains("format") || j["format"] != "mfh-shards")
        throw InputError(what + " is not a task list (format != mfh-shards)");
    if (!j.contains("tasks") || !j["tasks"].is_array() || j["tasks"].empty())
        throw InputError(what + ": 'tasks' is missing or empty");
    ShardPlan p;
    auto count = [&](const char* k) {
        return j.contains(k) && j[k].is_number_integer() ? static_cast<int>(j[k].get<int64_t>())
                                                         : 0;
    };
    p.groups = count("groups"), p.trainings = count("trainings"),
    p.duplicated = count("duplicated");
    for (const auto& t : j["tasks"]) {
        if (!t.is_array() || t.empty())
            throw InputError(what + ": every task must list its trials");
        std::vector<int> trialsOf;
        for (const auto& i : t) {
            if (!i.is_number_integer() || i.get<int64_t>() < 0 || i.get<int64_t>() >= trials)
                throw InputError(what + ": trial " + i.dump() +
                                 " is not in the experiment (it has " + std::to_string(trials) +
                                 ")");
            trialsOf.push_back(static_cast<int>(i.get<int64_t>()));
        }
        p.tasks.push_back(std::move(trialsOf));
    }
    return p;
}

}  // namespace mfh
