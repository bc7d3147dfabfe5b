#include "core/base/JsonFields.h"

#include <algorithm>
#include <sstream>

#include "core/base/Error.h"

namespace mfh {

using nlohmann::json;

namespace {

std::string fmt(double d) {
    std::ostringstream o;
    o << d;
    return o.str();
}

}  // namespace

nlohmann::json::json_pointer settingPointer(const std::string& dotted) {
    std::string p;
    std::size_t from = 0;
    while (from <= dotted.size()) {
        const std::size_t dot = std::min(dotted.find('.', from), dotted.size());
        const std::string part = dotted.substr(from, dot - from);
        if (part.empty()) throw InputError("'" + dotted + "' is not a setting's path");
        p += "/" + part;
        from = dot + 1;
    }
    return json::json_pointer(p);
}

JsonFields::JsonFields(const json& j, std::string path) : j_(j), path_(std::move(path)) {
    if (!j.is_object()) throw InputError(where() + " must be an object");
}

void JsonFields::finish() {
    if (finished_) return;
    finished_ = true;
    for (auto it = j_.begin(); it != j_.end(); ++it)
        if (!seen_.count(it.key())) {
            std::string allowed;
            for (const auto& k : seen_) allowed += (allowed.empty() ? "" : ", ") + k;
            throw InputError("unknown key '" + key(it.key()) + "' (allowed here: " + allowed + ")");
        }
}

bool JsonFields::has(const std::string& k) {
    seen_.insert(k);
    return j_.contains(k);
}

double JsonFields::num(const std::string& k, double def, double lo, double hi) {
    if (!has(k)) return def;
    const auto& v = j_.at(k);
    if (!v.is_number()) throw InputError("'" + key(k) + "' must be a number");
    const double d = v.get<double>();
    if (!(d >= lo && d <= hi))
        throw InputError("'" + key(k) + "' = " + v.dump() + " is out of range [" + fmt(lo) + ", " +
                         fmt(hi) + "]");
    return d;
}

int JsonFields::integer(const std::string& k, int def, int lo, int hi) {
    if (!has(k)) return def;
    const auto& v = j_.at(k);
    if (!v.is_number_integer())
        throw InputError("'" + key(k) + "' must be an integer, not " + v.dump());
    const auto d = v.get<int64_t>();
    if (d < lo || d > hi)
        throw InputError("'" + key(k) + "' = " + v.dump() + " must be " +
                         (lo == 0 && d < 0 ? "non-negative"
                                           : "in [" + std::to_string(lo) + ", " +
                                                 std::to_string(hi) + "] (out of range)"));
    return static_cast<int>(d);
}

bool JsonFields::boolean(const std::string& k, bool def) {
    if (!has(k)) return def;
    const auto& v = j_.at(k);
    if (!v.is_boolean()) throw InputError("'" + key(k) + "' must be true or false");
    return v.get<bool>();
}

std::string JsonFields::str(const std::string& k, const std::string& def,
                            const std::vector<std::string>& choices) {
    if (!has(k)) return def;
    const auto& v = j_.at(k);
    if (!v.is_string()) throw InputError("'" + key(k) + "' must be a string");
    auto s = v.get<std::string>();
    if (!choices.empty() && std::find(choices.begin(), choices.end(), s) == choices.end())
        throw InputError("'" + key(k) + "' = \"" + s + "\" is not one of: " + joinChoices(choices));
    return s;
}

std::vector<std::string> JsonFields::strings(const std::string& k) {
    if (!has(k)) return {};
    const auto& v = j_.at(k);
    if (v.is_string()) return {v.get<std::string>()};
    if (!v.is_array()) throw InputError("'" + key(k) + "' must be a list of names");
    std::vector<std::string> out;
    for (const auto& e : v) {
        if (!e.is_string()) throw InputError("'" + key(k) + "' must hold strings");
        out.push_back(e.get<std::string>());
    }
    return out;
}

}  // namespace mfh
