// Fuzzes DatasetImport::fromCsv and assemble: the bytes are a CSV file with modalities
// a = x0,x1 and b = x2, label column "label" and, when the first byte is odd, split column
// "split". InputError is the expected answer to a bad file; anything else is a finding.
#include "core/base/Error.h"
#include "core/data/DatasetImport.h"
#include "tests/fuzz/FuzzUtil.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    mfh_fuzz::quiet();
    const std::string& path = mfh_fuzz::writeTemp(data, size, ".csv");
    mfh::CsvMapping mapping;
    mapping.modalities["a"] = {"x0", "x1"};
    mapping.modalities["b"] = {"x2"};
    mapping.labelColumn = "label";
    if (size > 0 && (data[0] & 1)) mapping.splitColumn = "split";
    try {
        const auto source = mfh::DatasetImport::fromCsv(path, mapping);
        const auto dataset = mfh::DatasetImport::assemble(source);
        (void)dataset;
    } catch (const mfh::InputError&) {
    }
    return 0;
}
