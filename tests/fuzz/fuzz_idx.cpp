// Fuzzes IdxFile::read (MNIST's IDX format, gzipped or plain) through a temporary file.
// InputError is the expected answer to a bad file; anything else is a finding.
#include "core/base/Error.h"
#include "core/data/IdxFile.h"
#include "tests/fuzz/FuzzUtil.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    mfh_fuzz::quiet();
    const std::string& path = mfh_fuzz::writeTemp(data, size, ".idx");
    try {
        const auto t = mfh::IdxFile::read(path);
        (void)t;
    } catch (const mfh::InputError&) {
    }
    return 0;
}
