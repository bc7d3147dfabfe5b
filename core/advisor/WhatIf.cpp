#include "core/advisor/WhatIf.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "core/base/Error.h"
#include "core/experiments/Experiment.h"

namespace mfh {

std::vector<int> WhatIf::sharedSteps(const VennSpec& base) {
    const int most = std::min(base.shared + base.specificA, base.shared + base.specificB);
    std::vector<int> out;
    const int steps = std::min(most, 5);
    for (int i = 0; i <= steps; ++i) {
        const int s = steps == 0 ? 0 : static_cast<int>(std::lround(double(most) * i / steps));
        if (out.empty() || out.back() != s) out.push_back(s);
    }
    return out;
}

std::vector<WhatIfPoint> WhatIf::curve(const VennSpec& base, int seeds,
                                       const std::atomic<bool>* cancel) {
    if (!base.preset.empty()) throw InputError("the what-if works on the generic generator");
    if (int64_t(base.nTrain) + base.nTest + base.nVal > kMaxRows)
        throw InputError("too many samples for a live what-if (at most " +
                         std::to_string(kMaxRows) + ")");
    base.layout();  // names impossible settings
    const nlohmann::json train = {{"optimizer", "sgd"}, {"lr", 0.1}, {"epochs", 1000}};
    const auto gen = base.toJson();
    const auto steps = sharedSteps(base);
    const int dA = base.shared + base.specificA, dB = base.shared + base.specificB;
    // Each point is an experiment of its own: the specific counts move with the shared one.
    std::vector<ExperimentSpec> specs;
    for (int s : steps) {
        auto g = gen;
        g["shared"] = s, g["specific_a"] = dA - s, g["specific_b"] = dB - s;
        specs.push_back(ExperimentSpec::fromJson(
            {{"name", "what-if"},
             {"dataset", {{"generator", g}}},
             {"seeds", {{"first", 0}, {"count", seeds}}},
             {"engine", "kernel"},
             {"threads", 1},
             {"teacher",
              {{"modalities", {"a"}}, {"model", {{"type", "linear"}}}, {"train", train}}},
             {"student", {{"modality", "b"}, {"model", {{"type", "linear"}}}, {"train", train}}},
             {"kd", {{"w_gt", 1}, {"w_kd", 1}, {"temperature", 1}, {"reduction", "mean"}}}}));
    }
    AdvisorOptions o;
    o.replicates = 40, o.threads = 1, o.measureCost = false, o.skipPid = true;
    o.pilot.seeds = {0, 1, 2};
    AdvisorCallbacks acb;
    acb.cancel = cancel;
    ExperimentCallbacks ecb;
    ecb.cancel = cancel;
    // The points in parallel, each experiment and pilot on one thread.
    std::vector<WhatIfPoint> out(steps.size());
    std::atomic<int> next{0};
    std::exception_ptr error;
    std::mutex mutex;
    const int n = static_cast<int>(steps.size());
    auto worker = [&] {
        for (int i; (i = next++) < n;) {
            try {
                if (cancel && cancel->load()) throw Cancelled{};
                WhatIfPoint p;
                p.shared = steps[i];
                const auto res = Experiment(specs[i]).run(ecb);
                if (res.status == RunStatus::Cancelled) throw Cancelled{};
                const auto& d = res.rows.at(0).summary.at("delta");
                p.gain = d.mean, p.gainStd = d.std;
                p.gamma = res.rows[0].gamma.value_or(0);
                const auto adv = Advisor::advise(specs[i], o, acb).rows.at(0);
                p.predicted = adv.predictedGain, p.verdict = adv.verdict;
                out[i] = p;
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!error) error = std::current_exception();
                next = n;
            }
        }
    };
    const int threads =
        std::max(1, std::min<int>(n, static_cast<int>(std::thread::hardware_concurrency())));
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
    return out;
}

}  // namespace mfh
