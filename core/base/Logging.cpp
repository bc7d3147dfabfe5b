#include "core/base/Logging.h"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include "core/base/Error.h"

namespace mfh {

void setupLogging(const std::string& level, const std::string& file) {
    const auto lvl = spdlog::level::from_str(level);
    if (lvl == spdlog::level::off && level != "off")
        throw InputError("unknown log level '" + level +
                         "' (trace, debug, info, warn, error, off)");
    std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stderr_color_sink_mt>()};
    if (!file.empty()) {
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file));
        } catch (const spdlog::spdlog_ex& e) {
            throw InputError("cannot open log file " + file + ": " + e.what());
        }
    }
    auto logger = std::make_shared<spdlog::logger>("mfh", sinks.begin(), sinks.end());
    logger->set_level(lvl);
    logger->set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
    spdlog::set_default_logger(logger);
}

}  // namespace mfh
