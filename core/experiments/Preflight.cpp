#include "core/experiments/Preflight.h"

#include "core/base/Error.h"
#include "core/models/TapNet.h"
#include "core/runs/RunFile.h"

namespace mfh {

void Preflight::check(DataLoader& loader, const ExperimentSpec& sp, uint32_t seed) {
    const auto data = loader.load(sp, seed);
    const Dataset& ds = data->ds;
    auto mods = sp.teacher.modalities;
    mods.push_back(sp.student.modalities[0]);
    for (const auto& m : mods)
        if (!data->shapes.count(m)) {
            std::string have;
            for (const auto& kv : data->shapes) have += (have.empty() ? "" : ", ") + kv.first;
            throw InputError("no modality '" + m + "' in the dataset (it has: " + have + ")");
        }
    const auto ta = data->roleNetwork("teacher", sp.teacher);
    data->roleNetwork("student", sp.student);
    const std::pair<const char*, const RoleSpec*> roles[] = {{"teacher", &sp.teacher},
                                                             {"student", &sp.student}};
    if (data->stream)
        for (auto [role, r] : roles)
            if (r->train.batchSize <= 0)
                throw InputError(std::string("'") + role +
                                 ".train.batch_size' is required: streamed data trains in "
                                 "mini-batches");
    const auto& iv = sp.intervention;
    if (Intervention::usesSaliency(iv.type, iv.mode)) {
        TapNet probe(ta, 0);
        probe->tapIndex(iv.alg1.tap);  // names the taps there are
    }
    if (!sp.teacher.run.empty()) RunFile::load(sp.teacher.run, false);
    if (data->stream && sp.intervention.type != InterventionType::None)
        throw InputError("interventions need the dataset in memory: remove dataset.stream");
    ds.split(sp.teacher.split);
    ds.split(sp.student.split);
    for (auto [role, r] : roles)
        if (r->train.selection == Selection::BestVal && !ds.hasSplit("val"))
            throw InputError(std::string("'") + role +
                             ".train.selection' is best-val but the dataset has no 'val' split");
}

}  // namespace mfh
