#include "core/runs/WorkspaceReport.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/base/Error.h"
#include "core/runs/RunIndex.h"

namespace mfh {

using nlohmann::json;

namespace {

std::string fixed(const std::optional<double>& v) {
    if (!v) return "-";
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", *v);
    return b;
}

std::string trials(const ExperimentInfo& e) {
    if (e.trialsTotal < 0) return "-";
    return std::to_string(std::max<int64_t>(e.trialsDone, 0)) + "/" + std::to_string(e.trialsTotal);
}

std::string date(const ExperimentInfo& e) {
    return e.created.empty() ? "-" : e.created.substr(0, 10);
}

std::string orDash(const std::string& s) {
    return s.empty() ? "-" : s;
}

// Left-aligned in `width` characters (right-aligned for a negative width), never cut.
std::string pad(const std::string& s, int width) {
    const std::size_t w = static_cast<std::size_t>(width < 0 ? -width : width);
    if (s.size() >= w) return s;
    return width < 0 ? std::string(w - s.size(), ' ') + s : s + std::string(w - s.size(), ' ');
}

// A run shared by several sweep points (a no-KD baseline) shows how many.
std::string pointsText(const RunRow& r) {
    if (r.points.empty()) return "-";
    if (r.pointCount == 1) return r.points[0];
    return std::to_string(r.pointCount) + " points";
}

}  // namespace

std::string WorkspaceReport::render(const std::string& dir, const WorkspaceReportOptions& o) {
    RunIndex index(dir);
    const IndexUpdate update = index.update();
    const auto experiments = index.experiments();
    const auto metricNames = index.metricNames();
    RunQuery q;
    q.filter = o.filter;
    q.limit = o.limit;
    q.metrics = o.json ? metricNames : std::vector<std::string>{"acc_test"};
    std::vector<std::string> extraMetrics, extraKeys;
    std::vector<std::pair<bool, std::size_t>> order;  // the columns as asked: (metric?, index)
    if (!o.columns.empty()) {
        const auto keys = index.configKeys();
        for (const auto& c : o.columns) {
            if (std::find(metricNames.begin(), metricNames.end(), c) != metricNames.end())
                order.emplace_back(true, extraMetrics.size()), extraMetrics.push_back(c);
            else if (std::binary_search(keys.begin(), keys.end(), c))
                order.emplace_back(false, extraKeys.size()), extraKeys.push_back(c);
            else
                throw InputError("column '" + c +
                                 "' is neither a metric nor a configuration key of these runs");
        }
    }
    const std::size_t firstExtra = q.metrics.size();
    q.metrics.insert(q.metrics.end(), extraMetrics.begin(), extraMetrics.end());
    q.configKeys = extraKeys;
    const auto runs = index.runs(q);
    const int64_t matching = o.filter.empty() ? update.runs : index.countRuns(o.filter);
    const auto problems = index.problems();
    std::map<std::string, int> byRole, byStatus;
    for (const auto& r : runs) byRole[r.role]++, byStatus[r.status]++;
    const bool single = experiments.size() == 1 && experiments[0].dir == ".";
    const std::string name = single ? experiments[0].name : "";
    std::ostringstream out;

    if (o.json) {
        json exps = json::array(), list = json::array(), bad = json::array();
        for (const auto& e : experiments)
            exps.push_back({{"dir", e.dir},
                            {"name", e.name},
                            {"title", e.title},
                            {"report", e.report},
                            {"status", e.status},
                            {"created", e.created},
                            {"updated", e.updated},
                            {"trials_done", e.trialsDone},
                            {"trials_total", e.trialsTotal},
                            {"axes", e.axes},
                            {"runs", e.runs}});
        for (const auto& r : runs) {
            json metrics = json::object(), config = json::object();
            for (std::size_t i = 0; i < r.metrics.size(); ++i)
                if (r.metrics[i]) metrics[q.metrics[i]] = *r.metrics[i];
            for (std::size_t i = 0; i < r.configValues.size(); ++i)
                config[q.configKeys[i]] = r.configValues[i];
            const auto slash = r.path.find_last_of('/');
            json row = {{"id", r.runId},
                        {"role", r.role},
                        {"status", r.status},
                        {"seed", r.seed},
                        {"teacher_run", r.teacherRun},
                        {"metrics", metrics},
                        {"file", slash == std::string::npos ? r.path : r.path.substr(slash + 1)},
                        {"path", r.path},
                        {"experiment", r.experiment},
                        {"points", r.points},
                        {"point_count", r.pointCount}};
            if (!q.configKeys.empty()) row["config"] = config;
            list.push_back(std::move(row));
        }
        for (const auto& p : problems) bad.push_back(p.path + ": " + p.reason);
        out << json{{"format", single ? "mfh-experiment-folder" : "mfh-workspace"},
                    {"name", name},
                    {"experiments", exps},
                    {"runs", list},
                    {"matching_runs", matching},
                    {"total_runs", update.runs},
                    {"by_role", byRole},
                    {"by_status", byStatus},
                    {"problems", bad},
                    {"notes", update.notes},
                    {"index", index.indexPath()}}
                   .dump()
            << "\n";
        return out.str();
    }

    out << dir << ": " << update.runs << " runs";
    if (single)
        out << " of experiment '" << name << "'";
    else if (!experiments.empty())
        out << " in " << experiments.size() << " experiment" << (experiments.size() > 1 ? "s" : "");
    out << "\n";
    for (const auto& n : update.notes) out << "  note: " << n << "\n";
    if (!experiments.empty()) {
        out << "  experiments:\n    " << pad("name", 20) << " " << pad("date", 10) << " "
            << pad("status", 9) << " " << pad("trials", -9) << " " << pad("runs", -7) << "  "
            << pad("layout", 10) << " folder\n";
        for (const auto& e : experiments)
            out << "    " << pad(e.name, 20) << " " << pad(date(e), 10) << " "
                << pad(orDash(e.status), 9) << " " << pad(trials(e), -9) << " "
                << pad(std::to_string(e.runs), -7) << "  " << pad(orDash(e.report), 10) << " "
                << e.dir << "\n";
    }
    out << "  runs: " << update.runs;
    if (!o.filter.empty()) out << ", matching '" << o.filter << "': " << matching;
    if (static_cast<int64_t>(runs.size()) < matching) out << " (the first " << runs.size() << ")";
    out << "\n  by role:";
    for (const auto& kv : byRole) out << " " << kv.first << "=" << kv.second;
    out << "\n  by status:";
    for (const auto& kv : byStatus) out << " " << kv.first << "=" << kv.second;
    out << "\n    " << pad("role", 16) << " " << pad("status", 10) << " " << pad("seed", -6) << "  "
        << pad("point", 20) << " " << pad("test acc", -9) << "  " << pad("teacher", 20) << " run";
    for (const auto& [metric, i] : order) out << "  " << (metric ? extraMetrics[i] : extraKeys[i]);
    out << "\n";
    for (const auto& r : runs) {
        out << "    " << pad(r.role, 16) << " " << pad(r.status, 10) << " "
            << pad(std::to_string(r.seed), -6) << "  " << pad(pointsText(r), 20) << " "
            << pad(fixed(r.metrics[0]), -9) << "  " << pad(orDash(r.teacherRun), 20) << " "
            << r.runId;
        for (const auto& [metric, i] : order)
            out << "  " << (metric ? fixed(r.metrics[firstExtra + i]) : orDash(r.configValues[i]));
        out << "\n";
    }
    for (const auto& p : problems) out << "  unreadable: " << p.path << ": " << p.reason << "\n";
    return out.str();
}

}  // namespace mfh
