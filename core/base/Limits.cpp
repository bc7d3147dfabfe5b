#include "core/base/Limits.h"

#include <cstdio>
#include <cstdlib>
#include <limits>

#include "core/base/Error.h"

namespace mfh::limits {

int64_t maxArrayBytes() {
    static const int64_t bytes = [] {
        int64_t gib = 2;
        if (const char* e = std::getenv("MFH_MAX_ARRAY_GB")) {
            char* end = nullptr;
            const long v = std::strtol(e, &end, 10);
            if (end != e && *end == '\0' && v >= 1 && v <= 1024) gib = v;
        }
        return gib << 30;
    }();
    return bytes;
}

std::string bytesText(int64_t b) {
    char buf[48];
    if (b >= (int64_t(1) << 30))
        std::snprintf(buf, sizeof buf, "%.1f GiB", double(b) / double(int64_t(1) << 30));
    else if (b >= (1 << 20))
        std::snprintf(buf, sizeof buf, "%.1f MiB", double(b) / double(1 << 20));
    else
        std::snprintf(buf, sizeof buf, "%lld bytes", static_cast<long long>(b));
    return buf;
}

int64_t checkedProduct(int64_t a, int64_t b, int64_t limit, const std::string& what) {
    if (a < 0 || b < 0) throw InputError(what + ": a size is negative");
    if (a != 0 && b > limit / a)
        throw InputError(what + ": " + std::to_string(a) + " × " + std::to_string(b) +
                         " is more than the limit of " + std::to_string(limit));
    return a * b;
}

int64_t checkedElements(const std::vector<int64_t>& shape, int64_t elementBytes,
                        const std::string& what) {
    if (shape.size() > static_cast<std::size_t>(kMaxDims))
        throw InputError(what + ": " + std::to_string(shape.size()) + " dimensions (at most " +
                         std::to_string(kMaxDims) + ")");
    const int64_t maxBytes = maxArrayBytes();
    int64_t n = 1;
    bool zero = false;
    for (auto d : shape) {
        if (d < 0) throw InputError(what + ": negative dimension " + std::to_string(d));
        if (d == 0) zero = true;
    }
    // The other dimensions are bounded even when one is 0: LibTorch multiplies them all to
    // size an empty tensor, and that product must not overflow either.
    std::string dims;
    for (auto d : shape) dims += (dims.empty() ? "" : " × ") + std::to_string(d);
    for (auto d : shape) {
        if (d == 0) continue;
        if (n > maxBytes / elementBytes / d)
            throw InputError(what + ": the declared size " + dims +
                             " is larger than the limit of " + bytesText(maxBytes) +
                             " per array (MFH_MAX_ARRAY_GB raises it)");
        n *= d;
    }
    return zero ? 0 : n;
}

}  // namespace mfh::limits
