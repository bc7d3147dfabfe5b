#include "app/mfh/JsonOptions.h"

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

JsonOptions::Entry& JsonOptions::add(const std::string& key) {
    entries_.push_back(std::make_unique<Entry>());
    entries_.back()->key = key;
    return *entries_.back();
}

void JsonOptions::integer(CLI::App* app, const std::string& key, const std::string& help) {
    auto& e = add(key);
    e.value = int64_t{0};
    e.option = app->add_option(optionOf(key), std::get<int64_t>(e.value), help);
}

void JsonOptions::number(CLI::App* app, const std::string& key, const std::string& help) {
    auto& e = add(key);
    e.value = 0.0;
    e.option = app->add_option(optionOf(key), std::get<double>(e.value), help);
}

void JsonOptions::text(CLI::App* app, const std::string& key, const std::string& help) {
    auto& e = add(key);
    e.value = std::string();
    e.option = app->add_option(optionOf(key), std::get<std::string>(e.value), help);
}

nlohmann::json JsonOptions::values() const {
    nlohmann::json j = nlohmann::json::object();
    for (const auto& e : entries_)
        if (e->option->count() > 0)
            std::visit([&](const auto& v) { j[e->key] = v; }, e->value);
    return j;
}

InputError JsonOptions::rename(const InputError& err) const {
    std::string s = err.what();
    for (const auto& e : entries_) {
        // 'key' (the parser's quoting) and the bare key in lists of allowed keys.
        s = std::regex_replace(s, std::regex("'" + e->key + "'"), optionOf(e->key));
        s = std::regex_replace(s, std::regex("(^|[ (,:])" + e->key + "(?=[,)]|$)"),
                               "$1" + optionOf(e->key));
    }
    return InputError(s);
}

}  // namespace mfh::cli
