#pragma once
// Logging through spdlog: a console sink (stderr, so that stdout stays clean for tables and
// JSON) and an optional file sink; one level for both.
#include <string>

namespace mfh {

// level: trace, debug, info, warn, error, off. Throws InputError for an unknown level or an
// unwritable log file.
void setupLogging(const std::string& level, const std::string& file = "");

}  // namespace mfh
