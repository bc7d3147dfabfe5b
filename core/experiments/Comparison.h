#pragma once
// Comparison: two grid points of an experiment (or two metrics of one point) compared paired by
// seed: for every seed both ran, a = the metric of row A, b = the metric of row B, and a − b
// goes through PairedTest (mean, spread, 95% CI, paired t-test, Wilcoxon signed-rank).
//
// A side is written [METRIC@]SELECTOR (or SELECTOR@METRIC; the side holding "=" or "#" is the
// selector). The selector names one row:
//   - "#N": row N, counted from 1 in the order of ExperimentResult::rows (the table's order);
//   - "axis=value[,axis=value…]": the rows whose sweep point has these values. An axis is the
//     full dotted path ("intervention.mode") or a last component that only one axis has
//     ("mode", "xs2", "w_kd"); a path below an axis whose values are objects reaches inside
//     them ("teacher.modalities" when "teacher" is swept). Values are JSON (0.25, "random",
//     ["a","b"]), a bare word is a string (random), and a+b stands for the list ["a","b"].
//     Commas inside quotes or brackets do not separate pairs;
//   - empty: the experiment's only row.
// The metric defaults to the other side's, then to `metric` (the front end's --metric), then to
// the layout's student metric: kd_acc (grid, fig2, fig3, table1), mg_kd_acc (table2),
// removal_kd_acc (removal).
// Every problem with a selector (an unknown axis, several or no rows matched, an unknown metric,
// fewer than two common seeds, both sides the same values) is an InputError naming it and the
// valid choices.
//
// Seeds: GridRow::seedsRun says which seed each value came from; when it is empty (results made
// before it was recorded), ExperimentResult::seeds in order, truncated to the values' count.
// The pairs are the seeds both sides have, in A's order; a value that is not a finite number is
// an InputError naming its seed.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/base/PairedTest.h"
#include "core/experiments/ExperimentResult.h"

namespace mfh {

struct ComparisonSide {
    std::string selector;  // as written, without the metric
    std::size_t row = 0;   // index into ExperimentResult::rows
    std::string metric;
};

struct ComparisonRequest {
    ComparisonSide a, b;
};

class Comparison {
  public:
    ComparisonSide a, b;
    std::string pointA, pointB;      // the rows' sweep points, as "axis=value …"
    std::vector<uint32_t> seeds;     // the pairs' seeds, in A's order
    std::vector<uint32_t> unpaired;  // seeds one side ran and the other did not (left out)
    std::vector<double> valuesA, valuesB, differences;  // per seed; differences = a − b
    PairedTestResult test;

    // Resolves both sides against `r`; `metric` is the default metric of a side naming none
    // (empty: the layout's).
    static ComparisonRequest parse(const ExperimentResult& r, const std::string& a,
                                   const std::string& b, const std::string& metric = "");
    // Pairs the two sides' values by seed and tests their differences.
    static Comparison compute(const ExperimentResult& r, const ComparisonRequest& request);
    // parse, then compute.
    static Comparison of(const ExperimentResult& r, const std::string& a, const std::string& b,
                         const std::string& metric = "");

    // One summary line, then the rows each side names and any caveat (docs/cli.md, "mfh
    // report").
    std::string text() const;
    // The same as an object (docs/cli.md, "mfh report").
    nlohmann::json json() const;
};

}  // namespace mfh
