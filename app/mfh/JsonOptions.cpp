#include "JsonOptions.h"

#include <regex>

namespace mfh::cli {

namespace {

std::string optionOf(const std::string& key) {
    std::string o = "--" + key;
    for (auto& c : o)
        if (c == '_') c = '-';
    return o;
}

}  // namespace

JsonOptions::Entry& JsonOptions::add(const std::string& key, const std::string& option) {
    entries_.push_back(std::make_unique<Entry>());
    entries_.back()->key = key;
    entries_.back()->name = option.empty() ? optionOf(key) : option;
    return *entries_.back();
}

void JsonOptions::integer(CLI::App* app, const std::string& key, const std::string& help,
                          const std::string& option) {
    auto& e = add(key, option);
    e.value = int64_t{0};
    e.option = app->add_option(e.name, std::get<int64_t>(e.value), help);
}

void JsonOptions::number(CLI::App* app, const std::string& key, const std::string& help,
                         const std::string& option) {
    auto& e = add(key, option);
    e.value = 0.0;
    e.option = app->add_option(e.name, std::get<double>(e.value), help);
}

void JsonOptions::text(CLI::App* app, const std::string& key, const std::string& help,
                       const std::string& option) {
    auto& e = add(key, option);
    e.value = std::string();
    e.option = app->add_option(e.name, std::get<std::string>(e.value), help);
}

nlohmann::json JsonOptions::values() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& e : entries_)
        if (e->option->count() > 0) std::visit([&](const auto& v) { j[e->key] = v; }, e->value);
    return j;
}

InputError JsonOptions::rename(const InputError& err) const {
    std::string s = err.what();
    for (const auto& e : entries_) {
        // 'key' (the parser's quoting) and the bare key in lists of allowed keys.
        s = std::regex_replace(s, std::regex("'" + e->key + "'"), e->name);
        s = std::regex_replace(s, std::regex("(^|[ (,:])" + e->key + "(?=[,)]|$)"), "$1" + e->name);
    }
    s = std::regex_replace(s, std::regex("^unknown key (--[a-z0-9-]+) \\(allowed here: "),
                           "$1 does not apply here (options that do: ");
    return InputError(s);
}

}  // namespace mfh::cli
