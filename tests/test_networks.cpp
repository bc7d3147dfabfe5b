// Networks beyond the linear model: cnn and late-fusion TapNets (shapes, taps, a tiny training
// that learns), learning-rate schedules, early stopping, the mean-replacement edit at a tap,
// and Algorithm 1 at a named tap of a hand-built network with known shared channels.
#include "TestUtil.h"
#include "core/analysis/Algorithm1.h"
#include "core/analysis/Intervention.h"
#include "core/training/TorchTrainer.h"

using namespace mfh;

namespace {

NetSpec cnnSpec(std::vector<int64_t> shape, int64_t classes = 3) {
    NetSpec s;
    s.type = ModelType::Cnn, s.channels = {4, 8}, s.hidden = {16}, s.classes = classes;
    s.inputs = {{"image", std::move(shape)}};
    return s;
}

// Images whose class is the quadrant holding a bright blob, plus noise: a task a cnn learns.
std::pair<torch::Tensor, std::vector<int64_t>> blobs(int n, uint64_t seed) {
    torch::manual_seed(seed);
    auto x = 0.3 * torch::randn({n, 1, 12, 12});
    std::vector<int64_t> y(n);
    for (int i = 0; i < n; ++i) {
        y[i] = i % 3;
        const int r = (y[i] == 1) * 6, c = (y[i] == 2) * 6;
        x[i][0].slice(0, r, r + 5).slice(1, c, c + 5) += 1.5;
    }
    return {x.reshape({n, -1}), y};
}

}  // namespace

