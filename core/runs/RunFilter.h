#pragma once
// RunFilter: the filter language of the runs table (`mfh inspect --filter`, the workbench's
// filter box), compiled to an SQL condition on the run index with bound parameters: a value the
// user typed is never pasted into SQL.
//
//   filter := or-expr          or-expr := and-expr ("or" and-expr)*
//   and-expr := primary ("and" primary)*      primary := "(" or-expr ")" | KEY OP VALUE
//   OP := = | != | < | <= | > | >= | ~   (~: contains, as text)
//
// KEY is, in this order of precedence:
//   a run column: status, role, seed, experiment (its folder or its name), id, teacher,
//     modality, dataset, dataset_hash, device, key, file, start_time, end_time;
//   a metric of the run (`acc_test > 80`), any name the index holds in `metrics`;
//   `point.AXIS`, a swept setting of the trials the run belongs to, by its dotted path or a
//     suffix of it that names one swept setting (`point.w_kd`, `point.student.train.kd.w_kd`);
//   a configuration path into the run's config (`kd.w_kd`, `train.lr`, `model.type`;
//     `config.` in front forces this reading).
// VALUE is a number (compared as a number), `true`/`false` (configuration only) or text, bare
// or quoted with " or '. `!=` is the negation of `=`: a run without the key matches it. A
// status must be one of RunStatus's names. A malformed filter throws InputError, one line
// beginning with "filter:" that names the problem and the term.
#include <functional>
#include <string>
#include <variant>
#include <vector>

namespace mfh {

using FilterValue = std::variant<int64_t, double, std::string>;

struct FilterSql {
    // A condition on `runs AS r`, with numbered parameters ?1 … ?N: the query around it
    // numbers its own from N + 1.
    std::string where = "1";
    std::vector<FilterValue> params;
};

// What the compiler asks of the index while it resolves keys.
struct FilterContext {
    std::function<bool(const std::string&)> isMetric;     // a name in `metrics`
    std::function<bool(const std::string&)> isConfigKey;  // a dotted leaf or an object above
    std::vector<std::string> axes;                        // every swept setting, full paths
};

class RunFilter {
  public:
    static FilterSql compile(const std::string& text, const FilterContext& context);
};

}  // namespace mfh
