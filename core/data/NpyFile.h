#pragma once
// NpyFile: NumPy's .npy format (version 1.0–3.0) and .npz archives of them (plain or
// compressed, read through libzip). Supported dtypes: bool, int8/16/32/64, uint8, float16/32/64,
// either byte order, C or Fortran order. Anything else (object arrays, structured dtypes,
// strings) is refused with a message that names the file and the dtype.
#include <torch/torch.h>

#include <map>
#include <string>

namespace mfh {

class NpyFile {
  public:
    static torch::Tensor read(const std::string& path);  // throws InputError
    // Parses .npy bytes; `what` names the source in error messages.
    static torch::Tensor parse(const std::string& bytes, const std::string& what);
    // The arrays of an .npz archive by name (without ".npy").
    static std::map<std::string, torch::Tensor> readNpz(const std::string& path);
    // Writes a C-order little-endian .npy (float32, float64, int64, int32, uint8, bool).
    static std::string serialize(const torch::Tensor& t);
    static void write(const torch::Tensor& t, const std::string& path);  // atomic
};

}  // namespace mfh
