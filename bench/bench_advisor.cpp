// bench_advisor: the KD advisor's cost (issue "Will KD help?"): `mfh advise` on the Fig. 2
// preset against a 3 s target on the 2-core build machine, and against the experiment it
// advises on: the wall-clock ratio (the issue asks ≤ 10 %) and the ratio of trained
// epochs × rows. With the linear kernel the experiment itself takes about a second, so the
// wall-clock ratio is dominated by the estimators and bootstrap, not the pilot's trainings;
// --mlp runs the same comparison with 32-unit MLPs, where training dominates as it does on
// real data. Each figure is the best of --repeat runs.
//
// Usage: bench_advisor [--repeat N] [--mlp]
#include <cstring>
#include <iostream>

#include "core/advisor/Advisor.h"
#include "core/experiments/Experiment.h"

using namespace mfh;

int main(int argc, char** argv) {
    int repeat = 3;
    bool mlp = false;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = std::atoi(argv[++i]);
        else if (!std::strcmp(argv[i], "--mlp")) mlp = true;
        else {
            std::cerr << "usage: bench_advisor [--repeat N] [--mlp]\n";
            return 2;
        }
    }
    auto j = paperExperiment("fig2");
    if (mlp)
        for (const char* role : {"teacher", "student"})
            j[role]["model"] = {{"type", "mlp"}, {"hidden", {32}}};
    const auto spec = ExperimentSpec::fromJson(j);
    double advise = 1e300, experiment = 1e300, share = 0;
    for (int r = 0; r < repeat; ++r) {
        const auto rep = Advisor::advise(spec);
        advise = std::min(advise, rep.seconds);
        share = rep.pilotEpochRows / rep.experimentEpochRows;
        experiment = std::min(experiment, Experiment(spec).run().seconds);
    }
    std::printf("fig2%s, %d grid points, pilot 5 seeds x 2 folds at 20%% of the epochs\n",
                mlp ? " (MLP 32)" : "", static_cast<int>(spec.gridSize()));
    std::printf("  mfh advise        %6.2f s   (target <= 3 s on 2 cores: %s)\n", advise,
                advise <= 3 ? "met" : "missed");
    std::printf("  the experiment    %6.2f s   (10 seeds)\n", experiment);
    std::printf("  time ratio        %6.1f %%\n", 100 * advise / experiment);
    std::printf("  epochs x rows     %6.1f %%   (target <= 10 %%: %s)\n", 100 * share,
                share <= 0.1 ? "met" : "missed");
    return 0;
}
