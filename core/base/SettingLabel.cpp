#include "core/base/SettingLabel.h"

#include <map>
#include <sstream>

namespace mfh {

namespace {

// Every setting that a preset, the designer or the docs sweep has an entry; the words are
// the paper's where it has them (docs/experiment-config.md describes each setting).
const std::map<std::string, std::string>& labels() {
    static const std::map<std::string, std::string> m{
        {"kd.w_kd", "KD weight w_kd"},
        {"kd.w_gt", "label weight w_gt"},
        {"kd.temperature", "KD temperature T"},
        {"kd.reduction", "KD loss reduction"},
        {"dataset.generator.overlap", "Fig. 2 overlap k (γ rises with k)"},
        {"dataset.generator.xs1", "modality-general channels xs1"},
        {"dataset.generator.xs2", "modality-specific channels xs2"},
        {"dataset.generator.shared", "shared decisive channels |G|"},
        {"dataset.generator.specific_a", "decisive channels only in a |A|"},
        {"dataset.generator.specific_b", "decisive channels only in b |B|"},
        {"dataset.generator.hidden", "decisive channels in neither modality"},
        {"dataset.generator.noise_a", "noise channels in a"},
        {"dataset.generator.noise_b", "noise channels in b"},
        {"dataset.generator.n_train", "training samples n"},
        {"dataset.generator.n_test", "test samples"},
        {"dataset.generator.n_val", "validation samples"},
        {"dataset.generator.hyperplane", "decision hyperplane"},
        {"dataset.avmnist.snr_db", "audio SNR (dB)"},
        {"dataset.avmnist.image_noise", "image noise"},
        {"dataset.avmnist.pca_drop", "image PCA components dropped"},
        {"dataset.avmnist.limit", "samples per split"},
        {"intervention.mode", "intervention mode"},
        {"intervention.type", "intervention"},
        {"intervention.ratio", "intervention ratio"},
        {"intervention.keep", "channels kept"},
        {"teacher.modalities", "teacher modalities"},
        {"student.modality", "student modality"},
        {"teacher.train.lr", "teacher learning rate"},
        {"student.train.lr", "student learning rate"},
        {"teacher.train.epochs", "teacher epochs"},
        {"student.train.epochs", "student epochs"},
        {"teacher.model.hidden", "teacher hidden widths"},
        {"student.model.hidden", "student hidden widths"},
        {"teacher.model.type", "teacher model"},
        {"student.model.type", "student model"},
    };
    return m;
}

}  // namespace

std::string SettingLabel::key(const std::string& path) {
    const auto dot = path.find_last_of('.');
    return dot == std::string::npos ? path : path.substr(dot + 1);
}

std::string SettingLabel::label(const std::string& path) {
    const auto it = labels().find(path);
    if (it != labels().end()) return it->second;
    // student.train.lr -> "student lr": the role (first part) and the key tell settings apart
    const auto first = path.find('.');
    if (first == std::string::npos) return path;
    return path.substr(0, first) + " " + key(path);
}

std::string SettingLabel::valueText(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number_float()) {
        std::ostringstream s;
        s.precision(6);
        s << v.get<double>();
        return s.str();
    }
    return v.dump();
}

std::string SettingLabel::assignment(const std::string& path, const nlohmann::json& value) {
    return key(path) + " = " + valueText(value);
}

}  // namespace mfh
