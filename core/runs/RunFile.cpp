#include "core/runs/RunFile.h"

#include <torch/version.h>

#include <mutex>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/H5Util.h"
#include "core/base/JsonReader.h"
#include "core/base/Version.h"

namespace mfh {

static std::mutex& h5Mutex() {
    return h5::libraryMutex();
}

void RunFile::save(const RunRecord& run, const std::string& path) {
    std::lock_guard<std::mutex> lock(h5Mutex());
    h5::silenceErrors();
    AtomicFile out(path);
    try {
        // Run files are kilobytes to a few megabytes (weights): grow the image by 1 MB.
        h5::MemoryFile image(out.tempPath(), 1 << 20);
        H5::H5File& f = image.file();
        h5::writeString(f, "format", "mfh-run");
        h5::writeInt(f, "version", kVersion);
        h5::writeString(f, "id", run.id);
        h5::writeString(f, "role", run.role);
        h5::writeString(f, "status", nameOf(run.status));
        h5::writeString(f, "config", run.config.dump());
        h5::writeInt(f, "seed", run.seed);
        h5::writeString(f, "device", run.device);
        h5::writeString(f, "app_version", version());
        h5::writeString(f, "git_revision", gitRevision());
        h5::writeString(f, "libtorch_version", TORCH_VERSION);
        h5::writeString(f, "dataset", run.dataset);
        h5::writeString(f, "dataset_hash", run.datasetHash);
        h5::writeString(f, "teacher_run", run.teacherId);
        h5::writeString(f, "start_time", run.startTime);
        h5::writeString(f, "end_time", run.endTime);
        h5::writeString(f, "key", run.key);
        h5::writeMap(f, "curves", run.curves, h5::writeDoubles);
        h5::writeMap(f, "metrics", run.metrics, [](H5::Group& g, const std::string& k, double v) {
            h5::writeDouble(g, k, v);
        });
        h5::writeMap(f, "weights", run.weights, h5::writeTensor);
        h5::writeMap(f, "saliency", run.saliency, h5::writeDoubles);
        h5::writeMap(f, "confusion", run.confusion, h5::writeInt64Matrix);
        image.writeTo(out.tempPath(), path);
    } catch (const H5::Exception& e) {
        throw InputError("cannot write run file " + path + " (" + e.getDetailMsg() + ")");
    }
    out.commit();
}

RunRecord RunFile::load(const std::string& path, bool withWeights) {
    std::lock_guard<std::mutex> lock(h5Mutex());
    auto f = h5::openForRead(path);
    try {
        if (h5::readString(f, "format").value_or("") != "mfh-run")
            throw InputError(path + " is not an mfh run file (attribute format != mfh-run)");
        if (auto v = h5::readDouble(f, "version"); v && *v > RunFile::kVersion)
            throw InputError(path + " has run format version " + std::to_string(int(*v)) +
                             ", newer than this program reads (" +
                             std::to_string(RunFile::kVersion) + ")");
        if (f.attrExists("config") && !h5::readString(f, "config"))
            throw InputError(path + ": the config attribute is not a JSON string");
        RunRecord r;
        r.id = h5::readString(f, "id").value_or("");
        r.role = h5::readString(f, "role").value_or("");
        const auto status = h5::readString(f, "status");
        if (!status) throw InputError(path + ": the run file has no status");
        r.status = parseEnum<RunStatus>(*status, path + ": status");
        try {
            r.config = JsonReader::parse(h5::readString(f, "config").value_or("{}"),
                                         path + ": the config attribute");
            if (!r.config.is_object())
                throw InputError(path + ": the config attribute is not a JSON object");
        } catch (const nlohmann::json::exception&) {
            throw InputError(path + ": the config attribute is not valid JSON");
        }
        r.seed = static_cast<int64_t>(h5::readDouble(f, "seed").value_or(0));
        r.device = h5::readString(f, "device").value_or("");
        r.dataset = h5::readString(f, "dataset").value_or("");
        r.datasetHash = h5::readString(f, "dataset_hash").value_or("");
        r.teacherId = h5::readString(f, "teacher_run").value_or("");
        r.startTime = h5::readString(f, "start_time").value_or("");
        r.endTime = h5::readString(f, "end_time").value_or("");
        r.key = h5::readString(f, "key").value_or("");
        if (h5::exists(f, "metrics")) {
            auto g = f.openGroup("metrics");
            for (const auto& a : h5::attributeNames(g))
                if (auto v = h5::readDouble(g, a)) r.metrics[a] = *v;
        }
        for (const char* grp : {"curves", "saliency"}) {
            if (!h5::exists(f, grp)) continue;
            auto g = f.openGroup(grp);
            auto& dst = std::string(grp) == "curves" ? r.curves : r.saliency;
            for (const auto& c : h5::children(g))
                dst[c] = h5::readDoubles(g, c, std::string("/") + grp + "/" + c);
        }
        if (h5::exists(f, "confusion")) {
            auto g = f.openGroup("confusion");
            for (const auto& c : h5::children(g))
                r.confusion[c] = h5::readInt64Matrix(g, c, "/confusion/" + c);
        }
        if (withWeights && h5::exists(f, "weights")) {
            auto g = f.openGroup("weights");
            for (const auto& w : h5::children(g))
                r.weights[w] = h5::readTensor(g, w, "/weights/" + w);
        }
        return r;
    } catch (const H5::Exception& e) {
        throw InputError(path + ": unreadable run file (" + e.getDetailMsg() + ")");
    } catch (const InputError& e) {
        const std::string what = e.what();
        if (what.find(path) != std::string::npos) throw;
        throw InputError(path + ": " + what);
    }
}

}  // namespace mfh
