#include "ui/ResultsTable.h"

#include <QFileInfo>
#include <QHeaderView>

#include "core/experiments/Report.h"
#include "ui/Palette.h"
#include "ui/PlotExport.h"
#include "ui/PlotView.h"

namespace mfh::ui {

namespace {
struct Column {
    std::string key;
    QString title;
    bool gain = false;  // key_mean and key_std
};

std::vector<Column> columnsOf(const ExperimentResult& r, const nlohmann::json& first) {
    const QString d = QString::fromUtf8("Δ");
    std::vector<Column> cols;
    if (r.report == ReportLayout::Table1) {
        cols = {{"teacher", QObject::tr("teacher")},
                {"teacher_acc", QObject::tr("teacher acc")},
                {"nokd_acc", QObject::tr("no KD")},
                {"kd_acc", QObject::tr("student, KD")},
                {"delta", d + QObject::tr(" = KD − no KD"), true}};
    } else if (r.report == ReportLayout::Removal) {
        cols = {{"mode", QObject::tr("mode")},
                {"teacher_acc", QObject::tr("teacher")},
                {"removal_teacher_acc", QObject::tr("teacher after removal")},
                {"nokd_acc", QObject::tr("no KD")},
                {"kd_acc", QObject::tr("KD")},
                {"removal_kd_acc", QObject::tr("removal KD")},
                {"removal_delta", d + QObject::tr(" vs no KD"), true},
                {"removal_vs_kd", d + QObject::tr(" vs KD"), true}};
    } else if (r.report == ReportLayout::Table2) {
        cols = {{"mode", QObject::tr("mode")},
                {"gamma", QString::fromUtf8("γ")},
                {"teacher_acc", QObject::tr("teacher")},
                {"mg_teacher_acc", QObject::tr("MG teacher")},
                {"teacher_delta", d + QObject::tr(" teacher"), true},
                {"nokd_acc", QObject::tr("no KD")},
                {"kd_acc", QObject::tr("KD")},
                {"mg_kd_acc", QObject::tr("MG-KD")},
                {"student_delta", d + QObject::tr(" student"), true},
                {"tag_acc", QObject::tr("shared kept (%)")},
                {"alg1_identification", QObject::tr("Alg. 1 identification (%)")}};
    } else {
        if (r.report == ReportLayout::Grid)
            for (const auto& a : r.axes) cols.push_back({a, QString::fromStdString(a)});
        cols.insert(cols.end(), {{"gamma", QString::fromUtf8("γ")},
                                 {"alpha", QString::fromUtf8("α")},
                                 {"beta", QString::fromUtf8("β")},
                                 {"teacher_acc", QObject::tr("teacher")},
                                 {"nokd_acc", QObject::tr("no KD")},
                                 {"kd_acc", QObject::tr("KD")},
                                 {"delta", d + QObject::tr(" = KD − no KD"), true}});
    }
    cols.push_back({"seeds", QObject::tr("seeds")});
    std::vector<Column> present;
    for (const auto& c : cols)
        if (first.contains(c.gain ? c.key + "_mean" : c.key) &&
            !first[c.gain ? c.key + "_mean" : c.key].is_null())
            present.push_back(c);
    return present;
}

QString cellText(const nlohmann::json& v) {
    if (v.is_null()) return QString::fromUtf8("–");
    if (v.is_string()) return QString::fromStdString(v.get<std::string>());
    if (v.is_number_integer()) return QString::number(v.get<long long>());
    if (v.is_number()) return num(v.get<double>(), 2);
    return QString::fromStdString(v.dump());
}
}  // namespace

ResultsTable::ResultsTable(QWidget* parent) : QTableWidget(parent) {
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setAlternatingRowColors(true);
    verticalHeader()->setVisible(false);
    horizontalHeader()->setStretchLastSection(false);
    setSortingEnabled(false);
}

void ResultsTable::setResult(const ExperimentResult& r) {
    result_ = r;
    has_ = true;
    const auto j = Report::json(r);
    const auto& rows = j["rows"];
    clear();
    if (rows.empty()) {
        setRowCount(0);
        setColumnCount(0);
        return;
    }
    const auto cols = columnsOf(r, rows[0]);
    setColumnCount(int(cols.size()));
    setRowCount(int(rows.size()));
    QStringList headers;
    for (const auto& c : cols) headers << c.title;
    setHorizontalHeaderLabels(headers);
    for (int i = 0; i < int(rows.size()); ++i) {
        for (int c = 0; c < int(cols.size()); ++c) {
            const auto& col = cols[c];
            auto* item = new QTableWidgetItem;
            if (col.gain) {
                const double m = rows[i][col.key + "_mean"].get<double>();
                const double s = rows[i][col.key + "_std"].is_number()
                                     ? rows[i][col.key + "_std"].get<double>()
                                     : 0.0;
                // Arrow, colour, bold and the * only when the 95% CI excludes 0, as in every
                // table of the reports; any other gain is shown plain.
                const bool significant = rows[i].value(col.key + "_significant", false);
                const bool up = m > 0;
                const QString value =
                    QString::fromUtf8("%1%2 ± %3").arg(up ? "+" : "", num(m, 2), num(s, 2));
                QString tip = tr("mean ± population std over the seeds");
                const auto& ci = rows[i].value(col.key + "_ci95", nlohmann::json());
                if (ci.is_array() && ci.size() == 2 && ci[0].is_number() && ci[1].is_number())
                    tip += tr("; 95 % CI [%1, %2]")
                               .arg(num(ci[0].get<double>(), 2), num(ci[1].get<double>(), 2));
                if (significant) {
                    item->setText((up ? QString::fromUtf8("▲ ") : QString::fromUtf8("▼ ")) + value +
                                  "*");
                    item->setForeground(up ? palette::gain() : palette::loss());
                    QFont f = item->font();
                    f.setBold(true);
                    item->setFont(f);
                    tip += tr(" (* excludes 0: significant)");
                } else {
                    item->setText(value);
                    tip += tr(" (holds 0, or one seed: not significant)");
                }
                item->setToolTip(tip);
            } else {
                item->setText(cellText(rows[i][col.key]));
            }
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            setItem(i, c, item);
        }
    }
    resizeColumnsToContents();
}

QByteArray ResultsTable::render(const ExperimentResult& r, const QString& format) {
    std::string s;
    if (format == "csv")
        s = Report::csv(r);
    else if (format == "tex")
        s = Report::latex(r);
    else if (format == "md")
        s = Report::markdown(r);
    else
        return {};
    return QByteArray::fromStdString(s);
}

QString ResultsTable::exportTo(const QString& path) const {
    if (!has_) return tr("there is no table to export yet");
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QByteArray content = render(result_, suffix);
    if (content.isEmpty()) return tr("unknown table format '%1' (csv, tex, md)").arg(suffix);
    return PlotExport::text(path, content);
}

}  // namespace mfh::ui
