#include "core/Report.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace mfh {

using nlohmann::json;

namespace {

double mean(const GridRow& row, const std::string& k) {
    auto it = row.summary.find(k);
    return it == row.summary.end() ? NAN : it->second.mean;
}
double stdev(const GridRow& row, const std::string& k) {
    auto it = row.summary.find(k);
    return it == row.summary.end() ? NAN : it->second.std;
}
json num(double v) {
    return std::isnan(v) ? json(nullptr) : json(std::round(v * 1e4) / 1e4);
}
json opt(const std::optional<double>& v) {
    return v ? num(*v) : json(nullptr);
}

json axisValue(const ExperimentResult& r, const GridRow& row, const std::string& param) {
    for (std::size_t i = 0; i < r.axes.size(); ++i)
        if (r.axes[i] == param && i < row.point.size()) return row.point[i];
    return nullptr;
}

std::string fmt(const char* f, double v) {
    if (std::isnan(v)) return "-";
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}

std::string pointLabel(const ExperimentResult& r, const GridRow& row) {
    std::string s;
    for (std::size_t i = 0; i < r.axes.size(); ++i) {
        const auto& v = row.point[i];
        s += (s.empty() ? "" : " ") + r.axes[i] + "=" +
             (v.is_string() ? v.get<std::string>() : v.dump());
    }
    return s.empty() ? "(single point)" : s;
}

}  // namespace

json Report::json(const ExperimentResult& r) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& row : r.rows) {
        nlohmann::json o;
        if (r.report == "table2") {
            auto mode = axisValue(r, row, "intervention.mode");
            o["mode"] = mode;
            o["gamma"] = opt(row.gamma);
            for (const char* k :
                 {"teacher_acc", "mg_teacher_acc", "nokd_acc", "kd_acc", "mg_kd_acc"})
                o[k] = num(mean(row, k));
            for (const char* k : {"teacher_delta", "student_delta"}) {
                o[std::string(k) + "_mean"] = num(mean(row, k));
                o[std::string(k) + "_std"] = num(stdev(row, k));
            }
            o["tag_acc"] = num(mean(row, "tag_acc"));
            for (const char* k : {"oracle_student_acc", "oracle_mg_student_acc"})
                if (row.summary.count(k)) o[k] = num(mean(row, k));
            if (row.summary.count("alg1_identification"))
                o["alg1_identification"] = num(mean(row, "alg1_identification"));
        } else {
            if (r.report == "grid")
                for (std::size_t i = 0; i < r.axes.size(); ++i) o[r.axes[i]] = row.point[i];
            o["gamma"] = opt(row.gamma);
            o["alpha"] = opt(row.alpha);
            o["beta"] = opt(row.beta);
            for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc"}) o[k] = num(mean(row, k));
            o["delta_mean"] = num(mean(row, "delta"));
            o["delta_std"] = num(stdev(row, "delta"));
            if (row.summary.count("oracle_student_acc"))
                o["oracle_student_acc"] = num(mean(row, "oracle_student_acc"));
            if (auto it = row.summary.find("delta"); it != row.summary.end())
                o["delta_ci95"] = {num(it->second.ciLow), num(it->second.ciHigh)};
            if (r.report == "grid")
                for (const auto& kv : row.summary) {
                    if (o.contains(kv.first) || kv.first == "delta") continue;
                    o[kv.first] = num(kv.second.mean);
                    o[kv.first + "_std"] = num(kv.second.std);
                }
        }
        o["seeds"] = row.summary.empty() ? 0 : row.summary.begin()->second.n;
        rows.push_back(o);
    }
    return {{"experiment", r.name}, {"status", r.status}, {"rows", rows}};
}

