#include "core/experiments/ReportHelpers.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <vector>

namespace mfh::report {

using nlohmann::json;

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
    if (r.report == ReportLayout::Table1) shown = {"teacher", "teacher.modalities"};
    if (r.report == ReportLayout::Removal || r.report == ReportLayout::Table2)
        shown = {"intervention.mode"};
    // The paper's synthetic layouts sweep the generator: its knobs are what the γ (α, β)
    // columns show.
    const bool generatorShown = r.report == ReportLayout::Fig2 || r.report == ReportLayout::Fig3 ||
                                r.report == ReportLayout::Table2;
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

bool isGain(const std::string& k) {
    for (const char* g :
         {"delta", "teacher_delta", "student_delta", "removal_delta", "removal_vs_kd"})
        if (k == g) return true;
    return false;
}

bool significant(const GridRow& row, const std::string& k) {
    auto it = row.summary.find(k);
    if (it == row.summary.end() || it->second.n < 2) return false;
    return it->second.ciLow > 0 || it->second.ciHigh < 0;
}

}  // namespace mfh::report
