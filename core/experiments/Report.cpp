#include "core/experiments/Report.h"

#include <algorithm>
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

std::string text(const json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
}

std::vector<std::string> names(const json& mods) {
    std::vector<std::string> out;
    if (mods.is_string()) out.push_back(mods.get<std::string>());
    if (mods.is_array())
        for (const auto& m : mods)
            if (m.is_string()) out.push_back(m.get<std::string>());
    return out;
}

// The teacher's modalities of a row: from a sweep over "teacher" or "teacher.modalities", else
// the experiment's own.
std::vector<std::string> teacherMods(const ExperimentResult& r, const GridRow& row) {
    json mods = axisValue(r, row, "teacher.modalities");
    if (mods.is_null()) {
        const json t = axisValue(r, row, "teacher");
        if (t.is_object()) mods = t.value("modalities", json());
    }
    return mods.is_null() ? r.teacherModalities : names(mods);
}

std::string studentMod(const ExperimentResult& r, const GridRow& row) {
    json m = axisValue(r, row, "student.modality");
    if (m.is_null()) {
        const json s = axisValue(r, row, "student");
        if (s.is_object()) m = s.value("modality", json());
    }
    const auto v = names(m);
    return v.empty() ? r.studentModality : v.front();
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& m : v) s += (s.empty() ? "" : "+") + m;
    return s;
}

// What the teacher sees relative to the student: the student's modality alone (unimodal KD),
// the student's and others (a multimodal teacher), or none of the student's (crossmodal).
std::string teacherKind(const std::vector<std::string>& teacher, const std::string& student) {
    if (teacher.empty() || student.empty()) return "";
    const bool sees = std::find(teacher.begin(), teacher.end(), student) != teacher.end();
    if (!sees) return "crossmodal";
    return teacher.size() == 1 ? "unimodal" : "multimodal";
}

// The setting's name as in the paper's Table 1: UM-KD when teacher and student share the
// modality, CM-KD otherwise (the paper's multimodal teacher is CM-KD too).
std::string settingName(const std::string& kind) {
    if (kind == "unimodal") return "UM-KD";
    if (kind == "multimodal") return "CM-KD (multimodal teacher)";
    if (kind == "crossmodal") return "CM-KD (crossmodal)";
    return "KD";
}

// Sweep axes a layout does not show in its own columns: they get columns of their own, so that
// rows differing only there can be told apart.
std::vector<std::size_t> otherAxes(const ExperimentResult& r) {
    std::set<std::string> shown;
    if (r.report == "table1") shown = {"teacher", "teacher.modalities"};
    if (r.report == "removal" || r.report == "table2") shown = {"intervention.mode"};
    // The paper's synthetic layouts sweep the generator: its knobs are what the γ (α, β)
    // columns show.
    const bool generatorShown = r.report == "fig2" || r.report == "fig3" || r.report == "table2";
    std::vector<std::size_t> out;
    for (std::size_t i = 0; i < r.axes.size(); ++i)
        if (!shown.count(r.axes[i]) &&
            !(generatorShown && r.axes[i].rfind("dataset.generator.", 0) == 0))
            out.push_back(i);
    return out;
}

// What a reader must know before trusting a row: missing seeds and failed trainings.
std::string note(const ExperimentResult& r, const GridRow& row) {
    std::string s;
    auto add = [&](const std::string& t) { s += (s.empty() ? "" : "; ") + t; };
    const int n = row.seedsDone(), want = static_cast<int>(r.seeds.size());
    if (n < want) add("partial: " + std::to_string(n) + "/" + std::to_string(want) + " seeds");
    if (!row.diverged.empty()) add(std::to_string(row.diverged.size()) + " diverged");
    if (!row.learnedNothing.empty())
        add(std::to_string(row.learnedNothing.size()) + " learned nothing");
    return s;
}

std::string pointLabel(const ExperimentResult& r, const GridRow& row) {
    std::string s;
    for (std::size_t i = 0; i < r.axes.size(); ++i)
        s += (s.empty() ? "" : " ") + r.axes[i] + "=" + text(row.point[i]);
    return s.empty() ? "(single point)" : s;
}

}  // namespace

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
        auto gain = [&](const std::string& k) {  // a difference: _mean and _std, as fig2's delta
            o[k + "_mean"] = num(mean(row, k));
            o[k + "_std"] = num(stdev(row, k));
        };
        if (r.report == "table1") {
            const auto tm = teacherMods(r, row);
            o["teacher"] = joined(tm);
            o["teacher_kind"] = teacherKind(tm, studentMod(r, row));
            o["student"] = studentMod(r, row);
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
            if (auto it = row.summary.find("delta"); it != row.summary.end())
                o["delta_ci95"] = {num(it->second.ciLow), num(it->second.ciHigh)};
            if (r.report == "grid")
                for (const auto& kv : row.summary) {
                    if (o.contains(kv.first) || kv.first == "delta") continue;
                    both(kv.first);
                }
        }
        o["seeds"] = row.seedsDone();
        o["partial"] = row.seedsDone() < static_cast<int>(r.seeds.size());
        o["diverged"] = row.diverged;
        o["learned_nothing"] = row.learnedNothing;
        rows.push_back(o);
    }
    return {{"experiment", r.name}, {"status", r.status}, {"rows", rows}};
}

