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

namespace {

// The paper-layout table as cells: a header row and one row per grid point. Headers use Greek
// letters for documents (`greek`) or ASCII names for terminals. Sweep axes the layout does not
// show get leading columns; a "note" column names partial rows and failed trainings. A gain
// whose 95% CI excludes 0 carries kSignificantMark, and `marked` says whether one does.
std::vector<std::vector<std::string>> cells(const ExperimentResult& r, bool greek, bool& marked) {
    const std::string g = greek ? "γ" : "gamma", a = greek ? "α" : "alpha",
                      b = greek ? "β" : "beta";
    std::vector<std::vector<std::string>> t;
    marked = false;
    auto pm = [&marked](const GridRow& row, const char* k) {  // a gain
        const bool mark = significant(row, k);
        marked = marked || mark;
        return fmt("%+.2f", mean(row, k)) + " ± " + fmt("%.2f", stdev(row, k)) +
               (mark ? kSignificantMark : "");
    };
    auto acc = [](const GridRow& row, const char* k) {
        return fmt("%.2f", mean(row, k)) + " ± " + fmt("%.2f", stdev(row, k));
    };
    const auto extra = r.report == ReportLayout::Grid ? std::vector<std::size_t>{} : otherAxes(r);
    auto lead = [&](const GridRow* row, std::vector<std::string> cols) {
        std::vector<std::string> out;
        for (auto i : extra) out.push_back(row ? text(row->point[i]) : r.axes[i]);
        out.insert(out.end(), cols.begin(), cols.end());
        return out;
    };
    std::vector<std::string> notes;  // per body row, aligned with t[1..]
    if (r.report == ReportLayout::Table1 && !r.rows.empty()) {
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
    } else if (r.report == ReportLayout::Removal) {
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
    } else if (r.report == ReportLayout::Table2) {
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
        if (r.report == ReportLayout::Grid) head.push_back("point");
        for (const std::string& h :
             {g, a, b, std::string("teacher"), std::string("no-KD"), std::string("KD"),
              std::string("Δ (KD − no-KD)"), std::string("oracle")})
            head.push_back(h);
        t.push_back(lead(nullptr, head));
        for (const auto& row : r.rows) {
            std::vector<std::string> line;
            if (r.report == ReportLayout::Grid) line.push_back(pointLabel(r, row));
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
        else if (c == '*' && (i + 1 == s.size() || s[i + 1] == ' '))  // the significance mark
            o += "$^{*}$";
        else if (c == '_' || c == '%' || c == '&' || c == '#')
            o += std::string("\\") + c;
        else
            o += c;
    }
    return o;
}

// The significance mark escaped, so that Markdown neither emphasises nor lists it.
std::string markdownEscape(const std::string& s) {
    std::string o;
    for (char c : s) o += c == '*' ? std::string("\\*") : std::string(1, c);
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
      << ", accuracies in %, Δ mean ± std"
      << (r.status == RunStatus::Complete ? "" : std::string(", ") + nameOf(r.status)) << ")\n";
    bool marked = false;
    const auto t = cells(r, false, marked);
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
    if (r.report == ReportLayout::Grid)  // intervention metrics do not fit the paper's columns
        for (const auto& row : r.rows)
            for (const char* k : {"mg_teacher_acc", "mg_kd_acc", "student_delta",
                                  "removal_teacher_acc", "removal_kd_acc", "removal_delta"})
                if (row.summary.count(k)) {
                    const bool mark = isGain(k) && significant(row, k);
                    marked = marked || mark;
                    o << pointLabel(r, row) << ": " << k << " = " << fmt("%.2f", mean(row, k))
                      << " ± " << fmt("%.2f", stdev(row, k)) << (mark ? kSignificantMark : "")
                      << "\n";
                }
    if (marked) o << kSignificantNote << "\n";
    o << r.runsTrained << " trainings, " << r.runsReused << " reused (identical configuration), ";
    if (r.runsResumed > 0 || r.trialsResumed > 0)
        o << r.runsResumed << " and " << r.trialsResumed << " trials taken from the folder, ";
    o << fmt("%.2f", r.seconds) << " s\n";
    return o.str();
}

std::string Report::markdown(const ExperimentResult& r) {
    bool marked = false;
    const auto t = cells(r, true, marked);
    std::ostringstream o;
    for (std::size_t i = 0; i < t.size(); ++i) {
        o << "|";
        for (const auto& c : t[i]) o << " " << markdownEscape(c) << " |";
        o << "\n";
        if (i == 0) {
            o << "|";
            for (std::size_t k = 0; k < t[0].size(); ++k) o << (k == 0 ? "---|" : "---:|");
            o << "\n";
        }
    }
    if (marked) o << "\n" << markdownEscape(kSignificantNote) << "\n";
    return o.str();
}

std::string Report::latex(const ExperimentResult& r) {
    bool marked = false;
    const auto t = cells(r, true, marked);
    std::ostringstream o;
    o << "% " << r.name << ": " << r.seeds.size() << " seeds, accuracies in %, mean over seeds\n";
    o << "\\begin{tabular}{l" << std::string(t[0].size() - 1, 'r') << "}\n\\toprule\n";
    for (std::size_t i = 0; i < t.size(); ++i) {
        for (std::size_t k = 0; k < t[i].size(); ++k) o << (k ? " & " : "") << latexEscape(t[i][k]);
        o << " \\\\\n";
        if (i == 0) o << "\\midrule\n";
    }
    o << "\\bottomrule\n";
    if (marked)  // the note under the rule, across every column
        o << "\\multicolumn{" << t[0].size() << "}{l}{\\footnotesize "
          << latexEscape(kSignificantNote) << "} \\\\\n";
    o << "\\end{tabular}\n";
    return o.str();
}

}  // namespace mfh
