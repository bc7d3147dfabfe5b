#include "core/advisor/AdvisorValidation.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "core/advisor/AdvisorText.h"
#include "core/base/Error.h"
#include "core/base/SeededUniform.h"
#include "core/base/Statistics.h"
#include "core/experiments/Experiment.h"

namespace mfh {

namespace {

struct Layout {
    int g, a, b;
};

ValidationCase makeCase(Layout l, int n, int noise, bool ones, const std::string& model,
                        uint32_t firstSeed) {
    const nlohmann::json net = model == "mlp" ? nlohmann::json{{"type", "mlp"}, {"hidden", {32}}}
                                              : nlohmann::json{{"type", "linear"}};
    const nlohmann::json train = {{"optimizer", "sgd"}, {"lr", 0.1}, {"epochs", 1000}};
    char name[96];
    std::snprintf(name, sizeof name, "G%d A%d B%d n%d noise%d %s %s", l.g, l.a, l.b, n, noise,
                  ones ? "ones" : "normal", model.c_str());
    nlohmann::json gen = {{"shared", l.g},     {"specific_a", l.a},
                          {"specific_b", l.b}, {"noise_a", noise},
                          {"noise_b", noise},  {"n_train", n},
                          {"n_test", 1000},    {"hyperplane", ones ? "ones" : "normal"}};
    return {name,
            {{"name", name},
             {"dataset", {{"generator", gen}}},
             {"seeds", {{"first", firstSeed}, {"count", 10}}},
             {"teacher", {{"modalities", {"a"}}, {"model", net}, {"train", train}}},
             {"student", {{"modality", "b"}, {"model", net}, {"train", train}}},
             {"kd", {{"w_gt", 1}, {"w_kd", 1}, {"temperature", 1}, {"reduction", "mean"}}}}};
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0 : s / v.size();
}

}  // namespace

const std::vector<std::string>& AdvisorValidation::sweeps() {
    static const std::vector<std::string> s{"development", "validation"};
    return s;
}

std::vector<ValidationCase> AdvisorValidation::sweep(const std::string& name) {
    std::vector<ValidationCase> out;
    if (name == "development") {
        // 80 linear configurations, generator seeds 1000–1009, noise 20 or 10/40, δ normal.
        for (int g : {0, 4, 8, 14})
            for (int a : {4, 12})
                for (int b : {4, 12})
                    for (int n : {100, 400})
                        out.push_back(makeCase({g, a, b}, n, 20, false, "linear", 1000));
        for (int g : {6, 12, 20})
            for (int a : {0, 3})
                for (int b : {0, 3})
                    for (int n : {50, 200})
                        for (int noise : {10, 40})
                            out.push_back(makeCase({g, a, b}, n, noise, false, "linear", 1000));
        return out;
    }
    if (name == "validation") {
        // 40 configurations, generator seeds 5000–5009: ten layouts, from nothing shared to
        // everything, in three linear families (n 80 and 300 with 25 noise columns, δ normal;
        // n 150 with 50 noise columns, δ = 1) and one MLP family (32 hidden units, n 200).
        const std::vector<Layout> layouts = {{0, 6, 6},  {2, 8, 2},  {5, 5, 10},   {10, 0, 0},
                                             {10, 0, 6}, {10, 6, 0}, {10, 10, 10}, {16, 2, 2},
                                             {24, 0, 0}, {8, 16, 0}};
        for (const auto& l : layouts) out.push_back(makeCase(l, 80, 25, false, "linear", 5000));
        for (const auto& l : layouts) out.push_back(makeCase(l, 300, 25, false, "linear", 5000));
        for (const auto& l : layouts) out.push_back(makeCase(l, 150, 50, true, "linear", 5000));
        for (const auto& l : layouts) out.push_back(makeCase(l, 200, 25, false, "mlp", 5000));
        return out;
    }
    throw InputError("unknown advisor sweep '" + name + "' (development, validation)");
}

double AdvisorValidation::auroc(const std::vector<double>& pos, const std::vector<double>& neg) {
    if (pos.empty() || neg.empty()) return NAN;
    double s = 0;
    for (double p : pos)
        for (double q : neg) s += p > q ? 1.0 : (p == q ? 0.5 : 0.0);
    return s / (double(pos.size()) * double(neg.size()));
}

void AdvisorValidation::score(ValidationResult& r) {
    r.scores.clear();
    r.clear = r.helps = r.hurts = r.right = r.inconclusive = r.wrong = 0;
    std::vector<double> gains, predicted;
    for (const auto& row : r.rows) {
        gains.push_back(row.gain.mean), predicted.push_back(row.advice.predictedGain.estimate);
        const int c = row.clear();
        if (c == 0) continue;
        ++r.clear, (c > 0 ? r.helps : r.hurts)++;
        const Verdict want = c > 0 ? Verdict::Distil : Verdict::Dont;
        if (row.advice.verdict == want)
            ++r.right;
        else if (row.advice.verdict == Verdict::Inconclusive)
            ++r.inconclusive;
        else
            ++r.wrong;
    }
    r.predictedGainSpearman = Statistics::spearman(predicted, gains);
    if (r.rows.empty()) return;
    for (const auto& pv : r.rows.front().advice.measures.predictors) {
        PredictorScore s;
        s.predictor = pv.kind;
        std::vector<double> score, pos, neg;
        for (const auto& row : r.rows) {
            const auto& v = row.advice.measures[pv.kind];
            score.push_back(v.direction * v.value.estimate);
            if (row.clear() > 0) pos.push_back(score.back());
            if (row.clear() < 0) neg.push_back(score.back());
        }
        s.spearman = Statistics::spearman(score, gains);
        s.auroc = auroc(pos, neg);
        // 95 % interval over configurations, 1000 resamples.
        SeededUniform draw(0x73706561ULL + static_cast<int>(pv.kind));
        std::vector<double> reps;
        const std::size_t n = score.size();
        for (int b = 0; b < 1000; ++b) {
            std::vector<double> a(n), g(n);
            for (std::size_t i = 0; i < n; ++i) {
                const auto k = std::min(n - 1, static_cast<std::size_t>(draw.next() * n));
                a[i] = score[k], g[i] = gains[k];
            }
            reps.push_back(Statistics::spearman(a, g));
        }
        std::sort(reps.begin(), reps.end());
        s.spearmanLow = reps[25], s.spearmanHigh = reps[974];
        r.scores.push_back(s);
    }
}

ValidationResult AdvisorValidation::run(const std::string& sweepName, int seeds,
                                        const AdvisorOptions& options,
                                        const std::atomic<bool>* cancel,
                                        const std::function<void(int, int)>& onCase) {
    const auto t0 = std::chrono::steady_clock::now();
    if (seeds < 2 || seeds > 100) throw InputError("the validation needs 2 to 100 seeds");
    const auto cases = sweep(sweepName);
    ValidationResult r;
    r.sweep = sweepName, r.seeds = seeds, r.rule = options.rule;
    for (const auto& c : cases) {
        if (cancel && cancel->load()) throw Cancelled{};
        auto j = c.spec;
        j["seeds"]["count"] = seeds;
        const auto spec = ExperimentSpec::fromJson(j);
        ExperimentCallbacks ecb;
        ecb.cancel = cancel;
        const auto res = Experiment(spec).run(ecb);
        if (res.status == RunStatus::Cancelled) throw Cancelled{};
        const auto& g = res.rows.at(0);
        ValidationRow row;
        row.config = c;
        row.gain = PairedTest::compare(g.perSeed.at("kd_acc"), g.perSeed.at("nokd_acc"));
        row.teacherAccuracy = mean(g.perSeed.at("teacher_acc"));
        row.studentAccuracy = mean(g.perSeed.at("nokd_acc"));
        AdvisorOptions o = options;
        o.pilot.seeds.clear();
        for (std::size_t i = 0; i < options.pilot.seeds.size(); ++i)
            o.pilot.seeds.push_back(spec.seeds.front() + static_cast<uint32_t>(i));
        AdvisorCallbacks acb;
        acb.cancel = cancel;
        row.advice = Advisor::advise(spec, o, acb).rows.at(0);
        r.rows.push_back(std::move(row));
        if (onCase) onCase(static_cast<int>(r.rows.size()), static_cast<int>(cases.size()));
    }
    score(r);
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

std::string AdvisorValidation::table(const ValidationResult& r) {
    std::ostringstream o;
    char line[256];
    o << "Advisor validation: the " << r.sweep << " sweep, " << r.rows.size()
      << " configurations, gains measured at " << r.seeds << " seeds\n\n";
    std::snprintf(line, sizeof line, "%-40s %8s %17s  %-12s %8s %8s %8s\n", "configuration", "gain",
                  "95% CI", "verdict", "pred.", "gamma", "cch-g");
    o << line;
    for (const auto& row : r.rows) {
        const auto& m = row.advice.measures;
        std::snprintf(line, sizeof line,
                      "%-40s %+8.2f [%+6.2f, %+6.2f]  %-12s %+8.2f %8.3f %+8.3f\n",
                      row.config.name.c_str(), row.gain.mean, row.gain.ciLow, row.gain.ciHigh,
                      nameOf(row.advice.verdict), row.advice.predictedGain.estimate,
                      m[Predictor::Gamma].value.estimate, m[Predictor::CchGaussian].value.estimate);
        o << line;
    }
    o << "\npredictor               Spearman with the gain (95% CI)   AUROC on the clear ones\n";
    for (const auto& s : r.scores) {
        std::snprintf(line, sizeof line, "%-22s  %+6.3f [%+6.3f, %+6.3f]            %s\n",
                      nameOf(s.predictor), s.spearman, s.spearmanLow, s.spearmanHigh,
                      std::isnan(s.auroc) ? "-" : std::to_string(s.auroc).substr(0, 5).c_str());
        o << line;
    }
    std::snprintf(line, sizeof line,
                  "\nclear configurations: %d (%d helped, %d hurt); the advisor was right on %d "
                  "(%.0f%%), inconclusive on %d, confidently wrong on %d (%.0f%%)\n",
                  r.clear, r.helps, r.hurts, r.right, r.clear ? 100.0 * r.right / r.clear : 0.0,
                  r.inconclusive, r.wrong, r.clear ? 100.0 * r.wrong / r.clear : 0.0);
    o << line;
    std::snprintf(line, sizeof line,
                  "predicted gain: Spearman %+.3f with the measured gain; %.0f s\n",
                  r.predictedGainSpearman, r.seconds);
    o << line;
    return o.str();
}

nlohmann::json AdvisorValidation::json(const ValidationResult& r) {
    nlohmann::json rows = nlohmann::json::array(), scores = nlohmann::json::array();
    for (const auto& row : r.rows) {
        nlohmann::json preds = nlohmann::json::object();
        for (const auto& v : row.advice.measures.predictors)
            preds[nameOf(v.kind)] = AdvisorText::intervalJson(v.value);
        rows.push_back(
            {{"configuration", row.config.name},
             {"gain",
              {{"mean", row.gain.mean}, {"ci_low", row.gain.ciLow}, {"ci_high", row.gain.ciHigh}}},
             {"clear", row.clear()},
             {"teacher_acc", row.teacherAccuracy},
             {"nokd_acc", row.studentAccuracy},
             {"verdict", nameOf(row.advice.verdict)},
             {"predicted_gain", AdvisorText::intervalJson(row.advice.predictedGain)},
             {"predictors", preds}});
    }
    for (const auto& s : r.scores)
        scores.push_back(
            {{"predictor", nameOf(s.predictor)},
             {"spearman", s.spearman},
             {"spearman_low", s.spearmanLow},
             {"spearman_high", s.spearmanHigh},
             {"auroc", std::isnan(s.auroc) ? nlohmann::json() : nlohmann::json(s.auroc)}});
    return {{"sweep", r.sweep},
            {"seeds", r.seeds},
            {"rule", r.rule.toJson()},
            {"configurations", rows},
            {"predictors", scores},
            {"verdicts",
             {{"clear", r.clear},
              {"helps", r.helps},
              {"hurts", r.hurts},
              {"right", r.right},
              {"inconclusive", r.inconclusive},
              {"wrong", r.wrong}}},
            {"predicted_gain_spearman", r.predictedGainSpearman},
            {"seconds", r.seconds}};
}

}  // namespace mfh
