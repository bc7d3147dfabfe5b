#pragma once
// One string mapping per enum. A domain header declares its enum and, next to it, the table
//
//   template <> struct EnumNames<ModelType> {
//       static constexpr std::pair<ModelType, const char*> table[] = {{ModelType::Linear,
//       "linear"}, …};
//   };
//
// and every reader, writer, combo box and help text goes through nameOf / parseEnum /
// enumChoices, so a new value is added in one place. parseEnum rejects unknown names with the
// list of the known ones.
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/base/Error.h"

namespace mfh {

template <typename E>
struct EnumNames;  // specialised beside each enum

template <typename E>
const char* nameOf(E e) {
    for (const auto& [v, n] : EnumNames<E>::table)
        if (v == e) return n;
    throw std::logic_error("an enum value without a name");
}

template <typename E>
std::optional<E> findEnum(const std::string& name) {
    for (const auto& [v, n] : EnumNames<E>::table)
        if (name == n) return v;
    return std::nullopt;
}

// Every name, in the table's order (the order menus show).
template <typename E>
std::vector<std::string> enumChoices() {
    std::vector<std::string> out;
    for (const auto& entry : EnumNames<E>::table) out.push_back(entry.second);
    return out;
}

inline std::string joinChoices(const std::vector<std::string>& c, const char* sep = ", ") {
    std::string s;
    for (const auto& x : c) s += (s.empty() ? "" : sep) + x;
    return s;
}

// The value named `name`; `what` names the setting in the error ("'model.type'").
template <typename E>
E parseEnum(const std::string& name, const std::string& what) {
    if (auto v = findEnum<E>(name)) return *v;
    throw InputError(what + " = \"" + name + "\" is not one of: " + joinChoices(enumChoices<E>()));
}

}  // namespace mfh