std::string Report::table(const ExperimentResult& r) {
    std::ostringstream o;
    const int seeds = static_cast<int>(r.seeds.size());
    o << r.name << " (" << seeds << " seed" << (seeds == 1 ? "" : "s")
      << ", accuracies in %, Δ mean ± std" << (r.status == "complete" ? "" : ", " + r.status)
      << ")\n";
    char line[512];
    if (r.report == "table2") {
        std::snprintf(line, sizeof line, "%-7s %6s %9s %9s %8s %8s %8s %15s %15s %7s\n", "mode",
                      "gamma", "teacher", "MG-teach", "no-KD", "Reg-KD", "MG-KD", "teacher Δ",
                      "student Δ", "tag");
        o << line;
        for (const auto& row : r.rows) {
            auto mode = axisValue(r, row, "intervention.mode");
            std::snprintf(line, sizeof line,
                          "%-7s %6s %9s %9s %8s %8s %8s %7s ± %-5s %7s ± %-5s %7s\n",
                          mode.is_string() ? mode.get<std::string>().c_str() : "-",
                          fmt("%.3f", row.gamma.value_or(NAN)).c_str(),
                          fmt("%.2f", mean(row, "teacher_acc")).c_str(),
                          fmt("%.2f", mean(row, "mg_teacher_acc")).c_str(),
                          fmt("%.2f", mean(row, "nokd_acc")).c_str(),
                          fmt("%.2f", mean(row, "kd_acc")).c_str(),
                          fmt("%.2f", mean(row, "mg_kd_acc")).c_str(),
                          fmt("%+.2f", mean(row, "teacher_delta")).c_str(),
                          fmt("%.2f", stdev(row, "teacher_delta")).c_str(),
                          fmt("%+.2f", mean(row, "student_delta")).c_str(),
                          fmt("%.2f", stdev(row, "student_delta")).c_str(),
                          fmt("%.1f", mean(row, "tag_acc")).c_str());
            o << line;
        }
    } else {
        const bool grid = r.report == "grid";
        std::snprintf(line, sizeof line, "%s%6s %6s %6s %9s %8s %8s %15s\n", grid ? "point  " : "",
                      "gamma", "alpha", "beta", "teacher", "no-KD", "KD", "Δ (KD - no-KD)");
        o << line;
        for (const auto& row : r.rows) {
            if (grid) o << pointLabel(r, row) << "\n       ";
            std::snprintf(line, sizeof line, "%6s %6s %6s %9s %8s %8s %7s ± %-5s %8s\n",
                          fmt("%.3f", row.gamma.value_or(NAN)).c_str(),
                          fmt("%.3f", row.alpha.value_or(NAN)).c_str(),
                          fmt("%.3f", row.beta.value_or(NAN)).c_str(),
                          fmt("%.2f", mean(row, "teacher_acc")).c_str(),
                          fmt("%.2f", mean(row, "nokd_acc")).c_str(),
                          fmt("%.2f", mean(row, "kd_acc")).c_str(),
                          fmt("%+.2f", mean(row, "delta")).c_str(),
                          fmt("%.2f", stdev(row, "delta")).c_str(),
                          fmt("%.2f", mean(row, "oracle_student_acc")).c_str());
            o << line;
            if (grid)
                for (const char* k : {"mg_teacher_acc", "mg_kd_acc", "student_delta",
                                      "removal_teacher_acc", "removal_kd_acc", "removal_delta"})
                    if (row.summary.count(k))
                        o << "       " << k << " = " << fmt("%.2f", mean(row, k)) << " ± "
                          << fmt("%.2f", stdev(row, k)) << "\n";
        }
    }
    o << r.runsTrained << " trainings, " << r.runsReused << " reused (identical configuration), "
      << fmt("%.2f", r.seconds) << " s\n";
    return o.str();
}

std::string Report::csv(const ExperimentResult& r) {
    std::set<std::string> metrics;
    for (const auto& row : r.rows)
        for (const auto& kv : row.summary) metrics.insert(kv.first);
    std::ostringstream o;
    for (const auto& a : r.axes) o << a << ",";
    o << "gamma,alpha,beta,seeds";
    for (const auto& m : metrics)
        o << "," << m << "_mean," << m << "_std," << m << "_ci_low," << m << "_ci_high";
    o << "\n";
    o.precision(10);
    for (const auto& row : r.rows) {
        for (const auto& v : row.point)
            o << (v.is_string() ? v.get<std::string>() : v.dump()) << ",";
        auto put = [&](const std::optional<double>& v) {
            if (v) o << *v;
        };
        put(row.gamma), o << ",", put(row.alpha), o << ",", put(row.beta);
        o << "," << (row.summary.empty() ? 0 : row.summary.begin()->second.n);
        for (const auto& m : metrics) {
            auto it = row.summary.find(m);
            if (it == row.summary.end()) {
                o << ",,,,";
                continue;
            }
            o << "," << it->second.mean << "," << it->second.std << "," << it->second.ciLow << ","
              << it->second.ciHigh;
        }
        o << "\n";
    }
    return o.str();
}

}  // namespace mfh
