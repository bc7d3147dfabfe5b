#include "core/training/TorchTrainer.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "core/base/Error.h"
#include "core/base/SeededUniform.h"
#include "core/training/EpochLoop.h"
#include "core/training/KdLoss.h"

namespace mfh {

namespace {
using Clock = std::chrono::steady_clock;
double seconds(Clock::time_point since) {
    return std::chrono::duration<double>(Clock::now() - since).count();
}
}  // namespace

torch::Device pickDevice(const std::string& name) {
    if (name == "cpu") return torch::kCPU;
    if (name == "cuda" || name == "auto") {
        if (torch::cuda::is_available()) return torch::kCUDA;
        if (name == "cuda")
            throw InputError(
                "--device cuda: no CUDA device is available to this build of LibTorch");
        return torch::kCPU;
    }
    throw InputError("unknown device '" + name + "' (cpu, cuda, auto)");
}

std::vector<DeviceInfo> availableDevices() {
    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    std::vector<DeviceInfo> out{{"cpu", "CPU (" + std::to_string(cores) + " cores)"}};
    if (torch::cuda::is_available()) {
        const auto n = torch::cuda::device_count();
        out.push_back({"cuda", "CUDA (" + std::to_string(n) + (n == 1 ? " GPU)" : " GPUs)")});
    }
    return out;
}

torch::Tensor TorchTrainer::logits(TapNet& net, const torch::Tensor& x, torch::Device device) {
    torch::NoGradGuard ng;
    net->eval();
    // In chunks: a convolution's activations over a whole test set would not fit in memory.
    const int64_t n = x.size(0), chunk = 1024;
    if (n <= chunk) return net->forward(x.to(device)).to(torch::kCPU);
    std::vector<torch::Tensor> parts;
    for (int64_t s = 0; s < n; s += chunk)
        parts.push_back(
            net->forward(x.slice(0, s, std::min(n, s + chunk)).to(device)).to(torch::kCPU));
    return torch::cat(parts, 0);
}

torch::Tensor TorchTrainer::logits(TapNet& net, const RowSource& x, torch::Device device) {
    torch::NoGradGuard ng;
    net->eval();
    const int64_t n = x.rows(), chunk = 1024;
    std::vector<torch::Tensor> parts;
    for (int64_t s = 0; s < n; s += chunk)
        parts.push_back(
            net->forward(x.range(s, std::min(n, s + chunk)).to(device)).to(torch::kCPU));
    return parts.empty() ? torch::empty({0, net->spec().classes}) : torch::cat(parts, 0);
}

double TorchTrainer::accuracy(TapNet& net, const EvalSet& set, torch::Device device) {
    if (!set.source) return accuracy(net, set.x, set.y, device);
    if (set.y.empty()) return 0.0;
    auto pred = logits(net, *set.source, device).argmax(1);
    return pred.eq(torch::tensor(set.y, torch::kInt64)).sum().item<double>() /
           static_cast<double>(set.y.size());
}

double TorchTrainer::accuracy(TapNet& net, const torch::Tensor& x, const std::vector<int64_t>& y,
                              torch::Device device) {
    if (y.empty()) return 0.0;
    auto pred = logits(net, x, device).argmax(1);
    auto yt = torch::tensor(y, torch::kInt64);
    return pred.eq(yt).sum().item<double>() / static_cast<double>(y.size());
}

TrainResult TorchTrainer::train(TapNet& net, const TrainData& data,
                                const std::vector<EvalSet>& evals, const TrainConfig& cfg,
                                const TrainerCallbacks& cb, torch::Device device,
                                uint64_t shuffleSeed) {
    if (cfg.epochs < 0) throw InputError("epochs must not be negative");
    if (cfg.patience > 0 && cfg.evalEvery <= 0)
        throw InputError("early stopping (patience) needs eval_every > 0");
    const RowSource* source = data.source.get();
    const int64_t n = source ? source->rows() : data.x.size(0);
    if (static_cast<int64_t>(data.y.size()) != n)
        throw InputError("labels and inputs differ in length");
    if (source && (cfg.batchSize <= 0 || cfg.batchSize >= n))
        throw InputError("streamed data trains in mini-batches: set batch_size");
    net->to(device);
    auto x = source ? torch::Tensor() : data.x.to(device);
    auto y = torch::tensor(data.y, torch::kInt64).to(device);
    torch::Tensor t =
        data.teacherLogits.defined() ? data.teacherLogits.to(device) : torch::Tensor();
    std::unique_ptr<torch::optim::Optimizer> opt;
    if (cfg.optimizer == OptimizerKind::Sgd)
        opt = std::make_unique<torch::optim::SGD>(
            net->parameters(),
            torch::optim::SGDOptions(cfg.lr).momentum(cfg.momentum).weight_decay(cfg.weightDecay));
    else
        opt = std::make_unique<torch::optim::Adam>(net->parameters(),
                                                   torch::optim::AdamOptions(cfg.lr)
                                                       .betas({cfg.beta1, cfg.beta2})
                                                       .eps(cfg.eps)
                                                       .weight_decay(cfg.weightDecay));
    const int64_t B = (cfg.batchSize <= 0 || cfg.batchSize >= n) ? n : cfg.batchSize;
    SeededUniform shuffler(shuffleSeed);
    TrainResult res;
    const auto begin = Clock::now();
    std::vector<torch::Tensor> best;
    EpochLoop loop(res, cfg, cb);
    if (cb.onBegin) cb.onBegin(cfg.epochs);
    for (int epoch = 1; epoch <= cfg.epochs; ++epoch) {
        if (cfg.schedule != Schedule::None)
            for (auto& g : opt->param_groups()) g.options().set_lr(cfg.lrAt(epoch));
        const bool report = loop.reports(epoch);
        net->train();
        torch::Tensor perm;
        std::vector<int64_t> order;
        if (B < n) {
            order = shuffler.permutation(n);
            perm = torch::tensor(order, torch::kInt64).to(device);
        }
        double epochLoss = 0;
        for (int64_t start = 0; start < n; start += B) {
            if (cb.cancelled()) {
                res.status = RunStatus::Cancelled;
                break;
            }
            const auto loadStart = Clock::now();
            torch::Tensor xb = x, yb = y, tb = t;
            if (B < n) {
                auto idx = perm.slice(0, start, std::min(n, start + B));
                xb = source
                         ? source
                               ->get(std::vector<int64_t>(order.begin() + start,
                                                          order.begin() + std::min(n, start + B)))
                               .to(device)
                         : x.index_select(0, idx);
                yb = y.index_select(0, idx);
                if (t.defined()) tb = t.index_select(0, idx);
            }
            res.loadSeconds += seconds(loadStart);
            opt->zero_grad();
            auto loss = kdLoss(net->forward(xb), tb, yb, cfg.kd);
            loss.backward();
            opt->step();
            if (report || epoch == 1) epochLoss += loss.item<double>() * xb.size(0) / n;
        }
        if (res.status == RunStatus::Cancelled) break;
        const auto evaluate = [&](std::map<std::string, double>& acc) {
            for (const auto& e : evals) acc[e.name] = accuracy(net, e, device);
        };
        const auto keepBest = [&] {
            best.clear();
            for (auto& p : net->parameters()) best.push_back(p.detach().clone());
        };
        if (!loop.finish(epoch, epochLoss, evaluate, keepBest)) break;
    }
    if (loop.useBest() && !best.empty()) {
        torch::NoGradGuard ng;
        auto params = net->parameters();
        for (std::size_t i = 0; i < params.size(); ++i) params[i].copy_(best[i]);
    }
    for (const auto& e : evals) res.accuracy[e.name] = accuracy(net, e, device);
    res.seconds = seconds(begin);
    return res;
}

}  // namespace mfh
