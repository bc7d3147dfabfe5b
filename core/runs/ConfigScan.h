#pragma once
// ConfigScan: what the run index needs of a run's configuration (its `config` attribute, JSON
// text), read in one pass without building the document: that it is a JSON object within the
// limits of JsonReader (size, nesting), its leaf keys as dotted paths (arrays are leaves, as in
// IndexRecords::flatten) and the inputs the network saw (inputs.modalities; for Algorithm 1
// runs teacher_modalities and student_modality). Building the document cost the index more than
// reading the run file's attributes from HDF5.
#include <string>
#include <vector>

namespace mfh {

struct ConfigScan {
    std::vector<std::string> keys;        // sorted
    std::vector<std::string> modalities;  // in the order the run lists them

    // Throws InputError naming `what` (e.g. "the config attribute") and the problem.
    static ConfigScan of(const std::string& text, const std::string& what);
};

}  // namespace mfh
