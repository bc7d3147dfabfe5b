#include "core/runs/RunMetadata.h"

#include <hdf5.h>

#include <mutex>

#include "core/base/H5Util.h"
#include "core/base/Limits.h"

namespace mfh {

namespace {

// Closes an HDF5 identifier with its own close function when it goes out of scope.
struct Id {
    hid_t id;
    herr_t (*close)(hid_t);
    ~Id() {
        if (id >= 0) close(id);
    }
};

// The innermost message of HDF5's error stack: the library's reason ("truncated file: eof =
// …"), not the API call that failed.
std::string hdf5Reason() {
    std::string msg;
    H5Ewalk2(
        H5E_DEFAULT, H5E_WALK_DOWNWARD,
        [](unsigned, const H5E_error2_t* e, void* data) -> herr_t {
            if (e->desc && *e->desc) *static_cast<std::string*>(data) = e->desc;
            return 0;
        },
        &msg);
    H5Eclear2(H5E_DEFAULT);
    return msg;
}

// Reads a scalar string attribute (variable or fixed length); false if it is not one.
bool readString(hid_t attr, hid_t type, std::string& out) {
    Id space{H5Aget_space(attr), H5Sclose};
    if (space.id < 0 || H5Sget_simple_extent_npoints(space.id) != 1) return false;
    if (H5Tis_variable_str(type) > 0) {
        Id mem{H5Tcopy(H5T_C_S1), H5Tclose};
        H5Tset_size(mem.id, H5T_VARIABLE);
        H5Tset_cset(mem.id, H5Tget_cset(type));
        char* p = nullptr;
        if (H5Aread(attr, mem.id, &p) < 0) return false;
        out = p ? p : "";
        H5Dvlen_reclaim(mem.id, space.id, H5P_DEFAULT, &p);
        return true;
    }
    const std::size_t len = H5Tget_size(type);
    if (len == 0 || len > limits::kMaxJsonBytes) return false;
    std::string buf(len, '\0');
    Id mem{H5Tcopy(type), H5Tclose};
    if (H5Aread(attr, mem.id, buf.data()) < 0) return false;
    buf.erase(buf.find_last_not_of('\0') + 1);
    out = std::move(buf);
    return true;
}

bool readNumber(hid_t attr, double& out) {
    Id space{H5Aget_space(attr), H5Sclose};
    if (space.id < 0 || H5Sget_simple_extent_npoints(space.id) != 1) return false;
    return H5Aread(attr, H5T_NATIVE_DOUBLE, &out) >= 0;
}

struct Visit {
    RunMetadata* meta;
    bool metrics;  // the /metrics group: numbers only
};

herr_t visitAttribute(hid_t loc, const char* name, const H5A_info_t*, void* data) {
    auto& v = *static_cast<Visit*>(data);
    Id attr{H5Aopen(loc, name, H5P_DEFAULT), H5Aclose};
    if (attr.id < 0) return -1;
    Id type{H5Aget_type(attr.id), H5Tclose};
    const H5T_class_t cls = H5Tget_class(type.id);
    if (cls == H5T_FLOAT || cls == H5T_INTEGER) {
        double x = 0;
        if (readNumber(attr.id, x)) {
            if (v.metrics)
                v.meta->metrics.emplace_back(name, x);
            else
                v.meta->numbers[name] = x;
        }
    } else if (cls == H5T_STRING && !v.metrics) {
        std::string s;
        if (readString(attr.id, type.id, s)) v.meta->strings[name] = std::move(s);
    }
    if (!v.metrics && std::string(name) == "config" && cls != H5T_STRING)
        v.meta->configNotString = true;
    return 0;
}

// The format attribute alone, so that a dataset is told apart without reading the rest.
std::string formatOf(hid_t file) {
    if (H5Aexists(file, "format") <= 0) return {};
    Id attr{H5Aopen(file, "format", H5P_DEFAULT), H5Aclose};
    Id type{H5Aget_type(attr.id), H5Tclose};
    std::string s;
    if (attr.id < 0 || H5Tget_class(type.id) != H5T_STRING || !readString(attr.id, type.id, s))
        return {};
    return s;
}

}  // namespace

RunMetadata RunMetadata::read(const std::string& path) {
    std::lock_guard<std::mutex> lock(h5::libraryMutex());
    h5::silenceErrors();
    RunMetadata m;
    Id file{H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose};
    if (file.id < 0) {
        const std::string reason = hdf5Reason();
        const htri_t isHdf5 = H5Fis_hdf5(path.c_str());
        H5Eclear2(H5E_DEFAULT);
        m.error = isHdf5 > 0
                      ? "unreadable HDF5 file (" + (reason.empty() ? "damaged" : reason) + ")"
                      : "not an HDF5 file";
        return m;
    }
    if (formatOf(file.id) != "mfh-run") {
        H5Eclear2(H5E_DEFAULT);
        m.kind = Kind::Foreign;
        return m;
    }
    Visit root{&m, false};
    hsize_t at = 0;
    if (H5Aiterate2(file.id, H5_INDEX_NAME, H5_ITER_NATIVE, &at, visitAttribute, &root) < 0) {
        m.error = "unreadable run file (" + hdf5Reason() + ")";
        return m;
    }
    if (H5Lexists(file.id, "metrics", H5P_DEFAULT) > 0) {
        Id group{H5Oopen(file.id, "metrics", H5P_DEFAULT), H5Oclose};
        Visit metrics{&m, true};
        at = 0;
        if (group.id < 0 || H5Aiterate2(group.id, H5_INDEX_NAME, H5_ITER_NATIVE, &at,
                                        visitAttribute, &metrics) < 0) {
            m.error = "unreadable metrics (" + hdf5Reason() + ")";
            return m;
        }
    }
    H5Eclear2(H5E_DEFAULT);
    m.kind = Kind::Run;
    return m;
}

}  // namespace mfh
