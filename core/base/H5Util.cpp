#include "core/base/H5Util.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>

#include "core/base/Error.h"
#include "core/base/Limits.h"

namespace mfh::h5 {

void silenceErrors() {
    H5::Exception::dontPrint();
}

H5::H5File openForRead(const std::string& path) {
    silenceErrors();
    if (!std::filesystem::exists(path)) throw InputError("no such file: " + path);
    if (std::filesystem::is_directory(path)) throw InputError(path + " is a folder, not a file");
    if (!std::filesystem::is_regular_file(path))
        throw InputError(path + " is not a regular file (a pipe or a device?)");
    try {
        if (!H5::H5File::isHdf5(path)) throw InputError(path + " is not an HDF5 file");
        return H5::H5File(path, H5F_ACC_RDONLY);
    } catch (const H5::Exception&) {
        throw InputError(path + " is not a readable HDF5 file");
    }
}

MemoryFile::MemoryFile(const std::string& name, std::size_t increment) {
    H5::FileAccPropList fapl;
    H5Pset_fapl_core(fapl.getId(), increment, /*backing_store=*/0);
    file_ = H5::H5File(name, H5F_ACC_TRUNC, H5::FileCreatPropList::DEFAULT, fapl);
}

MemoryFile::~MemoryFile() {
    try {
        file_.close();  // in memory: cannot fail for want of disk
    } catch (const H5::Exception&) {
    }
}

void MemoryFile::writeTo(const std::string& path, const std::string& target) {
    file_.flush(H5F_SCOPE_GLOBAL);
    const ssize_t n = H5Fget_file_image(file_.getId(), nullptr, 0);
    if (n < 0) throw InputError("cannot write " + target + " (no file image)");
    std::vector<char> image(static_cast<std::size_t>(n));
    if (H5Fget_file_image(file_.getId(), image.data(), image.size()) != n)
        throw InputError("cannot write " + target + " (no file image)");
    file_.close();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) throw InputError("cannot write " + target + " (" + std::strerror(errno) + ")");
    std::size_t done = 0;
    while (done < image.size()) {
        const ssize_t w = ::write(fd, image.data() + done, image.size() - done);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) {
            const std::string why = w < 0 ? std::strerror(errno) : "short write";
            ::close(fd);
            throw InputError("cannot write " + target + " (" + why + ")");
        }
        done += static_cast<std::size_t>(w);
    }
    if (::fsync(fd) != 0 && errno != EINVAL) {
        const std::string why = std::strerror(errno);
        ::close(fd);
        throw InputError("cannot write " + target + " (" + why + ")");
    }
    if (::close(fd) != 0)
        throw InputError("cannot write " + target + " (" + std::strerror(errno) + ")");
}

static H5::StrType varString() {
    H5::StrType t(H5::PredType::C_S1, H5T_VARIABLE);
    t.setCset(H5T_CSET_UTF8);
    return t;
}

void writeString(H5::H5Object& obj, const std::string& name, const std::string& value) {
    auto t = varString();
    if (obj.attrExists(name)) obj.removeAttr(name);
    auto a = obj.createAttribute(name, t, H5::DataSpace(H5S_SCALAR));
    const char* c = value.c_str();
    a.write(t, &c);
}

void writeDouble(H5::H5Object& obj, const std::string& name, double value) {
    if (obj.attrExists(name)) obj.removeAttr(name);
    obj.createAttribute(name, H5::PredType::NATIVE_DOUBLE, H5::DataSpace(H5S_SCALAR))
        .write(H5::PredType::NATIVE_DOUBLE, &value);
}

void writeInt(H5::H5Object& obj, const std::string& name, int64_t value) {
    if (obj.attrExists(name)) obj.removeAttr(name);
    obj.createAttribute(name, H5::PredType::NATIVE_INT64, H5::DataSpace(H5S_SCALAR))
        .write(H5::PredType::NATIVE_INT64, &value);
}

void writeStrings(H5::H5Object& obj, const std::string& name, const std::vector<std::string>& v) {
    auto t = varString();
    std::vector<const char*> ptrs;
    for (const auto& s : v) ptrs.push_back(s.c_str());
    hsize_t dims[1] = {v.size()};
    if (obj.attrExists(name)) obj.removeAttr(name);
    auto a = obj.createAttribute(name, t, H5::DataSpace(1, dims));
    if (!v.empty()) a.write(t, ptrs.data());
}

std::optional<std::string> readString(const H5::H5Object& obj, const std::string& name) {
    if (!obj.attrExists(name)) return std::nullopt;
    try {
        auto a = obj.openAttribute(name);
        if (a.getTypeClass() != H5T_STRING) return std::nullopt;
        auto t = a.getStrType();
        std::string out;
        a.read(t, out);
        return out;
    } catch (const H5::Exception&) {
        return std::nullopt;
    }
}

