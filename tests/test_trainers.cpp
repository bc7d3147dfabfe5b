// The fast linear kernel against the LibTorch trainer on the same model, data and settings;
// callbacks, cancellation, selection, determinism; an MLP that learns.
#include "TestUtil.h"
#include "core/data/VennGenerator.h"
#include "core/experiments/Experiment.h"
#include "core/training/LinearTrainer.h"
#include "core/training/TorchTrainer.h"

using namespace mfh;
using nlohmann::json;

namespace {

struct Data {
    TrainData train;
    std::vector<EvalSet> evals;
};

Data makeData(int classes = 2) {
    VennSpec s;
    s.shared = 6, s.specificA = 4, s.specificB = 4, s.noiseA = 10, s.noiseB = 10;
    s.nTrain = 160, s.nVal = 100, s.nTest = 300;
    const auto ds = generateVenn(s, 11);
    Data d;
    d.train.x = ds.features({"a"}, "train");
    d.train.y = ds.labelsOf("train");
    d.train.classes = classes;
    if (classes > 2)  // a third class from a second hyperplane-free rule, for the generic path
        for (std::size_t i = 0; i < d.train.y.size(); ++i)
            if (d.train.x[i][1].item<float>() > 1.0f) d.train.y[i] = 2;
    for (const char* sp : {"val", "test"})
        d.evals.push_back({sp, ds.features({"a"}, sp), ds.labelsOf(sp)});
    return d;
}

double maxDiff(const LinearModel& m, TapNet& net) {
    auto p = net->named_parameters();
    return std::max((m.weight() - p["fc1.weight"]).abs().max().item<double>(),
                    (m.bias() - p["fc1.bias"]).abs().max().item<double>());
}

}  // namespace

