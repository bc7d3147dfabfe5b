#pragma once
// LoadedData: one dataset as an experiment uses it: the samples (or, when streamed, the labels
// and splits only), a label and a hash that identify it in run files and cache keys, and each
// modality's per-sample shape. It also answers what network a role's model becomes over it.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/base/FileIdentity.h"
#include "core/data/Dataset.h"
#include "core/data/RowSource.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/models/NetSpec.h"

namespace mfh {

// Per-sample shape of each modality ([features] or [C, H, W] …), known without its values.
using Shapes = std::map<std::string, std::vector<int64_t>>;

struct LoadedData {
    Dataset ds;  // without modality values when streamed
    std::string label, hash, path;
    bool stream = false;
    FileIdentity identity;  // of a streamed file when it was loaded
    Shapes shapes;

    // Rows of a split with these modalities: streamed from the file, or from memory.
    std::shared_ptr<const RowSource> rows(const std::vector<std::string>& mods,
                                          const std::string& split) const;
    // The number of columns these modalities give when flattened and concatenated.
    int64_t flatWidth(const std::vector<std::string>& mods) const;
    // The network a model asks for over these modalities. A linear model or an mlp sees one
    // flat vector of `width` columns (the modalities concatenated, or the columns a
    // modality-general teacher keeps); cnn and fusion models see each modality in its shape.
    NetSpec network(const NetSpec& m, const std::vector<std::string>& mods, int classes,
                    int64_t width) const;
    // A role's network over all of its modalities, with the role named in any error.
    NetSpec roleNetwork(const char* role, const RoleSpec& r) const;
};

}  // namespace mfh
