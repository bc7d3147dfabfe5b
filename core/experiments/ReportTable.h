#pragma once
// ReportTable: the paper-layout table of an experiment as cells, the one source of every
// table a user reads: the terminal table, Markdown, LaTeX, the layout CSV and the workbench's
// results table. Each column has a stable machine name (a metric, an axis path, "note") and a
// title; each cell its text, formatted once here, and what a front end needs to colour it.
#include <cmath>
#include <string>
#include <vector>

namespace mfh {

struct ReportCell {
    std::string text;
    bool gain = false;         // a difference of two accuracies, "+m ± s"
    bool significant = false;  // its 95% CI excludes 0: the text carries the mark
    double mean = NAN;         // a gain's mean (its sign colours it)
    double ciLow = NAN, ciHigh = NAN;
};

struct ReportTable {
    std::vector<std::string> keys;    // one machine name per column, stable across versions
    std::vector<std::string> header;  // the column titles
    std::vector<std::vector<ReportCell>> rows;
    bool marked = false;  // some gain carries the significance mark
};

}  // namespace mfh
