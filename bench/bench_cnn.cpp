// Training throughput of the AV-MNIST audio student (cnn [8, 16, 32], first stride 2, on
// [1, 40, 100] log-mel spectrograms, 10 classes) through the product's trainer, against the
// same network and loop in PyTorch (bench/cnn_pytorch.py) on the same machine, data shape,
// batch size and threads, measured in one run. Reports samples/s, the share of time spent
// assembling batches, and the ratio. Target (issue 4): at least 1.0x PyTorch, aim 1.3x.
// Usage: bench_cnn [--samples N] [--epochs E] [--batch B] [--threads T] [--device cpu|cuda]
//                  [--python PYTHON] [--script PATH]
#include <torch/torch.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "core/training/TorchTrainer.h"

using namespace mfh;

int main(int argc, char** argv) {
    int samples = 4096, epochs = 3, batch = 64, threads = 1;
    std::string device = "cpu", python = "/usr/bin/python3",
                script = std::string(MFH_SOURCE_DIR) + "/bench/cnn_pytorch.py";
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--samples")
            samples = std::stoi(v);
        else if (k == "--epochs")
            epochs = std::stoi(v);
        else if (k == "--batch")
            batch = std::stoi(v);
        else if (k == "--threads")
            threads = std::stoi(v);
        else if (k == "--device")
            device = v;
        else if (k == "--python")
            python = v;
        else if (k == "--script")
            script = v;
        else {
            std::cerr << "unknown option " << k << "\n";
            return 2;
        }
    }
    torch::set_num_threads(threads);
    const auto dev = pickDevice(device);
    NetSpec spec;
    spec.type = ModelType::Cnn, spec.channels = {8, 16, 32}, spec.stride = 2, spec.classes = 10;
    spec.inputs = {{"audio", {1, 40, 100}}};
    torch::manual_seed(0);
    TrainData data;
    data.x = torch::randn({samples, 4000});
    data.y.resize(samples);
    for (int i = 0; i < samples; ++i) data.y[i] = i % 10;
    data.classes = 10;
    TrainConfig cfg;
    cfg.lr = 0.03, cfg.momentum = 0.9, cfg.weightDecay = 5e-4, cfg.batchSize = batch;
    cfg.epochs = 1;
    {  // warm-up: allocator and kernels
        TapNet warm(spec, 1);
        TorchTrainer::train(warm, data, {}, cfg, {}, dev, 1);
    }
    cfg.epochs = epochs;
    TapNet net(spec, 2);
    const auto r = TorchTrainer::train(net, data, {}, cfg, {}, dev, 2);
    const double ours = double(samples) * epochs / r.seconds;
    std::printf("mfh      %-5s threads %d batch %d: %8.0f samples/s, loading %.1f %% of the time\n",
                device.c_str(), threads, batch, ours, 100 * r.loadSeconds / r.seconds);
    if (device != "cpu") return 0;
    const std::string cmd = python + " " + script + " --samples " + std::to_string(samples) +
                            " --epochs " + std::to_string(epochs) + " --batch " +
                            std::to_string(batch) + " --threads " + std::to_string(threads);
    FILE* p = popen(cmd.c_str(), "r");
    double theirs = 0, load = 0;
    if (p) {
        if (std::fscanf(p, "%lf %lf", &theirs, &load) != 2) theirs = 0;
        pclose(p);
    }
    if (theirs <= 0) {
        std::printf("PyTorch: not available (%s with torch; Debian: python3-torch)\n",
                    python.c_str());
        return 0;
    }
    std::printf(
        "PyTorch  cpu   threads %d batch %d: %8.0f samples/s, loading %.1f %% of the time\n",
        threads, batch, theirs, 100 * load);
    std::printf("ratio mfh / PyTorch: %.2fx (target >= 1.0x, aim 1.3x)\n", ours / theirs);
    return 0;
}
