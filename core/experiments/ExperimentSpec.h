#pragma once
// ExperimentSpec: a declared experiment (docs/experiment-config.md): a dataset (file or
// generator), a teacher and a unimodal student, KD weights, an optional intervention, a grid of
// sweep axes and the seeds. Parsed from JSON with every key checked: an unknown key, a wrong
// type or an out-of-range value throws InputError naming the key path.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/analysis/Algorithm1.h"
#include "core/analysis/Intervention.h"
#include "core/data/VennGenerator.h"
#include "core/data/avmnist/AvMnistBuilder.h"
#include "core/experiments/ReportLayout.h"
#include "core/models/NetSpec.h"
#include "core/training/TrainConfig.h"

namespace mfh {

struct RoleSpec {
    std::vector<std::string> modalities;  // teacher: one or several; student: exactly one
    std::string split = "train";          // the split this role trains on
    NetSpec model;                        // without inputs and classes: the dataset gives them
    TrainConfig train;                    // the student's carries the experiment's "kd" weights
    // Teacher only: a run file whose network is the teacher (its stored model and weights),
    // instead of training one.
    std::string run;

    nlohmann::json toJson(bool student) const;  // the role's object of an experiment file
};

struct InterventionSpec {
    InterventionType type = InterventionType::None;
    InterventionMode mode = InterventionMode::None;  // one of Intervention::modesOf(type)
    int keep = 0;         // mg-teacher channels to keep; 0 = the number of true shared ones
    double ratio = 0.75;  // removal ratio
    SaliencySource source = SaliencySource::Joint;  // Algorithm 1's networks
    Algorithm1Config alg1;

    // The "intervention" object (docs/experiment-config.md); fromJson(toJson()) round-trips.
    static InterventionSpec fromJson(const nlohmann::json& j, const std::string& path);
    nlohmann::json toJson() const;
};

struct SweepAxis {
    std::string param;  // dotted path into the config, e.g. kd.w_kd
    std::vector<nlohmann::json> values;
};

struct ExperimentSpec {
    std::string name = "experiment";
    std::string title;  // shown by menus and reports; optional
    ReportLayout report = ReportLayout::Grid;
    std::string datasetPath;
    std::optional<VennSpec> generator;
    std::optional<AvMnistOptions> avmnist;  // built once into the cache folder
    bool stream = false;  // train from the file batch by batch instead of loading it
    // Standardise every feature with the train split's statistics when the data are loaded
    // (Dataset::standardize): for unscaled features, which diverge at the default rates.
    bool standardize = false;
    std::vector<uint32_t> seeds{0};
    RoleSpec teacher, student;
    InterventionSpec intervention;
    std::vector<SweepAxis> sweep;
    Engine engine = Engine::Auto;
    std::string device = "cpu";  // cpu | cuda | auto
    int threads = 0;             // parallel runs; 0 = one per core

    nlohmann::json source;  // the JSON this was parsed from (sweep points patch it)

    static ExperimentSpec fromJson(const nlohmann::json& j);
    static const std::vector<std::string>& devices();  // "cpu", "cuda", "auto"
    static ExperimentSpec fromFile(const std::string& path);
    // Every setting as an experiment file states it, defaults written out:
    // fromJson(toJson()) gives the same experiment (tested for every shipped example).
    nlohmann::json toJson() const;
    // The spec at one grid point: `source` with each axis' value set at its path, re-parsed.
    ExperimentSpec at(const std::vector<nlohmann::json>& point) const;
    std::size_t gridSize() const;
    std::vector<std::vector<nlohmann::json>> gridPoints() const;  // row-major over axes
};

// The paper's experiments, compiled in from resources/experiments (the list is
// MFH_PAPER_EXPERIMENTS in core/CMakeLists.txt): menus, `mfh reproduce` and its help read it.
struct PaperExperimentInfo {
    std::string name, title;
    bool synthetic = false;  // generated data (no download or package needed)
};
const std::vector<PaperExperimentInfo>& paperExperiments();
std::string paperExperimentNames();                       // "fig2, fig3, …", in the list's order
nlohmann::json paperExperiment(const std::string& name);  // throws InputError naming the list

}  // namespace mfh
