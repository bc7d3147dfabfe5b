#include "core/experiments/SaliencyStage.h"

#include "core/base/Hashing.h"
#include "core/base/NumpyRandom.h"
#include "core/base/TimeStamp.h"
#include "core/training/TorchTrainer.h"

namespace mfh {

using nlohmann::json;

std::shared_ptr<const Saliency> SaliencyStage::get(const ExperimentSpec& sp, const LoadedData& d,
                                                   uint32_t seed,
                                                   const std::shared_ptr<const Trained>& t0,
                                                   const std::shared_ptr<const Trained>& base) {
    const auto& iv = sp.intervention;
    json a = {{"permutations", iv.alg1.permutations},
              {"distance", iv.alg1.distance},
              {"tap", iv.alg1.tap},
              {"batch_size", iv.alg1.batchSize},
              {"train", iv.alg1.joint.toJson()},
              {"source", nameOf(iv.source)},
              {"teacher", sp.teacher.modalities},
              {"student", sp.student.modalities},
              {"teacher_model", d.network(sp.teacher.model, sp.teacher.modalities, 2,
                                          d.flatWidth(sp.teacher.modalities))
                                    .toJson()},
              {"student_model", d.network(sp.student.model, sp.student.modalities, 2,
                                          d.flatWidth(sp.student.modalities))
                                    .toJson()},
              {"teacher_split", sp.teacher.split}};
    if (iv.source == SaliencySource::Pretrained) a["runs"] = {t0->runId, base->runId};
    KeyHasher key;
    key.add(d.hash).add(uint64_t{seed}).add(a.dump());
    // Algorithm 1 reports no epochs of its own: the stage shows it, and its planned joint
    // training counts as done when it ends (or is shared with another trial).
    ExperimentProgress* const progress = ctx_.callbacks.progress;
    const int planned = iv.source == SaliencySource::Pretrained ? 0 : iv.alg1.joint.epochs;
    if (WorkerProgress* slot = progress ? ExperimentProgress::current() : nullptr) {
        slot->step.store(static_cast<int>(TrainingStep::Algorithm1), std::memory_order_relaxed);
        slot->epoch.store(0, std::memory_order_relaxed);
        slot->epochs.store(planned, std::memory_order_relaxed);
    }
    auto s = cache_.get(key.value(), [&] { return compute(sp, d, seed, t0, base, a); }).first;
    if (progress) progress->addEpochs(planned);
    return s;
}

std::shared_ptr<const Saliency> SaliencyStage::compute(const ExperimentSpec& sp,
                                                       const LoadedData& d, uint32_t seed,
                                                       const std::shared_ptr<const Trained>& t0,
                                                       const std::shared_ptr<const Trained>& base,
                                                       const json& settings) {
    const auto& iv = sp.intervention;
    const auto& ds = d.ds;
    const auto* cancel = ctx_.callbacks.cancel;
    auto xa = ds.features(sp.teacher.modalities, sp.teacher.split);
    auto xb = ds.features(sp.student.modalities, sp.teacher.split);
    auto y = ds.labelsOf(sp.teacher.split);
    const int C = ds.numClasses();
    auto out = std::make_shared<Saliency>();
    auto& r = out->result;
    RunRecord rec;
    rec.startTime = isoNow();
    if (iv.source == SaliencySource::Pretrained) {
        auto fa = t0->tapNet(), fb = base->tapNet();
        r = Algorithm1::saliency(fa, fb, xa, xb, iv.alg1, deriveSeed(seed, "alg1"), cancel);
        ctx_.throwIfCancelled();
        out->teacher = t0;
    } else {
        auto joint = std::make_shared<Trained>();
        joint->arch = d.network(sp.teacher.model, sp.teacher.modalities, C, xa.size(1));
        if (ctx_.useKernel(sp.teacher) && ctx_.useKernel(sp.student) && iv.alg1.tap == "input") {
            LinearModel fa, fb;
            r = Algorithm1::linear(xa, xb, y, C, iv.alg1, deriveSeed(seed, "alg1"), &fa, &fb,
                                   cancel);
            ctx_.throwIfCancelled();
            joint->linear = fa;
        } else {
            TapNet fa(joint->arch, deriveSeed(seed, "alg1-a"));
            TapNet fb(d.network(sp.student.model, sp.student.modalities, C, xb.size(1)),
                      deriveSeed(seed, "alg1-b"));
            Algorithm1::trainJointly(fa, fb, xa, xb, y, iv.alg1.joint, ctx_.device,
                                     deriveSeed(seed, "alg1-shuffle"), cancel);
            ctx_.throwIfCancelled();
            r = Algorithm1::saliency(fa, fb, xa, xb, iv.alg1, deriveSeed(seed, "alg1"), cancel);
            ctx_.throwIfCancelled();
            r.teacherAccuracy = TorchTrainer::accuracy(fa, xa, y, ctx_.device);
            r.otherAccuracy = TorchTrainer::accuracy(fb, xb, y, ctx_.device);
            fa->to(torch::kCPU);
            joint->net = fa;
        }
        rec.weights = joint->weights();
        out->teacher = joint;
    }
    rec.endTime = isoNow();
    rec.role = "algorithm1";
    KeyHasher id;
    id.add(d.hash).add(uint64_t{seed}).add(sp.source.value("intervention", json::object()).dump());
    rec.id = "algorithm1-" + hex64(id.value()).substr(0, 12);
    out->runId = rec.id;
    // A jointly trained teacher lives in this run's weights: removal students name it.
    if (iv.source != SaliencySource::Pretrained)
        std::const_pointer_cast<Trained>(out->teacher)->runId = rec.id;
    // Everything the scores were computed for: Algorithm 1's settings, both networks, the
    // split, and the runs they came from.
    rec.config = {{"intervention", sp.source.value("intervention", json::object())},
                  {"algorithm1", settings},
                  {"teacher_modalities", sp.teacher.modalities},
                  {"student_modality", sp.student.modalities[0]}};
    if (iv.source == SaliencySource::Pretrained) rec.teacherId = t0->runId;
    rec.seed = seed;
    rec.device = ctx_.device.str();
    rec.dataset = d.label;
    rec.datasetHash = d.hash;
    rec.saliency[r.tap] = r.raw;
    rec.saliency[r.tap + "_normalized"] = r.normalized;
    rec.metrics["joint_teacher_train_acc"] = 100 * r.teacherAccuracy;
    rec.metrics["joint_other_train_acc"] = 100 * r.otherAccuracy;
    runs_.record(rec);
    return out;
}

}  // namespace mfh
