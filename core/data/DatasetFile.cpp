#include "core/data/DatasetFile.h"

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/H5Util.h"

namespace mfh {

std::map<std::string, std::vector<int64_t>> DatasetFile::shapes(const std::string& path) {
    std::lock_guard<std::mutex> lock(h5::libraryMutex());
    auto file = h5::openForRead(path);
    if (!h5::exists(file, "modalities")) throw InputError(path + ": missing group /modalities");
    std::map<std::string, std::vector<int64_t>> out;
    try {
        auto mods = file.openGroup("modalities");
        for (const auto& name : h5::children(mods)) {
            auto ds = h5::openNumeric(mods, name, path + ": /modalities/" + name);
            auto space = ds.getSpace();
            std::vector<hsize_t> d(space.getSimpleExtentNdims());
            space.getSimpleExtentDims(d.data());
            if (d.empty()) throw InputError(path + ": /modalities/" + name + " is a scalar");
            out[name] = std::vector<int64_t>(d.begin(), d.end());
        }
    } catch (const H5::Exception& e) {
        throw InputError(path + ": unreadable HDF5 content (" + e.getDetailMsg() + ")");
    }
    return out;
}

Dataset DatasetFile::load(const std::string& path, bool withValues) {
    std::lock_guard<std::mutex> lock(h5::libraryMutex());
    auto file = h5::openForRead(path);
    try {
        const auto format = h5::readString(file, "format");
        if (format && *format != "mfh-dataset")
            throw InputError(path + " is a '" + *format + "' file, not an mfh-dataset");
        if (auto v = h5::readDouble(file, "version"); v && *v > kVersion)
            throw InputError(path + " has dataset format version " + std::to_string(int(*v)) +
                             ", newer than this program reads (" + std::to_string(kVersion) + ")");
        if (!h5::exists(file, "modalities")) throw InputError(path + ": missing group /modalities");
        if (!h5::exists(file, "labels")) throw InputError(path + ": missing dataset /labels");
        if (!h5::exists(file, "splits")) throw InputError(path + ": missing group /splits");

        Dataset ds;
        auto mods = file.openGroup("modalities");
        for (const auto& name : h5::children(mods)) {
            if (!withValues) continue;
            auto t = h5::readTensor(mods, name, "/modalities/" + name);
            auto d = mods.openDataSet(name);
            ds.addModality(name, t, h5::readString(d, "kind").value_or("vector"));
        }
        auto root = file.openGroup("/");
        auto labels = h5::readInt64s(root, "labels", "/labels");
        auto labelsDs = root.openDataSet("labels");
        ds.setLabels(std::move(labels), h5::readStrings(labelsDs, "class_names"));
        auto splits = file.openGroup("splits");
        for (const auto& name : h5::children(splits))
            ds.setSplit(name, h5::readInt64s(splits, name, "/splits/" + name));

        if (h5::exists(file, "truth/mvd")) {
            auto mvd = file.openGroup("truth/mvd");
            VennTruth truth;
            truth.alpha = h5::readDouble(mvd, "alpha").value_or(0);
            truth.beta = h5::readDouble(mvd, "beta").value_or(0);
            truth.gamma = h5::readDouble(mvd, "gamma").value_or(0);
            for (const char* group : {"shared_columns", "specific_columns"}) {
                const std::string g = std::string("truth/") + group;
                if (!h5::exists(file, g)) continue;
                auto grp = file.openGroup(g);
                for (const auto& m : h5::children(grp)) {
                    auto cols = h5::readInt64s(grp, m, "/" + g + "/" + m);
                    (std::string(group) == "shared_columns" ? truth.sharedColumns
                                                            : truth.specificColumns)[m] = cols;
                }
            }
            auto truthGroup = file.openGroup("truth");
            if (h5::exists(truthGroup, "hyperplane"))
                truth.hyperplane = h5::readDoubles(truthGroup, "hyperplane", "/truth/hyperplane");
            if (h5::exists(file, "truth/latent_index")) {
                auto grp = file.openGroup("truth/latent_index");
                for (const auto& m : h5::children(grp))
                    truth.latentIndex[m] = h5::readInt64s(grp, m, "/truth/latent_index/" + m);
            }
            ds.truth = truth;
        }
        if (h5::exists(file, "standardization")) {
            auto st = file.openGroup("standardization");
            for (const auto& name : h5::children(st)) {
                const std::string where = "/standardization/" + name;
                auto g = st.openGroup(name);
                ds.setStandardization(name, {h5::readString(g, "split").value_or("train"),
                                             h5::readTensor(g, "mean", where + "/mean"),
                                             h5::readTensor(g, "std", where + "/std")});
            }
        }
        for (const auto& a : h5::attributeNames(file)) {
            if (a == "format" || a == "version") continue;
            if (auto s = h5::readString(file, a)) ds.attributes[a] = *s;
        }
        try {
            ds.validate(withValues);
        } catch (const InputError& e) {
            throw InputError(path + ": " + e.what());
        }
        return ds;
    } catch (const H5::Exception& e) {
        throw InputError(path + ": unreadable HDF5 content (" + e.getDetailMsg() + ")");
    } catch (const InputError& e) {
        const std::string what = e.what();
        if (what.find(path) != std::string::npos) throw;
        throw InputError(path + ": " + what);
    }
}

void DatasetFile::save(const Dataset& dataset, const std::string& path) {
    dataset.validate();
    std::lock_guard<std::mutex> lock(h5::libraryMutex());
    h5::silenceErrors();
    AtomicFile out(path);
    try {
        h5::MemoryFile image(out.tempPath());
        H5::H5File& file = image.file();
        h5::writeString(file, "format", "mfh-dataset");
        h5::writeInt(file, "version", kVersion);
        for (const auto& kv : dataset.attributes) h5::writeString(file, kv.first, kv.second);
        auto mods = h5::createGroup(file, "modalities");
        for (const auto& name : dataset.modalityNames()) {
            h5::writeTensor(mods, name, dataset.modality(name));
            auto d = mods.openDataSet(name);
            h5::writeString(d, "kind", dataset.modalityKind(name));
        }
        auto root = file.openGroup("/");
        h5::writeInt64s(root, "labels", dataset.labels());
        auto labels = root.openDataSet("labels");
        auto names = dataset.classNames();
        if (names.empty())
            for (int c = 0; c < dataset.numClasses(); ++c) names.push_back(std::to_string(c));
        h5::writeStrings(labels, "class_names", names);
        auto splits = h5::createGroup(file, "splits");
        for (const auto& s : dataset.splitNames()) h5::writeInt64s(splits, s, dataset.split(s));
        if (dataset.truth) {
            const auto& t = *dataset.truth;
            h5::createGroup(file, "truth");
            auto mvd = h5::createGroup(file, "truth/mvd");
            h5::writeDouble(mvd, "alpha", t.alpha);
            h5::writeDouble(mvd, "beta", t.beta);
            h5::writeDouble(mvd, "gamma", t.gamma);
            auto truthGroup = file.openGroup("truth");
            h5::writeMap(truthGroup, "shared_columns", t.sharedColumns, h5::writeInt64s);
            h5::writeMap(truthGroup, "specific_columns", t.specificColumns, h5::writeInt64s);
            h5::writeMap(truthGroup, "latent_index", t.latentIndex, h5::writeInt64s);
            if (!t.hyperplane.empty()) h5::writeDoubles(truthGroup, "hyperplane", t.hyperplane);
        }
        if (!dataset.standardization().empty()) {
            auto st = h5::createGroup(file, "standardization");
            for (const auto& [name, s] : dataset.standardization()) {
                auto g = h5::createGroup(st, name);
                h5::writeString(g, "split", s.split);
                h5::writeTensor(g, "mean", s.mean);
                h5::writeTensor(g, "std", s.std);
            }
        }
        image.writeTo(out.tempPath(), path);
    } catch (const H5::Exception& e) {
        throw InputError("cannot write " + path + " (" + e.getDetailMsg() + ")");
    }
    out.commit();
}

}  // namespace mfh
