#include "core/experiments/Trial.h"

#include "core/base/NumpyRandom.h"

namespace mfh {

TrialOutput Trial::run(const ExperimentSpec& sp, uint32_t seed) {
    const auto data = data_.load(sp, seed);
    TrialContext t{sp, seed, *data, {}};
    const Dataset& ds = data->ds;
    const int C = ds.numClasses();
    const auto& T = sp.teacher;
    const auto& S = sp.student;
    const std::string sm = S.modalities[0];
    auto& m = t.out.metrics;
    if (ds.truth)
        m["alpha"] = ds.truth->alpha, m["beta"] = ds.truth->beta, m["gamma"] = ds.truth->gamma;

    TrialNetworks n;
    TrainingJob& jt = n.teacherJob;
    jt.role = "teacher", jt.spec = &T;
    if (data->stream)
        jt.source = data->rows(T.modalities, T.split);
    else
        jt.x = ds.features(T.modalities, T.split);
    jt.arch = data->network(T.model, T.modalities, C, data->flatWidth(T.modalities));
    jt.y = ds.labelsOf(T.split), jt.evals = t.evals(T.modalities), jt.classes = C;
    jt.initSeed = deriveSeed(seed, "teacher"), jt.seed = seed, jt.data = data.get();
    jt.inputs = {{"modalities", T.modalities}, {"split", T.split}};
    n.teacher = T.run.empty() ? runs_.train(jt) : runs_.loadTeacher(T.run, jt);
    t.uses(n.teacher->runId);
    m["teacher_acc"] = n.teacher->testPercent();
    if (auto o = t.oracle(*n.teacher)) {
        m["oracle_teacher_acc"] = 100 * o->teacher;
        m["oracle_student_acc"] = 100 * o->student;
    }

    // The no-KD baseline and the KD student start from the same initial weights, so that
    // Δ = KD − no-KD measures the effect of distillation alone (paired by seed).
    TrainingJob& jb = n.baselineJob;
    jb.role = "baseline", jb.spec = &S;
    if (data->stream)
        jb.source = data->rows({sm}, S.split);
    else
        jb.x = ds.features({sm}, S.split);
    jb.arch = data->network(S.model, {sm}, C, data->flatWidth({sm}));
    jb.y = ds.labelsOf(S.split), jb.evals = t.evals({sm}), jb.classes = C;
    jb.initSeed = deriveSeed(seed, "student"), jb.seed = seed, jb.data = data.get();
    jb.inputs = {{"modalities", {sm}}, {"split", S.split}};
    n.baseline = runs_.train(jb);
    t.uses(n.baseline->runId);
    m["nokd_acc"] = n.baseline->testPercent();

    // The teacher's view of the student's data.
    if (!data->stream) n.teacherOnStudentSplit = ds.features(T.modalities, S.split);
    TrainingJob jk = jb;
    jk.role = "student", jk.teacherId = n.teacher->runId;
    jk.teacher = data->stream ? n.teacher->logits(*data->rows(T.modalities, S.split))
                              : n.teacher->logits(n.teacherOnStudentSplit);
    n.student = runs_.train(jk);
    t.uses(n.student->runId);
    m["kd_acc"] = n.student->testPercent();
    m["delta"] = m["kd_acc"] - m["nokd_acc"];

    interventions_.run(t, n);
    return std::move(t.out);
}

}  // namespace mfh
