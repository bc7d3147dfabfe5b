#include "core/data/DatasetImport.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/base/Error.h"
#include "core/base/FileNames.h"
#include "core/base/Limits.h"
#include "core/base/NumpyRandom.h"
#include "core/base/SeededUniform.h"
#include "core/data/IdxFile.h"
#include "core/data/NpyFile.h"

namespace mfh {

namespace {

std::vector<std::string> splitLine(const std::string& line, char delim) {
    std::vector<std::string> out;
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (c == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"')
                cell += '"', ++i;
            else
                quoted = !quoted;
        } else if (c == delim && !quoted) {
            out.push_back(cell), cell.clear();
        } else if (c != '\r') {
            cell += c;
        }
    }
    out.push_back(cell);
    for (auto& s : out) {  // surrounding blanks are not part of a value
        s.erase(0, s.find_first_not_of(" \t"));
        s.erase(s.find_last_not_of(" \t") + 1);
    }
    return out;
}

// Labels as text: integers are kept as numbers (assemble maps them to 0..C-1 with their values
// as names); other numbers are refused (a regression target is not a class); anything else is
// a class name, numbered in sorted order.
torch::Tensor labelTensor(const std::vector<std::string>& raw, std::vector<std::string>& names,
                          const std::string& what) {
    bool integers = true, numbers = true;
    std::string firstNonInteger;
    for (const auto& s : raw) {
        std::size_t used = 0;
        try {
            std::stoll(s, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        const bool isInt = used == s.size() && !s.empty();
        char* end = nullptr;
        std::strtod(s.c_str(), &end);
        const bool isNum = !s.empty() && end && *end == '\0';
        if (!isInt && isNum && firstNonInteger.empty()) firstNonInteger = s;
        integers = integers && isInt;
        numbers = numbers && isNum;
    }
    if (numbers && !integers)
        throw InputError(what + ": the label column holds the non-integer number '" +
                         firstNonInteger + "'; labels must be integers or class names");
    std::vector<int64_t> y(raw.size());
    if (integers) {
        for (std::size_t i = 0; i < raw.size(); ++i) y[i] = std::stoll(raw[i]);
    } else {
        std::set<std::string> unique(raw.begin(), raw.end());
        if (unique.count("")) throw InputError(what + ": a label is empty");
        if (static_cast<int64_t>(unique.size()) > limits::kMaxClasses)
            throw InputError(what + ": " + std::to_string(unique.size()) +
                             " distinct labels (at most " + std::to_string(limits::kMaxClasses) +
                             " classes)");
        names.assign(unique.begin(), unique.end());
        for (std::size_t i = 0; i < raw.size(); ++i)
            y[i] = std::lower_bound(names.begin(), names.end(), raw[i]) - names.begin();
    }
    return torch::tensor(y, torch::kInt64);
}

// A stratified, seeded share of `train` as a validation split: within each class, a seeded
// shuffle gives round(share × count) rows to val (at least one where the class has two).
void carveValidation(std::map<std::string, std::vector<int64_t>>& splits,
                     const std::vector<int64_t>& labels, double share, uint32_t seed) {
    std::map<int64_t, std::vector<int64_t>> byClass;
    for (auto i : splits.at("train")) byClass[labels[i]].push_back(i);
    SeededUniform rng(deriveSeed(seed, "carve-val"));
    std::vector<int64_t> train, val;
    for (auto& [c, rows] : byClass) {
        const auto order = rng.permutation(static_cast<int64_t>(rows.size()));
        int64_t k = std::llround(share * double(rows.size()));
        if (k == 0 && rows.size() >= 2 && share > 0) k = 1;
        if (k >= static_cast<int64_t>(rows.size())) k = static_cast<int64_t>(rows.size()) - 1;
        for (std::size_t j = 0; j < order.size(); ++j)
            (static_cast<int64_t>(j) < k ? val : train).push_back(rows[order[j]]);
    }
    if (val.empty()) throw InputError("--val: the training split is too small to carve from");
    std::sort(train.begin(), train.end());
    std::sort(val.begin(), val.end());
    splits["train"] = train;
    splits["val"] = val;
}

}  // namespace

ImportSource DatasetImport::fromNpy(const std::map<std::string, std::string>& files,
                                    const std::string& labelsFile) {
    if (files.empty()) throw InputError("name at least one modality file (.npy)");
    ImportSource s;
    for (const auto& [name, path] : files) s.modalities.emplace_back(name, NpyFile::read(path));
    s.labels = NpyFile::read(labelsFile);
    s.source = "npy: " + labelsFile;
    return s;
}

ImportSource DatasetImport::fromNpz(const std::string& path, const std::string& labelsKey) {
    auto arrays = NpyFile::readNpz(path);
    ImportSource s;
    auto it = arrays.find(labelsKey);
    if (it == arrays.end()) {
        std::string have;
        for (const auto& kv : arrays) have += (have.empty() ? "" : ", ") + kv.first;
        throw InputError(path + " has no array '" + labelsKey + "' for the labels (has: " + have +
                         ")");
    }
    s.labels = it->second;
    for (const auto& [name, t] : arrays) {
        if (name == labelsKey) continue;
        if (name == "train" || name == "val" || name == "test") {
            if (t.dim() != 1 || t.is_floating_point())
                throw InputError(path + ": the split '" + name + "' must be 1-D integer indices");
            auto v = t.to(torch::kInt64);
            s.splits[name].assign(v.data_ptr<int64_t>(), v.data_ptr<int64_t>() + v.numel());
        } else {
            s.modalities.emplace_back(name, t);
        }
    }
    if (s.modalities.empty()) throw InputError(path + " holds labels but no modality arrays");
    s.source = "npz: " + path;
    return s;
}

ImportSource DatasetImport::fromIdx(const std::string& imagesFile, const std::string& labelsFile) {
    ImportSource s;
    s.modalities.emplace_back("image", IdxFile::read(imagesFile));
    s.kinds["image"] = "image";
    s.labels = IdxFile::read(labelsFile);
    s.source = "idx: " + imagesFile;
    return s;
}

ImportSource DatasetImport::fromCsv(const std::string& path, const CsvMapping& m) {
    if (m.modalities.empty()) throw InputError("map at least one modality to CSV columns");
    requireRegularFile(path);
    std::ifstream in(path);
    if (!in) throw InputError("cannot open " + path);
    std::string line;
    if (!std::getline(in, line)) throw InputError(path + " is empty (a header row is required)");
    const auto header = splitLine(line, m.delimiter);
    auto column = [&](const std::string& name, const std::string& role) {
        auto it = std::find(header.begin(), header.end(), name);
        if (it == header.end())
            throw InputError(path + ": no column '" + name + "' (" + role + ") in the header");
        return static_cast<std::size_t>(it - header.begin());
    };
    std::vector<std::pair<std::string, std::vector<std::size_t>>> cols;
    for (const auto& [name, specs] : m.modalities) {
        std::vector<std::size_t> idx;
        for (const auto& spec : specs) {
            if (!spec.empty() && spec.back() == '*') {
                const std::string prefix = spec.substr(0, spec.size() - 1);
                const auto before = idx.size();
                for (std::size_t c = 0; c < header.size(); ++c)
                    if (header[c].compare(0, prefix.size(), prefix) == 0) idx.push_back(c);
                if (idx.size() == before)
                    throw InputError(path + ": no column starts with '" + prefix + "' (modality " +
                                     name + ")");
            } else {
                idx.push_back(column(spec, "modality " + name));
            }
        }
        cols.emplace_back(name, idx);
    }
    const std::size_t labelCol = column(m.labelColumn, "labels");
    const bool hasSplit = !m.splitColumn.empty();
    const std::size_t splitCol = hasSplit ? column(m.splitColumn, "splits") : 0;
    // A column in two modalities, or the label or split column among the features, would leak
    // the same information into both sides (or the answer into the input).
    std::map<std::size_t, std::string> owner;
    for (const auto& [name, idx] : cols)
        for (auto c : idx) {
            if (c == labelCol || (hasSplit && c == splitCol))
                throw InputError(path + ": column '" + header[c] + "' is the " +
                                 (c == labelCol ? "label" : "split") +
                                 " column and cannot be a feature of modality " + name);
            auto [it, fresh] = owner.emplace(c, name);
            if (!fresh)
                throw InputError(path + ": column '" + header[c] + "' is mapped to " +
                                 (it->second == name
                                      ? "modality " + name + " twice"
                                      : "both modality " + it->second + " and " + name) +
                                 " (overlapping columns leak information between modalities)");
        }

    std::vector<std::vector<float>> values(cols.size());
    std::vector<std::string> labels;
    int64_t n = 0;
    for (int lineNo = 2; std::getline(in, line); ++lineNo) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;  // blank line
        const auto cells = splitLine(line, m.delimiter);
        const std::string where = path + ", line " + std::to_string(lineNo);
        if (cells.size() != header.size())
            throw InputError(where + ": " + std::to_string(cells.size()) +
                             " fields, but the header has " + std::to_string(header.size()));
        for (std::size_t k = 0; k < cols.size(); ++k)
            for (auto c : cols[k].second) {
                const std::string& cell = cells[c];
                char* end = nullptr;
                const double v = std::strtod(cell.c_str(), &end);
                if (cell.empty() || *end != '\0')
                    throw InputError(where + ", column '" + header[c] + "': '" +
                                     (cell.size() > 40 ? cell.substr(0, 40) + "…" : cell) +
                                     "' is not a number");
                if (!std::isfinite(v))
                    throw InputError(where + ", column '" + header[c] + "': " + cell +
                                     " (values must be finite)");
                values[k].push_back(static_cast<float>(v));
            }
        labels.push_back(cells[labelCol]);
        if (hasSplit) {
            const auto& sp = cells[splitCol];
            if (sp != "train" && sp != "val" && sp != "test")
                throw InputError(where + ": split '" + sp + "' is not train, val or test");
        }
        ++n;
    }
    if (n == 0) throw InputError(path + " has a header but no samples");
    ImportSource s;
    for (std::size_t k = 0; k < cols.size(); ++k) {
        const auto d = static_cast<int64_t>(cols[k].second.size());
        s.modalities.emplace_back(
            cols[k].first, torch::from_blob(values[k].data(), {n, d}, torch::kFloat32).clone());
    }
    s.labels = labelTensor(labels, s.classNames, path);
    if (hasSplit) {  // a second pass over the split column keeps the first one simple
        std::ifstream again(path);
        std::getline(again, line);
        int64_t i = 0;
        while (std::getline(again, line)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            s.splits[splitLine(line, m.delimiter)[splitCol]].push_back(i++);
        }
    }
    s.source = "csv: " + path;
    return s;
}

namespace {
std::string splitList(const ImportSource& s) {
    std::string out;
    for (const auto& kv : s.splits) out += (out.empty() ? "" : ", ") + kv.first;
    return out;
}
}  // namespace

Dataset DatasetImport::assemble(const ImportSource& s, const SplitShares& shares) {
    if (!s.labels.defined() || s.labels.dim() != 1)
        throw InputError("labels must be a 1-D array, one per sample");
    if (s.labels.is_floating_point()) {
        auto l = s.labels.to(torch::kFloat64);
        if (!torch::equal(l, l.round()))
            throw InputError("labels must be integers (class indices)");
    }
    const int64_t n = s.labels.size(0);
    if (n == 0) throw InputError("there are no samples");
    auto y = s.labels.to(torch::kInt64);
    std::vector<int64_t> labels(y.data_ptr<int64_t>(), y.data_ptr<int64_t>() + n);
    std::vector<std::string> names = s.classNames;
    if (names.empty()) {
        // Integer labels of any values (1..6, -1/1, 0..9) are mapped explicitly to 0..C-1 in
        // sorted order; each class keeps its original value as its name.
        std::vector<int64_t> values(labels);
        std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
        if (static_cast<int64_t>(values.size()) > limits::kMaxClasses)
            throw InputError(std::to_string(values.size()) + " distinct labels (at most " +
                             std::to_string(limits::kMaxClasses) + " classes)");
        for (auto& l : labels)
            l = std::lower_bound(values.begin(), values.end(), l) - values.begin();
        for (auto v : values) names.push_back(std::to_string(v));
    }
    Dataset ds;
    for (const auto& [name, t] : s.modalities) {
        if (t.dim() < 1 || t.size(0) != n)
            throw InputError("modality '" + name + "' has " +
                             (t.dim() < 1 ? std::string("no samples") : std::to_string(t.size(0))) +
                             " samples but there are " + std::to_string(n) + " labels");
        if (t.dim() == 1)
            throw InputError("modality '" + name + "' is 1-D: give it as [N, features]");
        auto f = t.to(torch::kFloat32);
        if (!torch::isfinite(f).all().item<bool>()) {
            const auto bad =
                (~torch::isfinite(f)).reshape({n, -1}).any(1).nonzero()[0].item<int64_t>();
            throw InputError("modality '" + name +
                             "' has NaN or infinite values (first in sample " +
                             std::to_string(bad) + ")");
        }
        auto k = s.kinds.find(name);
        ds.addModality(name, f.contiguous(),
                       k != s.kinds.end() ? k->second : (t.dim() == 2 ? "vector" : "image"));
    }
    ds.setLabels(labels, names);
    if (!s.splits.empty()) {
        if (shares.testGiven)
            throw InputError("--test: the source already defines the splits (" + splitList(s) +
                             "); remove --test");
        auto splits = s.splits;
        if (shares.valGiven) {
            if (splits.count("val"))
                throw InputError(
                    "--val: the source already has a 'val' split; remove --val or "
                    "the source's val rows (it is ambiguous which to use)");
            if (!splits.count("train"))
                throw InputError("--val: the source has no 'train' split to carve from");
            if (!(shares.val > 0 && shares.val < 1))
                throw InputError("--val must be in (0, 1) to carve a validation split");
            for (const auto& [name, idx] : splits)
                for (auto i : idx)
                    if (i < 0 || i >= n)
                        throw InputError("split '" + name + "' has index " + std::to_string(i) +
                                         " outside [0, " + std::to_string(n) + ")");
            carveValidation(splits, labels, shares.val, shares.seed);
            ds.attributes["val_split"] = "carved from train: " + std::to_string(shares.val) +
                                         " per class, seed " + std::to_string(shares.seed);
        }
        for (const auto& [name, idx] : splits) ds.setSplit(name, idx);
    } else {
        if (!(shares.val >= 0 && shares.test > 0 && shares.val + shares.test < 1))
            throw InputError("split shares must leave training data (val >= 0, test > 0)");
        SeededUniform rng(deriveSeed(shares.seed, "import-splits"));
        const auto order = rng.permutation(n);
        const int64_t nTest = std::max<int64_t>(1, std::llround(n * shares.test));
        const int64_t nVal = std::llround(n * shares.val);
        if (n - nTest - nVal < 1) throw InputError("too few samples for the split shares");
        std::vector<int64_t> tr(order.begin(), order.end() - nTest - nVal),
            va(order.end() - nTest - nVal, order.end() - nTest),
            te(order.end() - nTest, order.end());
        for (auto* v : {&tr, &va, &te}) std::sort(v->begin(), v->end());
        ds.setSplit("train", tr);
        if (!va.empty()) ds.setSplit("val", va);
        ds.setSplit("test", te);
    }
    ds.attributes["source"] = s.source;
    ds.attributes["description"] = "imported from " + s.source;
    ds.validate();
    return ds;
}

}  // namespace mfh
