#include "core/advisor/PilotRun.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/base/Error.h"
#include "core/base/NumpyRandom.h"
#include "core/base/SeededUniform.h"
#include "core/experiments/Experiment.h"
#include "core/experiments/Trial.h"
#include "core/experiments/TrialContext.h"
#include "core/info/Ksg.h"
#include "core/training/LinearTrainer.h"

namespace mfh {

namespace {

Samples toSamples(const torch::Tensor& t) {
    const auto d = t.to(torch::kFloat64).contiguous();
    Samples s(static_cast<int>(d.size(0)), static_cast<int>(d.size(1)));
    std::copy(d.data_ptr<double>(), d.data_ptr<double>() + d.numel(), s.v.begin());
    return s;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& m : v) s += (s.empty() ? "" : "+") + m;
    return s;
}

TrainConfig shortened(TrainConfig c, double fraction) {
    c.epochs = std::max(1, static_cast<int>(std::lround(c.epochs * fraction)));
    return c;
}

// The pilot's share of a training, in optimisation steps: `fraction` of the steps the role
// takes on its whole split (rows), spent on the fold it trains on (fitRows), at most the role's
// epochs. Full-batch training takes a step per epoch, so this is `fraction` of the epochs; with
// mini-batches a fold of fewer rows gets more epochs for the same steps (a CNN needs its steps,
// not its epochs, to learn anything).
TrainConfig pilotTraining(TrainConfig c, double fraction, int64_t rows, int64_t fitRows) {
    if (c.batchSize <= 0) return shortened(c, fraction);
    auto batches = [&](int64_t n) {
        return std::max<int64_t>(1, (n + c.batchSize - 1) / c.batchSize);
    };
    const double steps = fraction * c.epochs * double(batches(rows));
    c.epochs = static_cast<int>(
        std::clamp<double>(std::lround(steps / double(batches(fitRows))), 1.0, 10.0 * c.epochs));
    return c;
}

// A linear network for the Venn terms when the pilot's own network is not a linear kernel.
LinearModel vennNetwork(const torch::Tensor& x, const std::vector<int64_t>& y, int C,
                        double fraction, uint64_t seed, const std::atomic<bool>* cancel) {
    auto f = LinearModel::init(C, static_cast<int>(x.size(1)), seed);
    TrainerCallbacks cb;
    cb.cancel = cancel;
    LinearTrainer::train(f, TrainData{x, y, {}, C, nullptr}, {},
                         shortened(VennEstimateConfig{}.train, fraction), cb, seed);
    return f;
}

}  // namespace

void PilotOptions::check() const {
    if (seeds.empty() || seeds.size() > 100) throw InputError("the pilot needs 1 to 100 seeds");
    if (folds < 1 || folds > 10) throw InputError("the pilot's folds must be in [1, 10]");
    if (!(epochFraction > 0 && epochFraction <= 1))
        throw InputError("the pilot's epoch fraction must be in (0, 1]");
    const int least = folds == 1 ? 5 * int(PilotRun::kMinRows) : int(PilotRun::kMinRows);
    if (maxRows < least || maxRows > Ksg::kMaxSamples)
        throw InputError("the pilot's row limit must be in [" + std::to_string(least) + ", " +
                         std::to_string(Ksg::kMaxSamples) + "] (KSG's neighbourhoods are " +
                         "computed by brute force)");
}

