#include "core/experiments/DataLoader.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "core/base/Error.h"
#include "core/base/Hashing.h"
#include "core/data/DatasetFile.h"
#include "core/data/VennGenerator.h"
#include "core/data/avmnist/AvMnistBuilder.h"

namespace mfh {

namespace {

// Path, size and modification time: what identifies a file too large to hash.
uint64_t fileKey(const std::string& path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    const auto time = std::filesystem::last_write_time(path, ec).time_since_epoch().count();
    KeyHasher k;
    k.add(path).add(static_cast<uint64_t>(size)).add(static_cast<uint64_t>(time));
    return k.value();
}

}  // namespace

std::shared_ptr<const LoadedData> DataLoader::load(const ExperimentSpec& sp, uint32_t seed) {
    KeyHasher k;
    if (sp.generator)
        k.add(sp.generator->describe()).add(uint64_t{seed});
    else if (sp.avmnist)
        k.add(AvMnistBuilder::describe(*sp.avmnist));
    else
        k.add("file:" + sp.datasetPath);
    k.add(uint64_t{sp.standardize});
    return cache_.get(k.value(), [&] { return read(sp, seed); }).first;
}

std::shared_ptr<const LoadedData> DataLoader::read(const ExperimentSpec& sp, uint32_t seed) {
    auto d = std::make_shared<LoadedData>();
    if (sp.generator) {
        d->ds = generateVenn(*sp.generator, seed);
        d->label = "generated: " + sp.generator->describe() + " seed " + std::to_string(seed);
    } else {
        const std::string path =
            sp.avmnist
                ? AvMnistBuilder::cached(*sp.avmnist, [](const std::string& s) { spdlog::info(s); })
                : sp.datasetPath;
        d->path = d->label = path;
        d->stream = sp.stream;
        if (sp.stream) d->identity = FileIdentity::of(path);
        d->ds = DatasetFile::load(path, !sp.stream);
        if (sp.stream) {
            d->ds.attributes["streamed"] = "yes";
            for (const auto& [name, shape] : DatasetFile::shapes(path)) {
                if (shape.size() < 2)
                    throw InputError(path + ": modality '" + name +
                                     "' is 1-D; give it as [N, features]");
                if (shape[0] != d->ds.size())
                    throw InputError(path + ": modality '" + name + "' has " +
                                     std::to_string(shape[0]) + " samples but the labels have " +
                                     std::to_string(d->ds.size()));
                d->shapes[name] = {shape.begin() + 1, shape.end()};
            }
        }
    }
    if (sp.standardize) d->ds.standardize("train");
    if (!d->stream)
        for (const auto& name : d->ds.modalityNames()) {
            const auto sizes = d->ds.modality(name).sizes().vec();
            d->shapes[name] = {sizes.begin() + 1, sizes.end()};
        }
    d->hash = d->stream ? hex64(fileKey(d->path)) : hex64(d->ds.contentHash());
    return d;
}

}  // namespace mfh
