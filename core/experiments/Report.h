#pragma once
// Report: an ExperimentResult as text in the paper's layout, as JSON and as CSV.
// JSON is {"experiment": NAME, "rows": [...]}; the row keys per layout are documented in
// docs/cli.md (fig2/fig3: gamma, alpha, beta, teacher_acc, nokd_acc, kd_acc, delta_mean,
// delta_std; table2: mode, gamma, teacher_acc, mg_teacher_acc, nokd_acc, kd_acc, mg_kd_acc,
// teacher_delta_mean/std, student_delta_mean/std, tag_acc). Accuracies are percentages, means
// over seeds. Every gain (delta, teacher_delta, student_delta, removal_delta, removal_vs_kd)
// also has _ci95 and _significant (the CI excludes 0); the text tables mark those gains.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/experiments/Comparison.h"
#include "core/experiments/ExperimentResult.h"
#include "core/experiments/ReportTable.h"

namespace mfh {

class Report {
  public:
    static std::string table(const ExperimentResult& r);
    static nlohmann::json json(const ExperimentResult& r);
    static std::string csv(const ExperimentResult& r);
    // The paper-layout table (the columns of `table`) for documents: GitHub Markdown, or a
    // LaTeX tabular (booktabs) with Δ as "mean ± std".
    static std::string markdown(const ExperimentResult& r);
    static std::string latex(const ExperimentResult& r);
    // The paper-layout table as cells. `documents`: Greek letters and readable setting names
    // in the header (Markdown, LaTeX, the workbench); otherwise ASCII names and setting paths
    // (the terminal table).
    static ReportTable layout(const ExperimentResult& r, bool documents);
    // The layout table as CSV (RFC 4180): the machine names as header, the cells' texts.
    static std::string layoutCsv(const ExperimentResult& r);
    // Paired comparisons to print under a table: a heading line, then each one's text (empty
    // when there are none); and as a JSON array, for a report object's "comparisons" key.
    static std::string comparisons(const std::vector<Comparison>& c);
    static nlohmann::json comparisonsJson(const std::vector<Comparison>& c);
};

}  // namespace mfh
