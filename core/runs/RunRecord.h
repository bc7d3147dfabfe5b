#pragma once
// RunRecord: everything a run file holds (docs/formats.md): one training of one network with
// its configuration, provenance, curves, final metrics, weights and, where computed, saliency.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/training/RunStatus.h"

namespace mfh {

struct RunRecord {
    std::string id;
    std::string role;  // teacher | student | baseline | mg-teacher | alg1-pair …
    RunStatus status = RunStatus::Complete;
    nlohmann::json config;  // the run's own settings (model, training, inputs, KD)
    int64_t seed = 0;
    std::string device = "cpu";
    std::string dataset;             // path or generator description
    std::string datasetHash;         // hex content hash
    std::string teacherId;           // for KD students
    std::string key;                 // the training key (16 hex digits); the id holds 12
    std::string startTime, endTime;  // ISO 8601 UTC
    std::map<std::string, double> metrics;
    std::map<std::string, std::vector<double>> curves;
    std::map<std::string, torch::Tensor> weights;         // state dict
    std::map<std::string, std::vector<double>> saliency;  // per tap
    // Per evaluated split: counts [true class][predicted class] of the selected weights.
    std::map<std::string, std::vector<std::vector<int64_t>>> confusion;
};

}  // namespace mfh
