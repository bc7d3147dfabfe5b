#pragma once
// NetSpec: the architecture of a TapNet, complete enough to rebuild the network from a run
// file (it is stored in the run's config as "model"). An experiment's roles declare one
// without `inputs` and `classes`, which the dataset supplies (LoadedData::network). Networks:
//   linear  input → logits
//   mlp     input → hidden1 … hiddenK → logits
//   cnn     one image-like modality: input → conv1 … convL → features (global average pool)
//           → hidden1 … → logits. Each conv block is conv k×k (padding k/2) → ReLU → max-pool 2.
//   fusion  late fusion, one encoder per modality (a cnn encoder for image-like modalities, a
//           fully connected layer for vectors), features concatenated at the tap "fusion",
//           then hidden1 … → logits. Branch taps are prefixed with the modality: "audio/conv2".
// The network's input is the flat concatenation of its modalities (Dataset::features), which
// it cuts and reshapes per modality using `inputs`.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/base/EnumNames.h"

namespace mfh {

enum class ModelType { Linear, Mlp, Cnn, Fusion };
template <>
struct EnumNames<ModelType> {
    static constexpr std::pair<ModelType, const char*> table[] = {{ModelType::Linear, "linear"},
                                                                  {ModelType::Mlp, "mlp"},
                                                                  {ModelType::Cnn, "cnn"},
                                                                  {ModelType::Fusion, "fusion"}};
};

struct InputPart {
    std::string modality;
    std::vector<int64_t> shape;  // per sample: {D}, {H, W} or {C, H, W}
    int64_t numel() const;
    bool imageLike() const { return shape.size() >= 2; }
};

struct NetSpec {
    ModelType type = ModelType::Linear;
    std::vector<int64_t> hidden;    // fully connected widths after the features
    std::vector<int64_t> channels;  // conv blocks (cnn; the image-like encoders of fusion)
    int kernel = 3;
    int stride = 1;     // of the first convolution (2 halves a large spectrogram at once)
    int64_t width = 0;  // fusion: features of a vector encoder; 0 = the last conv width or 64
    std::vector<InputPart> inputs;
    int64_t classes = 2;

    int64_t inputSize() const;  // the flat input's width
    // Throws InputError naming the first problem (unknown type, a cnn over a vector, …).
    void validate() const;
    nlohmann::json toJson() const;
    static NetSpec fromJson(const nlohmann::json& j);  // throws InputError
    // The "model" object of an experiment's role (docs/experiment-config.md): the layers
    // without inputs and classes, every key checked and named by `path` in errors.
    // fromConfig(toConfig()) gives the same layers back.
    static NetSpec fromConfig(const nlohmann::json& j, const std::string& path);
    nlohmann::json toConfig() const;
};

}  // namespace mfh