std::optional<double> readDouble(const H5::H5Object& obj, const std::string& name) {
    if (!obj.attrExists(name)) return std::nullopt;
    try {
        auto a = obj.openAttribute(name);
        auto cls = a.getTypeClass();
        if (cls != H5T_FLOAT && cls != H5T_INTEGER) return std::nullopt;
        if (a.getSpace().getSimpleExtentNpoints() != 1) return std::nullopt;
        double v = 0;
        a.read(H5::PredType::NATIVE_DOUBLE, &v);
        return v;
    } catch (const H5::Exception&) {
        return std::nullopt;
    }
}

std::vector<std::string> readStrings(const H5::H5Object& obj, const std::string& name) {
    std::vector<std::string> out;
    if (!obj.attrExists(name)) return out;
    try {
        auto a = obj.openAttribute(name);
        if (a.getTypeClass() != H5T_STRING) return out;
        auto t = a.getStrType();
        const hssize_t n = a.getSpace().getSimpleExtentNpoints();
        if (n < 0 || n > limits::kMaxClasses * 10) return out;  // not a list this program wrote
        if (t.isVariableStr()) {
            std::vector<char*> ptrs(n);
            a.read(t, ptrs.data());
            for (auto* p : ptrs) out.emplace_back(p ? p : "");
            H5::DataSet::vlenReclaim(ptrs.data(), t, a.getSpace());
        } else {
            const std::size_t len = t.getSize();
            if (len > (1u << 16)) return out;
            std::vector<char> buf(len * n);
            a.read(t, buf.data());
            for (hssize_t i = 0; i < n; ++i) {
                std::string s(buf.data() + i * len, len);
                s.erase(s.find_last_not_of('\0') + 1);
                out.push_back(s);
            }
        }
    } catch (const H5::Exception&) {
        out.clear();
    }
    return out;
}

std::vector<std::string> attributeNames(const H5::H5Object& obj) {
    std::vector<std::string> out;
    const int n = obj.getNumAttrs();
    for (int i = 0; i < n; ++i)
        out.push_back(obj.openAttribute(static_cast<unsigned>(i)).getName());
    return out;
}

std::mutex& libraryMutex() {
    static std::mutex m;
    return m;
}

H5::Group createGroup(H5::Group& parent, const std::string& name) {
    const hid_t gcpl = H5Pcreate(H5P_GROUP_CREATE);
    H5Pset_obj_track_times(gcpl, false);
    const hid_t id = H5Gcreate2(parent.getId(), name.c_str(), H5P_DEFAULT, gcpl, H5P_DEFAULT);
    H5Pclose(gcpl);
    if (id < 0) throw InputError("cannot create the group " + name);
    H5::Group g(id);
    H5Gclose(id);  // the C++ object holds its own reference
    return g;
}

const H5::DSetCreatPropList& untimed() {
    static const H5::DSetCreatPropList p = [] {
        H5::DSetCreatPropList l;
        H5Pset_obj_track_times(l.getId(), false);
        return l;
    }();
    return p;
}

void writeTensor(H5::Group& g, const std::string& name, const torch::Tensor& t) {
    auto c = t.detach().to(torch::kCPU).to(torch::kFloat32).contiguous();
    std::vector<hsize_t> dims(c.sizes().begin(), c.sizes().end());
    if (dims.empty()) dims.push_back(1);
    H5::DataSpace space(static_cast<int>(dims.size()), dims.data());
    auto ds = g.createDataSet(name, H5::PredType::IEEE_F32LE, space, untimed());
    ds.write(c.data_ptr<float>(), H5::PredType::NATIVE_FLOAT);
}

void writeInt64s(H5::Group& g, const std::string& name, const std::vector<int64_t>& v) {
    hsize_t dims[1] = {v.size()};
    auto ds = g.createDataSet(name, H5::PredType::STD_I64LE, H5::DataSpace(1, dims), untimed());
    if (!v.empty()) ds.write(v.data(), H5::PredType::NATIVE_INT64);
}

void writeInt64Matrix(H5::Group& g, const std::string& name,
                      const std::vector<std::vector<int64_t>>& m) {
    const hsize_t n = m.size();
    std::vector<int64_t> flat;
    flat.reserve(n * n);
    for (const auto& row : m) {
        if (row.size() != n) throw InputError(name + ": a confusion matrix must be square");
        flat.insert(flat.end(), row.begin(), row.end());
    }
    hsize_t dims[2] = {n, n};
    auto ds = g.createDataSet(name, H5::PredType::STD_I64LE, H5::DataSpace(2, dims), untimed());
    if (!flat.empty()) ds.write(flat.data(), H5::PredType::NATIVE_INT64);
}

void writeDoubles(H5::Group& g, const std::string& name, const std::vector<double>& v) {
    hsize_t dims[1] = {v.size()};
    auto ds = g.createDataSet(name, H5::PredType::IEEE_F64LE, H5::DataSpace(1, dims), untimed());
    if (!v.empty()) ds.write(v.data(), H5::PredType::NATIVE_DOUBLE);
}

