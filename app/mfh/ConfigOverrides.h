#pragma once
// The experiment a command names, and the command-line settings that override its file's:
// shared by mfh run, reproduce and submit, so that they read an experiment the same way.
#include <nlohmann/json.hpp>
#include <string>

namespace mfh::cli {

struct ConfigOverrides {
    int seeds = 0;  // 0: the file's
    std::string device, engine;
    int threads = 0;
    // Throws InputError for a bad value (seeds < 1 when given, threads < 0).
    nlohmann::json apply(nlohmann::json config, bool seedsGiven) const;
};

// An experiment file (validated, the error naming the file), or the name of a paper
// experiment when no such file exists. Throws InputError naming both possibilities.
nlohmann::json experimentConfig(const std::string& fileOrPreset);

}  // namespace mfh::cli
