#include "core/data/IdxFile.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/FileNames.h"
#include "core/base/Limits.h"

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

// A (possibly gzipped) file read piece by piece; zlib passes plain files through unchanged.
class GzReader {
  public:
    explicit GzReader(const std::string& path)
        : path_(path), f_(gzopen(path.c_str(), "rb"), gzclose) {
        if (!f_) throw InputError("cannot open " + path);
    }
    // Reads up to n bytes; returns how many (fewer only at the end).
    std::size_t read(char* dst, std::size_t n) {
        std::size_t done = 0;
        while (done < n) {
            const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, 1u << 30));
            const int got = gzread(f_.get(), dst + done, chunk);
            if (got < 0) throw InputError(path_ + ": corrupt compressed data");
            if (got == 0) break;
            done += static_cast<std::size_t>(got);
        }
        return done;
    }
    bool compressed() { return gzdirect(f_.get()) == 0; }

  private:
    std::string path_;
    std::unique_ptr<gzFile_s, int (*)(gzFile)> f_;
};

void swapBytes(char* p, int64_t count, int size) {
    if (size == 1) return;
    for (int64_t i = 0; i < count; ++i) std::reverse(p + i * size, p + (i + 1) * size);
}

}  // namespace

torch::Tensor IdxFile::read(const std::string& path) {
    std::error_code ec;
    requireRegularFile(path);
    GzReader in(path);
    // The header first: the dimensions it declares are checked against the limits, and only
    // then is the array allocated and filled, so a gzip bomb cannot make the program allocate
    // more than the limit.
    char head[4];
    if (in.read(head, 4) < 4 || head[0] != 0 || head[1] != 0)
        throw InputError(path +
                         (in.compressed()
                              ? ": corrupt gzip data, or no IDX file inside (bad magic number)"
                              : " is not an IDX file (bad magic number)"));
    const auto code = static_cast<uint8_t>(head[2]);
    const int ndim = static_cast<uint8_t>(head[3]);
    const TypeInfo* type = nullptr;
    for (const auto& t : kTypes)
        if (t.code == code) type = &t;
    if (!type) {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", code);
        throw InputError(path + ": unknown IDX value type " + hex);
    }
    if (ndim < 1) throw InputError(path + ": an IDX file needs at least one dimension");
    if (ndim > limits::kMaxDims)
        throw InputError(path + ": " + std::to_string(ndim) + " dimensions (at most " +
                         std::to_string(limits::kMaxDims) + ")");
    std::vector<unsigned char> dimBytes(4 * static_cast<std::size_t>(ndim));
    if (in.read(reinterpret_cast<char*>(dimBytes.data()), dimBytes.size()) < dimBytes.size())
        throw InputError(path + ": truncated IDX header");
    std::vector<int64_t> dims;
    for (int d = 0; d < ndim; ++d) {
        const unsigned char* b = dimBytes.data() + 4 * d;
        dims.push_back((int64_t(b[0]) << 24) | (int64_t(b[1]) << 16) | (int64_t(b[2]) << 8) |
                       int64_t(b[3]));
    }
    const int64_t count = limits::checkedElements(dims, type->size, path);
    const std::size_t expected = static_cast<std::size_t>(count) * type->size;
    auto t = torch::empty(dims, type->type);
    const std::size_t got = expected ? in.read(static_cast<char*>(t.data_ptr()), expected) : 0;
    char extra;
    if (got < expected || in.read(&extra, 1) > 0)
        throw InputError(path + ": the dimensions promise " + std::to_string(expected) +
                         " bytes of values but the file holds " +
                         (got < expected ? std::to_string(got) : "more") +
                         " (truncated or corrupt)");
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
