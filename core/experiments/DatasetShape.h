#pragma once
// DatasetShape: the modalities and splits an experiment's dataset holds, known without building
// it: a generator's from its settings, AV-MNIST-like data from its builder, a file's from its
// header (labels and splits; no modality values are read). The designer checks a design against
// it, so that the form offers only what the dataset has and a green check means the run finds
// every modality and split it names (the run's own Preflight checks again, on the data).
#include <map>
#include <string>
#include <vector>

#include "core/base/FileIdentity.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh {

struct DatasetShape {
    std::vector<std::string> modalities, splits;

    // Throws InputError naming the file when a dataset file cannot be read.
    static DatasetShape of(const ExperimentSpec& sp);
    // The first role setting this shape lacks, as one line naming the key; "" when none.
    std::string problem(const ExperimentSpec& sp) const;
};

// DatasetShape::of with the files' shapes kept by identity (path, inode, size, mtime), so that a
// form re-validated on every keystroke reads a file's header once, and again after it changes.
class DatasetShapeCache {
  public:
    DatasetShape of(const ExperimentSpec& sp);

  private:
    struct Entry {
        FileIdentity identity;
        DatasetShape shape;
    };
    std::map<std::string, Entry> files_;
};

}  // namespace mfh
