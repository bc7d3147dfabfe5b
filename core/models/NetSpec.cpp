#include "core/models/NetSpec.h"

#include <numeric>

#include "core/base/Error.h"
#include "core/base/Limits.h"

namespace mfh {

int64_t InputPart::numel() const {
    return std::accumulate(shape.begin(), shape.end(), int64_t{1}, std::multiplies<int64_t>());
}

int64_t NetSpec::inputSize() const {
    int64_t n = 0;
    for (const auto& p : inputs) n += p.numel();
    return n;
}

void NetSpec::validate() const {
    if (type != "linear" && type != "mlp" && type != "cnn" && type != "fusion")
        throw InputError("unknown model type '" + type + "' (linear, mlp, cnn, fusion)");
    if (inputs.empty()) throw InputError("a network needs at least one input modality");
    if (classes < 2) throw InputError("a network needs at least two classes");
    for (const auto& p : inputs) {
        if (p.shape.empty() || p.shape.size() > 3)
            throw InputError("modality '" + p.modality + "' has " + std::to_string(p.shape.size()) +
                             " dimensions per sample; a network takes 1 to 3");
        for (auto d : p.shape)
            if (d < 1) throw InputError("modality '" + p.modality + "' has an empty dimension");
    }
    for (auto w : hidden)
        if (w < 1) throw InputError("hidden widths must be positive");
    for (auto c : channels)
        if (c < 1) throw InputError("conv channels must be positive");
    if (type == "mlp" && hidden.empty()) throw InputError("an mlp needs hidden widths");
    if (type == "cnn") {
        if (inputs.size() != 1)
            throw InputError("a cnn takes one modality; a multimodal network is a 'fusion' model");
        if (!inputs[0].imageLike())
            throw InputError("a cnn needs an image-like modality; '" + inputs[0].modality +
                             "' is a vector (use mlp)");
    }
    if ((type == "cnn" || type == "fusion") && channels.empty()) {
        bool needConv = type == "cnn";
        for (const auto& p : inputs) needConv = needConv || p.imageLike();
        if (needConv) throw InputError("a " + type + " model needs conv 'channels'");
    }
    if (kernel < 1 || kernel % 2 == 0) throw InputError("the conv kernel must be odd and positive");
    if (stride < 1) throw InputError("the conv stride must be positive");
    if (width < 0) throw InputError("the encoder width must not be negative");
    // An upper bound of the weights, so that an absurd width is refused before LibTorch tries
    // to allocate it: every dense layer in × out, every conv c_in × c_out × k².
    const int64_t cap = limits::kMaxParameters;
    const std::string what = "the " + type + " network";
    int64_t params = 0;
    auto add = [&](int64_t a, int64_t b) {
        params += limits::checkedProduct(a + 1, b, cap, what + "'s weights");
        if (params > cap)
            throw InputError(what + " would have more than " + std::to_string(cap) +
                             " weights (at most " + std::to_string(cap) + ")");
    };
    int64_t features = 0;
    for (const auto& p : inputs) {
        int64_t in = 1;
        for (auto d : p.shape) in = limits::checkedProduct(in, d, cap, what + "'s input");
        if (type == "cnn" || type == "fusion") {
            int64_t c = p.imageLike() ? p.shape[0] : 1;
            if (p.imageLike()) {
                for (auto ch : channels) add(c * kernel * kernel, ch), c = ch;
                features += c;
            } else {
                add(in, width > 0 ? width : 64);
                features += width > 0 ? width : 64;
            }
        } else {
            features += in;
        }
    }
    for (auto h : hidden) add(features, h), features = h;
    add(features, classes);
}

nlohmann::json NetSpec::toJson() const {
    nlohmann::json in = nlohmann::json::array();
    for (const auto& p : inputs) in.push_back({{"modality", p.modality}, {"shape", p.shape}});
    nlohmann::json j = {{"type", type}, {"hidden", hidden}, {"inputs", in}, {"classes", classes}};
    if (type == "cnn" || type == "fusion") {
        j["channels"] = channels;
        j["kernel"] = kernel;
        j["stride"] = stride;
    }
    if (type == "fusion") j["width"] = width;
    return j;
}

NetSpec NetSpec::fromJson(const nlohmann::json& j) {
    try {
        NetSpec s;
        s.type = j.at("type").get<std::string>();
        s.hidden = j.value("hidden", std::vector<int64_t>{});
        s.channels = j.value("channels", std::vector<int64_t>{});
        s.kernel = j.value("kernel", 3);
        s.stride = j.value("stride", 1);
        s.width = j.value("width", int64_t{0});
        s.classes = j.at("classes").get<int64_t>();
        for (const auto& p : j.at("inputs"))
            s.inputs.push_back(
                {p.at("modality").get<std::string>(), p.at("shape").get<std::vector<int64_t>>()});
        s.validate();
        return s;
    } catch (const nlohmann::json::exception& e) {
        throw InputError(std::string("malformed model description: ") + e.what());
    }
}

}  // namespace mfh
