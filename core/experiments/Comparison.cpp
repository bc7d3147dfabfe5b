#include "core/experiments/Comparison.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "core/base/Error.h"
#include "core/experiments/ReportHelpers.h"

namespace mfh {

using nlohmann::json;

namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// `s` cut at every `sep` outside double quotes, brackets and braces (JSON values may hold it).
std::vector<std::string> splitTopLevel(const std::string& s, char sep) {
    std::vector<std::string> parts(1);
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (quoted && c == '\\' && i + 1 < s.size()) {
            parts.back() += c;
            parts.back() += s[++i];
            continue;
        }
        if (c == '"') quoted = !quoted;
        if (!quoted && (c == '[' || c == '{')) ++depth;
        if (!quoted && (c == ']' || c == '}')) --depth;
        if (!quoted && depth == 0 && c == sep)
            parts.emplace_back();
        else
            parts.back() += c;
    }
    return parts;
}

std::string rowName(std::size_t i) {
    return "#" + std::to_string(i + 1);
}

std::string listed(const std::vector<std::string>& v) {
    return v.empty() ? "(none)" : joinChoices(v);
}

// The metric a layout's table is about: the student that distillation trained.
std::string mainMetric(ReportLayout layout) {
    if (layout == ReportLayout::Table2) return "mg_kd_acc";
    if (layout == ReportLayout::Removal) return "removal_kd_acc";
    return "kd_acc";
}

// An axis and, for axes whose values are objects, the path inside the value.
struct AxisRef {
    std::size_t axis = 0;
    std::vector<std::string> inside;
};

AxisRef resolveAxis(const ExperimentResult& r, const std::string& key) {
    for (std::size_t i = 0; i < r.axes.size(); ++i)
        if (r.axes[i] == key) return {i, {}};
    for (std::size_t i = 0; i < r.axes.size(); ++i) {  // a path inside an axis' object values
        const auto& a = r.axes[i];
        if (key.size() > a.size() && key.compare(0, a.size(), a) == 0 && key[a.size()] == '.') {
            AxisRef ref{i, {}};
            for (const auto& p : splitTopLevel(key.substr(a.size() + 1), '.'))
                ref.inside.push_back(p);
            return ref;
        }
    }
    std::vector<std::size_t> hits;  // a unique trailing part: "mode", "generator.xs2"
    for (std::size_t i = 0; i < r.axes.size(); ++i) {
        const auto& a = r.axes[i];
        if (a.size() > key.size() && a.compare(a.size() - key.size(), key.size(), key) == 0 &&
            a[a.size() - key.size() - 1] == '.')
            hits.push_back(i);
    }
    if (hits.size() == 1) return {hits[0], {}};
    std::vector<std::string> names;
    for (auto i : hits) names.push_back(r.axes[i]);
    if (hits.size() > 1)
        throw InputError("'" + key + "' names several sweep axes: " + listed(names) +
                         "; write the full path");
    throw InputError("'" + key + "' is not a sweep axis of " + r.name +
                     "; its axes: " + listed(r.axes));
}

json valueAt(const GridRow& row, const AxisRef& ref) {
    if (ref.axis >= row.point.size()) return nullptr;
    json v = row.point[ref.axis];
    for (const auto& k : ref.inside) {
        if (!v.is_object() || !v.contains(k)) return nullptr;
        v = v[k];
    }
    return v;
}

// Whether the text of a selector's value names `actual`: as JSON, as a bare string, or a+b for
// a list of strings.
bool sameValue(const json& actual, const std::string& text) {
    json want = text;
    try {
        want = json::parse(text);
    } catch (const json::exception&) {
    }
    if (actual == want) return true;
    if (actual.is_array() && want.is_string()) {
        json list = json::array();
        for (const auto& p : splitTopLevel(want.get<std::string>(), '+')) list.push_back(trim(p));
        return actual == list;
    }
    return false;
}

