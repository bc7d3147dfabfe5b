#include "core/experiments/Report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <vector>

#include "core/experiments/ReportHelpers.h"

namespace mfh {

using nlohmann::json;
using namespace report;

json Report::json(const ExperimentResult& r) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : r.rows) {
        nlohmann::json o;
        // Every sweep axis, under its own name, in every layout.
        for (std::size_t i = 0; i < r.axes.size() && i < row.point.size(); ++i)
            o[r.axes[i]] = row.point[i];
        auto both = [&](const std::string& k) {  // a mean over seeds, and its _std
            o[k] = num(mean(row, k));
            o[k + "_std"] = num(stdev(row, k));
        };
        auto interval = [&](const std::string& k) {  // a gain's CI and whether it excludes 0
            auto it = row.summary.find(k);
            if (it == row.summary.end()) return;
            o[k + "_ci95"] = {num(it->second.ciLow), num(it->second.ciHigh)};
            o[k + "_significant"] = significant(row, k);
        };
        auto gain = [&](const std::string& k) {  // a difference: _mean, _std, _ci95, _significant
            o[k + "_mean"] = num(mean(row, k));
            o[k + "_std"] = num(stdev(row, k));
            interval(k);
        };
        if (r.report == ReportLayout::Table1) {
            const auto tm = teacherMods(r, row);
            o["teacher"] = joined(tm);
            o["teacher_kind"] = teacherKind(tm, studentMod(r, row));
            o["student"] = studentMod(r, row);
            for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc"}) both(k);
            gain("delta");
        } else if (r.report == ReportLayout::Removal) {
            o["mode"] = axisValue(r, row, "intervention.mode");
            for (const char* k :
                 {"teacher_acc", "removal_teacher_acc", "nokd_acc", "kd_acc", "removal_kd_acc"})
                both(k);
            gain("removal_delta");
            gain("removal_vs_kd");
        } else if (r.report == ReportLayout::Table2) {
            o["mode"] = axisValue(r, row, "intervention.mode");
            o["gamma"] = opt(row.gamma);
            for (const char* k :
                 {"teacher_acc", "mg_teacher_acc", "nokd_acc", "kd_acc", "mg_kd_acc", "tag_acc"})
                both(k);
            gain("teacher_delta");
            gain("student_delta");
            for (const char* k :
                 {"oracle_student_acc", "oracle_mg_student_acc", "alg1_identification"})
                if (row.summary.count(k)) both(k);
        } else {
            o["gamma"] = opt(row.gamma);
            o["alpha"] = opt(row.alpha);
            o["beta"] = opt(row.beta);
            for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc"}) both(k);
            gain("delta");
            if (row.summary.count("oracle_student_acc")) both("oracle_student_acc");
            if (r.report == ReportLayout::Grid)
                for (const auto& kv : row.summary) {
                    if (o.contains(kv.first) || kv.first == "delta") continue;
                    both(kv.first);
                    if (isGain(kv.first)) interval(kv.first);
                }
        }
        o["seeds"] = row.seedsDone();
        o["partial"] = row.seedsDone() < static_cast<int>(r.seeds.size());
        o["diverged"] = row.diverged;
        o["learned_nothing"] = row.learnedNothing;
        rows.push_back(o);
    }
    return {{"experiment", r.name}, {"status", nameOf(r.status)}, {"rows", rows}};
}

namespace {
// One CSV field per RFC 4180: quoted when it holds the delimiter, a quote or a line break, with
// quotes doubled, so that every reader (R's read.csv, pandas) sees the header's column count.
std::string csvField(const std::string& s) {
    if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
    std::string o = "\"";
    for (char c : s) o += c == '"' ? std::string("\"\"") : std::string(1, c);
    return o + "\"";
}
std::string csvNumber(double v) {
    if (std::isnan(v)) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", v);
    return buf;
}
}  // namespace

std::string Report::csv(const ExperimentResult& r) {
    std::set<std::string> metrics;
    for (const auto& row : r.rows)
        for (const auto& kv : row.summary) metrics.insert(kv.first);
    std::vector<std::string> head(r.axes.begin(), r.axes.end());
    for (const char* h :
         {"gamma", "alpha", "beta", "seeds", "partial", "diverged_runs", "learned_nothing_runs"})
        head.push_back(h);
    for (const auto& m : metrics)
        for (const char* suffix : {"_mean", "_std", "_ci_low", "_ci_high"})
            head.push_back(m + suffix);
    std::ostringstream o;
    auto line = [&](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) o << (i ? "," : "") << csvField(fields[i]);
        o << "\r\n";
    };
    line(head);
    for (const auto& row : r.rows) {
        std::vector<std::string> f;
        for (const auto& v : row.point) f.push_back(text(v));
        for (const auto& v : {row.gamma, row.alpha, row.beta}) f.push_back(v ? csvNumber(*v) : "");
        f.push_back(std::to_string(row.seedsDone()));
        f.push_back(row.seedsDone() < static_cast<int>(r.seeds.size()) ? "true" : "false");
        f.push_back(std::to_string(row.diverged.size()));
        f.push_back(std::to_string(row.learnedNothing.size()));
        for (const auto& m : metrics) {
            auto it = row.summary.find(m);
            if (it == row.summary.end()) {
                f.insert(f.end(), 4, "");
                continue;
            }
            for (double v : {it->second.mean, it->second.std, it->second.ciLow, it->second.ciHigh})
                f.push_back(csvNumber(v));
        }
        line(f);
    }
    return o.str();
}

std::string Report::layoutCsv(const ExperimentResult& r) {
    const ReportTable t = layout(r, true);
    std::ostringstream o;
    auto line = [&](const std::vector<std::string>& fields) {
        for (std::size_t i = 0; i < fields.size(); ++i) o << (i ? "," : "") << csvField(fields[i]);
        o << "\r\n";
    };
    line(t.keys);
    for (const auto& row : t.rows) {
        std::vector<std::string> f;
        for (const auto& c : row) f.push_back(c.text);
        line(f);
    }
    return o.str();
}

std::string Report::comparisons(const std::vector<Comparison>& c) {
    if (c.empty()) return "";
    std::string s = "paired comparisons (by seed):\n";
    for (const auto& one : c) s += one.text();
    return s;
}

nlohmann::json Report::comparisonsJson(const std::vector<Comparison>& c) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& one : c) a.push_back(one.json());
    return a;
}

}  // namespace mfh