class TestNetworks : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void cnnShapesAndTaps() {
        TapNet net(cnnSpec({1, 28, 28}, 10), 1);
        QCOMPARE(net->taps(), (std::vector<std::string>{"input", "conv1", "conv2", "features",
                                                        "hidden1", "logits"}));
        auto x = torch::randn({5, 784});
        QCOMPARE(net->forward(x).sizes().vec(), (std::vector<int64_t>{5, 10}));
        QCOMPARE(net->forwardTo("conv1", x).sizes().vec(), (std::vector<int64_t>{5, 4, 14, 14}));
        QCOMPARE(net->forwardTo("conv2", x).sizes().vec(), (std::vector<int64_t>{5, 8, 7, 7}));
        QCOMPARE(net->tapWidth("features"), int64_t{8});
        // A [H, W] spectrogram gets one channel; a stride halves it at once.
        auto spec = cnnSpec({40, 100});
        spec.stride = 2;
        TapNet s(spec, 2);
        QCOMPARE(s->forwardTo("conv1", torch::randn({2, 4000})).sizes().vec(),
                 (std::vector<int64_t>{2, 4, 10, 25}));
        // Resuming from any tap gives the same logits as a whole pass.
        torch::NoGradGuard ng;
        for (const auto& tap : net->taps())
            QVERIFY(torch::allclose(net->forwardFrom(tap, net->forwardTo(tap, x)), net->forward(x),
                                    1e-5, 1e-6));
        test::expectInputError([&] { net->forward(torch::randn({2, 100})); }, "784 input");
        test::expectInputError([&] { net->tapWidth("conv9"); }, "unknown tap 'conv9'");
    }

    void fusionBranchesAndTaps() {
        NetSpec s;
        s.type = ModelType::Fusion, s.channels = {4, 8}, s.hidden = {12}, s.classes = 10,
        s.width = 6;
        s.inputs = {{"image", {1, 28, 28}}, {"audio", {20, 30}}, {"meta", {5}}};
        TapNet net(s, 3);
        const auto taps = net->taps();
        for (const char* t : {"image/conv2", "audio/features", "meta/features", "fusion"})
            QVERIFY2(std::find(taps.begin(), taps.end(), t) != taps.end(), t);
        QCOMPARE(net->tapWidth("fusion"), int64_t{8 + 8 + 6});
        auto x = torch::randn({4, 784 + 600 + 5});
        QCOMPARE(net->forward(x).sizes().vec(), (std::vector<int64_t>{4, 10}));
        QVERIFY(net->canResume("fusion") && !net->canResume("audio/conv1"));
        torch::NoGradGuard ng;
        // The fusion tap is the branches' features side by side.
        auto f = net->forwardTo("fusion", x);
        QVERIFY(torch::allclose(f.slice(1, 8, 16), net->forwardTo("audio/features", x)));
        test::expectInputError([&] { net->forwardFrom("audio/conv1", f); }, "branch tap");
        // Parameters are named after their branch, so a saved state dict is readable.
        const auto names = net->named_parameters().keys();
        QVERIFY(std::find(names.begin(), names.end(), "audio_conv1.weight") != names.end());
        // A rebuilt network from the stored description has the same weights for a seed.
        TapNet again(NetSpec::fromJson(s.toJson()), 3);
        QVERIFY(torch::equal(again->forward(x), net->forward(x)));
    }

    void badSpecs() {
        auto s = cnnSpec({50});
        test::expectInputError([&] { TapNet n(s, 0); }, "is a vector");
        s = cnnSpec({1, 8, 8});
        s.channels.clear();
        test::expectInputError([&] { TapNet n(s, 0); }, "conv 'channels'");
        s = cnnSpec({1, 8, 8});
        s.kernel = 4;
        test::expectInputError([&] { TapNet n(s, 0); }, "odd");
        test::expectInputError([&] { NetSpec::fromJson({{"type", "cnn"}}); }, "malformed model");
    }

    void tinyCnnLearns() {
        auto [x, y] = blobs(240, 1);
        auto [xt, yt] = blobs(120, 2);
        auto spec = cnnSpec({1, 12, 12});
        TapNet net(spec, 5);
        TrainConfig c;
        c.lr = 0.05, c.momentum = 0.9, c.epochs = 12, c.batchSize = 32;
        const double before = TorchTrainer::accuracy(net, xt, yt);
        auto r = TorchTrainer::train(net, {x, y, {}, 3}, {{"test", xt, yt}}, c, {}, torch::kCPU, 9);
        QVERIFY2(r.accuracy["test"] > 0.9, std::to_string(r.accuracy["test"]).c_str());
        QVERIFY(before < 0.6);
    }

    void schedules() {
        TrainConfig c;
        c.lr = 0.1, c.epochs = 100;
        c.schedule = Schedule::Step, c.stepSize = 30, c.stepGamma = 0.1;
        QCOMPARE(c.lrAt(1), 0.1);
        QCOMPARE(c.lrAt(30), 0.1);
        QVERIFY(std::abs(c.lrAt(31) - 0.01) < 1e-12);
        QVERIFY(std::abs(c.lrAt(61) - 0.001) < 1e-12);
        c.schedule = Schedule::Cosine;
        QCOMPARE(c.lrAt(1), 0.1);
        QVERIFY(std::abs(c.lrAt(51) - 0.05) < 1e-12);
        QVERIFY(c.lrAt(100) < 0.001);
        // The trainer applies it: with a rate that decays to nothing after epoch 1, later
        // epochs barely move the weights.
        auto [x, y] = blobs(60, 3);
        TapNet a(cnnSpec({1, 12, 12}), 4), b(cnnSpec({1, 12, 12}), 4);
        c.schedule = Schedule::Step, c.stepSize = 1, c.stepGamma = 0.0, c.epochs = 3;
        c.batchSize = 20;
        TorchTrainer::train(a, {x, y, {}, 3}, {}, c);
        c.epochs = 1;
        TorchTrainer::train(b, {x, y, {}, 3}, {}, c);
        auto pa = a->parameters(), pb = b->parameters();
        for (std::size_t i = 0; i < pa.size(); ++i) QVERIFY(torch::equal(pa[i], pb[i]));
    }

    void earlyStopping() {
        const auto train = blobs(90, 4), val = blobs(60, 5);
        const auto& x = train.first;  // plain references: lambdas below capture them
        const auto& y = train.second;
        const auto& xv = val.first;
        const auto& yv = val.second;
        TapNet net(cnnSpec({1, 12, 12}), 6);
        TrainConfig c;
        c.lr = 0.0, c.epochs = 50, c.evalEvery = 1, c.patience = 3, c.batchSize = 30;
        c.selection = Selection::BestVal;
        // lr 0: validation accuracy never improves after the first evaluation.
        auto r = TorchTrainer::train(net, {x, y, {}, 3}, {{"val", xv, yv}}, c);
        QVERIFY(r.stoppedEarly);
        QCOMPARE(r.epochsRun, 4);
        QCOMPARE(r.selectedEpoch, 1);
        c.evalEvery = 0;
        test::expectInputError(
            [&] {
                TorchTrainer::train(net, {x, y, {}, 3}, {}, c);
            },
            "eval_every");
    }

    // Removal at a conv tap: exactly the chosen channels become their batch mean.
    void meanReplacementAtATap() {
        TapNet net(cnnSpec({1, 12, 12}), 7);
        auto x = torch::randn({16, 144});
        torch::NoGradGuard ng;
        const auto plain = net->forwardTo("conv1", x);
        const std::vector<double> saliency{0.9, 0.1, 0.5, 0.3};
        for (const auto mode : {InterventionMode::Random, InterventionMode::ModalityGeneral,
                                InterventionMode::ModalitySpecific}) {
            const auto removed = Intervention::removeChannels(mode, 0.5, saliency, 11);
            QCOMPARE(removed.size(), std::size_t(2));
            net->edit = TapEdit{"conv1", removed, torch::Tensor()};
            const auto h = net->forwardTo("conv1", x);
            for (int64_t k = 0; k < 4; ++k) {
                const bool gone = std::count(removed.begin(), removed.end(), k) > 0;
                const auto expect =
                    gone ? plain.select(1, k).mean(0, true).expand({16, 6, 6}) : plain.select(1, k);
                QVERIFY2(torch::allclose(h.select(1, k), expect, 1e-5, 1e-6), nameOf(mode));
            }
        }
        QCOMPARE(Intervention::removeChannels(InterventionMode::ModalityGeneral, 0.5, saliency, 0),
                 (std::vector<int64_t>{1, 3}));
        QCOMPARE(Intervention::removeChannels(InterventionMode::ModalitySpecific, 0.5, saliency, 0),
                 (std::vector<int64_t>{0, 2}));
    }

    // A hand-built teacher-modality network: hidden1 copies its input [s0 s1 p0 p1 n0 n1]
    // (shared, specific, noise), shifted into ReLU's linear range; its logits use s and p with
    // equal weight. The b network sees only s and matches the shared part of those logits.
    // Permuting a specific channel keeps its distribution, so the distance to o^b stays at its
    // base level; permuting a shared channel breaks the agreement. Noise channels are unused.
    void algorithm1RanksSharedChannelsOfATap() {
        const int n = 400;
        torch::manual_seed(21);
        auto s = torch::randn({n, 2}), p = torch::randn({n, 2}), noise = torch::randn({n, 2});
        auto xa = torch::cat({s, p, noise}, 1), xb = s.clone();
        NetSpec sa;
        sa.type = ModelType::Mlp, sa.hidden = {6}, sa.classes = 2, sa.inputs = {{"a", {6}}};
        TapNet fa(sa, 1), fb(2, std::vector<int64_t>{}, 2, 2);
        {
            torch::NoGradGuard ng;
            auto A = fa->named_parameters(), B = fb->named_parameters();
            A["fc1.weight"].copy_(torch::eye(6));
            A["fc1.bias"].fill_(10.0);  // h = x + 10 > 0
            auto w =
                torch::tensor({{1.f, -1.f, 1.f, -1.f, 0.f, 0.f}, {-1.f, 1.f, -1.f, 1.f, 0.f, 0.f}});
            A["fc2.weight"].copy_(w);
            A["fc2.bias"].copy_(-(w.sum(1) * 10.0));
            B["fc1.weight"].copy_(w.slice(1, 0, 2));
            B["fc1.bias"].zero_();
        }
        Algorithm1Config cfg;
        cfg.tap = "hidden1", cfg.permutations = 20, cfg.batchSize = 128;
        const auto r = Algorithm1::saliency(fa, fb, xa, xb, cfg, 5);
        QCOMPARE(r.raw.size(), std::size_t(6));
        const std::vector<int64_t> top(r.ranking.begin(), r.ranking.begin() + 2);
        QVERIFY2((top == std::vector<int64_t>{0, 1} || top == std::vector<int64_t>{1, 0}),
                 "the shared channels are not on top");
        QVERIFY(r.raw[0] > 1.5 * r.raw[2] && r.raw[1] > 1.5 * r.raw[3]);  // 4 against 2
        QVERIFY(std::abs(r.raw[4] - r.raw[5]) < 1e-9);  // unused channels: the base level
        QCOMPARE(r.normalized[r.ranking[0]], 1.0);
    }

    // At a branch tap of a fusion network the pass cannot resume; the permuting edit gives the
    // same scores as resuming at "fusion", whose first channels are that branch's features.
    void algorithm1AtABranchTapMatchesTheFusionTap() {
        NetSpec s;
        s.type = ModelType::Fusion, s.channels = {3}, s.hidden = {}, s.classes = 2, s.width = 3;
        s.inputs = {{"a", {4}}, {"b", {1, 6, 6}}};
        TapNet fa(s, 8), fb(36, std::vector<int64_t>{}, 2, 9);
        torch::manual_seed(3);
        auto x = torch::randn({50, 40});
        auto xb = x.slice(1, 4, 40);
        Algorithm1Config cfg;
        cfg.permutations = 4, cfg.tap = "a/features";
        const auto branch = Algorithm1::saliency(fa, fb, x, xb, cfg, 1);
        cfg.tap = "fusion";
        const auto joint = Algorithm1::saliency(fa, fb, x, xb, cfg, 1);
        QCOMPARE(branch.raw.size(), std::size_t(3));
        for (int k = 0; k < 3; ++k) QVERIFY(std::abs(branch.raw[k] - joint.raw[k]) < 1e-6);
    }
};

QTEST_GUILESS_MAIN(TestNetworks)
#include "test_networks.moc"
