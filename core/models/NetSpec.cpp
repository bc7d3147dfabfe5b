#include "core/models/NetSpec.h"

#include <numeric>

#include "core/base/Error.h"
#include "core/base/JsonFields.h"
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
    if (type == ModelType::Mlp && hidden.empty()) throw InputError("an mlp needs hidden widths");
    if (type == ModelType::Cnn) {
        if (inputs.size() != 1)
            throw InputError("a cnn takes one modality; a multimodal network is a 'fusion' model");
        if (!inputs[0].imageLike())
            throw InputError("a cnn needs an image-like modality; '" + inputs[0].modality +
                             "' is a vector (use mlp)");
    }
    if ((type == ModelType::Cnn || type == ModelType::Fusion) && channels.empty()) {
        bool needConv = type == ModelType::Cnn;
        for (const auto& p : inputs) needConv = needConv || p.imageLike();
        if (needConv)
            throw InputError(std::string("a ") + nameOf(type) + " model needs conv 'channels'");
    }
    if (kernel < 1 || kernel % 2 == 0) throw InputError("the conv kernel must be odd and positive");
    if (stride < 1) throw InputError("the conv stride must be positive");
    if (width < 0) throw InputError("the encoder width must not be negative");
    // An upper bound of the weights, so that an absurd width is refused before LibTorch tries
    // to allocate it: every dense layer in × out, every conv c_in × c_out × k².
    const int64_t cap = limits::kMaxParameters;
    const std::string what = std::string("the ") + nameOf(type) + " network";
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
        if (type == ModelType::Cnn || type == ModelType::Fusion) {
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
    nlohmann::json j = {
        {"type", nameOf(type)}, {"hidden", hidden}, {"inputs", in}, {"classes", classes}};
    if (type == ModelType::Cnn || type == ModelType::Fusion) {
        j["channels"] = channels;
        j["kernel"] = kernel;
        j["stride"] = stride;
    }
    if (type == ModelType::Fusion) j["width"] = width;
    return j;
}

NetSpec NetSpec::fromJson(const nlohmann::json& j) {
    try {
        NetSpec s;
        s.type = parseEnum<ModelType>(j.at("type").get<std::string>(), "model type");
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

NetSpec NetSpec::fromConfig(const nlohmann::json& j, const std::string& path) {
    JsonFields o(j, path);
    NetSpec m;
    m.type = o.choice("type", ModelType::Linear);
    if (o.has("channels")) {
        const auto& h = o.raw("channels");
        if (!h.is_array() || h.empty())
            throw InputError("'" + o.key("channels") + "' must be a list of conv widths");
        for (const auto& w : h) {
            if (!w.is_number_integer() || w.get<int64_t>() < 1 || w.get<int64_t>() > 65536)
                throw InputError("'" + o.key("channels") +
                                 "' widths must be integers in [1, 65536]");
            m.channels.push_back(w.get<int64_t>());
        }
    }
    m.kernel = o.integer("kernel", m.kernel, 1, 15);
    if (m.kernel % 2 == 0) throw InputError("'" + o.key("kernel") + "' must be odd");
    m.stride = o.integer("stride", m.stride, 1, 8);
    m.width = o.integer("width", static_cast<int>(m.width), 0);
    if (m.type == ModelType::Cnn && m.channels.empty())
        throw InputError("'" + o.key("channels") + "' is required for a cnn");
    if (o.has("hidden")) {
        const auto& h = o.raw("hidden");
        if (!h.is_array()) throw InputError("'" + o.key("hidden") + "' must be a list of widths");
        for (const auto& w : h) {
            if (!w.is_number_integer() || w.get<int64_t>() < 1)
                throw InputError("'" + o.key("hidden") + "' widths must be positive integers");
            if (w.get<int64_t>() > 1000000)
                throw InputError("'" + o.key("hidden") + "' width " + w.dump() +
                                 " is above the limit of 1000000");
            m.hidden.push_back(w.get<int64_t>());
        }
    }
    if (m.type == ModelType::Mlp && m.hidden.empty())
        throw InputError("'" + o.key("hidden") + "' is required for an mlp");
    if (m.type == ModelType::Linear) m.hidden.clear();
    o.finish();
    return m;
}

nlohmann::json NetSpec::toConfig() const {
    nlohmann::json j = {
        {"type", nameOf(type)}, {"kernel", kernel}, {"stride", stride}, {"width", width}};
    if (!hidden.empty()) j["hidden"] = hidden;
    if (!channels.empty()) j["channels"] = channels;
    return j;
}

}  // namespace mfh
