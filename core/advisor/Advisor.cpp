#include "core/advisor/Advisor.h"

#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "core/base/SettingLabel.h"
#include "core/experiments/DataLoader.h"
#include "core/experiments/Preflight.h"
#include "core/training/TorchTrainer.h"

namespace mfh {

VerdictRule VerdictRule::standard() {
    VerdictRule r;
    r.voters = {{Predictor::CchGaussian, 0.0}, {Predictor::Gamma, 0.5}};
    r.gainFrom = {Predictor::CchGaussian, 0.0};
    r.gainSlope = 2.0;  // points per nat, the development sweep's least-squares line through 0
    return r;
}

nlohmann::json VerdictRule::toJson() const {
    nlohmann::json v = nlohmann::json::array();
    for (const auto& p : voters)
        v.push_back({{"predictor", nameOf(p.predictor)}, {"threshold", p.threshold}});
    return {{"voters", v},
            {"gain",
             {{"predictor", nameOf(gainFrom.predictor)},
              {"threshold", gainFrom.threshold},
              {"slope", gainSlope}}}};
}

namespace {

// Which side of its threshold a predictor's interval lies on: +1 distil, −1 don't, 0 neither.
int side(const PredictorValue& v, double threshold) {
    if (v.value.low > threshold) return v.direction;
    if (v.value.high < threshold) return -v.direction;
    return 0;
}

std::string describeVote(const PredictorValue& v, double threshold, int s) {
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s %.3f [%.3f, %.3f] %s %.3f", nameOf(v.kind), v.value.estimate,
                  v.value.low, v.value.high,
                  s == 0 ? "straddles" : (s * v.direction > 0 ? "is above" : "is below"),
                  threshold);
    return buf;
}

}  // namespace

AdvisorRow Advisor::judge(PilotMeasures m, const VerdictRule& rule) {
    AdvisorRow row;
    const auto& g = m[rule.gainFrom.predictor];
    const double k = rule.gainSlope * g.direction, t = rule.gainFrom.threshold;
    row.predictedGain = {k * (g.value.estimate - t),
                         std::min(k * (g.value.low - t), k * (g.value.high - t)),
                         std::max(k * (g.value.low - t), k * (g.value.high - t))};
    int pos = 0, neg = 0;
    for (const auto& v : rule.voters) {
        const int s = side(m[v.predictor], v.threshold);
        pos += s > 0, neg += s < 0;
        row.reason +=
            (row.reason.empty() ? "" : "; ") + describeVote(m[v.predictor], v.threshold, s);
    }
    if (pos > 0 && neg > 0)
        row.verdict = Verdict::Inconclusive, row.reason = "the predictors disagree: " + row.reason;
    else if (pos > 0)
        row.verdict = Verdict::Distil;
    else if (neg > 0)
        row.verdict = Verdict::Dont;
    else
        row.verdict = Verdict::Inconclusive, row.reason = "every interval straddles: " + row.reason;
    row.measures = std::move(m);
    return row;
}

AdvisorReport Advisor::advise(const ExperimentSpec& spec, const AdvisorOptions& o,
                              const AdvisorCallbacks& cb) {
    const auto t0 = std::chrono::steady_clock::now();
    o.pilot.check();
    if (o.replicates < 20 || o.replicates > 100000)
        throw InputError("the advisor's bootstrap needs 20 to 100000 replicates");
    ExperimentCallbacks ecb;
    ecb.cancel = cb.cancel;
    const EngineContext ctx{spec, "", ecb, pickDevice(spec.device)};
    DataLoader data;
    RunTrainer runs(ctx);
    AdvisorReport rep;
    rep.experiment = spec.name, rep.options = o;
    for (const auto& a : spec.sweep) rep.axes.push_back(a.param);
    const auto points = spec.gridPoints();
    std::vector<ExperimentSpec> specs;
    for (const auto& p : points) specs.push_back(spec.at(p));
    for (const auto& sp : specs) Preflight::check(data, sp, o.pilot.seeds.front());
    rep.rows.resize(points.size());
    std::vector<PilotData> pilots(points.size());
    std::mutex mutex;
    std::exception_ptr error;
    int next = 0, done = 0;
    auto worker = [&] {
        for (;;) {
            int i;
            {
                std::lock_guard<std::mutex> lock(mutex);
                if (error || next >= static_cast<int>(points.size())) return;
                i = next++;
            }
            try {
                pilots[i] = PilotRun::run(specs[i], o.pilot, ctx, data, runs);
                auto row =
                    judge(Predictors::measure(pilots[i], o.replicates, 0, o.skipPid), o.rule);
                const auto& p = pilots[i];
                if (!p.diverged.empty() || !p.learnedNothing.empty()) {
                    // A verdict on untrained networks would be a wrong number, not advice.
                    row.verdict = Verdict::Inconclusive;
                    row.reason = std::to_string(p.learnedNothing.size()) +
                                 " pilot training(s) "
                                 "learned nothing and " +
                                 std::to_string(p.diverged.size()) +
                                 " diverged (give the pilot more of the epochs: --epochs); " +
                                 row.reason;
                }
                row.point = points[i];
                for (std::size_t a = 0; a < points[i].size(); ++a)
                    row.label +=
                        (a ? ", " : "") + SettingLabel::assignment(rep.axes[a], points[i][a]);
                std::lock_guard<std::mutex> lock(mutex);
                rep.rows[i] = std::move(row);
                ++done;
                if (cb.onPoint) cb.onPoint(done, static_cast<int>(points.size()));
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!error) error = std::current_exception();
                return;
            }
        }
    };
    const int threads = std::max(
        1, std::min<int>(
               static_cast<int>(points.size()),
               o.threads > 0 ? o.threads : std::max(1u, std::thread::hardware_concurrency())));
    // Parallel points, not parallel operators (as Experiment does); the process's setting is
    // put back afterwards, so that what runs next (a workbench experiment) is unchanged.
    const int torchThreads = torch::get_num_threads();
    if (threads > 1) torch::set_num_threads(1);
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (threads > 1) torch::set_num_threads(torchThreads);
    if (error) std::rethrow_exception(error);
    for (const auto& p : pilots) {
        rep.pilotEpochRows += p.epochRows, rep.trainings += p.trainings;
        rep.teacherInput = p.teacherInput, rep.studentInput = p.studentInput;
        rep.rowsPerSeed = p.rows;
    }
    if (o.measureCost) rep.experimentEpochRows = PilotRun::experimentEpochRows(spec);
    rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return rep;
}

}  // namespace mfh
