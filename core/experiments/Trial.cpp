#include "core/experiments/Trial.h"

#include "core/base/Hashing.h"
#include "core/base/NumpyRandom.h"

namespace mfh {

namespace {

// The training of a role on the given modalities, before any teacher logits are attached.
TrainingJob roleJob(const TrialContext& t, const char* role, const RoleSpec& r,
                    const std::vector<std::string>& mods, const char* initStream) {
    const LoadedData& data = t.data;
    const Dataset& ds = data.ds;
    TrainingJob j;
    j.role = role, j.spec = &r;
    if (data.stream)
        j.source = data.rows(mods, r.split);
    else
        j.x = ds.features(mods, r.split);
    j.classes = ds.numClasses();
    j.arch = data.network(r.model, mods, j.classes, data.flatWidth(mods));
    j.y = ds.labelsOf(r.split), j.evals = t.evals(mods);
    j.initSeed = deriveSeed(t.seed, initStream), j.seed = t.seed, j.data = &data;
    j.inputs = {{"modalities", mods}, {"split", r.split}};
    return j;
}

}  // namespace

TrainingJob Trial::teacherJob(const TrialContext& t) {
    return roleJob(t, "teacher", t.sp.teacher, t.sp.teacher.modalities, "teacher");
}

TrainingJob Trial::baselineJob(const TrialContext& t) {
    return roleJob(t, "baseline", t.sp.student, {t.sp.student.modalities[0]}, "student");
}

std::vector<uint64_t> Trial::sharingKeys(const ExperimentSpec& sp, uint32_t seed) {
    const auto data = data_.load(sp, seed);
    const TrialContext t{sp, seed, *data, {}};
    KeyHasher teacher;
    if (sp.teacher.run.empty())
        teacher.add(runs_.keyOf(teacherJob(t)));
    else
        teacher.add("run-file:" + sp.teacher.run).add(data->hash);
    const uint64_t baseline = runs_.keyOf(baselineJob(t));
    KeyHasher student;
    student.add(teacher.value()).add(baseline).add(sp.student.train.kd.toJson().dump());
    return {teacher.value(), baseline, student.value()};
}

TrialOutput Trial::run(const ExperimentSpec& sp, uint32_t seed) {
    const auto data = data_.load(sp, seed);
    TrialContext t{sp, seed, *data, {}};
    const Dataset& ds = data->ds;
    const auto& T = sp.teacher;
    const auto& S = sp.student;
    auto& m = t.out.metrics;
    if (ds.truth)
        m["alpha"] = ds.truth->alpha, m["beta"] = ds.truth->beta, m["gamma"] = ds.truth->gamma;

    TrialNetworks n;
    TrainingJob& jt = n.teacherJob;
    jt = teacherJob(t);
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
    jb = baselineJob(t);
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
