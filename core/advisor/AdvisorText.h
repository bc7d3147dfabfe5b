#pragma once
// AdvisorText: an advisor report as the command line prints it: a block per grid point (the
// verdict, the predicted gain, every predictor with its interval, the reason) or one JSON
// object (docs/cli.md, "mfh advise").
#include <nlohmann/json.hpp>
#include <string>

#include "core/advisor/Advisor.h"

namespace mfh {

class AdvisorText {
  public:
    static std::string table(const AdvisorReport& r);
    static nlohmann::json json(const AdvisorReport& r);
    static nlohmann::json intervalJson(const Interval& i);
};

}  // namespace mfh
