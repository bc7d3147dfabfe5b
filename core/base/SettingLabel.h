#pragma once
// SettingLabel: readable names for the dotted configuration paths that sweeps, tables, axes
// and legends show ("kd.w_kd" reads "KD weight w_kd"). The path itself stays the identity of
// a setting: front ends put it in tooltips and files keep it. A path without an entry reads
// as its last two components, so a new setting is never unnamed.
#include <nlohmann/json.hpp>
#include <string>

namespace mfh {

class SettingLabel {
  public:
    // "KD weight w_kd" for kd.w_kd; "student lr" for student.train.lr (no entry).
    static std::string label(const std::string& path);
    // The setting's own key, the part a user types in a filter: "w_kd", "xs2", "lr".
    static std::string key(const std::string& path);
    // "w_kd = 0.25", "mode = random": key, then the value (strings without quotes, numbers in
    // their shortest form).
    static std::string assignment(const std::string& path, const nlohmann::json& value);
    static std::string valueText(const nlohmann::json& value);
};

}  // namespace mfh
