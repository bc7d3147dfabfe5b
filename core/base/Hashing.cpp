#include "core/base/Hashing.h"

#include <cstdio>
#include <cstring>

#include "core/base/NumpyRandom.h"

namespace mfh {

uint64_t hashBytes(const void* data, std::size_t n, uint64_t h) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < n; ++i) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

KeyHasher& KeyHasher::add(const void* data, std::size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    std::size_t i = 0;
    for (; i + 8 <= bytes; i += 8) {
        uint64_t w;
        std::memcpy(&w, p + i, 8);
        h_ = (h_ ^ w) * 0x100000001b3ULL;
        h_ ^= h_ >> 29;
    }
    uint64_t tail = bytes;
    for (; i < bytes; ++i) tail = (tail << 8) | p[i];
    h_ = splitmix64(h_ ^ tail);
    return *this;
}

KeyHasher& KeyHasher::add(const torch::Tensor& t) {
    if (!t.defined()) return add(uint64_t{0});
    auto c = t.to(torch::kCPU).contiguous();
    for (auto s : c.sizes()) add(static_cast<uint64_t>(s));
    return add(c.data_ptr(), c.numel() * c.element_size());
}

std::string hex64(uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

}  // namespace mfh
