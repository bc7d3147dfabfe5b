#pragma once
// ExperimentDocument: the experiment a designer edits, without widgets or Qt. It holds the
// experiment file's JSON (docs/experiment-config.md) as it is, keys no form knows included,
// loads and saves files (saved atomically, read under core's JSON limits), loads the paper's
// presets, and checks itself with core's parser and against the dataset it names (DatasetShape:
// its modalities and splits): the first problem as one line, or the number of trials (grid
// points × seeds) it declares.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/experiments/DatasetShape.h"
#include "core/experiments/ExperimentSpec.h"

namespace mfh {

class ExperimentDocument {
  public:
    // The outcome of a check: no problem and the trial count, or the first problem.
    struct Check {
        std::string problem;  // one line; empty when the experiment is valid
        std::size_t points = 0, seeds = 0;
        bool ok() const { return problem.empty(); }
        std::size_t trials() const { return points * seeds; }
    };

    ExperimentDocument();  // an empty experiment (an object without keys)

    const nlohmann::json& json() const { return json_; }
    // Replaces the whole experiment; anything but an object becomes an empty one.
    void setJson(nlohmann::json j);
    // One setting by its dotted path, e.g. "student.train.epochs" (objects made on the way).
    void set(const std::string& path, nlohmann::json value);
    // The value at a dotted path, or null.
    nlohmann::json get(const std::string& path) const;

    // Trains on another dataset (an experiment file's "dataset" object). Sweep axes over the
    // previous dataset's settings ("dataset.…") no longer apply and go; a paper layout without
    // a sweep left becomes "grid".
    void useDataset(const nlohmann::json& dataset);

    // The paper's experiments (name, title), and loading one by name (throws InputError).
    static const std::vector<PaperExperimentInfo>& presets() { return paperExperiments(); }
    void loadPreset(const std::string& name);
    // A design of one's own that runs as it is: generated data with every part of the Venn
    // diagram (|G| = |A| = |B| = 10, 30 noise channels each, 1,000 training rows), a linear
    // teacher on a and student on b trained as in Fig. 2, standard KD, 5 seeds, no sweep.
    void loadDefaults();

    // Reads an experiment file and takes it if it is a valid experiment; otherwise throws
    // InputError naming the file and its problem, and the document keeps what it held.
    void load(const std::string& path);
    // Writes the experiment (indented JSON) atomically; throws InputError.
    void save(const std::string& path) const;

    // Parses the experiment and every grid point with ExperimentSpec, and checks each point's
    // modalities and splits against its dataset.
    Check check() const;
    // The modalities and splits of the dataset the experiment (its first grid point) uses;
    // empty when the experiment does not parse or its dataset file cannot be read.
    DatasetShape datasetShape() const;
    std::string problem() const { return check().problem; }  // empty when valid
    std::size_t trials() const { return check().trials(); }  // 0 when invalid

  private:
    nlohmann::json json_;
    mutable DatasetShapeCache shapes_;
};

}  // namespace mfh
