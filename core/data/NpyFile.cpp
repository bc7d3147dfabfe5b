#include "core/data/NpyFile.h"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/FileNames.h"
#include "core/base/Limits.h"

namespace mfh {

namespace {

struct Dtype {
    const char* code;  // without the byte-order character
    torch::ScalarType type;
    int size;
};
constexpr Dtype kDtypes[] = {
    {"b1", torch::kBool, 1},    {"i1", torch::kInt8, 1},    {"u1", torch::kUInt8, 1},
    {"i2", torch::kInt16, 2},   {"i4", torch::kInt32, 4},   {"i8", torch::kInt64, 8},
    {"f2", torch::kFloat16, 2}, {"f4", torch::kFloat32, 4}, {"f8", torch::kFloat64, 8}};

// The value of 'key' in the header's Python dict literal, as raw text.
std::string field(const std::string& header, const std::string& key, const std::string& what) {
    const auto k = header.find("'" + key + "'");
    if (k == std::string::npos) throw InputError(what + ": the .npy header lacks '" + key + "'");
    auto v = header.find(':', k);
    if (v == std::string::npos) throw InputError(what + ": malformed .npy header");
    ++v;
    while (v < header.size() && header[v] == ' ') ++v;
    if (v >= header.size()) throw InputError(what + ": malformed .npy header");
    const char open = header[v];
    if (open == '\'') return header.substr(v + 1, header.find('\'', v + 1) - v - 1);
    if (open == '(') return header.substr(v + 1, header.find(')', v) - v - 1);
    const auto end = header.find_first_of(",}", v);
    return header.substr(v, end - v);
}

std::string slurp(const std::string& path) {
    std::error_code ec;
    requireRegularFile(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot open " + path);
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && static_cast<int64_t>(size) > limits::maxArrayBytes() + (1 << 20))
        throw InputError(path + ": " + limits::bytesText(static_cast<int64_t>(size)) +
                         " is more than the limit of " +
                         limits::bytesText(limits::maxArrayBytes()) +
                         " per array (MFH_MAX_ARRAY_GB raises it)");
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

namespace {

struct NpyHeader {
    const Dtype* dt = nullptr;
    char order = '<';
    bool fortran = false;
    std::vector<int64_t> shape;
    int64_t count = 0;
    std::size_t offset = 0, bytes = 0;  // where the values start, and their size
};

// The preamble and header of .npy bytes: needs only the first offset bytes of `b`, and checks
// the declared size against the limits before anything is allocated.
NpyHeader parseHeader(const std::string& b, const std::string& what) {
    NpyHeader h;
    if (b.size() < 10 || b.compare(0, 6, "\x93NUMPY") != 0)
        throw InputError(what + " is not a .npy array (bad magic)");
    const int major = static_cast<unsigned char>(b[6]);
    std::size_t headerLen, at;
    if (major == 1) {
        headerLen = static_cast<unsigned char>(b[8]) | (static_cast<unsigned char>(b[9]) << 8);
        at = 10;
    } else if (major == 2 || major == 3) {
        if (b.size() < 12) throw InputError(what + ": truncated .npy header");
        headerLen = 0;
        for (int i = 3; i >= 0; --i)
            headerLen = (headerLen << 8) | static_cast<unsigned char>(b[8 + i]);
        at = 12;
    } else {
        throw InputError(what + ": unsupported .npy version " + std::to_string(major));
    }
    if (headerLen > (1u << 20)) throw InputError(what + ": the .npy header is implausibly long");
    if (b.size() < at + headerLen) throw InputError(what + ": truncated .npy header");
    const std::string header = b.substr(at, headerLen);
    h.offset = at + headerLen;
    const std::string descr = field(header, "descr", what);
    h.fortran = field(header, "fortran_order", what).find("True") != std::string::npos;
    std::stringstream dims(field(header, "shape", what));
    for (std::string d; std::getline(dims, d, ',');) {
        d.erase(std::remove(d.begin(), d.end(), ' '), d.end());
        if (d.empty()) continue;
        std::size_t used = 0;
        long long v = 0;
        try {
            v = std::stoll(d, &used);
        } catch (const std::exception&) {
            throw InputError(what + ": malformed shape in the .npy header");
        }
        if (used != d.size()) throw InputError(what + ": malformed shape in the .npy header");
        if (v < 0) throw InputError(what + ": negative dimension");
        h.shape.push_back(v);
    }
    if (descr.size() < 2) throw InputError(what + ": unsupported dtype '" + descr + "'");
    h.order = descr[0];
    const std::string code = descr.substr(1);
    for (const auto& d : kDtypes)
        if (code == d.code) h.dt = &d;
    if (!h.dt || (h.order != '<' && h.order != '>' && h.order != '|' && h.order != '='))
        throw InputError(what + ": unsupported dtype '" + descr +
                         "' (numbers and booleans only: bool, int8-64, uint8, float16-64)");
    h.count = limits::checkedElements(h.shape, h.dt->size, what);
    h.bytes = static_cast<std::size_t>(h.count) * h.dt->size;
    return h;
}

// How many bytes the header and the preamble take (readable from the first 12 bytes), or 0
// when `b` is too short to say.
std::size_t preambleLength(const std::string& b, const std::string& what) {
    if (b.size() < 10) return 0;
    if (b.compare(0, 6, "\x93NUMPY") != 0)
        throw InputError(what + " is not a .npy array (bad magic)");
    const int major = static_cast<unsigned char>(b[6]);
    if (major == 1)
        return 10 + (static_cast<unsigned char>(b[8]) | (static_cast<unsigned char>(b[9]) << 8));
    if (b.size() < 12) return 0;
    std::size_t len = 0;
    for (int i = 3; i >= 0; --i) len = (len << 8) | static_cast<unsigned char>(b[8 + i]);
    if (len > (1u << 20)) throw InputError(what + ": the .npy header is implausibly long");
    return 12 + len;
}

}  // namespace

torch::Tensor NpyFile::parse(const std::string& b, const std::string& what) {
    const NpyHeader h = parseHeader(b, what);
    const std::size_t at = h.offset, bytes = h.bytes;
    const int64_t count = h.count;
    const auto* dt = h.dt;
    const bool fortran = h.fortran;
    const char order = h.order;
    const auto& shape = h.shape;
    if (b.size() - at < bytes)
        throw InputError(what + ": the header promises " + std::to_string(bytes) +
                         " bytes of values but only " + std::to_string(b.size() - at) +
                         " follow (truncated)");
    // Fortran order is C order of the reversed shape, transposed back.
    std::vector<int64_t> stored = shape;
    if (fortran) std::reverse(stored.begin(), stored.end());
    auto t = torch::empty(stored, dt->type);
    if (bytes > 0) std::memcpy(t.data_ptr(), b.data() + at, bytes);
    if (order == '>' && dt->size > 1) {
        auto* p = static_cast<char*>(t.data_ptr());
        for (int64_t i = 0; i < count; ++i) std::reverse(p + i * dt->size, p + (i + 1) * dt->size);
    }
    if (fortran && t.dim() > 1) {
        std::vector<int64_t> perm(t.dim());
        for (int64_t i = 0; i < t.dim(); ++i) perm[i] = t.dim() - 1 - i;
        t = t.permute(perm).contiguous();
    }
    return t;
}

torch::Tensor NpyFile::read(const std::string& path) {
    return parse(slurp(path), path);
}

std::map<std::string, torch::Tensor> NpyFile::readNpz(const std::string& path) {
    int err = 0;
    std::unique_ptr<zip_t, int (*)(zip_t*)> z(zip_open(path.c_str(), ZIP_RDONLY, &err), zip_close);
    if (!z) {
        zip_error_t e;
        zip_error_init_with_code(&e, err);
        const std::string msg = zip_error_strerror(&e);
        zip_error_fini(&e);
        throw InputError(path + " is not a readable .npz archive (" + msg + ")");
    }
    std::map<std::string, torch::Tensor> out;
    const zip_int64_t n = zip_get_num_entries(z.get(), 0);
    for (zip_int64_t i = 0; i < n; ++i) {
        zip_stat_t st;
        if (zip_stat_index(z.get(), i, 0, &st) != 0) throw InputError(path + ": unreadable entry");
        std::string name = st.name;
        if (name.size() < 4 || name.compare(name.size() - 4, 4, ".npy") != 0) continue;
        std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen_index(z.get(), i, 0),
                                                            zip_fclose);
        if (!f) throw InputError(path + ": cannot read " + name);
        // The sizes an archive declares are not trusted: the member's own .npy header says how
        // many bytes follow; that is checked against the limit, then read, and the member must
        // end there. A zip bomb stops at the limit; a lying directory at the real data.
        const std::string what = path + ":" + name;
        std::string bytes;
        auto readMore = [&](std::size_t want) {
            const std::size_t at = bytes.size();
            bytes.resize(at + want);
            const zip_int64_t got = zip_fread(f.get(), bytes.data() + at, want);
            if (got < 0)
                throw InputError(what + " is corrupt (" + zip_file_strerror(f.get()) + ")");
            bytes.resize(at + static_cast<std::size_t>(got));
            return static_cast<std::size_t>(got);
        };
        std::size_t pre = 0;
        while ((pre = preambleLength(bytes, what)) == 0 && readMore(12 - bytes.size()) > 0) {
        }
        if (pre == 0) throw InputError(what + ": truncated .npy header");
        while (bytes.size() < pre && readMore(pre - bytes.size()) > 0) {
        }
        const NpyHeader h = parseHeader(bytes, what);
        const std::size_t total = h.offset + h.bytes;
        bytes.reserve(total);
        while (bytes.size() < total &&
               readMore(std::min<std::size_t>(total - bytes.size(), 1 << 24)) > 0) {
        }
        if (bytes.size() < total)
            throw InputError(what + " is truncated (" + std::to_string(bytes.size()) + " of " +
                             std::to_string(total) + " bytes)");
        char extra;
        if (zip_fread(f.get(), &extra, 1) > 0)
            throw InputError(what + " holds more bytes than its header declares");
        const std::string key = name.substr(0, name.size() - 4);
        out[key] = parse(bytes, path + ":" + key);
    }
    if (out.empty()) throw InputError(path + " holds no .npy arrays");
    return out;
}

std::string NpyFile::serialize(const torch::Tensor& tIn) {
    const auto t = tIn.contiguous().cpu();
    const Dtype* dt = nullptr;
    for (const auto& d : kDtypes)
        if (d.type == t.scalar_type()) dt = &d;
    if (!dt) throw InputError("cannot write this dtype to .npy");
    std::string shape;
    for (auto d : t.sizes()) shape += std::to_string(d) + ", ";
    if (t.dim() > 1) shape.resize(shape.size() - 2);
    std::string header = std::string("{'descr': '") + (dt->size == 1 ? '|' : '<') + dt->code +
                         "', 'fortran_order': False, 'shape': (" + shape + "), }";
    while ((10 + header.size() + 1) % 64 != 0) header += ' ';
    header += '\n';
    std::string out = "\x93NUMPY";
    out += '\x01';
    out += '\x00';
    out += static_cast<char>(header.size() & 0xff);
    out += static_cast<char>(header.size() >> 8);
    out += header;
    out.append(static_cast<const char*>(t.data_ptr()), t.numel() * dt->size);
    return out;
}

void NpyFile::write(const torch::Tensor& t, const std::string& path) {
    writeTextAtomically(path, serialize(t));
}

}  // namespace mfh