std::size_t selectRow(const ExperimentResult& r, const std::string& selector) {
    const auto n = r.rows.size();
    if (selector.empty()) {
        if (n == 1) return 0;
        throw InputError("an empty selector names the only row, but " + r.name + " has " +
                         std::to_string(n) + " rows; name one as #N or axis=value");
    }
    if (selector[0] == '#') {
        std::size_t used = 0;
        long k = 0;
        try {
            k = std::stol(selector.substr(1), &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used + 1 != selector.size() || k < 1 || k > static_cast<long>(n))
            throw InputError("'" + selector + "': rows are #1 to #" + std::to_string(n));
        return static_cast<std::size_t>(k - 1);
    }
    std::vector<std::pair<AxisRef, std::string>> conditions;
    for (const auto& part : splitTopLevel(selector, ',')) {
        const auto cut = splitTopLevel(part, '=');
        if (cut.size() < 2 || trim(cut[0]).empty())
            throw InputError("'" + trim(part) + "' in selector '" + selector +
                             "' is not axis=value");
        conditions.push_back({resolveAxis(r, trim(cut[0])), trim(part.substr(cut[0].size() + 1))});
    }
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < n; ++i)
        if (std::all_of(conditions.begin(), conditions.end(), [&](const auto& c) {
                return sameValue(valueAt(r.rows[i], c.first), c.second);
            }))
            hits.push_back(i);
    if (hits.size() == 1) return hits[0];
    if (hits.empty()) {
        for (const auto& [ref, text] : conditions) {  // the condition no row meets, if one
            std::vector<std::string> values;
            bool any = false;
            for (const auto& row : r.rows) {
                const auto v = report::text(valueAt(row, ref));
                if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
                any = any || sameValue(valueAt(row, ref), text);
            }
            if (!any)
                throw InputError("selector '" + selector + "': no row has " + r.axes[ref.axis] +
                                 " = " + text + "; its values: " + listed(values));
        }
        throw InputError("selector '" + selector + "' matches no row (no row has all of it)");
    }
    std::vector<std::string> rows, apart;  // the matches, and the axes that tell them apart
    for (auto i : hits) rows.push_back(rowName(i));
    for (std::size_t k = 0; k < r.axes.size(); ++k)
        for (auto i : hits)
            if (k < r.rows[i].point.size() && r.rows[i].point[k] != r.rows[hits[0]].point[k]) {
                apart.push_back(r.axes[k]);
                break;
            }
    throw InputError("selector '" + selector + "' matches rows " + listed(rows) +
                     "; add one of: " + listed(apart));
}

bool looksLikeSelector(const std::string& s) {
    return !s.empty() && (s[0] == '#' || s.find('=') != std::string::npos);
}

// A side's selector and metric, as written (metric empty when it names none).
std::pair<std::string, std::string> splitSide(const std::string& side) {
    const auto parts = splitTopLevel(side, '@');
    if (parts.size() == 1) {
        const auto s = trim(parts[0]);
        return looksLikeSelector(s) || s.empty() ? std::pair{s, std::string()}
                                                 : std::pair{std::string(), s};
    }
    if (parts.size() == 2) {
        const auto l = trim(parts[0]), rr = trim(parts[1]);
        const bool ls = looksLikeSelector(l), rs = looksLikeSelector(rr);
        if (ls && !rs) return {l, rr};
        if (rs && !ls) return {rr, l};
        if (!ls && !rs && (l.empty() || rr.empty())) return {"", l.empty() ? rr : l};
    }
    throw InputError("'" + side + "' is not METRIC@SELECTOR (a selector is #N or axis=value)");
}

void checkMetric(const ExperimentResult& r, std::size_t row, const std::string& metric) {
    const auto& per = r.rows[row].perSeed;
    if (per.count(metric)) return;
    std::vector<std::string> known;
    for (const auto& kv : per) known.push_back(kv.first);
    throw InputError("metric '" + metric + "' is not in row " + rowName(row) + " (" +
                     report::pointLabel(r, r.rows[row]) + "); its metrics: " + listed(known));
}

