#include "core/advisor/AdvisorText.h"

#include <cstdio>
#include <sstream>

namespace mfh {

namespace {

std::string fmt(const char* f, double a, double b, double c) {
    char buf[96];
    std::snprintf(buf, sizeof buf, f, a, b, c);
    return buf;
}

bool isVoter(const VerdictRule& rule, Predictor p, double* threshold) {
    for (const auto& v : rule.voters)
        if (v.predictor == p) return *threshold = v.threshold, true;
    return false;
}

}  // namespace

nlohmann::json AdvisorText::intervalJson(const Interval& i) {
    return {{"estimate", i.estimate}, {"low", i.low}, {"high", i.high}};
}

std::string AdvisorText::table(const AdvisorReport& r) {
    std::ostringstream o;
    const auto& p = r.options.pilot;
    o << "Advisor: " << r.experiment << " (teacher " << r.teacherInput << " -> student "
      << r.studentInput << ")\n";
    o << "pilot: " << p.seeds.size() << " seeds x " << p.folds << " folds, "
      << fmt("%.0f%% of the epochs, %.0f rows; %.0f trainings, ", 100 * p.epochFraction,
             double(r.rowsPerSeed), double(r.trainings))
      << fmt("%.1f%% of the experiment's training (epochs x rows); %.1f s\n",
             r.experimentEpochRows > 0 ? 100 * r.pilotEpochRows / r.experimentEpochRows : 0,
             r.seconds, 0);
    for (const auto& row : r.rows) {
        o << "\n"
          << (row.label.empty() ? std::string("the experiment") : row.label) << ": "
          << nameOf(row.verdict)
          << fmt(", predicted gain %+.2f points [%+.2f, %+.2f]\n", row.predictedGain.estimate,
                 row.predictedGain.low, row.predictedGain.high);
        for (const auto& v : row.measures.predictors) {
            double t = 0;
            const bool voter = isVoter(r.options.rule, v.kind, &t);
            char line[200];
            std::snprintf(line, sizeof line, "  %-22s %8.3f  [%8.3f, %8.3f]  %-40s%s\n",
                          nameOf(v.kind), v.value.estimate, v.value.low, v.value.high,
                          Predictors::describe(v.kind),
                          voter ? fmt("  votes at %.3g", t, 0, 0).c_str() : "");
            o << line;
        }
        o << fmt("  student alone %.1f%% [%.1f, %.1f] held out\n",
                 row.measures.studentAccuracy.estimate, row.measures.studentAccuracy.low,
                 row.measures.studentAccuracy.high);
        o << "  why: " << row.reason << "\n";
    }
    return o.str();
}

nlohmann::json AdvisorText::json(const AdvisorReport& r) {
    const auto& p = r.options.pilot;
    nlohmann::json points = nlohmann::json::array();
    for (const auto& row : r.rows) {
        nlohmann::json at = nlohmann::json::object(), preds = nlohmann::json::object();
        for (std::size_t a = 0; a < r.axes.size() && a < row.point.size(); ++a)
            at[r.axes[a]] = row.point[a];
        for (const auto& v : row.measures.predictors) {
            auto j = intervalJson(v.value);
            j["direction"] = v.direction, j["per_seed"] = v.perSeed;
            preds[nameOf(v.kind)] = j;
        }
        points.push_back({{"point", at},
                          {"label", row.label},
                          {"verdict", nameOf(row.verdict)},
                          {"predicted_gain", intervalJson(row.predictedGain)},
                          {"reason", row.reason},
                          {"predictors", preds},
                          {"teacher_accuracy", intervalJson(row.measures.teacherAccuracy)},
                          {"student_accuracy", intervalJson(row.measures.studentAccuracy)}});
    }
    return {{"experiment", r.experiment},
            {"teacher", r.teacherInput},
            {"student", r.studentInput},
            {"pilot",
             {{"seeds", p.seeds},
              {"folds", p.folds},
              {"epoch_fraction", p.epochFraction},
              {"rows", r.rowsPerSeed},
              {"trainings", r.trainings},
              {"epoch_rows", r.pilotEpochRows},
              {"experiment_epoch_rows", r.experimentEpochRows},
              {"cost_share",
               r.experimentEpochRows > 0 ? r.pilotEpochRows / r.experimentEpochRows : 0.0}}},
            {"rule", r.options.rule.toJson()},
            {"replicates", r.options.replicates},
            {"seconds", r.seconds},
            {"points", points}};
}

}  // namespace mfh
