#include "ui/ResultSeries.h"

#include "core/base/SettingLabel.h"
#include "core/experiments/ExperimentSpec.h"
#include "ui/PlotView.h"

#include <map>
#include <set>

namespace mfh::ui {

namespace {
QString valueText(const nlohmann::json& v) {
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    return QString::fromStdString(v.dump());
}
}  // namespace

ResultSeries::ResultSeries(const ExperimentResult& r) : r_(r) {
    const auto& rows = r.rows;
    auto varies = [&](auto get) {
        std::set<double> s;
        for (const auto& row : rows) {
            auto v = get(row);
            if (!v) return false;
            s.insert(*v);
        }
        return s.size() > 1;
    };
    int xAxis = -1;  // the sweep axis x is, when it is one
    if (varies([](const GridRow& g) { return g.gamma; })) {
        xTitle_ = QString::fromUtf8("γ (modality-general share)");
        for (const auto& row : rows) x_.push_back(*row.gamma);
    } else if (varies([](const GridRow& g) { return g.alpha; })) {
        xTitle_ = QString::fromUtf8("α (a-specific share)");
        for (const auto& row : rows) x_.push_back(*row.alpha);
    } else {
        for (int a = static_cast<int>(r.axes.size()) - 1; a >= 0 && xAxis < 0; --a) {
            bool numeric = !rows.empty();
            for (const auto& row : rows) numeric = numeric && row.point[a].is_number();
            if (numeric) xAxis = a;
        }
        if (xAxis >= 0) {
            xTitle_ = QString::fromStdString(SettingLabel::label(r.axes[xAxis]));
            xPath_ = QString::fromStdString(r.axes[xAxis]);
            for (const auto& row : rows) x_.push_back(row.point[xAxis].get<double>());
        } else if (r.axes.size() == 1) {  // categorical: one tick per value
            xAxis = 0;
            xTitle_ = QString::fromStdString(SettingLabel::label(r.axes[0]));
            xPath_ = QString::fromStdString(r.axes[0]);
            std::map<std::string, int> index;
            for (const auto& row : rows) {
                const auto key = row.point[0].dump();
                if (!index.count(key)) {
                    index[key] = static_cast<int>(categories_.size());
                    categories_.push_back(valueText(row.point[0]));
                }
                x_.push_back(index[key]);
            }
        } else {
            xTitle_ = QObject::tr("grid point");
            for (std::size_t i = 0; i < rows.size(); ++i) x_.push_back(static_cast<double>(i));
        }
    }
    // Axes that take several values at one x split the rows into groups.
    std::vector<int> grouping;
    for (int a = 0; a < static_cast<int>(r.axes.size()); ++a) {
        if (a == xAxis) continue;
        std::map<double, std::set<std::string>> seen;
        bool splits = false;
        for (std::size_t i = 0; i < rows.size(); ++i) {
            auto& s = seen[x_[i]];
            s.insert(rows[i].point[a].dump());
            splits = splits || s.size() > 1;
        }
        if (splits) grouping.push_back(a);
    }
    for (const auto& row : rows) {
        QStringList parts;
        for (int a : grouping)
            parts << QString::fromStdString(SettingLabel::assignment(r.axes[a], row.point[a]));
        group_.push_back(parts.join(", "));
    }
}

std::vector<Series> ResultSeries::of(const std::string& metric) const {
    std::vector<Series> out;
    std::map<QString, std::size_t> index;
    for (std::size_t i = 0; i < r_.rows.size(); ++i) {
        const auto it = r_.rows[i].summary.find(metric);
        if (it == r_.rows[i].summary.end()) continue;
        if (!index.count(group_[i])) {
            index[group_[i]] = out.size();
            out.push_back({group_[i], {}, {}, {}, {}, {}});
        }
        Series& s = out[index[group_[i]]];
        // Keep x sorted: the plots draw lines between neighbours.
        std::size_t at = 0;
        while (at < s.x.size() && s.x[at] <= x_[i]) ++at;
        s.x.insert(s.x.begin() + at, x_[i]);
        s.mean.insert(s.mean.begin() + at, it->second.mean);
        s.std.insert(s.std.begin() + at, it->second.std);
        s.rows.insert(s.rows.begin() + at, static_cast<int>(i));
        s.n.insert(s.n.begin() + at, static_cast<int>(it->second.n));
    }
    return out;
}

std::vector<std::string> ResultSeries::gainMetrics(const ExperimentResult& r) {
    std::vector<std::string> order = {"delta", "student_delta", "teacher_delta", "removal_delta"};
    if (r.report == ReportLayout::Table2) std::swap(order[0], order[1]);
    std::vector<std::string> out;
    for (const auto& m : order)
        for (const auto& row : r.rows)
            if (row.summary.count(m)) {
                out.push_back(m);
                break;
            }
    return out;
}

QString ResultSeries::metricTitle(const std::string& m) {
    if (m == "delta") return QString::fromUtf8("Δ = KD − no-KD (points)");
    if (m == "student_delta") return QString::fromUtf8("MG-KD − KD (points)");
    if (m == "teacher_delta") return QString::fromUtf8("MG teacher − teacher (points)");
    if (m == "removal_delta") return QString::fromUtf8("removal KD − no-KD (points)");
    if (m == "teacher_acc") return QObject::tr("teacher");
    if (m == "kd_acc") return QObject::tr("student, KD");
    if (m == "nokd_acc") return QObject::tr("student, no KD");
    if (m == "mg_teacher_acc") return QObject::tr("MG teacher");
    if (m == "mg_kd_acc") return QObject::tr("student, MG-KD");
    if (m == "removal_teacher_acc") return QObject::tr("teacher after removal");
    if (m == "removal_kd_acc") return QObject::tr("student, removal KD");
    return QString::fromStdString(m);
}

QString ResultSeries::experimentTitle(const ExperimentResult& r) {
    for (const auto& p : paperExperiments())
        if (p.name == r.name && !p.title.empty()) return QString::fromStdString(p.title);
    return QString::fromStdString(r.name);
}

QString ResultSeries::pointText(const ExperimentResult& r, int row) {
    QStringList parts;
    const auto& g = r.rows[row];
    if (g.gamma) parts << QString::fromUtf8("γ = %1").arg(num(*g.gamma, 3));
    for (std::size_t a = 0; a < r.axes.size() && a < g.point.size(); ++a)
        parts << QString::fromStdString(SettingLabel::assignment(r.axes[a], g.point[a]));
    return parts.join(", ");
}

}  // namespace mfh::ui