// The seed of each value of `metric` in row `i` (GridRow::seedsRun's contract).
std::vector<uint32_t> seedsOf(const ExperimentResult& r, std::size_t i, const std::string& metric) {
    const auto& row = r.rows[i];
    const std::size_t count = row.perSeed.at(metric).size();
    if (row.seedsRun.empty()) {
        if (count > r.seeds.size())
            throw InputError("row " + rowName(i) + " has " + std::to_string(count) + " values of " +
                             metric + " for " + std::to_string(r.seeds.size()) + " seeds");
        return {r.seeds.begin(), r.seeds.begin() + static_cast<std::ptrdiff_t>(count)};
    }
    if (row.seedsRun.size() != count)
        throw InputError("row " + rowName(i) + " has " + std::to_string(count) + " values of " +
                         metric + " but " + std::to_string(row.seedsRun.size()) +
                         " seeds run; they cannot be paired");
    return row.seedsRun;
}

std::string seedList(const std::vector<uint32_t>& s) {
    std::string o;
    for (auto x : s) o += (o.empty() ? "" : ", ") + std::to_string(x);
    return o.empty() ? "none" : o;
}

std::string number(const char* f, double v) {
    if (std::isnan(v)) return "undefined";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    char buf[48];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string methodText(WilcoxonMethod m) {
    if (m == WilcoxonMethod::Exact) return "exact";
    if (m == WilcoxonMethod::ExactTies) return "exact, mid-ranks";
    if (m == WilcoxonMethod::Normal) return "normal approximation";
    return "none";
}

std::string sideLabel(const ComparisonSide& s) {
    return s.selector.empty() ? rowName(s.row) : s.selector;
}

}  // namespace

ComparisonRequest Comparison::parse(const ExperimentResult& r, const std::string& a,
                                    const std::string& b, const std::string& metric) {
    if (r.rows.empty()) throw InputError(r.name + " has no rows to compare");
    const auto [selA, metricA] = splitSide(a);
    const auto [selB, metricB] = splitSide(b);
    const std::string fallback = metric.empty() ? mainMetric(r.report) : metric;
    ComparisonRequest q;
    q.a = {selA, selectRow(r, selA),
           metricA.empty() ? (metricB.empty() ? fallback : metricB) : metricA};
    q.b = {selB, selectRow(r, selB),
           metricB.empty() ? (metricA.empty() ? fallback : metricA) : metricB};
    checkMetric(r, q.a.row, q.a.metric);
    checkMetric(r, q.b.row, q.b.metric);
    if (q.a.row == q.b.row && q.a.metric == q.b.metric)
        throw InputError("A and B are the same values (row " + rowName(q.a.row) + ", " +
                         q.a.metric + ")");
    return q;
}

Comparison Comparison::compute(const ExperimentResult& r, const ComparisonRequest& q) {
    Comparison c;
    c.a = q.a, c.b = q.b;
    if (q.a.row >= r.rows.size() || q.b.row >= r.rows.size())
        throw InputError("a comparison names a row the experiment does not have");
    checkMetric(r, q.a.row, q.a.metric);
    checkMetric(r, q.b.row, q.b.metric);
    c.pointA = report::pointLabel(r, r.rows[q.a.row]);
    c.pointB = report::pointLabel(r, r.rows[q.b.row]);
    const auto seedsA = seedsOf(r, q.a.row, q.a.metric), seedsB = seedsOf(r, q.b.row, q.b.metric);
    const auto& va = r.rows[q.a.row].perSeed.at(q.a.metric);
    const auto& vb = r.rows[q.b.row].perSeed.at(q.b.metric);
    std::map<uint32_t, double> byB;
    for (std::size_t i = 0; i < seedsB.size(); ++i) byB.emplace(seedsB[i], vb[i]);
    std::set<uint32_t> used;
    for (std::size_t i = 0; i < seedsA.size(); ++i) {
        auto it = byB.find(seedsA[i]);
        if (it == byB.end()) c.unpaired.push_back(seedsA[i]);
        if (it == byB.end() || !used.insert(seedsA[i]).second) continue;
        if (!std::isfinite(va[i]) || !std::isfinite(it->second))
            throw InputError("seed " + std::to_string(seedsA[i]) + ": " +
                             (std::isfinite(va[i]) ? "B's " + q.b.metric : "A's " + q.a.metric) +
                             " is not a number; the comparison cannot use it");
        c.seeds.push_back(seedsA[i]);
        c.valuesA.push_back(va[i]);
        c.valuesB.push_back(it->second);
        c.differences.push_back(va[i] - it->second);
    }
    const std::set<uint32_t> inA(seedsA.begin(), seedsA.end());
    for (auto seed : seedsB)
        if (!inA.count(seed)) c.unpaired.push_back(seed);
    if (c.seeds.size() < 2)
        throw InputError("A (" + sideLabel(q.a) + ", seeds " + seedList(seedsA) + ") and B (" +
                         sideLabel(q.b) + ", seeds " + seedList(seedsB) + ") have " +
                         std::to_string(c.seeds.size()) +
                         " seeds in common; a paired comparison needs 2");
    c.test = PairedTest::compare(c.valuesA, c.valuesB);
    return c;
}

