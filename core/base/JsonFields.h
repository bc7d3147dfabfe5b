#pragma once
// JsonFields: the strict reader every configuration parser uses. It reads the keys of one JSON
// object, checking each value's type and range, and rejects keys it was not asked about, so a
// misspelt key is an error instead of a silently ignored setting. Errors are InputErrors that
// name the key's full path ("teacher.train.lr"). Parsers ask for every key they know (has(),
// num(), …) and call finish() before returning; the destructor finishes scoped blocks.
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "core/base/EnumNames.h"

namespace mfh {

class JsonFields {
  public:
    // `path`: the object's key path ("" for the top level).
    JsonFields(const nlohmann::json& j, std::string path);
    // The unknown-key check: called explicitly before a function returns its value (a throw
    // from a destructor after the return value exists would leak it under some compilers),
    // and by the destructor for scoped blocks.
    void finish();
    ~JsonFields() noexcept(false) {
        if (!std::uncaught_exceptions()) finish();
    }
    bool has(const std::string& k);
    std::string key(const std::string& k) const { return path_.empty() ? k : path_ + "." + k; }
    std::string where() const { return path_.empty() ? "the configuration" : "'" + path_ + "'"; }
    const nlohmann::json& raw(const std::string& k) { return seen_.insert(k), j_.at(k); }

    double num(const std::string& k, double def, double lo = -1e300, double hi = 1e300);
    int integer(const std::string& k, int def, int lo = 0, int hi = 1 << 30);
    bool boolean(const std::string& k, bool def);
    std::string str(const std::string& k, const std::string& def,
                    const std::vector<std::string>& choices = {});
    // A name of an enum with an EnumNames table.
    template <typename E>
    E choice(const std::string& k, E def) {
        return has(k) ? parseEnum<E>(str(k, ""), "'" + key(k) + "'") : def;
    }
    std::vector<std::string> strings(const std::string& k);  // a name or a list of names

  private:
    const nlohmann::json& j_;
    std::string path_;
    std::set<std::string> seen_;
    bool finished_ = false;
};

// The JSON pointer of a dotted setting path ("teacher.train.lr" → /teacher/train/lr), as
// sweep axes and the designer name settings. Throws InputError for an empty part ("a..b").
nlohmann::json::json_pointer settingPointer(const std::string& dotted);

}  // namespace mfh
