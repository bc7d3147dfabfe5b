#include "core/Report.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <vector>

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

// The teacher's modalities of a row ("image+audio"), from a sweep over "teacher" or
// "teacher.modalities"; empty when the teacher is not swept.
std::string teacherOf(const ExperimentResult& r, const GridRow& row) {
    json mods = axisValue(r, row, "teacher.modalities");
    if (mods.is_null()) {
        const json t = axisValue(r, row, "teacher");
        if (t.is_object()) mods = t.value("modalities", json());
    }
    std::string s;
    if (mods.is_array())
        for (const auto& m : mods) s += (s.empty() ? "" : "+") + m.get<std::string>();
    return s;
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
        auto both = [&](const char* k) {  // an accuracy: its mean, and _std
            o[std::string(k)] = num(mean(row, k));
            o[std::string(k) + "_std"] = num(stdev(row, k));
        };
        auto gain = [&](const char* k) {  // a difference: _mean and _std, as fig2's delta
            o[std::string(k) + "_mean"] = num(mean(row, k));
            o[std::string(k) + "_std"] = num(stdev(row, k));
        };
        if (r.report == "table1") {
            o["teacher"] = teacherOf(r, row);
            for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc"}) both(k);
            gain("delta");
        } else if (r.report == "removal") {
            o["mode"] = axisValue(r, row, "intervention.mode");
            for (const char* k :
                 {"teacher_acc", "removal_teacher_acc", "nokd_acc", "kd_acc", "removal_kd_acc"})
                both(k);
            gain("removal_delta");
            gain("removal_vs_kd");
        } else if (r.report == "table2") {
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

namespace {

// The paper-layout table as cells: a header row and one row per grid point. Headers use Greek
// letters for documents (`greek`) or ASCII names for terminals.
std::vector<std::vector<std::string>> cells(const ExperimentResult& r, bool greek) {
    const std::string g = greek ? "γ" : "gamma", a = greek ? "α" : "alpha",
                      b = greek ? "β" : "beta";
    std::vector<std::vector<std::string>> t;
    auto pm = [](const GridRow& row, const char* k) {
        return fmt("%+.2f", mean(row, k)) + " ± " + fmt("%.2f", stdev(row, k));
    };
    auto acc = [](const GridRow& row, const char* k) {
        return fmt("%.2f", mean(row, k)) + " ± " + fmt("%.2f", stdev(row, k));
    };
    if (r.report == "table1" && !r.rows.empty()) {
        // The paper's Table 1: the student without KD, then one row per teacher. A teacher
        // that sees only the student's modality is unimodal KD (UM-KD), else crossmodal.
        t.push_back({"setting", "teacher", "teacher acc", "student acc", "Δ student"});
        t.push_back({"no KD", "-", "-", acc(r.rows[0], "nokd_acc"), "-"});
        for (const auto& row : r.rows) {
            const std::string teacher = teacherOf(r, row);
            const bool um = teacher.find('+') == std::string::npos && !teacher.empty() &&
                            row.summary.count("teacher_acc");
            t.push_back({um ? "UM-KD" : "CM-KD", teacher.empty() ? pointLabel(r, row) : teacher,
                         acc(row, "teacher_acc"), acc(row, "kd_acc"), pm(row, "delta")});
        }
        return t;
    }
    if (r.report == "removal") {
        t.push_back({"mode", "teacher acc", "after removal", "no-KD", "KD", "removal KD",
                     "Δ vs no-KD", "Δ vs KD"});
        for (const auto& row : r.rows) {
            auto mode = axisValue(r, row, "intervention.mode");
            t.push_back({mode.is_string() ? mode.get<std::string>() : "-", acc(row, "teacher_acc"),
                         acc(row, "removal_teacher_acc"), acc(row, "nokd_acc"), acc(row, "kd_acc"),
                         acc(row, "removal_kd_acc"), pm(row, "removal_delta"),
                         pm(row, "removal_vs_kd")});
        }
        return t;
    }
    if (r.report == "table2") {
        t.push_back({"mode", g, "teacher", "MG teacher", "no-KD", "Reg-KD", "MG-KD", "teacher Δ",
                     "student Δ", "tag"});
        for (const auto& row : r.rows) {
            auto mode = axisValue(r, row, "intervention.mode");
            t.push_back({mode.is_string() ? mode.get<std::string>() : "-",
                         fmt("%.3f", row.gamma.value_or(NAN)),
                         fmt("%.2f", mean(row, "teacher_acc")),
                         fmt("%.2f", mean(row, "mg_teacher_acc")),
                         fmt("%.2f", mean(row, "nokd_acc")), fmt("%.2f", mean(row, "kd_acc")),
                         fmt("%.2f", mean(row, "mg_kd_acc")), pm(row, "teacher_delta"),
                         pm(row, "student_delta"), fmt("%.1f", mean(row, "tag_acc"))});
        }
        return t;
    }
    std::vector<std::string> head;
    if (r.report == "grid") head.push_back("point");
    for (const std::string& h :
         {g, a, b, std::string("teacher"), std::string("no-KD"), std::string("KD"),
          std::string("Δ (KD − no-KD)"), std::string("oracle")})
        head.push_back(h);
    t.push_back(head);
    for (const auto& row : r.rows) {
        std::vector<std::string> line;
        if (r.report == "grid") line.push_back(pointLabel(r, row));
        for (auto v : {row.gamma, row.alpha, row.beta})
            line.push_back(fmt("%.3f", v.value_or(NAN)));
        for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc"})
            line.push_back(fmt("%.2f", mean(row, k)));
        line.push_back(pm(row, "delta"));
        line.push_back(fmt("%.2f", mean(row, "oracle_student_acc")));
        t.push_back(line);
    }
    return t;
}

std::string latexEscape(const std::string& s) {
    std::string o;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (s.compare(i, 2, "±") == 0)
            o += "$\\pm$", i += 1;
        else if (s.compare(i, 3, "−") == 0)
            o += "$-$", i += 2;
        else if (s.compare(i, 2, "Δ") == 0)
            o += "$\\Delta$", i += 1;
        else if (s.compare(i, 2, "γ") == 0)
            o += "$\\gamma$", i += 1;
        else if (s.compare(i, 2, "α") == 0)
            o += "$\\alpha$", i += 1;
        else if (s.compare(i, 2, "β") == 0)
            o += "$\\beta$", i += 1;
        else if (c == '_' || c == '%' || c == '&' || c == '#')
            o += std::string("\\") + c;
        else
            o += c;
    }
    return o;
}

// Characters as a terminal shows them (UTF-8 continuation bytes take no column).
std::size_t displayWidth(const std::string& s) {
    std::size_t w = 0;
    for (unsigned char c : s) w += (c & 0xC0) != 0x80;
    return w;
}

}  // namespace

std::string Report::table(const ExperimentResult& r) {
    std::ostringstream o;
    const int seeds = static_cast<int>(r.seeds.size());
    o << r.name << " (" << seeds << " seed" << (seeds == 1 ? "" : "s")
      << ", accuracies in %, Δ mean ± std" << (r.status == "complete" ? "" : ", " + r.status)
      << ")\n";
    const auto t = cells(r, false);
    std::vector<std::size_t> width(t[0].size(), 0);
    for (const auto& line : t)
        for (std::size_t k = 0; k < line.size(); ++k)
            width[k] = std::max(width[k], displayWidth(line[k]));
    for (const auto& line : t) {
        for (std::size_t k = 0; k < line.size(); ++k) {
            const std::string pad(width[k] - displayWidth(line[k]), ' ');
            o << (k ? "  " : "") << (k == 0 ? line[k] + pad : pad + line[k]);  // first column left
        }
        o << "\n";
    }
    if (r.report == "grid")  // intervention metrics do not fit the paper's columns
        for (const auto& row : r.rows)
            for (const char* k : {"mg_teacher_acc", "mg_kd_acc", "student_delta",
                                  "removal_teacher_acc", "removal_kd_acc", "removal_delta"})
                if (row.summary.count(k))
                    o << pointLabel(r, row) << ": " << k << " = " << fmt("%.2f", mean(row, k))
                      << " ± " << fmt("%.2f", stdev(row, k)) << "\n";
    o << r.runsTrained << " trainings, " << r.runsReused << " reused (identical configuration), "
      << fmt("%.2f", r.seconds) << " s\n";
    return o.str();
}

std::string Report::markdown(const ExperimentResult& r) {
    const auto t = cells(r, true);
    std::ostringstream o;
    for (std::size_t i = 0; i < t.size(); ++i) {
        o << "|";
        for (const auto& c : t[i]) o << " " << c << " |";
        o << "\n";
        if (i == 0) {
            o << "|";
            for (std::size_t k = 0; k < t[0].size(); ++k) o << (k == 0 ? "---|" : "---:|");
            o << "\n";
        }
    }
    return o.str();
}

std::string Report::latex(const ExperimentResult& r) {
    const auto t = cells(r, true);
    std::ostringstream o;
    o << "% " << r.name << ": " << r.seeds.size() << " seeds, accuracies in %, mean over seeds\n";
    o << "\\begin{tabular}{l" << std::string(t[0].size() - 1, 'r') << "}\n\\toprule\n";
    for (std::size_t i = 0; i < t.size(); ++i) {
        for (std::size_t k = 0; k < t[i].size(); ++k) o << (k ? " & " : "") << latexEscape(t[i][k]);
        o << " \\\\\n";
        if (i == 0) o << "\\midrule\n";
    }
    o << "\\bottomrule\n\\end{tabular}\n";
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
