#pragma once
// The time stamps of run files and logs: ISO 8601 in UTC, to the second.
#include <string>

namespace mfh {

std::string isoNow();  // e.g. 2026-12-01T13:40:15Z

}  // namespace mfh