Comparison Comparison::of(const ExperimentResult& r, const std::string& a, const std::string& b,
                          const std::string& metric) {
    return compute(r, parse(r, a, b, metric));
}

std::string Comparison::text() const {
    const auto& t = test;
    std::string s = a.metric == b.metric ? a.metric + ": " + sideLabel(a) + " − " + sideLabel(b)
                                         : sideLabel(a) + " (" + a.metric + ") − " + sideLabel(b) +
                                               " (" + b.metric + ")";
    s += ", paired over " + std::to_string(t.n) + " seeds: mean " + number("%+.2f", t.mean) +
         ", std " + number("%.2f", t.populationStd) + ", 95 % CI [" + number("%+.2f", t.ciLow) +
         ", " + number("%+.2f", t.ciHigh) + "]" + (t.ciExcludesZero() ? " *" : "") + ", t(" +
         std::to_string(t.dof) + ") = " + number("%.3g", t.t) + ", p = " + number("%.3g", t.p) +
         "; Wilcoxon W+ = " + number("%g", t.wilcoxon.wPlus) +
         ", p = " + number("%.3g", t.wilcoxon.p) + " (" + methodText(t.wilcoxon.method) + ")\n";
    s += "  A = " + rowName(a.row) + " " + pointA + "; B = " + rowName(b.row) + " " + pointB + "\n";
    if (!unpaired.empty())
        s += "  left out, not run on both sides: seed" +
             std::string(unpaired.size() > 1 ? "s " : " ") + seedList(unpaired) + "\n";
    if (t.zeroSpread) s += "  every difference is the same: the t-test is degenerate (no spread)\n";
    if (t.wilcoxon.zeros > 0)
        s += "  Wilcoxon ranks the " + std::to_string(t.wilcoxon.n) + " nonzero differences (" +
             std::to_string(t.wilcoxon.zeros) + " zero, dropped)\n";
    if (t.ciExcludesZero()) s += "  * the 95 % CI of the mean difference excludes 0\n";
    return s;
}

json Comparison::json() const {
    auto side = [](const ComparisonSide& s, const std::string& point,
                   const std::vector<double>& values) {
        nlohmann::json v = nlohmann::json::array();
        for (double x : values) v.push_back(report::num(x));
        return nlohmann::json{{"selector", s.selector},
                              {"row", s.row + 1},
                              {"point", point},
                              {"metric", s.metric},
                              {"values", v}};
    };
    auto raw = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); };
    nlohmann::json d = nlohmann::json::array();
    for (double x : differences) d.push_back(report::num(x));
    const auto& t = test;
    return {{"a", side(a, pointA, valuesA)},
            {"b", side(b, pointB, valuesB)},
            {"seeds", seeds},
            {"unpaired_seeds", unpaired},
            {"differences", d},
            {"n", t.n},
            {"mean", report::num(t.mean)},
            {"std", report::num(t.populationStd)},
            {"std_sample", report::num(t.sampleStd)},
            {"ci95", {report::num(t.ciLow), report::num(t.ciHigh)}},
            {"significant", t.ciExcludesZero()},
            {"t_test",
             {{"t", raw(t.t)}, {"dof", t.dof}, {"p", raw(t.p)}, {"zero_spread", t.zeroSpread}}},
            {"wilcoxon",
             {{"w_plus", raw(t.wilcoxon.wPlus)},
              {"p", raw(t.wilcoxon.p)},
              {"method", nameOf(t.wilcoxon.method)},
              {"n", t.wilcoxon.n},
              {"zeros", t.wilcoxon.zeros},
              {"ties", t.wilcoxon.ties}}}};
}

}  // namespace mfh