PilotData PilotRun::run(const ExperimentSpec& spIn, const PilotOptions& o, const EngineContext& ctx,
                        DataLoader& data, RunTrainer& runs) {
    o.check();
    if (spIn.stream)
        throw InputError(
            "the advisor trains its pilot from memory; this experiment streams its "
            "dataset (\"stream\": true)");
    if (spIn.teacher.split != spIn.student.split)
        throw InputError(
            "the advisor needs the teacher and the student on the same split (the "
            "teacher trains on '" +
            spIn.teacher.split + "', the student on '" + spIn.student.split + "')");
    if (!spIn.teacher.run.empty())
        throw InputError(
            "the advisor trains its own pilot teachers: a teacher from a run file "
            "was trained on the rows the pilot holds out");
    ExperimentSpec sp = spIn;
    sp.student.train.kd = {};
    PilotData out;
    TrialOutput health;  // the pilot's runs, to learn which diverged or learned nothing
    out.teacherInput = joined(sp.teacher.modalities);
    out.studentInput = sp.student.modalities.at(0);
    for (const uint32_t seed : o.seeds) {
        ctx.throwIfCancelled();
        const auto loaded = data.load(sp, seed);
        {
            const int64_t full = static_cast<int64_t>(loaded->ds.split(sp.teacher.split).size());
            const int64_t used = std::min<int64_t>(full, o.maxRows);
            const int64_t fit =
                o.folds == 1 ? used - (used + 4) / 5 : used * (o.folds - 1) / o.folds;
            sp.teacher.train = pilotTraining(spIn.teacher.train, o.epochFraction, full, fit);
            sp.student.train = pilotTraining(spIn.student.train, o.epochFraction, full, fit);
            sp.student.train.kd = {};
        }
        const TrialContext t{sp, seed, *loaded, {}};
        const TrainingJob teacher = Trial::teacherJob(t), student = Trial::baselineJob(t);
        const int C = teacher.classes;
        if (C > kMaxClasses)
            throw InputError(
                "the advisor's label probe fits a multinomial model by Newton's method "
                "and takes at most " +
                std::to_string(kMaxClasses) + " classes; the dataset has " + std::to_string(C));
        const int64_t n = teacher.x.size(0);
        SeededUniform draw(deriveSeed(seed, "pilot-folds"));
        auto rows = draw.permutation(n);
        if (static_cast<int64_t>(rows.size()) > o.maxRows) rows.resize(o.maxRows);
        const int64_t m = static_cast<int64_t>(rows.size());
        // One fold: a single split, every fifth row held out; more: each row held out once.
        const int64_t need =
            o.folds == 1 ? 5 * kMinRows : std::max<int64_t>(kMinRows, 10 * o.folds);
        if (m < need)
            throw InputError("too few samples for the advisor's estimators: split '" +
                             sp.teacher.split + "' has " + std::to_string(n) + " rows (it needs " +
                             std::to_string(need) + (o.folds == 1 ? " with one fold" : "") + ")");
        out.rows = m;
        auto isHeld = [&](int64_t i, int f) {
            return o.folds == 1 ? i % 5 == 0 : i % o.folds == f;
        };
        const int64_t heldTotal = o.folds == 1 ? (m + 4) / 5 : m;
        PilotSeed ps;
        ps.seed = seed, ps.classes = C;
        ps.teacher = Samples(static_cast<int>(heldTotal), C);
        ps.student = Samples(static_cast<int>(heldTotal), C);
        ps.y.assign(heldTotal, 0);
        int filled = 0;
        for (int f = 0; f < o.folds; ++f) {
            std::vector<int64_t> fit, held;
            for (int64_t i = 0; i < m; ++i) (isHeld(i, f) ? held : fit).push_back(rows[i]);
            const auto fitIdx = torch::tensor(fit, torch::kInt64),
                       heldIdx = torch::tensor(held, torch::kInt64);
            std::vector<int64_t> yFit, yHeld;
            for (auto r : fit) yFit.push_back(teacher.y[r]);
            for (auto r : held) yHeld.push_back(teacher.y[r]);
            auto onFold = [&](const TrainingJob& base, const char* role) {
                TrainingJob j = base;
                j.x = base.x.index_select(0, fitIdx).contiguous();
                // The validation split stays (best-validation selection needs it); the test
                // split is the experiment's business, not the pilot's.
                j.y = yFit, j.evals.clear();
                for (const auto& e : base.evals)
                    if (e.name == "val") j.evals.push_back(e);
                j.initSeed = deriveSeed(base.initSeed, role) + 0x9e3779b97f4a7c15ULL * (f + 1);
                j.inputs["pilot"] = {{"fold", f}, {"folds", o.folds}, {"rows", m}};
                return j;
            };
            const TrainingJob jt = onFold(teacher, "pilot-teacher"),
                              js = onFold(student, "pilot-student");
            const auto nt =
                sp.teacher.run.empty() ? runs.train(jt) : runs.loadTeacher(sp.teacher.run, teacher);
            const auto ns = runs.train(js);
            health.runIds.push_back(nt->runId), health.runIds.push_back(ns->runId);
            out.trainings += (sp.teacher.run.empty() ? 1 : 0) + 1;
            out.epochRows +=
                double(fit.size()) *
                ((sp.teacher.run.empty() ? sp.teacher.train.epochs : 0) + sp.student.train.epochs);
            const auto xtH = teacher.x.index_select(0, heldIdx).contiguous();
            const auto xsH = student.x.index_select(0, heldIdx).contiguous();
            const auto lt = nt->logits(xtH).to(torch::kCPU), ls = ns->logits(xsH).to(torch::kCPU);
            const auto st = toSamples(lt), ss = toSamples(ls);
            for (std::size_t i = 0; i < held.size(); ++i) {
                for (int c = 0; c < C; ++c)
                    ps.teacher.at(filled, c) = st.at(static_cast<int>(i), c),
                                          ps.student.at(filled, c) = ss.at(static_cast<int>(i), c);
                ps.y[filled++] = static_cast<int>(yHeld[i]);
            }
            // The Venn terms, from linear networks on the two inputs.
            // The pilot's own network when it is a linear kernel; otherwise an extra linear one,
            // its (cheap) epochs counted in the pilot's cost.
            auto linearOf = [&](const Trained& t, const TrainingJob& j) {
                if (t.linear) return *t.linear;
                const TrainConfig cfg = shortened(VennEstimateConfig{}.train, o.epochFraction);
                out.epochRows += double(fit.size()) * cfg.epochs, ++out.trainings;
                return vennNetwork(j.x, yFit, C, o.epochFraction, j.initSeed ^ 1,
                                   ctx.callbacks.cancel);
            };
            const LinearModel fa = linearOf(*nt, jt), fb = linearOf(*ns, js);
            ctx.throwIfCancelled();
            ps.vennA.push_back(VennEstimator::shareRows(fa, xtH, fb.logits(xsH), yHeld, C));
            ps.vennB.push_back(VennEstimator::shareRows(fb, xsH, fa.logits(xtH), yHeld, C));
        }
        out.seeds.push_back(std::move(ps));
    }
    runs.flag(health);
    out.diverged = health.diverged, out.learnedNothing = health.learnedNothing;
    return out;
}

double PilotRun::experimentEpochRows(const ExperimentSpec& spec) {
    const auto keys = Experiment::sharingKeys(spec);
    const auto points = spec.gridPoints();
    DataLoader data;
    std::set<uint64_t> seen;
    double total = 0;
    std::size_t trial = 0;
    for (const auto& p : points) {
        const auto sp = spec.at(p);
        const auto loaded = data.load(sp, spec.seeds.front());
        const double nT = double(loaded->ds.split(sp.teacher.split).size());
        const double nS = double(loaded->ds.split(sp.student.split).size());
        const double cost[3] = {sp.teacher.run.empty() ? nT * sp.teacher.train.epochs : 0.0,
                                nS * sp.student.train.epochs, nS * sp.student.train.epochs};
        for (std::size_t s = 0; s < spec.seeds.size(); ++s, ++trial)
            for (int r = 0; r < 3; ++r)
                if (seen.insert(keys.at(trial).at(r) * 3 + r).second) total += cost[r];
    }
    return total;
}

}  // namespace mfh
