#pragma once
// ExperimentDocument: the experiment a designer edits, without widgets or Qt. It holds the
// experiment file's JSON (docs/experiment-config.md) as it is, keys no form knows included,
// loads and saves files (saved atomically, read under core's JSON limits), loads the paper's
// presets, and checks itself with core's parser: the first problem as one line, or the number
// of trials (grid points × seeds) it declares.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

    // Reads an experiment file and takes it if it is a valid experiment; otherwise throws
    // InputError naming the file and its problem, and the document keeps what it held.
    void load(const std::string& path);
    // Writes the experiment (indented JSON) atomically; throws InputError.
    void save(const std::string& path) const;

    // Parses the experiment and every grid point with ExperimentSpec.
    Check check() const;
    std::string problem() const { return check().problem; }  // empty when valid
    std::size_t trials() const { return check().trials(); }  // 0 when invalid

  private:
    nlohmann::json json_;
};

}  // namespace mfh
