#include "core/advisor/Predictors.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>

#include "core/info/Discretiser.h"
#include "core/info/GaussianMi.h"
#include "core/info/Ksg.h"
#include "core/info/LabelProbe.h"
#include "core/info/Pid.h"

namespace mfh {

namespace {

// PID's resamples each solve an alternating descent (most of the advisor's time): its interval
// takes at most 50 of them.
constexpr int kPidReplicates = 50;

// A diverged network's non-finite logits, as 0: its verdict is inconclusive anyway (Advisor),
// and NaN must not reach the estimators or the bootstrap's sort.
Samples finite(Samples s) {
    for (auto& v : s.v)
        if (!std::isfinite(v)) v = 0;
    return s;
}

// Logits centred over the classes, the last class dropped: C − 1 free coordinates.
Samples representation(const Samples& logits) {
    Samples h(logits.n, std::max(1, logits.d - 1));
    for (int i = 0; i < logits.n; ++i) {
        double mean = 0;
        for (int c = 0; c < logits.d; ++c) mean += logits.at(i, c) / logits.d;
        for (int c = 0; c < h.d; ++c) h.at(i, c) = logits.at(i, c) - mean;
    }
    return h;
}

std::vector<double> softmax(const double* z, int n) {
    std::vector<double> p(z, z + n);
    const double top = *std::max_element(p.begin(), p.end());
    double s = 0;
    for (auto& v : p) s += (v = std::exp(v - top));
    for (auto& v : p) v /= s;
    return p;
}

// The distribution a network's logits give over the non-target classes of row i (with two
// classes: over [target, other]).
std::vector<double> nonTarget(const Samples& logits, int i, int y) {
    const auto p = softmax(logits.row(i), logits.d);
    if (logits.d == 2) return {p[y], 1 - p[y]};
    std::vector<double> q;
    double rest = 0;
    for (int c = 0; c < logits.d; ++c)
        if (c != y) q.push_back(p[c]), rest += p[c];
    for (auto& v : q) v = rest > 0 ? v / rest : 1.0 / q.size();
    return q;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0 : s / v.size();
}

PredictorValue fromTerms(Predictor kind, const std::vector<std::vector<double>>& terms, int reps,
                         uint64_t seed) {
    PredictorValue p;
    p.kind = kind, p.direction = Predictors::direction(kind);
    p.value = Bootstrap::ofMeans(terms, reps, seed);
    for (const auto& t : terms) p.perSeed.push_back(mean(t));
    return p;
}

}  // namespace

const PredictorValue& PilotMeasures::operator[](Predictor p) const {
    for (const auto& v : predictors)
        if (v.kind == p) return v;
    throw std::logic_error("a predictor that was not measured");
}

int Predictors::direction(Predictor p) {
    return p == Predictor::NonTargetDivergence ? -1 : 1;
}

const char* Predictors::describe(Predictor p) {
    switch (p) {
        case Predictor::Gamma:
            return "Venn estimate's gamma (MFH)";
        case Predictor::CchGaussian:
            return "I(Ht;Hs) - I(Hs;Y), Gaussian (CCH)";
        case Predictor::CchKsg:
            return "I(Ht;Hs) - I(Hs;Y), KSG (CCH)";
        case Predictor::NonTargetDivergence:
            return "non-target JS divergence (NTDH)";
        case Predictor::RankAgreement:
            return "rank agreement, Kendall tau > 0 (C2KD)";
        case Predictor::PidRedundancy:
            return "PID redundancy of Ht, Hs about Y";
        case Predictor::TeacherAccuracy:
            return "teacher accuracy % (null)";
    }
    return "";
}

double Predictors::kendallTau(const double* a, const double* b, int n) {
    double concordant = 0, discordant = 0, tiesA = 0, tiesB = 0;
    for (int i = 0; i < n; ++i)
        for (int j = i + 1; j < n; ++j) {
            const double da = a[i] - a[j], db = b[i] - b[j];
            if (da == 0 && db == 0) continue;
            if (da == 0) {
                ++tiesA;
                continue;
            }
            if (db == 0) {
                ++tiesB;
                continue;
            }
            (da * db > 0 ? concordant : discordant) += 1;
        }
    const double n0 = concordant + discordant;
    const double denom = std::sqrt((n0 + tiesA) * (n0 + tiesB));
    return denom > 0 ? (concordant - discordant) / denom : 0.0;
}

double Predictors::jensenShannon(const std::vector<double>& p, const std::vector<double>& q) {
    double js = 0;
    for (std::size_t c = 0; c < p.size(); ++c) {
        const double m = 0.5 * (p[c] + q[c]);
        if (p[c] > 0) js += 0.5 * p[c] * std::log(p[c] / m);
        if (q[c] > 0) js += 0.5 * q[c] * std::log(q[c] / m);
    }
    return std::max(0.0, js);
}

PilotMeasures Predictors::measure(const PilotData& given, int reps, uint64_t seed, bool skipPid) {
    PilotData pilot = given;
    for (auto& p : pilot.seeds) p.teacher = finite(p.teacher), p.student = finite(p.student);
    if (pilot.seeds.empty()) throw std::invalid_argument("Predictors: a pilot without seeds");
    const std::size_t S = pilot.seeds.size();
    std::vector<Samples> ht(S), hs(S);
    std::vector<std::vector<double>> probe(S), ksg(S), ntd(S), rank(S), tAcc(S), sAcc(S);
    std::vector<Clusters> ct(S), cs(S);
    for (std::size_t s = 0; s < S; ++s) {
        const auto& p = pilot.seeds[s];
        ht[s] = representation(p.teacher), hs[s] = representation(p.student);
        const int n = p.teacher.n, C = p.classes;
        probe[s] = LabelProbe::pointwise(hs[s], p.y, C, LabelProbe::kFolds, p.seed);
        ksg[s] = Ksg::pointwise(ht[s], hs[s], Ksg::kNeighbours, p.seed);
        for (int i = 0; i < n; ++i) {
            ntd[s].push_back(
                jensenShannon(nonTarget(p.teacher, i, p.y[i]), nonTarget(p.student, i, p.y[i])));
            rank[s].push_back(kendallTau(p.teacher.row(i), p.student.row(i), C) > 0 ? 1.0 : 0.0);
            auto argmax = [&](const Samples& l) {
                return int(std::max_element(l.row(i), l.row(i) + C) - l.row(i));
            };
            tAcc[s].push_back(argmax(p.teacher) == p.y[i] ? 100.0 : 0.0);
            sAcc[s].push_back(argmax(p.student) == p.y[i] ? 100.0 : 0.0);
        }
        ct[s] = Discretiser::cluster(ht[s], 0, p.seed);
        cs[s] = Discretiser::cluster(hs[s], 0, p.seed + 1);
    }
    std::vector<int> sizes;
    for (const auto& p : pilot.seeds) sizes.push_back(p.teacher.n);
    PilotMeasures out;
    auto add = [&](Predictor kind, const Bootstrap::Statistic& stat, int replicates) {
        PredictorValue v;
        v.kind = kind, v.direction = direction(kind);
        v.value = Bootstrap::hierarchical(sizes, stat, replicates, seed + static_cast<int>(kind));
        for (std::size_t s = 0; s < S; ++s) {
            std::vector<int> all(sizes[s]);
            for (int i = 0; i < sizes[s]; ++i) all[i] = i;
            v.perSeed.push_back(stat(static_cast<int>(s), all));
        }
        out.predictors.push_back(std::move(v));
    };
    auto meanOf = [](const std::vector<double>& t, const std::vector<int>& rows) {
        double sum = 0;
        for (int r : rows) sum += t[r];
        return rows.empty() ? 0 : sum / rows.size();
    };
    // γ̂: the Venn terms of the resampled rows, fold by fold.
    add(
        Predictor::Gamma,
        [&](int s, const std::vector<int>& rows) {
            const auto& p = pilot.seeds[s];
            std::vector<std::vector<int64_t>> byFold(p.vennA.size());
            std::vector<int64_t> start;
            int64_t offset = 0;
            for (const auto& f : p.vennA) start.push_back(offset), offset += f.u.size(0);
            for (int r : rows) {
                const auto f = std::upper_bound(start.begin(), start.end(), r) - start.begin() - 1;
                byFold[f].push_back(r - start[f]);
            }
            VennEstimator::ShareTerms ta, tb;
            for (std::size_t f = 0; f < byFold.size(); ++f) {
                if (byFold[f].empty()) continue;
                const auto idx = torch::tensor(byFold[f], torch::kInt64);
                VennEstimator::add(ta, p.vennA[f], idx);
                VennEstimator::add(tb, p.vennB[f], idx);
            }
            if (ta.u.empty() || tb.u.empty()) return 0.0;
            return VennEstimator::gammaOf(1 - VennEstimator::generalShare(ta),
                                          1 - VennEstimator::generalShare(tb));
        },
        reps);
    add(
        Predictor::CchGaussian,
        [&](int s, const std::vector<int>& rows) {
            return GaussianMi::estimate(ht[s].select(rows), hs[s].select(rows)) -
                   meanOf(probe[s], rows);
        },
        reps);
    add(
        Predictor::CchKsg,
        [&](int s, const std::vector<int>& rows) {
            return meanOf(ksg[s], rows) - meanOf(probe[s], rows);
        },
        reps);
    out.predictors.push_back(fromTerms(Predictor::NonTargetDivergence, ntd, reps, seed + 3));
    out.predictors.push_back(fromTerms(Predictor::RankAgreement, rank, reps, seed + 4));
    if (skipPid) {
        PredictorValue v;
        v.kind = Predictor::PidRedundancy, v.direction = direction(v.kind);
        v.value = {NAN, NAN, NAN};
        out.predictors.push_back(v);
    } else {
        // PID: each resample starts from the full sample's solution.
        std::vector<std::vector<double>> mixture(S);
        for (std::size_t s = 0; s < S; ++s) {
            std::vector<int> y(pilot.seeds[s].y);
            Pid::decompose(ct[s].label, ct[s].k, cs[s].label, cs[s].k, y, pilot.seeds[s].classes,
                           &mixture[s]);
        }
        add(
            Predictor::PidRedundancy,
            [&](int s, const std::vector<int>& rows) {
                std::vector<int> a, b, y;
                for (int r : rows)
                    a.push_back(ct[s].label[r]), b.push_back(cs[s].label[r]),
                        y.push_back(pilot.seeds[s].y[r]);
                auto warm = mixture[s];
                return Pid::decompose(a, ct[s].k, b, cs[s].k, y, pilot.seeds[s].classes, &warm)
                    .redundancy;
            },
            std::min(reps, kPidReplicates));
    }
    out.predictors.push_back(fromTerms(Predictor::TeacherAccuracy, tAcc, reps, seed + 6));
    out.teacherAccuracy = out.predictors.back().value;
    out.studentAccuracy = Bootstrap::ofMeans(sAcc, reps, seed + 7);
    return out;
}

}  // namespace mfh
