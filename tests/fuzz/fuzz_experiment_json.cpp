// Fuzzes ExperimentSpec::fromFile: the bytes are an experiment file (docs/experiment-config.md).
// InputError is the expected answer to a bad file; anything else is a finding.
#include "core/base/Error.h"
#include "core/experiments/ExperimentSpec.h"
#include "tests/fuzz/FuzzUtil.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    mfh_fuzz::quiet();
    const std::string& path = mfh_fuzz::writeTemp(data, size, ".json");
    try {
        const auto spec = mfh::ExperimentSpec::fromFile(path);
        (void)spec.gridSize();
    } catch (const mfh::InputError&) {
    }
    return 0;
}
