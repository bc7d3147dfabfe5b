#include "core/experiments/ExperimentProgress.h"

#include <chrono>
#include <iterator>

#include "core/experiments/ExperimentSpec.h"

namespace mfh {

namespace {
constexpr const char* kRoles[] = {"",           "teacher",    "baseline",        "student",
                                  "mg-teacher", "mg-student", "removal-student", "algorithm1"};
thread_local WorkerProgress* currentSlot = nullptr;
}  // namespace

TrainingStep stepOfRole(const std::string& role) {
    for (int i = 1; i < static_cast<int>(std::size(kRoles)); ++i)
        if (role == kRoles[i]) return static_cast<TrainingStep>(i);
    return TrainingStep::None;
}

const char* roleOfStep(TrainingStep s) {
    const int i = static_cast<int>(s);
    return i >= 0 && i < static_cast<int>(std::size(kRoles)) ? kRoles[i] : "";
}

double ExperimentProgress::fraction() const {
    const int64_t planned = epochsPlanned.load(std::memory_order_relaxed);
    if (planned <= 0) return 0;
    const double f = double(epochsDone.load(std::memory_order_relaxed)) / double(planned);
    return f < 0 ? 0 : f > 1 ? 1 : f;
}

double ExperimentProgress::secondsLeft() const {
    const int64_t since = trainingSinceNs.load(std::memory_order_relaxed);
    const double f = fraction();
    if (since == 0 || f <= 0) return -1;
    const int64_t now = std::chrono::steady_clock::now().time_since_epoch().count();
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::duration(now - since)).count();
    return elapsed / f * (1 - f);
}

int64_t ExperimentProgress::trialEpochs(const ExperimentSpec& sp) {
    const int64_t t = sp.teacher.run.empty() ? sp.teacher.train.epochs : 0;
    const int64_t s = sp.student.train.epochs;
    int64_t n = t + 2 * s;  // teacher, no-KD baseline, KD student
    const auto& iv = sp.intervention;
    const bool alg1 = iv.type == InterventionType::Removal ||
                      (iv.type == InterventionType::MgTeacher && iv.mode == InterventionMode::Alg1);
    if (alg1 && iv.source != SaliencySource::Pretrained) n += iv.alg1.joint.epochs;
    if (iv.type == InterventionType::MgTeacher) n += sp.teacher.train.epochs + s;
    if (iv.type == InterventionType::Removal) n += s;
    return n;
}

WorkerProgress* ExperimentProgress::current() {
    return currentSlot;
}

ExperimentProgress::WorkerScope::WorkerScope(ExperimentProgress* p, int worker, int trial) {
    if (!p || worker < 0 || worker >= kWorkers) return;
    slot_ = &p->workers[worker];
    slot_->step.store(0, std::memory_order_relaxed);
    slot_->epoch.store(0, std::memory_order_relaxed);
    slot_->epochs.store(0, std::memory_order_relaxed);
    slot_->trial.store(trial, std::memory_order_relaxed);
    currentSlot = slot_;
}

ExperimentProgress::WorkerScope::~WorkerScope() {
    if (!slot_) return;
    slot_->trial.store(-1, std::memory_order_relaxed);
    currentSlot = nullptr;
}

}  // namespace mfh
