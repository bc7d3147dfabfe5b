#pragma once
// Dataset: N paired samples of named modalities (tensors [N, ...]), integer labels [N] and
// named splits (index lists). The in-memory form of the dataset file of docs/formats.md.
// Modalities are held as float32 on the CPU whatever their type on disk.
// A Dataset is a value: copying shares tensor storage (torch semantics) and is cheap.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mfh {

// Ground truth of the modality Venn diagram, known for generated data
// (docs/science.md#the-modality-venn-diagram).
struct VennTruth {
    double alpha = 0, beta = 0, gamma = 0;
    // Per modality: the columns that carry modality-general decisive information (copies of the
    // shared latent coordinates) and those that carry modality-specific decisive information.
    std::map<std::string, std::vector<int64_t>> sharedColumns;
    std::map<std::string, std::vector<int64_t>> specificColumns;
    // The labelling hyperplane δ over the latent coordinates, and for every column of each
    // modality the latent coordinate it copies (−1: a noise column). Empty when unknown.
    std::vector<double> hyperplane;
    std::map<std::string, std::vector<int64_t>> latentIndex;
};

class Dataset {
  public:
    void addModality(const std::string& name, torch::Tensor values, const std::string& kind);
    void setLabels(std::vector<int64_t> labels, std::vector<std::string> classNames = {});
    void setSplit(const std::string& name, std::vector<int64_t> indices);

    int64_t size() const { return static_cast<int64_t>(labels_.size()); }
    int numClasses() const;
    std::vector<std::string> modalityNames() const;
    bool hasModality(const std::string& name) const { return modalities_.count(name) > 0; }
    // Throws InputError naming the modality and the ones that exist.
    const torch::Tensor& modality(const std::string& name) const;
    const std::string& modalityKind(const std::string& name) const;
    const std::vector<int64_t>& labels() const { return labels_; }
    const std::vector<std::string>& classNames() const { return classNames_; }

    bool hasSplit(const std::string& name) const { return splits_.count(name) > 0; }
    const std::vector<int64_t>& split(const std::string& name) const;  // throws InputError
    std::vector<std::string> splitNames() const;

    // Rows of a split, flattened to [n, features] float32 (a copy). Several modalities are
    // concatenated along the features, in the given order (a multimodal teacher's input).
    torch::Tensor features(const std::vector<std::string>& modalities,
                           const std::string& split) const;
    std::vector<int64_t> labelsOf(const std::string& split) const;

    // Checks every invariant of the format and throws InputError naming the first violation:
    // lengths, label range, finite features, split indices in range and non-empty.
    // requireModalities = false: labels and splits only (a dataset streamed from its file).
    void validate(bool requireModalities = true) const;

    // Standardises every feature of every modality, (x − mean) / std, with the mean and the
    // standard deviation of `split`'s rows only (so nothing of val or test leaks into
    // training); a constant feature keeps std 1. The statistics are kept (standardization())
    // and saved with the dataset. Throws InputError when the split is missing.
    void standardize(const std::string& split);
    struct Standardization {
        std::string split;
        torch::Tensor mean, std;  // per-sample shape of the modality
    };
    const std::map<std::string, Standardization>& standardization() const {
        return standardization_;
    }
    void setStandardization(const std::string& modality, Standardization s) {
        standardization_[modality] = std::move(s);
    }

    // A hash of the content (values, labels, splits), recorded in run files as provenance.
    uint64_t contentHash() const;

    std::optional<VennTruth> truth;
    std::map<std::string, std::string> attributes;  // description, provenance (generator, seed…)

  private:
    struct Modality {
        torch::Tensor values;
        std::string kind;
    };
    std::map<std::string, Modality> modalities_;
    std::vector<std::string> order_;  // insertion order, for stable listings
    std::vector<int64_t> labels_;
    std::vector<std::string> classNames_;
    std::map<std::string, std::vector<int64_t>> splits_;
    std::map<std::string, Standardization> standardization_;
};

}  // namespace mfh
