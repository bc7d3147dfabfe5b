#pragma once
// Hashes of the project: content hashes recorded as provenance, and the 64-bit keys that
// identify a training (RunCache) or a dataset. Both are stable across machines and versions:
// run file names are derived from them, so changing either renames every run.
#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace mfh {

// FNV-1a over raw bytes; used for content hashes (Dataset::contentHash, cache file names).
uint64_t hashBytes(const void* data, std::size_t n, uint64_t h = 1469598103934665603ULL);

// Incremental 64-bit hash over words (fast enough to key hundreds of small trainings).
class KeyHasher {
  public:
    KeyHasher& add(const void* data, std::size_t bytes);
    KeyHasher& add(const std::string& s) { return add(s.data(), s.size()); }
    KeyHasher& add(uint64_t v) { return add(&v, sizeof v); }
    KeyHasher& add(const torch::Tensor& t);  // shape and values (any device)
    KeyHasher& add(const std::vector<int64_t>& v) {
        return add(v.data(), v.size() * sizeof(int64_t));
    }
    uint64_t value() const { return h_; }

  private:
    uint64_t h_ = 0x84222325cbf29ce4ULL;
};

// 16 lowercase hex digits.
std::string hex64(uint64_t v);

}  // namespace mfh
