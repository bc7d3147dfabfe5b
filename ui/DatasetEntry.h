#pragma once
// DatasetEntry: a dataset open in the workbench, loaded from a file or generated, with the
// summary its inspector shows. Immutable once made, shared between views by pointer.
#include <QString>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/data/Dataset.h"
#include "core/data/DatasetStats.h"

namespace mfh::ui {

struct DatasetEntry {
    QString name;
    QString path;           // the file; empty for a generated dataset not yet saved
    nlohmann::json source;  // the experiment file's "dataset" object for this data
    std::shared_ptr<const Dataset> data;
    DatasetSummary summary;
};

using DatasetPtr = std::shared_ptr<const DatasetEntry>;

}  // namespace mfh::ui
