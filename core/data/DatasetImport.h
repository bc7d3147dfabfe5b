#pragma once
// DatasetImport: a dataset from a researcher's own files, validated, ready to save in the
// format of docs/formats.md.
//   * NumPy: one .npy per modality plus a labels .npy, or one .npz holding the modalities, the
//     labels ("labels" unless named) and optionally index arrays train/val/test;
//   * CSV: a header row, one sample per line; each modality maps to columns (names, or a
//     prefix ending in '*'); a label column (integers, or class names); an optional split
//     column (train, val, test);
//   * MNIST IDX: images [N, H, W] and labels [N].
// Without explicit splits, a seeded shuffle cuts train/val/test by the given shares. Every
// problem (a missing column, a wrong shape, a length mismatch, NaN, a label that is not a
// class) throws InputError naming the file, the line or array, and what is wrong.
#include <torch/torch.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace mfh {

struct ImportSource {
    std::vector<std::pair<std::string, torch::Tensor>> modalities;  // name -> [N, ...]
    std::map<std::string, std::string> kinds;                       // optional, by name
    torch::Tensor labels;                                           // [N] integers
    std::vector<std::string> classNames;
    std::map<std::string, std::vector<int64_t>> splits;  // empty: cut by shares
    std::string source;                                  // provenance
};

// Without splits in the source, a seeded shuffle cuts train/val/test by these shares. With
// splits in the source, valGiven carves a stratified, seeded share `val` of the training split
// as the validation split (an error when the source has val rows already), and testGiven is an
// error (the source decides the test split).
struct SplitShares {
    double val = 0.1, test = 0.2;
    uint32_t seed = 0;
    bool valGiven = false, testGiven = false;
};

struct CsvMapping {
    std::map<std::string, std::vector<std::string>> modalities;  // name -> column specs
    std::string labelColumn = "label";
    std::string splitColumn;  // optional
    char delimiter = ',';
};

class DatasetImport {
  public:
    static ImportSource fromNpy(const std::map<std::string, std::string>& modalityFiles,
                                const std::string& labelsFile);
    static ImportSource fromNpz(const std::string& path, const std::string& labelsKey = "labels");
    static ImportSource fromCsv(const std::string& path, const CsvMapping& mapping);
    static ImportSource fromIdx(const std::string& imagesFile, const std::string& labelsFile);

    // Checks lengths, label range and finiteness, guesses kinds (vector for [N, D], image for
    // more dimensions) where none is given, and makes the splits.
    static Dataset assemble(const ImportSource& source, const SplitShares& shares = {});
};

}  // namespace mfh
