#pragma once
// RowSource: the rows of a sample matrix [rows, width] (a split's samples, the chosen
// modalities flattened and concatenated, as Dataset::features gives them), served by position.
// TensorRows holds them in memory; H5Rows streams them from a dataset file, reading only the
// requested rows of each modality, so resident memory stays at about a batch whatever the size
// of the file. Both give the same values for the same positions. Thread-safe.
#include <torch/torch.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/base/FileIdentity.h"

namespace mfh {

class RowSource {
  public:
    virtual ~RowSource() = default;
    virtual int64_t rows() const = 0;
    virtual int64_t width() const = 0;
    // Rows at these positions (any order, repeats allowed) as float32 [idx.size(), width].
    virtual torch::Tensor get(const std::vector<int64_t>& idx) const = 0;
    // Rows [begin, end) in order.
    torch::Tensor range(int64_t begin, int64_t end) const;
};

class TensorRows : public RowSource {
  public:
    explicit TensorRows(torch::Tensor x);  // [rows, ...], flattened per row
    int64_t rows() const override { return x_.size(0); }
    int64_t width() const override { return x_.size(1); }
    torch::Tensor get(const std::vector<int64_t>& idx) const override;
    const torch::Tensor& tensor() const { return x_; }

  private:
    torch::Tensor x_;
};

class H5Rows : public RowSource {
  public:
    // The rows of `split` of a dataset file, with these modalities. Throws InputError for a
    // missing modality or split, naming what exists. `expected` is the file's identity when
    // the run began: every read checks that the file is still that one (FileIdentity).
    H5Rows(const std::string& path, const std::vector<std::string>& modalities,
           const std::string& split, const FileIdentity& expected);
    ~H5Rows() override;
    int64_t rows() const override { return static_cast<int64_t>(index_.size()); }
    int64_t width() const override { return width_; }
    torch::Tensor get(const std::vector<int64_t>& idx) const override;

  private:
    void open(const std::vector<std::string>& modalities, const std::string& split);
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string path_;
    FileIdentity expected_;
    std::vector<int64_t> index_;  // split position -> file row
    int64_t width_ = 0;
};

}  // namespace mfh
