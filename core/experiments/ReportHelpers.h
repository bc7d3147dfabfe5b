#pragma once
// The pieces every report format shares: a row's metric means and spreads, the value of a
// sweep axis at a row, the teacher and student of a row, the setting's name (UM-KD, CM-KD…),
// the axes a layout does not show, and a row's note. Used by Report (JSON, CSV) and its text
// layouts (table, Markdown, LaTeX), so that every format labels a row the same way.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/experiments/ExperimentResult.h"

namespace mfh::report {

double mean(const GridRow& row, const std::string& k);
double stdev(const GridRow& row, const std::string& k);
nlohmann::json num(double v);
nlohmann::json opt(const std::optional<double>& v);
nlohmann::json axisValue(const ExperimentResult& r, const GridRow& row, const std::string& param);
std::string fmt(const char* f, double v);
std::string text(const nlohmann::json& v);
std::vector<std::string> names(const nlohmann::json& mods);
std::vector<std::string> teacherMods(const ExperimentResult& r, const GridRow& row);
std::string studentMod(const ExperimentResult& r, const GridRow& row);
std::string joined(const std::vector<std::string>& v);
std::string teacherKind(const std::vector<std::string>& teacher, const std::string& student);
std::string settingName(const std::string& kind);
std::vector<std::size_t> otherAxes(const ExperimentResult& r);
std::string note(const ExperimentResult& r, const GridRow& row);
std::string pointLabel(const ExperimentResult& r, const GridRow& row);

// Gains: the metrics that are differences of two accuracies of one seed (delta, teacher_delta,
// student_delta, removal_delta, removal_vs_kd).
bool isGain(const std::string& k);
// Whether the 95% CI of the mean of `k` over the row's seeds excludes 0 (two seeds or more):
// the one case in which every table marks a gain significant.
bool significant(const GridRow& row, const std::string& k);
// The mark the tables append to a significant gain, and the footer line that explains it.
constexpr const char* kSignificantMark = "*";
constexpr const char* kSignificantNote =
    "* 95 % CI of the mean over seeds excludes 0 (Student's t); gains without * are not "
    "significant";

}  // namespace mfh::report
