#include "core/IdxFile.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <memory>

#include "core/AtomicFile.h"
#include "core/Error.h"

namespace mfh {

namespace {

struct TypeInfo {
    uint8_t code;
    torch::ScalarType type;
    int size;
};
constexpr TypeInfo kTypes[] = {{0x08, torch::kUInt8, 1},   {0x09, torch::kInt8, 1},
                               {0x0B, torch::kInt16, 2},   {0x0C, torch::kInt32, 4},
                               {0x0D, torch::kFloat32, 4}, {0x0E, torch::kFloat64, 8}};

// Reads the whole (possibly gzipped) file; zlib passes plain files through unchanged.
std::string slurp(const std::string& path) {
    std::unique_ptr<gzFile_s, int (*)(gzFile)> f(gzopen(path.c_str(), "rb"), gzclose);
    if (!f) throw InputError("cannot open " + path);
    std::string out;
    char buf[1 << 16];
    for (;;) {
        const int n = gzread(f.get(), buf, sizeof buf);
        if (n < 0) throw InputError(path + ": corrupt compressed data");
        if (n == 0) break;
        out.append(buf, n);
    }
    return out;
}

void swapBytes(char* p, int64_t count, int size) {
    if (size == 1) return;
    for (int64_t i = 0; i < count; ++i) std::reverse(p + i * size, p + (i + 1) * size);
}

}  // namespace

torch::Tensor IdxFile::read(const std::string& path) {
    const std::string data = slurp(path);
    if (data.size() < 4 || data[0] != 0 || data[1] != 0)
        throw InputError(path + " is not an IDX file (bad magic number)");
    const auto code = static_cast<uint8_t>(data[2]);
    const int ndim = static_cast<uint8_t>(data[3]);
    const TypeInfo* type = nullptr;
    for (const auto& t : kTypes)
        if (t.code == code) type = &t;
    if (!type) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", code);
        throw InputError(path + ": unknown IDX value type " + hex);
    }
    if (ndim < 1) throw InputError(path + ": an IDX file needs at least one dimension");
    if (data.size() < 4 + 4 * static_cast<std::size_t>(ndim))
        throw InputError(path + ": truncated IDX header");
    std::vector<int64_t> dims;
    int64_t count = 1;
    for (int d = 0; d < ndim; ++d) {
        const auto* b = reinterpret_cast<const unsigned char*>(data.data() + 4 + 4 * d);
        dims.push_back((int64_t(b[0]) << 24) | (b[1] << 16) | (b[2] << 8) | b[3]);
        count *= dims.back();
    }
    const std::size_t offset = 4 + 4 * ndim;
    const std::size_t expected = static_cast<std::size_t>(count) * type->size;
    if (data.size() - offset != expected)
        throw InputError(path + ": the dimensions promise " + std::to_string(expected) +
                         " bytes of values but the file holds " +
                         std::to_string(data.size() - offset) + " (truncated or corrupt)");
    auto t = torch::empty(dims, type->type);
    std::memcpy(t.data_ptr(), data.data() + offset, expected);
    swapBytes(static_cast<char*>(t.data_ptr()), count, type->size);  // big-endian on disk
    return t;
}

void IdxFile::write(const torch::Tensor& values, const std::string& path) {
    const auto v = values.contiguous().cpu();
    const TypeInfo* type = nullptr;
    for (const auto& t : kTypes)
        if (t.type == v.scalar_type()) type = &t;
    if (!type)
        throw InputError("IDX cannot hold values of type " +
                         std::string(c10::toString(v.scalar_type())));
    std::string out{0, 0, static_cast<char>(type->code), static_cast<char>(v.dim())};
    for (auto d : v.sizes())
        for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((d >> s) & 0xff);
    std::string body(static_cast<const char*>(v.data_ptr()), v.numel() * type->size);
    swapBytes(body.data(), v.numel(), type->size);
    writeTextAtomically(path, out + body);
}

}  // namespace mfh
