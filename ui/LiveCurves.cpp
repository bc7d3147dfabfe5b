#include "ui/LiveCurves.h"

namespace mfh::ui {

void LiveCurves::start(const std::string& runId, const std::string& role,
                       const std::string& title) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!s_.runId.empty() && !s_.finished) return;  // keep following the current run
    s_ = CurveSnapshot{};
    s_.runId = runId, s_.role = role, s_.title = title.empty() ? role : title;
    ++version_;
}

void LiveCurves::add(const std::string& runId, const EpochReport& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (runId != s_.runId || s_.finished) return;
    s_.epochs = e.epochs;
    if (e.loss != 0 || !e.accuracy.empty()) {  // the linear kernel reports on evaluation epochs
        s_.lossEpoch.push_back(e.epoch);
        s_.loss.push_back(e.loss);
    }
    if (!e.accuracy.empty()) {
        s_.accEpoch.push_back(e.epoch);
        for (const auto& kv : e.accuracy) s_.accuracy[kv.first].push_back(100 * kv.second);
    }
    ++version_;
}

void LiveCurves::finish(const std::string& runId, RunStatus status) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (runId != s_.runId) return;
    s_.finished = true;
    s_.status = status;
    ++version_;
}

CurveSnapshot LiveCurves::snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return s_;
}

}  // namespace mfh::ui
