#include "ConfigOverrides.h"

#include <filesystem>

#include "core/base/Error.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh::cli {

using nlohmann::json;

json ConfigOverrides::apply(json config, bool seedsGiven) const {
    if (seedsGiven && seeds < 1) throw InputError("--seeds must be a positive integer");
    if (threads < 0) throw InputError("--threads must not be negative");
    if (seeds > 0) {
        int first = 0;
        if (config.contains("seeds") && config["seeds"].is_object())
            first = config["seeds"].value("first", 0);
        else if (config.contains("seeds") && config["seeds"].is_array() &&
                 !config["seeds"].empty() && config["seeds"][0].is_number_integer())
            first = config["seeds"][0].get<int>();
        config["seeds"] = {{"first", first}, {"count", seeds}};
    }
    if (!device.empty()) config["device"] = device;
    if (!engine.empty()) config["engine"] = engine;
    if (threads > 0) config["threads"] = threads;
    return config;
}

json experimentConfig(const std::string& arg) {
    std::error_code ec;
    if (std::filesystem::exists(arg, ec)) return ExperimentSpec::fromFile(arg).source;
    for (const auto& e : paperExperiments())
        if (e.name == arg) return paperExperiment(arg);
    throw InputError("no experiment file '" + arg + "', and no paper experiment of that name (" +
                     paperExperimentNames() + ")");
}

}  // namespace mfh::cli
