#pragma once
// JsonOptions: command-line options that stand for keys of an experiment file's object. The
// options the user gave become a JSON object, which the caller hands to the same parser the
// experiment files use (so the checks and defaults are the file's); its error messages are
// translated back from key names to option names ('n_train' → --n-train).
#include <CLI/CLI.hpp>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "core/base/Error.h"

namespace mfh::cli {

class JsonOptions {
  public:
    // --OPTION for the JSON key `key`; the option is spelt as the key with '-' for '_'.
    // `option` overrides the spelling ("--snr" for snr_db).
    void integer(CLI::App* app, const std::string& key, const std::string& help,
                 const std::string& option = "");
    void number(CLI::App* app, const std::string& key, const std::string& help,
                const std::string& option = "");
    void text(CLI::App* app, const std::string& key, const std::string& help,
              const std::string& option = "");
    // The object of the options given on the command line.
    nlohmann::json values() const;
    // The error with each key named as its option.
    InputError rename(const InputError& e) const;

  private:
    struct Entry {
        std::string key, name;  // the JSON key and the option's name
        CLI::Option* option = nullptr;
        std::variant<int64_t, double, std::string> value;
    };
    Entry& add(const std::string& key, const std::string& option);
    std::vector<std::unique_ptr<Entry>> entries_;  // stable addresses: CLI11 keeps pointers
};

}  // namespace mfh::cli
