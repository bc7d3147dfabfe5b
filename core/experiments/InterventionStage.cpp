#include "core/experiments/InterventionStage.h"

#include <algorithm>

#include "core/analysis/Intervention.h"
#include "core/base/Error.h"
#include "core/base/NumpyRandom.h"
#include "core/training/TorchTrainer.h"

namespace mfh {

namespace {

// Column indices of the true shared (and decisive) columns within the teacher's concatenated
// input; empty when the dataset carries no truth.
std::pair<std::vector<int64_t>, std::vector<int64_t>> truthColumns(
    const Dataset& ds, const std::vector<std::string>& mods) {
    std::vector<int64_t> shared, decisive;
    if (!ds.truth) return {};
    int64_t offset = 0;
    for (const auto& m : mods) {
        auto add = [&](const std::map<std::string, std::vector<int64_t>>& src,
                       std::vector<int64_t>& dst) {
            auto it = src.find(m);
            if (it != src.end())
                for (auto c : it->second) dst.push_back(offset + c);
        };
        add(ds.truth->sharedColumns, shared);
        add(ds.truth->sharedColumns, decisive);
        add(ds.truth->specificColumns, decisive);
        const auto& v = ds.modality(m);
        offset += v.numel() / std::max<int64_t>(v.size(0), 1);
    }
    return {shared, decisive};
}

uint64_t removalSeed(uint32_t seed) {
    return deriveSeed(seed, "removal");
}

}  // namespace

std::vector<int64_t> InterventionStage::keptChannels(const InterventionSpec& iv, int64_t channels,
                                                     const std::vector<double>& saliency,
                                                     const std::vector<int64_t>& trueShared,
                                                     uint32_t seed) {
    if (iv.type == InterventionType::MgTeacher) {
        const int64_t k = iv.keep > 0 ? iv.keep : static_cast<int64_t>(trueShared.size());
        if (k == 0) return {};
        return Intervention::keepChannels(iv.mode, channels, k, trueShared, saliency,
                                          deriveSeed(seed, "mg-random"));
    }
    if (iv.type != InterventionType::Removal) return {};
    const auto removed =
        Intervention::removeChannels(iv.mode, iv.ratio, saliency, removalSeed(seed));
    std::vector<int64_t> kept;
    for (int64_t c = 0; c < static_cast<int64_t>(saliency.size()); ++c)
        if (!std::binary_search(removed.begin(), removed.end(), c)) kept.push_back(c);
    return kept;
}

void InterventionStage::run(TrialContext& t, const TrialNetworks& n) {
    switch (t.sp.intervention.type) {
        case InterventionType::MgTeacher:
            return mgTeacher(t, n);
        case InterventionType::Removal:
            return removal(t, n);
        case InterventionType::None:
            return;
    }
}

void InterventionStage::mgTeacher(TrialContext& t, const TrialNetworks& n) {
    const auto& iv = t.sp.intervention;
    const auto& T = t.sp.teacher;
    const Dataset& ds = t.data.ds;
    auto& m = t.out.metrics;
    const auto [shared, decisive] = truthColumns(ds, T.modalities);
    const int64_t d = n.teacherJob.x.size(1);
    const int64_t k = iv.keep > 0 ? iv.keep : static_cast<int64_t>(shared.size());
    if (k == 0)
        throw InputError("intervention.keep is required: the dataset has no true shared columns");
    std::vector<double> sal;
    if (iv.mode == InterventionMode::Alg1) {
        const auto s = saliency_.get(t.sp, t.data, t.seed, n.teacher, n.baseline);
        t.uses(s->runId);
        sal = s->result.raw;
        if (!shared.empty())
            m["alg1_identification"] = 100 * Algorithm1::identification(s->result.ranking, shared);
    }
    const auto keep = keptChannels(iv, d, sal, shared, t.seed);
    if (!shared.empty()) {
        int64_t hit = 0, dec = 0;
        for (auto c : keep) {
            hit += std::count(shared.begin(), shared.end(), c);
            dec += std::count(decisive.begin(), decisive.end(), c);
        }
        m["tag_acc"] = 100.0 * hit / k;
        if (dec > 0) m["mg_teacher_gamma"] = double(hit) / dec;
    }
    const auto cols = torch::tensor(keep, torch::kInt64);
    // The modality-general teacher trains on the student's split, as in the reference.
    const auto& jb = n.baselineJob;
    TrainingJob jm;
    jm.role = "mg-teacher", jm.spec = &T;
    jm.x = n.teacherOnStudentSplit.index_select(1, cols).contiguous();
    jm.arch = t.data.network(T.model, T.modalities, ds.numClasses(), jm.x.size(1));
    jm.y = jb.y, jm.evals = t.evals(T.modalities, cols), jm.classes = ds.numClasses();
    jm.initSeed = deriveSeed(t.seed, "mg-teacher"), jm.seed = t.seed, jm.data = &t.data;
    jm.inputs = {{"modalities", T.modalities}, {"split", t.sp.student.split}, {"columns", keep}};
    const auto mg = runs_.train(jm);
    t.uses(mg->runId);
    m["mg_teacher_acc"] = mg->testPercent();
    if (auto o = t.oracle(*mg, &keep)) m["oracle_mg_student_acc"] = 100 * o->student;
    m["teacher_delta"] = m["mg_teacher_acc"] - m["teacher_acc"];
    TrainingJob jmk = jb;
    jmk.role = "mg-student", jmk.teacher = mg->logits(jm.x), jmk.teacherId = mg->runId;
    const auto mgkd = runs_.train(jmk);
    t.uses(mgkd->runId);
    m["mg_kd_acc"] = mgkd->testPercent();
    m["student_delta"] = m["mg_kd_acc"] - m["kd_acc"];
}

void InterventionStage::removal(TrialContext& t, const TrialNetworks& n) {
    const auto& iv = t.sp.intervention;
    const Dataset& ds = t.data.ds;
    auto& m = t.out.metrics;
    const auto sal = saliency_.get(t.sp, t.data, t.seed, n.teacher, n.baseline);
    t.uses(sal->runId);
    TapNet teacher = sal->teacher->tapNet();  // a private copy: the edit changes it
    const auto removed =
        Intervention::removeChannels(iv.mode, iv.ratio, sal->result.raw, removalSeed(t.seed));
    teacher->edit = TapEdit{iv.alg1.tap, removed, torch::Tensor()};
    m["removal_teacher_acc"] =
        100 * TorchTrainer::accuracy(teacher, ds.features(t.sp.teacher.modalities, "test"),
                                     ds.labelsOf("test"));
    TrainingJob jr = n.baselineJob;
    jr.role = "removal-student",
    jr.teacher = TorchTrainer::logits(teacher, n.teacherOnStudentSplit);
    jr.teacherId = sal->teacher->runId;
    jr.recorded = {{"teacher_removed_channels", removed}};
    jr.inputs["teacher_removed"] = {
        {"tap", iv.alg1.tap}, {"mode", nameOf(iv.mode)}, {"ratio", iv.ratio}};
    const auto rs = runs_.train(jr);
    t.uses(rs->runId);
    m["removal_kd_acc"] = rs->testPercent();
    m["removal_delta"] = m["removal_kd_acc"] - m["nokd_acc"];
    m["removal_vs_kd"] = m["removal_kd_acc"] - m["kd_acc"];
}

}  // namespace mfh
