#pragma once
// ClusterSubmit: hands an experiment to Slurm as one job array, and hands it again what is
// missing. Everything is checked before anything is written (Slurm present, the partition,
// the options, the folder, the experiment itself and its plan), and sbatch is asked with
// --test-only before the real submission; when the submission fails anyway, what it wrote
// is taken back, so a refused submission leaves the folder as it was.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/cluster/ShardPlan.h"
#include "core/cluster/SlurmOptions.h"

namespace mfh {

struct SubmitRequest {
    nlohmann::json config;  // the experiment file, overrides applied
    std::string dir;
    SlurmOptions options;
    int tasks = 0;  // 0: ShardPlan's default
    bool dryRun = false;
};

struct SubmitOutcome {
    std::string dir;         // absolute
    std::string job;         // "" when nothing was submitted (dry run, nothing missing)
    std::vector<int> tasks;  // the array's task indices
    std::string array;       // as given to sbatch
    ShardPlan plan;
    std::string script;
    std::string note;                   // a resubmission with nothing to do says why
    std::vector<std::string> warnings;  // accepted, but worth a look (a very short --time)
};

class ClusterSubmit {
  public:
    // Throws InputError naming the problem; nothing is submitted then.
    static SubmitOutcome submit(const SubmitRequest& request);
    // Resubmits the tasks of `dir` whose trials are missing and that are neither queued nor
    // running, with the last submission's options as `adjust` changes them.
    static SubmitOutcome resume(const std::string& dir,
                                const std::function<void(SlurmOptions&)>& adjust, bool dryRun);
    // The experiment file with its paths (dataset, teacher run) made absolute, so that the
    // tasks read the same files from whatever folder they start in.
    static nlohmann::json withAbsolutePaths(nlohmann::json config);
};

}  // namespace mfh
