#pragma once
// IdxFile: MNIST's IDX format. A file is a 4-byte magic (0, 0, type, number of dimensions),
// the dimensions as big-endian uint32, then the values in row-major order, big-endian. Types:
// 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64. Files compressed
// with gzip (the form MNIST and Fashion-MNIST ship in) are read transparently.
#include <torch/torch.h>

#include <string>

namespace mfh {

class IdxFile {
  public:
    // The array with its dimensions and type (uint8, int8, int16, int32, float32 or float64).
    // Throws InputError naming the file and the problem: not IDX, an unknown type, a size that
    // does not match the dimensions (a truncated file), or an unreadable file.
    static torch::Tensor read(const std::string& path);
    // Writes uint8, int8, int16, int32, float32 or float64 (uncompressed), atomically.
    static void write(const torch::Tensor& values, const std::string& path);
};

}  // namespace mfh
