#include "core/experiments/Report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <vector>

#include "core/base/SettingLabel.h"
#include "core/experiments/ReportHelpers.h"

namespace mfh {

using nlohmann::json;
using namespace report;

namespace {

// A row's grid point in a document: each swept setting as "key = value".
std::string pointWords(const ExperimentResult& r, const GridRow& row) {
    std::string s;
    for (std::size_t i = 0; i < r.axes.size() && i < row.point.size(); ++i)
        s += (s.empty() ? "" : ", ") + SettingLabel::assignment(r.axes[i], row.point[i]);
    return s.empty() ? "(single point)" : s;
}

ReportCell plain(std::string text) {
    ReportCell c;
    c.text = std::move(text);
    return c;
}

}  // namespace

// The paper-layout table: a header and one row per grid point. Sweep axes the layout does not
// show get leading columns; a "note" column names partial rows and failed trainings. A gain
// whose 95% CI excludes 0 carries kSignificantMark, and `marked` says whether one does.
ReportTable Report::layout(const ExperimentResult& r, bool greek) {
    const std::string g = greek ? "γ" : "gamma", a = greek ? "α" : "alpha",
                      b = greek ? "β" : "beta";
    ReportTable t;
    auto pm = [&t](const GridRow& row, const char* k) {  // a gain
        ReportCell c;
        c.gain = true;
        c.significant = significant(row, k);
        t.marked = t.marked || c.significant;
        c.mean = mean(row, k);
        if (auto it = row.summary.find(k); it != row.summary.end())
            c.ciLow = it->second.ciLow, c.ciHigh = it->second.ciHigh;
        c.text = fmt("%+.2f", c.mean) + " ± " + fmt("%.2f", stdev(row, k)) +
                 (c.significant ? kSignificantMark : "");
        return c;
    };
    auto acc = [](const GridRow& row, const char* k) {
        return plain(fmt("%.2f", mean(row, k)) + " ± " + fmt("%.2f", stdev(row, k)));
    };
    auto m2 = [](const GridRow& row, const char* k) { return plain(fmt("%.2f", mean(row, k))); };
    auto label = [&](const GridRow& row) {
        return plain(greek ? pointWords(r, row) : pointLabel(r, row));
    };
    const auto extra = r.report == ReportLayout::Grid ? std::vector<std::size_t>{} : otherAxes(r);
    auto head = [&](const std::vector<std::pair<std::string, std::string>>& cols) {
        for (auto i : extra) {
            t.keys.push_back(r.axes[i]);
            t.header.push_back(greek ? SettingLabel::label(r.axes[i]) : r.axes[i]);
        }
        for (const auto& [key, title] : cols) t.keys.push_back(key), t.header.push_back(title);
    };
    auto line = [&](const GridRow& row, std::vector<ReportCell> cols) {
        std::vector<ReportCell> out;
        for (auto i : extra) out.push_back(plain(text(row.point[i])));
        out.insert(out.end(), cols.begin(), cols.end());
        t.rows.push_back(std::move(out));
    };
    std::vector<std::string> notes;  // per body row
    if (r.report == ReportLayout::Table1 && !r.rows.empty()) {
        // The paper's Table 1: the student without KD, then one row per teacher, named by what
        // the teacher sees relative to the student. With other sweep axes, a no-KD row opens
        // each of their combinations.
        head({{"setting", "setting"},
              {"teacher", "teacher"},
              {"student", "student"},
              {"teacher_acc", "teacher acc"},
              {"student_acc", "student acc"},
              {"delta", "Δ student"}});
        std::set<std::string> opened;
        for (const auto& row : r.rows) {
            std::string key;
            for (auto i : extra) key += row.point[i].dump() + "\x1f";
            if (opened.insert(key).second) {
                line(row, {plain("no KD"), plain("-"), plain(studentMod(r, row)), plain("-"),
                           acc(row, "nokd_acc"), plain("-")});
                notes.push_back(note(r, row));
            }
            const auto tm = teacherMods(r, row);
            line(row, {plain(settingName(teacherKind(tm, studentMod(r, row)))),
                       tm.empty() ? label(row) : plain(joined(tm)), plain(studentMod(r, row)),
                       acc(row, "teacher_acc"), acc(row, "kd_acc"), pm(row, "delta")});
            notes.push_back(note(r, row));
        }
    } else if (r.report == ReportLayout::Removal) {
        head({{"mode", "mode"},
              {"teacher_acc", "teacher acc"},
              {"removal_teacher_acc", "after removal"},
              {"nokd_acc", "no-KD"},
              {"kd_acc", "KD"},
              {"removal_kd_acc", "removal KD"},
              {"removal_delta", "Δ vs no-KD"},
              {"removal_vs_kd", "Δ vs KD"}});
        for (const auto& row : r.rows) {
            auto mode = axisValue(r, row, "intervention.mode");
            line(row,
                 {plain(mode.is_string() ? mode.get<std::string>() : "-"), acc(row, "teacher_acc"),
                  acc(row, "removal_teacher_acc"), acc(row, "nokd_acc"), acc(row, "kd_acc"),
                  acc(row, "removal_kd_acc"), pm(row, "removal_delta"), pm(row, "removal_vs_kd")});
            notes.push_back(note(r, row));
        }
    } else if (r.report == ReportLayout::Table2) {
        head({{"mode", "mode"},
              {"gamma", g},
              {"teacher_acc", "teacher"},
              {"mg_teacher_acc", "MG teacher"},
              {"nokd_acc", "no-KD"},
              {"kd_acc", "Reg-KD"},
              {"mg_kd_acc", "MG-KD"},
              {"teacher_delta", "teacher Δ"},
              {"student_delta", "student Δ"},
              {"tag_acc", "tag"}});
        for (const auto& row : r.rows) {
            auto mode = axisValue(r, row, "intervention.mode");
            line(row, {plain(mode.is_string() ? mode.get<std::string>() : "-"),
                       plain(fmt("%.3f", row.gamma.value_or(NAN))), m2(row, "teacher_acc"),
                       m2(row, "mg_teacher_acc"), m2(row, "nokd_acc"), m2(row, "kd_acc"),
                       m2(row, "mg_kd_acc"), pm(row, "teacher_delta"), pm(row, "student_delta"),
                       plain(fmt("%.1f", mean(row, "tag_acc")))});
            notes.push_back(note(r, row));
        }
    } else {
        std::vector<std::pair<std::string, std::string>> cols;
        if (r.report == ReportLayout::Grid) cols.push_back({"point", "point"});
        cols.insert(cols.end(), {{"gamma", g},
                                 {"alpha", a},
                                 {"beta", b},
                                 {"teacher_acc", "teacher"},
                                 {"nokd_acc", "no-KD"},
                                 {"kd_acc", "KD"},
                                 {"delta", "Δ (KD − no-KD)"},
                                 {"oracle_student_acc", "oracle"}});
        head(cols);
        for (const auto& row : r.rows) {
            std::vector<ReportCell> c;
            if (r.report == ReportLayout::Grid) c.push_back(label(row));
            for (auto v : {row.gamma, row.alpha, row.beta})
                c.push_back(plain(fmt("%.3f", v.value_or(NAN))));
            for (const char* k : {"teacher_acc", "nokd_acc", "kd_acc"}) c.push_back(m2(row, k));
            c.push_back(pm(row, "delta"));
            c.push_back(m2(row, "oracle_student_acc"));
            line(row, c);
            notes.push_back(note(r, row));
        }
    }
    if (std::any_of(notes.begin(), notes.end(), [](const std::string& n) { return !n.empty(); })) {
        t.keys.push_back("note");
        t.header.push_back("note");
        for (std::size_t i = 0; i < notes.size(); ++i) t.rows[i].push_back(plain(notes[i]));
    }
    return t;
}

namespace {

// The table as lines of text: the header first.
std::vector<std::vector<std::string>> cells(const ExperimentResult& r, bool greek, bool& marked) {
    const ReportTable t = Report::layout(r, greek);
    marked = t.marked;
    std::vector<std::vector<std::string>> out{t.header};
    for (const auto& row : t.rows) {
        std::vector<std::string> line;
        for (const auto& c : row) line.push_back(c.text);
        out.push_back(std::move(line));
    }
    return out;
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