class TestTrainers : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initialisationIsShared() {
        TapNet net(24, std::vector<int64_t>{}, 2, 77);
        const auto m = LinearModel::init(2, 24, 77);
        QCOMPARE(maxDiff(m, net), 0.0);
    }

    void kernelMatchesLibTorch_data() {
        QTest::addColumn<QString>("optimizer");
        QTest::addColumn<double>("momentum");
        QTest::addColumn<double>("weightDecay");
        QTest::addColumn<int>("batch");
        QTest::addColumn<bool>("kd");
        QTest::addColumn<int>("classes");
        QTest::newRow("sgd full batch") << "sgd" << 0.0 << 0.0 << 0 << false << 2;
        QTest::newRow("sgd momentum wd") << "sgd" << 0.9 << 1e-3 << 0 << false << 2;
        QTest::newRow("sgd KD T=2") << "sgd" << 0.0 << 0.0 << 0 << true << 2;
        QTest::newRow("adam mini-batch") << "adam" << 0.0 << 0.0 << 32 << false << 2;
        QTest::newRow("3 classes KD mini-batch") << "sgd" << 0.5 << 0.0 << 40 << true << 3;
    }
    void kernelMatchesLibTorch() {
        QFETCH(QString, optimizer);
        QFETCH(double, momentum);
        QFETCH(double, weightDecay);
        QFETCH(int, batch);
        QFETCH(bool, kd);
        QFETCH(int, classes);
        auto d = makeData(classes);
        if (kd)
            d.train.teacherLogits = torch::randn({d.train.x.size(0), classes},
                                                 torch::TensorOptions().dtype(torch::kFloat32));
        TrainConfig c;
        c.optimizer = optimizer == "sgd" ? OptimizerKind::Sgd : OptimizerKind::Adam;
        c.lr = optimizer == "sgd" ? 0.1 : 0.01;
        c.momentum = momentum, c.weightDecay = weightDecay, c.batchSize = batch, c.epochs = 60;
        c.kd = {1.0, 1.0, 2.0, false};
        auto m = LinearModel::init(classes, 20, 5);
        TapNet net(20, std::vector<int64_t>{}, classes, 5);
        const auto rk = LinearTrainer::train(m, d.train, d.evals, c, {}, 17);
        const auto rt = TorchTrainer::train(net, d.train, d.evals, c, {}, torch::kCPU, 17);
        QVERIFY2(maxDiff(m, net) < 2e-4, qPrintable(QString::number(maxDiff(m, net))));
        QVERIFY(std::abs(rk.accuracy.at("test") - rt.accuracy.at("test")) <= 2.0 / 300);
        QVERIFY(std::abs(rk.finalLoss - rt.finalLoss) < 1e-4);
    }

    // The kernel refuses what it cannot honour instead of ignoring it.
    void kernelRefusesWhatItCannotDo() {
        auto d = makeData();
        auto m = LinearModel::init(2, 20, 3);
        TrainConfig c;
        c.epochs = 5, c.schedule = Schedule::Cosine;
        test::expectInputError([&] { LinearTrainer::train(m, d.train, d.evals, c, {}, 1); },
                               "schedule 'cosine' needs the torch engine");
        c.schedule = Schedule::None, c.patience = 2, c.evalEvery = 1;
        test::expectInputError([&] { LinearTrainer::train(m, d.train, d.evals, c, {}, 1); },
                               "does not stop early");
        // Through an experiment: engine "kernel" with a schedule is refused, "auto" trains it
        // with LibTorch (the run records which engine trained it).
        auto j = paperExperiment("fig2");
        j["seeds"] = {{"first", 0}, {"count", 1}};
        j["sweep"] = json::array();
        j["teacher"]["train"]["epochs"] = 20, j["student"]["train"]["epochs"] = 20;
        j["student"]["train"]["schedule"] = "step";
        j["engine"] = "kernel";
        test::expectInputError([&] { Experiment(ExperimentSpec::fromJson(j)).run(); },
                               "engine 'kernel' trains on the CPU from memory at a constant rate");
        j["engine"] = "auto";
        std::vector<std::string> engines;
        std::mutex m2;
        ExperimentCallbacks cb;
        cb.onRun = [&](const RunRecord& r) {
            std::lock_guard<std::mutex> lock(m2);
            engines.push_back(r.role + ":" + r.config["engine"].get<std::string>());
        };
        Experiment(ExperimentSpec::fromJson(j)).run(cb);
        std::sort(engines.begin(), engines.end());
        QCOMPARE(engines,
                 (std::vector<std::string>{"baseline:torch", "student:torch", "teacher:kernel"}));
    }

    void sameSeedSameNumbers() {
        auto d = makeData();
        TrainConfig c;
        c.epochs = 30, c.batchSize = 16;
        auto m1 = LinearModel::init(2, 20, 3), m2 = LinearModel::init(2, 20, 3);
        LinearTrainer::train(m1, d.train, d.evals, c, {}, 8);
        LinearTrainer::train(m2, d.train, d.evals, c, {}, 8);
        QCOMPARE(m1.W, m2.W);
        TapNet n1(20, std::vector<int64_t>{8}, 2, 3), n2(20, std::vector<int64_t>{8}, 2, 3);
        TorchTrainer::train(n1, d.train, d.evals, c, {}, torch::kCPU, 8);
        TorchTrainer::train(n2, d.train, d.evals, c, {}, torch::kCPU, 8);
        for (auto& kv : n1->named_parameters())
            QVERIFY(torch::equal(kv.value(), n2->named_parameters()[kv.key()]));
    }

    void evaluationScheduleAndCallbacks() {
        auto d = makeData();
        TrainConfig c;
        c.epochs = 50, c.evalEvery = 10;
        int begun = 0, epochs = 0;
        TrainerCallbacks cb;
        cb.onBegin = [&](int e) { begun = e; };
        cb.onEpoch = [&](const EpochReport& r) {
            ++epochs;
            if (r.epoch % 10 == 0) return r.accuracy.count("test") == 1;
            return r.accuracy.empty();
        };
        auto m = LinearModel::init(2, 20, 1);
        const auto r = LinearTrainer::train(m, d.train, d.evals, c, cb);
        QCOMPARE(begun, 50);
        QCOMPARE(epochs, 50);
        QCOMPARE(r.status, RunStatus::Complete);
        QCOMPARE(r.curveEpochs, (std::vector<double>{10, 20, 30, 40, 50}));
        QCOMPARE(r.curves.at("acc_test").size(), std::size_t(5));
    }

    void stopAndCancel() {
        auto d = makeData();
        TrainConfig c;
        c.epochs = 100;
        TrainerCallbacks stop;
        stop.onEpoch = [](const EpochReport& r) { return r.epoch < 7; };
        auto m = LinearModel::init(2, 20, 1);
        auto r = LinearTrainer::train(m, d.train, d.evals, c, stop);
        QCOMPARE(r.status, RunStatus::Cancelled);
        QCOMPARE(r.epochsRun, 7);  // epoch 7 completed, then the callback stopped the run
        std::atomic<bool> flag{true};
        TrainerCallbacks cancel;
        cancel.cancel = &flag;
        TapNet net(20, std::vector<int64_t>{4}, 2, 1);
        r = TorchTrainer::train(net, d.train, d.evals, c, cancel);
        QCOMPARE(r.status, RunStatus::Cancelled);
        QCOMPARE(r.epochsRun, 0);
    }

    void bestValidationSelection() {
        auto d = makeData();
        TrainConfig c;
        c.epochs = 40, c.evalEvery = 1, c.selection = Selection::BestVal, c.lr = 0.5;
        auto m = LinearModel::init(2, 20, 2);
        const auto r = LinearTrainer::train(m, d.train, d.evals, c);
        const auto& val = r.curves.at("acc_val");
        const double best = *std::max_element(val.begin(), val.end());
        QCOMPARE(r.accuracy.at("val"), best);
        QCOMPARE(val[r.selectedEpoch - 1], best);
        d.evals.erase(d.evals.begin());  // no validation split
        auto m2 = LinearModel::init(2, 20, 2);
        test::expectInputError([&] { LinearTrainer::train(m2, d.train, d.evals, c); },
                               "needs a 'val' split");
    }

    void mlpLearns() {
        auto d = makeData();
        TrainConfig c;
        c.optimizer = OptimizerKind::Adam, c.lr = 0.01, c.epochs = 60, c.batchSize = 32;
        TapNet net(20, std::vector<int64_t>{16, 8}, 2, 4);
        QCOMPARE(net->taps(), (std::vector<std::string>{"input", "hidden1", "hidden2", "logits"}));
        const auto r = TorchTrainer::train(net, d.train, d.evals, c);
        QVERIFY2(r.accuracy.at("test") > 0.75, qPrintable(QString::number(r.accuracy.at("test"))));
    }

    void badArguments() {
        auto d = makeData();
        TrainConfig c;
        c.epochs = -1;
        auto m = LinearModel::init(2, 20, 1);
        test::expectInputError([&] { LinearTrainer::train(m, d.train, d.evals, c); },
                               "epochs must not be negative");
        auto wrong = LinearModel::init(2, 19, 1);
        c.epochs = 1;
        test::expectInputError([&] { LinearTrainer::train(wrong, d.train, d.evals, c); },
                               "does not match");
        test::expectInputError([] { pickDevice("tpu"); }, "unknown device");
        if (!torch::cuda::is_available())
            test::expectInputError([] { pickDevice("cuda"); }, "no CUDA");
    }
};

QTEST_GUILESS_MAIN(TestTrainers)
#include "test_trainers.moc"