namespace {

// The paper-layout table as cells: a header row and one row per grid point. Headers use Greek
// letters for documents (`greek`) or ASCII names for terminals. Sweep axes the layout does not
// show get leading columns; a "note" column names partial rows and failed trainings.
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
    const auto extra = r.report == "grid" ? std::vector<std::size_t>{} : otherAxes(r);
    auto lead = [&](const GridRow* row, std::vector<std::string> cols) {
        std::vector<std::string> out;
        for (auto i : extra) out.push_back(row ? text(row->point[i]) : r.axes[i]);
        out.insert(out.end(), cols.begin(), cols.end());
        return out;
    };
    std::vector<std::string> notes;  // per body row, aligned with t[1..]
    if (r.report == "table1" && !r.rows.empty()) {
        // The paper's Table 1: the student without KD, then one row per teacher, named by what
        // the teacher sees relative to the student. With other sweep axes, a no-KD row opens
        // each of their combinations.
        t.push_back(lead(
            nullptr, {"setting", "teacher", "student", "teacher acc", "student acc", "Δ student"}));
        std::set<std::string> opened;
        for (const auto& row : r.rows) {
            std::string key;
            for (auto i : extra) key += row.point[i].dump() + "\x1f";
            if (opened.insert(key).second) {
                t.push_back(
                    lead(&row, {"no KD", "-", studentMod(r, row), "-", acc(row, "nokd_acc"), "-"}));
                notes.push_back(note(r, row));
            }
            const auto tm = teacherMods(r, row);
            t.push_back(
                lead(&row, {settingName(teacherKind(tm, studentMod(r, row))),
                            tm.empty() ? pointLabel(r, row) : joined(tm), studentMod(r, row),
                            acc(row, "teacher_acc"), acc(row, "kd_acc"), pm(row, "delta")}));
            notes.push_back(note(r, row));
        }
    } else if (r.report == "removal") {
        t.push_back(lead(nullptr, {"mode", "teacher acc", "after removal", "no-KD", "KD",
                                   "removal KD", "Δ vs no-KD", "Δ vs KD"}));
        for (const auto& row : r.rows) {
            auto mode = axisValue(r, row, "intervention.mode");
            t.push_back(lead(
                &row,
                {mode.is_string() ? mode.get<std::string>() : "-", acc(row, "teacher_acc"),
                 acc(row, "removal_teacher_acc"), acc(row, "nokd_acc"), acc(row, "kd_acc"),
                 acc(row, "removal_kd_acc"), pm(row, "removal_delta"), pm(row, "removal_vs_kd")}));
            notes.push_back(note(r, row));
        }
    } else if (r.report == "table2") {
        t.push_back(lead(nullptr, {"mode", g, "teacher", "MG teacher", "no-KD", "Reg-KD", "MG-KD",
                                   "teacher Δ", "student Δ", "tag"}));
        for (const auto& row : r.rows) {
            auto mode = axisValue(r, row, "intervention.mode");
            t.push_back(lead(
                &row, {mode.is_string() ? mode.get<std::string>() : "-",
                       fmt("%.3f", row.gamma.value_or(NAN)), fmt("%.2f", mean(row, "teacher_acc")),
                       fmt("%.2f", mean(row, "mg_teacher_acc")), fmt("%.2f", mean(row, "nokd_acc")),
                       fmt("%.2f", mean(row, "kd_acc")), fmt("%.2f", mean(row, "mg_kd_acc")),
                       pm(row, "teacher_delta"), pm(row, "student_delta"),
                       fmt("%.1f", mean(row, "tag_acc"))}));
            notes.push_back(note(r, row));
        }
    } else {
        std::vector<std::string> head;
        if (r.report == "grid") head.push_back("point");
        for (const std::string& h :
             {g, a, b, std::string("teacher"), std::string("no-KD"), std::string("KD"),
              std::string("Δ (KD − no-KD)"), std::string("oracle")})
            head.push_back(h);
        t.push_back(lead(nullptr, head));
        for (const auto& row : r.rows) {
            std::vector<std::string> line;
            if (r.report == "grid") line.push_back(pointLabel(r, row));
            for (auto v : {row.gamma, row.alpha, row.beta})
                line.push_back(fmt("%.3f", v.value_or(NAN)));
            for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc"})
                line.push_back(fmt("%.2f", mean(row, k)));
            line.push_back(pm(row, "delta"));
            line.push_back(fmt("%.2f", mean(row, "oracle_student_acc")));
            t.push_back(lead(&row, line));
            notes.push_back(note(r, row));
        }
    }
    if (std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return !n.empty(); })) {
        t[0].push_back("note");
        for (std::size_t i = 0; i < notes.size(); ++i) t[i + 1].push_back(notes[i]);
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

}  // namespace mfh
