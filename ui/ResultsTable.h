#pragma once
// ResultsTable: an experiment's summary in the paper's layout (Table 2 for table2 reports, the
// Fig. 2/3 columns otherwise), from the same rows as `mfh --json`. Gains are shown as
// "▲ +1.23 ± 0.45" (green) or "▼ −0.70 ± 0.31" (red). Exports CSV, LaTeX and Markdown through
// core's Report, so the files equal what the command line writes.
#include <QTableWidget>

#include "core/experiments/Experiment.h"

namespace mfh::ui {

class ResultsTable : public QTableWidget {
    Q_OBJECT
  public:
    explicit ResultsTable(QWidget* parent = nullptr);
    void setResult(const ExperimentResult& r);
    bool hasResult() const { return has_; }
    // format: csv, tex (LaTeX) or md (Markdown); empty string on success, else the reason.
    QString exportTo(const QString& path) const;
    static QByteArray render(const ExperimentResult& r, const QString& format);

  private:
    ExperimentResult result_;
    bool has_ = false;
};

}  // namespace mfh::ui
