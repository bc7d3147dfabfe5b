#include "core/experiments/ExperimentResult.h"

#include <algorithm>

namespace mfh {

GridRow GridRow::assemble(const std::vector<nlohmann::json>& point,
                          const std::vector<uint32_t>& seeds,
                          const std::vector<TrialOutput>& outputs) {
    GridRow row;
    row.point = point;
    auto addUnique = [](std::vector<std::string>& to, const std::vector<std::string>& ids) {
        for (const auto& id : ids)
            if (std::find(to.begin(), to.end(), id) == to.end()) to.push_back(id);
    };
    for (std::size_t i = 0; i < outputs.size(); ++i) {
        const auto& s = outputs[i];
        if (s.metrics.empty() && s.runIds.empty()) continue;  // this seed did not run
        if (i < seeds.size()) row.seedsRun.push_back(seeds[i]);
        for (const auto& kv : s.metrics) row.perSeed[kv.first].push_back(kv.second);
        addUnique(row.runIds, s.runIds);
        addUnique(row.diverged, s.diverged);
        addUnique(row.learnedNothing, s.learnedNothing);
    }
    // In the order of the row's runs, whichever seed flagged them.
    for (auto* flagged : {&row.diverged, &row.learnedNothing}) {
        std::vector<std::string> ordered;
        for (const auto& id : row.runIds)
            if (std::find(flagged->begin(), flagged->end(), id) != flagged->end())
                ordered.push_back(id);
        *flagged = ordered;
    }
    for (auto [name, slot] :
         {std::pair{"alpha", &row.alpha}, {"beta", &row.beta}, {"gamma", &row.gamma}}) {
        auto it = row.perSeed.find(name);
        if (it == row.perSeed.end()) continue;
        *slot = it->second.front();  // a property of the data, equal for every seed
        row.perSeed.erase(it);
    }
    for (const auto& kv : row.perSeed) row.summary[kv.first] = Statistics::summarize(kv.second);
    return row;
}

}  // namespace mfh
