#pragma once
// RunMetadata: what the run index needs of one .h5 file, read as cheaply as HDF5 allows: the
// root attributes and the /metrics attributes, through the C API in one pass each, without
// opening curves, weights, saliency or confusion matrices. Listing 100,000 run files depends on
// this (docs/formats.md, "The run index"). It does not validate a run file (RunIndex does that
// off the HDF5 lock, beside RunFile::load's rules); it only tells run files (format = mfh-run)
// from other HDF5 files (datasets: foreign) and from files HDF5 cannot read (broken, with the
// library's own reason, e.g. a truncated file). Never throws for a bad file.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace mfh {

struct RunMetadata {
    enum class Kind { Run, Foreign, Broken };
    Kind kind = Kind::Broken;
    std::string error;                                    // Broken: why, without the path
    std::map<std::string, std::string> strings;           // root attributes that are strings
    std::map<std::string, double> numbers;                // root attributes that are numbers
    std::vector<std::pair<std::string, double>> metrics;  // /metrics attributes, by name
    bool configNotString = false;  // `config` exists but is not a string (a broken run file)

    // Holds h5::libraryMutex() while it reads (HDF5 here is not thread-safe).
    static RunMetadata read(const std::string& path);
};

}  // namespace mfh