void requireWritten(const H5::DataSet& ds, const std::string& what) {
    // A dataset created with a shape but never (or partly) written reads as fill values.
    H5D_space_status_t status{};
    if (H5Dget_space_status(ds.getId(), &status) >= 0 && status != H5D_SPACE_STATUS_ALLOCATED &&
        ds.getSpace().getSimpleExtentNpoints() > 0)
        throw InputError(what + " is declared but not (fully) written: its values are missing");
}

H5::DataSet openNumeric(const H5::Group& g, const std::string& name, const std::string& what) {
    if (!exists(g, name)) throw InputError("missing " + what);
    H5::DataSet ds;
    try {
        ds = g.openDataSet(name);
    } catch (const H5::Exception&) {
        throw InputError(what + " is not a dataset");
    }
    const auto cls = ds.getTypeClass();
    if (cls != H5T_FLOAT && cls != H5T_INTEGER)
        throw InputError(what + " must hold numbers, not " +
                         (cls == H5T_STRING ? std::string("strings") : std::string("this type")));
    return ds;
}

torch::Tensor readTensor(const H5::Group& g, const std::string& name, const std::string& what) {
    auto ds = openNumeric(g, name, what);
    auto space = ds.getSpace();
    const int rank = space.getSimpleExtentNdims();
    std::vector<hsize_t> dims(rank);
    space.getSimpleExtentDims(dims.data());
    std::vector<int64_t> shape;
    for (auto d : dims) {
        if (d > static_cast<hsize_t>(INT64_MAX)) throw InputError(what + ": absurd dimension");
        shape.push_back(static_cast<int64_t>(d));
    }
    limits::checkedElements(shape, 4, what);  // before the allocation
    requireWritten(ds, what);
    auto t = torch::empty(shape, torch::kFloat32);
    // HDF5 converts any stored integer or float type (float16 included) to native float.
    if (t.numel() > 0) ds.read(t.data_ptr<float>(), H5::PredType::NATIVE_FLOAT);
    return t;
}

std::vector<int64_t> readInt64s(const H5::Group& g, const std::string& name,
                                const std::string& what) {
    auto ds = openNumeric(g, name, what);
    if (ds.getTypeClass() != H5T_INTEGER) throw InputError(what + " must hold integers");
    auto space = ds.getSpace();
    if (space.getSimpleExtentNdims() != 1) throw InputError(what + " must be one-dimensional");
    std::vector<int64_t> out(static_cast<std::size_t>(
        limits::checkedElements({static_cast<int64_t>(space.getSimpleExtentNpoints())}, 8, what)));
    if (!out.empty()) ds.read(out.data(), H5::PredType::NATIVE_INT64);
    return out;
}

std::vector<std::vector<int64_t>> readInt64Matrix(const H5::Group& g, const std::string& name,
                                                  const std::string& what) {
    auto ds = openNumeric(g, name, what);
    if (ds.getTypeClass() != H5T_INTEGER) throw InputError(what + " must hold integers");
    auto space = ds.getSpace();
    hsize_t dims[2] = {0, 0};
    if (space.getSimpleExtentNdims() != 2 || (space.getSimpleExtentDims(dims), dims[0] != dims[1]))
        throw InputError(what + " must be a square matrix");
    const auto n = static_cast<int64_t>(dims[0]);
    std::vector<int64_t> flat(static_cast<std::size_t>(limits::checkedElements({n, n}, 8, what)));
    if (!flat.empty()) ds.read(flat.data(), H5::PredType::NATIVE_INT64);
    std::vector<std::vector<int64_t>> m(n);
    for (int64_t i = 0; i < n; ++i) m[i].assign(flat.begin() + i * n, flat.begin() + (i + 1) * n);
    return m;
}

std::vector<double> readDoubles(const H5::Group& g, const std::string& name,
                                const std::string& what) {
    auto ds = openNumeric(g, name, what);
    std::vector<double> out(static_cast<std::size_t>(limits::checkedElements(
        {static_cast<int64_t>(ds.getSpace().getSimpleExtentNpoints())}, 8, what)));
    if (!out.empty()) ds.read(out.data(), H5::PredType::NATIVE_DOUBLE);
    return out;
}

bool exists(const H5::Group& g, const std::string& path) {
    // Check each component so that a missing parent does not raise.
    std::string partial;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        partial += (partial.empty() ? "" : "/") + path.substr(start, end - start);
        if (!g.nameExists(partial)) return false;
        start = end + 1;
    }
    return true;
}

std::vector<std::string> children(const H5::Group& g) {
    std::vector<std::string> out;
    const hsize_t n = g.getNumObjs();
    for (hsize_t i = 0; i < n; ++i) out.push_back(g.getObjnameByIdx(i));
    return out;
}

}  // namespace mfh::h5
