// Fuzzes NpyFile::parse with the bytes as a .npy file, or NpyFile::readNpz (through a temporary
// file) when they start with "PK", the zip signature. InputError is the expected answer to a
// bad file; anything else is a finding.
#include "core/base/Error.h"
#include "core/data/NpyFile.h"
#include "tests/fuzz/FuzzUtil.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    mfh_fuzz::quiet();
    try {
        if (size >= 2 && data[0] == 'P' && data[1] == 'K') {
            const std::string& path = mfh_fuzz::writeTemp(data, size, ".npz");
            const auto arrays = mfh::NpyFile::readNpz(path);
            (void)arrays;
        } else {
            const auto t = mfh::NpyFile::parse(
                std::string(reinterpret_cast<const char*>(data), size), "fuzz.npy");
            (void)t;
        }
    } catch (const mfh::InputError&) {
    }
    return 0;
}
