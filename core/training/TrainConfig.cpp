#include "core/training/TrainConfig.h"

#include <cmath>

#include "core/base/Error.h"
#include "core/base/JsonFields.h"

namespace mfh {

using nlohmann::json;

KdConfig KdConfig::fromJson(const json& j, const std::string& path) {
    JsonFields k(j, path);
    KdConfig c;
    c.wGt = k.num("w_gt", c.wGt, 0, 1e6);
    c.wKd = k.num("w_kd", c.wKd, 0, 1e6);
    c.temperature = k.num("temperature", c.temperature, 1e-6, 1e6);
    c.batchMean = k.str("reduction", reductions()[0], reductions()) == reductions()[1];
    k.finish();
    return c;
}

const std::vector<std::string>& KdConfig::reductions() {
    static const std::vector<std::string> r{"mean", "batchmean"};
    return r;
}

json KdConfig::toJson() const {
    return {{"w_gt", wGt},
            {"w_kd", wKd},
            {"temperature", temperature},
            {"reduction", reductions()[batchMean ? 1 : 0]}};
}

TrainConfig TrainConfig::fromJson(const json& j, const std::string& path) {
    return fromJson(j, path, TrainConfig{});
}

TrainConfig TrainConfig::fromJson(const json& j, const std::string& path,
                                  const TrainConfig& defaults) {
    TrainConfig c = defaults;
    JsonFields o(j, path);
    c.optimizer = o.choice("optimizer", c.optimizer);
    c.lr = o.num("lr", c.lr, 0, 1e6);
    c.momentum = o.num("momentum", c.momentum, 0, 1);
    c.weightDecay = o.num("weight_decay", c.weightDecay, 0, 1e6);
    if (o.has("betas")) {
        const auto& b = o.raw("betas");
        if (!b.is_array() || b.size() != 2 || !b[0].is_number() || !b[1].is_number())
            throw InputError("'" + o.key("betas") + "' must be two numbers");
        c.beta1 = b[0], c.beta2 = b[1];
    }
    c.eps = o.num("eps", c.eps, 0, 1);
    c.epochs = o.integer("epochs", c.epochs);
    c.batchSize = o.integer("batch_size", c.batchSize);
    c.evalEvery = o.integer("eval_every", c.evalEvery);
    c.selection = o.choice("selection", c.selection);
    c.schedule = o.choice("schedule", c.schedule);
    c.stepSize = o.integer("step_size", c.stepSize, 1);
    c.stepGamma = o.num("step_gamma", c.stepGamma, 0, 1);
    c.patience = o.integer("patience", c.patience);
    if (c.patience > 0 && c.evalEvery <= 0)
        throw InputError("'" + o.key("patience") + "' needs '" + o.key("eval_every") + "' > 0");
    o.finish();
    return c;
}

json TrainConfig::toJson() const {
    return {{"optimizer", nameOf(optimizer)},
            {"lr", lr},
            {"momentum", momentum},
            {"weight_decay", weightDecay},
            {"betas", {beta1, beta2}},
            {"eps", eps},
            {"epochs", epochs},
            {"batch_size", batchSize},
            {"eval_every", evalEvery},
            {"selection", nameOf(selection)},
            {"schedule", nameOf(schedule)},
            {"step_size", stepSize},
            {"step_gamma", stepGamma},
            {"patience", patience}};
}

double TrainConfig::lrAt(int epoch) const {
    switch (schedule) {
        case Schedule::Step:
            return lr * std::pow(stepGamma, (epoch - 1) / std::max(1, stepSize));
        case Schedule::Cosine:
            return lr * 0.5 * (1.0 + std::cos(M_PI * (epoch - 1) / std::max(1, epochs)));
        case Schedule::None:
            break;
    }
    return lr;
}

bool recordEvaluation(TrainResult& res, const EpochReport& rep, Selection selection,
                      double& bestVal) {
    res.curveEpochs.push_back(rep.epoch);
    res.curves["loss"].push_back(rep.loss);
    for (const auto& kv : rep.accuracy) res.curves["acc_" + kv.first].push_back(kv.second);
    res.finalLoss = rep.loss;
    if (selection != Selection::BestVal) return false;
    auto it = rep.accuracy.find("val");
    if (it == rep.accuracy.end()) throw InputError("best-validation selection needs a 'val' split");
    if (it->second <= bestVal) return false;
    bestVal = it->second;
    res.selectedEpoch = rep.epoch;
    return true;
}

}  // namespace mfh
