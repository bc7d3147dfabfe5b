#pragma once
// ReportLayout: the table an experiment's rows are printed as (docs/experiment-config.md,
// "report"): the paper's figure or table it reproduces, or a plain grid.
#include "core/base/EnumNames.h"

namespace mfh {

enum class ReportLayout { Grid, Fig2, Fig3, Table2, Table1, Removal };
template <>
struct EnumNames<ReportLayout> {
    static constexpr std::pair<ReportLayout, const char*> table[] = {
        {ReportLayout::Grid, "grid"},     {ReportLayout::Fig2, "fig2"},
        {ReportLayout::Fig3, "fig3"},     {ReportLayout::Table2, "table2"},
        {ReportLayout::Table1, "table1"}, {ReportLayout::Removal, "removal"}};
};

// The training engine: the linear fast path where it applies (auto), always it (kernel, an
// error for other models), or always LibTorch (torch).
enum class Engine { Auto, Kernel, Torch };
template <>
struct EnumNames<Engine> {
    static constexpr std::pair<Engine, const char*> table[] = {
        {Engine::Auto, "auto"}, {Engine::Kernel, "kernel"}, {Engine::Torch, "torch"}};
};

}  // namespace mfh
