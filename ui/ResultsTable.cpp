#include "ui/ResultsTable.h"

#include <QFileInfo>
#include <QHeaderView>
#include <cmath>

#include "core/experiments/Report.h"
#include "ui/Palette.h"
#include "ui/PlotExport.h"
#include "ui/PlotView.h"

namespace mfh::ui {

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
    clear();
    const ReportTable t = Report::layout(r, true);
    if (t.rows.empty()) {
        setRowCount(0);
        setColumnCount(0);
        return;
    }
    setColumnCount(int(t.keys.size()));
    setRowCount(int(t.rows.size()));
    for (int c = 0; c < int(t.keys.size()); ++c) {
        const QString key = QString::fromStdString(t.keys[c]);
        auto* h = new QTableWidgetItem(QString::fromStdString(t.header[c]));
        h->setData(Qt::UserRole, key);
        // A sweep axis shows its readable name; its path is the tooltip, as the CSV's header.
        h->setToolTip(key);
        setHorizontalHeaderItem(c, h);
    }
    for (int i = 0; i < int(t.rows.size()); ++i) {
        for (int c = 0; c < int(t.rows[i].size()) && c < columnCount(); ++c) {
            const ReportCell& cell = t.rows[i][c];
            auto* item = new QTableWidgetItem(QString::fromStdString(cell.text));
            if (cell.gain) {
                QString tip = tr("mean ± population std over the seeds");
                if (std::isfinite(cell.ciLow) && std::isfinite(cell.ciHigh))
                    tip += tr("; 95 % CI [%1, %2]").arg(num(cell.ciLow, 2), num(cell.ciHigh, 2));
                if (cell.significant) {
                    item->setForeground(cell.mean > 0 ? palette::gain() : palette::loss());
                    QFont f = item->font();
                    f.setBold(true);
                    item->setFont(f);
                    tip += tr(" (* excludes 0: significant)");
                } else {
                    tip += tr(" (holds 0, or one seed: not significant)");
                }
                item->setToolTip(tip);
            }
            item->setTextAlignment((c == 0 ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
            setItem(i, c, item);
        }
    }
    resizeColumnsToContents();
}

QStringList ResultsTable::headerTitles() const {
    QStringList out;
    for (int c = 0; c < columnCount(); ++c) out << horizontalHeaderItem(c)->text();
    return out;
}

QStringList ResultsTable::headerKeys() const {
    QStringList out;
    for (int c = 0; c < columnCount(); ++c)
        out << horizontalHeaderItem(c)->data(Qt::UserRole).toString();
    return out;
}

QByteArray ResultsTable::render(const ExperimentResult& r, const QString& format) {
    std::string s;
    if (format == "csv")
        s = Report::layoutCsv(r);
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
