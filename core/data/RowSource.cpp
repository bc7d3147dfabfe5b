#include "core/data/RowSource.h"

#include <algorithm>
#include <mutex>
#include <numeric>

#include "core/base/Error.h"
#include "core/base/H5Util.h"
#include "core/base/Limits.h"

namespace mfh {

torch::Tensor RowSource::range(int64_t begin, int64_t end) const {
    std::vector<int64_t> idx(static_cast<std::size_t>(std::max<int64_t>(0, end - begin)));
    std::iota(idx.begin(), idx.end(), begin);
    return get(idx);
}

TensorRows::TensorRows(torch::Tensor x)
    : x_(x.reshape({x.size(0), -1}).to(torch::kFloat32).contiguous()) {}

torch::Tensor TensorRows::get(const std::vector<int64_t>& idx) const {
    return x_.index_select(0, torch::tensor(idx, torch::kInt64));
}

namespace {
std::mutex& h5Mutex() {
    return h5::libraryMutex();
}
}  // namespace

struct H5Rows::Impl {
    H5::H5File file;
    std::vector<H5::DataSet> sets;
    std::vector<std::vector<hsize_t>> dims;  // per modality, [N, ...]
    std::vector<int64_t> rowWidth;
    std::vector<std::string> names;
};

H5Rows::H5Rows(const std::string& path, const std::vector<std::string>& modalities,
               const std::string& split, const FileIdentity& expected)
    : impl_(std::make_unique<Impl>()), path_(path), expected_(expected) {
    std::lock_guard<std::mutex> lock(h5Mutex());
    try {
        expected_.expectUnchanged(path_);
        impl_->file = h5::openForRead(path);
        open(modalities, split);
    } catch (const H5::Exception& e) {
        impl_.reset();  // HDF5 objects are closed under the lock
        throw InputError(path + ": unreadable HDF5 content (" + e.getDetailMsg() + ")");
    } catch (...) {
        impl_.reset();
        throw;
    }
}

void H5Rows::open(const std::vector<std::string>& modalities, const std::string& split) {
    const std::string& path = path_;
    if (!h5::exists(impl_->file, "modalities")) throw InputError(path + ": missing /modalities");
    auto mods = impl_->file.openGroup("modalities");
    const auto have = h5::children(mods);
    for (const auto& m : modalities) {
        if (std::find(have.begin(), have.end(), m) == have.end()) {
            std::string list;
            for (const auto& h : have) list += (list.empty() ? "" : ", ") + h;
            throw InputError(path + " has no modality '" + m + "' (has: " + list + ")");
        }
        auto ds = h5::openNumeric(mods, m, path + ": /modalities/" + m);
        auto space = ds.getSpace();
        std::vector<hsize_t> d(space.getSimpleExtentNdims());
        space.getSimpleExtentDims(d.data());
        if (d.empty()) throw InputError(path + ": modality '" + m + "' has no sample dimension");
        if (!impl_->dims.empty() && d[0] != impl_->dims[0][0])
            throw InputError(path + ": modality '" + m + "' has " + std::to_string(d[0]) +
                             " samples, '" + modalities.front() + "' " +
                             std::to_string(impl_->dims[0][0]));
        const std::vector<int64_t> row(d.begin() + 1, d.end());
        const int64_t w = limits::checkedElements(row, 4, path + ": a row of modality '" + m + "'");
        h5::requireWritten(ds, path + ": /modalities/" + m);
        impl_->names.push_back(m);
        impl_->sets.push_back(ds);
        impl_->dims.push_back(d);
        impl_->rowWidth.push_back(w);
        width_ += w;
    }
    if (!h5::exists(impl_->file, "splits")) throw InputError(path + ": missing /splits");
    auto splits = impl_->file.openGroup("splits");
    if (!h5::exists(splits, split)) throw InputError(path + " has no split '" + split + "'");
    index_ = h5::readInt64s(splits, split, "/splits/" + split);
    const auto n = impl_->dims.empty() ? 0 : static_cast<int64_t>(impl_->dims[0][0]);
    for (auto r : index_)
        if (r < 0 || r >= n) throw InputError(path + ": split '" + split + "' is out of range");
}

H5Rows::~H5Rows() {
    std::lock_guard<std::mutex> lock(h5Mutex());
    impl_.reset();
}

torch::Tensor H5Rows::get(const std::vector<int64_t>& idx) const {
    // File rows in ascending order (HDF5 returns a selection in file order), then back into
    // the requested order.
    std::vector<std::pair<int64_t, int64_t>> order;  // (file row, position in idx)
    order.reserve(idx.size());
    for (std::size_t i = 0; i < idx.size(); ++i) {
        if (idx[i] < 0 || idx[i] >= rows()) throw InputError("row position out of range");
        order.emplace_back(index_[idx[i]], static_cast<int64_t>(i));
    }
    std::sort(order.begin(), order.end());
    std::vector<int64_t> unique;
    for (const auto& o : order)
        if (unique.empty() || unique.back() != o.first) unique.push_back(o.first);
    const auto k = static_cast<int64_t>(unique.size());
    auto out = torch::empty({static_cast<int64_t>(idx.size()), width_});
    auto buf = torch::empty({k, width_});
    int64_t col = 0;
    {
        std::lock_guard<std::mutex> lock(h5Mutex());
        // Truncated, rewritten or replaced since the run began: HDF5 would zero-fill reads past
        // the end, or read another file's rows.
        expected_.expectUnchanged(path_);
        try {
            for (std::size_t m = 0; m < impl_->sets.size(); ++m) {
                const auto& d = impl_->dims[m];
                auto space = impl_->sets[m].getSpace();
                space.selectNone();
                std::vector<hsize_t> start(d.size(), 0), count(d);
                // Runs of consecutive rows become one hyperslab each.
                for (int64_t i = 0; i < k;) {
                    int64_t j = i + 1;
                    while (j < k && unique[j] == unique[j - 1] + 1) ++j;
                    start[0] = static_cast<hsize_t>(unique[i]);
                    count[0] = static_cast<hsize_t>(j - i);
                    space.selectHyperslab(H5S_SELECT_OR, count.data(), start.data());
                    i = j;
                }
                std::vector<hsize_t> memDims{static_cast<hsize_t>(k),
                                             static_cast<hsize_t>(impl_->rowWidth[m])};
                H5::DataSpace mem(2, memDims.data());
                auto part = torch::empty({k, impl_->rowWidth[m]});
                impl_->sets[m].read(part.data_ptr<float>(), H5::PredType::NATIVE_FLOAT, mem, space);
                if (!torch::isfinite(part).all().item<bool>())
                    throw InputError(path_ + ": modality '" + impl_->names[m] + "'" +
                                     " has NaN or infinite values in rows near " +
                                     std::to_string(unique.front()));
                buf.narrow(1, col, impl_->rowWidth[m]).copy_(part);
                col += impl_->rowWidth[m];
            }
        } catch (const H5::Exception& e) {
            throw InputError(path_ + ": cannot read rows (" + e.getDetailMsg() + ")");
        }
        expected_.expectUnchanged(path_);  // and not changed while they were read
    }
    // Scatter: the u-th unique row goes to every position that asked for it.
    std::vector<int64_t> src(idx.size()), dst(idx.size());
    int64_t u = -1;
    int64_t last = -1;
    for (std::size_t i = 0; i < order.size(); ++i) {
        if (order[i].first != last) ++u, last = order[i].first;
        src[i] = u, dst[i] = order[i].second;
    }
    out.index_copy_(0, torch::tensor(dst, torch::kInt64),
                    buf.index_select(0, torch::tensor(src, torch::kInt64)));
    return out;
}

}  // namespace mfh
