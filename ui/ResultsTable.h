#pragma once
// ResultsTable: an experiment's summary in the paper's layout, cell for cell the table that
// core's Report writes as Markdown, LaTeX and layout CSV (Report::layout): the same column
// titles, the same numbers, the same significance marks (* only where the 95 % CI of a gain
// excludes 0). Significant gains are coloured (green up, red down) and bold; each column's
// header has its machine name (the CSV header) as a tooltip and under Qt::UserRole.
#include <QTableWidget>

#include "core/experiments/Experiment.h"

namespace mfh::ui {

class ResultsTable : public QTableWidget {
    Q_OBJECT
  public:
    explicit ResultsTable(QWidget* parent = nullptr);
    void setResult(const ExperimentResult& r);
    bool hasResult() const { return has_; }
    const ExperimentResult& result() const { return result_; }
    // The column titles and machine names as shown.
    QStringList headerTitles() const;
    QStringList headerKeys() const;
    // format by suffix: csv (the layout table, machine names as header), tex (LaTeX), md
    // (Markdown); empty string on success, else the reason.
    QString exportTo(const QString& path) const;
    static QByteArray render(const ExperimentResult& r, const QString& format);

  private:
    ExperimentResult result_;
    bool has_ = false;
};

}  // namespace mfh::ui
