// One schema source: every configuration type's parser and serializer round-trip
// (parse → serialize → parse gives the same value), every shipped experiment file does, and an
// experiment run from its serialized form gives the same numbers as from the file.
#include "TestUtil.h"
#include "core/analysis/Algorithm1.h"
#include "core/base/EnumNames.h"
#include "core/data/VennGenerator.h"
#include "core/data/avmnist/AvMnistBuilder.h"
#include "core/experiments/Experiment.h"
#include "core/experiments/ExperimentSpec.h"
#include "core/experiments/Report.h"
#include "core/models/NetSpec.h"
#include "core/training/TrainConfig.h"

using namespace mfh;
using nlohmann::json;

namespace {

// T::fromJson(T::fromJson(j).toJson()) serializes to the same JSON, and that JSON states
// every key (it is a fixed point after one step).
template <typename T>
json roundTrip(const json& j, const std::function<T(const json&)>& parse,
               const std::function<json(const T&)>& write) {
    const json once = write(parse(j));
    const json twice = write(parse(once));
    if (once != twice)
        QTest::qFail(("round trip changed:\n" + once.dump() + "\n" + twice.dump()).c_str(),
                     __FILE__, __LINE__);
    return once;
}

json readJson(const std::string& path) {
    std::ifstream in(path);
    return json::parse(in);
}

}  // namespace

class TestSchema : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void trainConfig() {
        const json j = {{"optimizer", "adam"},     {"lr", 0.003},
                        {"weight_decay", 1e-4},    {"epochs", 12},
                        {"batch_size", 32},        {"eval_every", 3},
                        {"selection", "best-val"}, {"schedule", "cosine"},
                        {"patience", 2},           {"betas", {0.8, 0.95}}};
        const auto parse = [](const json& x) { return TrainConfig::fromJson(x, "train"); };
        const auto out =
            roundTrip<TrainConfig>(j, parse, [](const TrainConfig& c) { return c.toJson(); });
        const auto c = parse(out);
        QCOMPARE(c.optimizer, OptimizerKind::Adam);
        QCOMPARE(c.lr, 0.003);
        QCOMPARE(c.selection, Selection::BestVal);
        QCOMPARE(c.schedule, Schedule::Cosine);
        QCOMPARE(c.patience, 2);
        QCOMPARE(c.beta2, 0.95);
        // Absent keys keep the given defaults (Algorithm 1's joint training has its own).
        const auto d = TrainConfig::fromJson(json::object(), "t", Algorithm1Config{}.joint);
        QCOMPARE(d.momentum, 0.9);
        test::expectInputError(
            [] {
                TrainConfig::fromJson({{"schedule", "linear"}}, "t");
            },
            "'t.schedule' = \"linear\" is not one of: none, step, cosine");
        test::expectInputError(
            [] {
                TrainConfig::fromJson({{"lr_", 1}}, "t");
            },
            "unknown key 't.lr_'");
    }

    void kdConfig() {
        const auto parse = [](const json& x) { return KdConfig::fromJson(x, "kd"); };
        const auto out = roundTrip<KdConfig>(
            {{"w_gt", 0.5}, {"w_kd", 2}, {"temperature", 4}, {"reduction", "batchmean"}}, parse,
            [](const KdConfig& c) { return c.toJson(); });
        const auto c = parse(out);
        QCOMPARE(c.wKd, 2.0);
        QCOMPARE(c.temperature, 4.0);
        QVERIFY(c.batchMean);
    }

    void model() {
        const auto parse = [](const json& x) { return NetSpec::fromConfig(x, "model"); };
        const auto write = [](const NetSpec& n) { return n.toConfig(); };
        for (const json& j : {json{{"type", "linear"}}, json{{"type", "mlp"}, {"hidden", {32, 8}}},
                              json{{"type", "cnn"},
                                   {"channels", {4, 8}},
                                   {"kernel", 5},
                                   {"stride", 2},
                                   {"hidden", {16}}},
                              json{{"type", "fusion"}, {"channels", {4}}, {"width", 6}}}) {
            const auto out = roundTrip<NetSpec>(j, parse, write);
            QCOMPARE(out["type"], j["type"]);
            for (const auto& [k, v] : j.items()) QCOMPARE(out[k], v);
        }
        QCOMPARE(enumChoices<ModelType>(),
                 (std::vector<std::string>{"linear", "mlp", "cnn", "fusion"}));
        test::expectInputError(
            [] {
                NetSpec::fromConfig({{"type", "rnn"}}, "teacher.model");
            },
            "'teacher.model.type' = \"rnn\" is not one of: linear, mlp");
    }

    void generator() {
        const auto parse = [](const json& x) { return VennSpec::fromJson(x, "g"); };
        const auto write = [](const VennSpec& v) { return v.toJson(); };
        for (const json& j :
             {json{{"preset", "fig2"}, {"overlap", 4}}, json{{"preset", "fig3"}, {"xs1", 20}},
              json{{"preset", "table2"}, {"xs1", 5}, {"xs2", 30}},
              json{{"shared", 3},
                   {"specific_a", 2},
                   {"hidden", 1},
                   {"noise_b", 7},
                   {"hyperplane", "ones"},
                   {"n_train", 50},
                   {"n_val", 10},
                   {"n_test", 40}}}) {
            const auto out = roundTrip<VennSpec>(j, parse, write);
            for (const auto& [k, v] : j.items()) QCOMPARE(out[k], v);
            // The same data: the serialized form generates the same samples.
            auto a = generateVenn(parse(j), 3), b = generateVenn(parse(out), 3);
            QCOMPARE(a.contentHash(), b.contentHash());
        }
    }

    void avmnist() {
        const auto out = roundTrip<AvMnistOptions>(
            {{"images", "fashion"}, {"snr_db", 3}, {"pca_drop", 10}, {"limit", 500}, {"seed", 2}},
            [](const json& x) { return AvMnistOptions::fromJson(x, "avmnist"); },
            [](const AvMnistOptions& o) { return o.toJson(); });
        QCOMPARE(out["images"], json("fashion"));
        QCOMPARE(out["limit"], json(500));
        QCOMPARE(AvMnistBuilder::describe(AvMnistOptions::fromJson(out, "a")),
                 AvMnistBuilder::describe(AvMnistOptions::fromJson({{"images", "fashion"},
                                                                    {"snr_db", 3},
                                                                    {"pca_drop", 10},
                                                                    {"limit", 500},
                                                                    {"seed", 2}},
                                                                   "a")));
    }

    void algorithm1AndIntervention() {
        const auto out = roundTrip<InterventionSpec>(
            {{"type", "removal"},
             {"mode", "modality-specific"},
             {"ratio", 0.5},
             {"source", "pretrained"},
             {"algorithm1",
              {{"permutations", 7},
               {"distance", "l1"},
               {"tap", "hidden1"},
               {"train", {{"epochs", 20}}}}}},
            [](const json& x) { return InterventionSpec::fromJson(x, "intervention"); },
            [](const InterventionSpec& s) { return s.toJson(); });
        QCOMPARE(out["mode"], json("modality-specific"));
        QCOMPARE(out["algorithm1"]["permutations"], json(7));
        QCOMPARE(out["algorithm1"]["train"]["epochs"], json(20));
        // Algorithm 1's own joint-training defaults survive a partial "train".
        QCOMPARE(out["algorithm1"]["train"]["momentum"], json(0.9));
    }

    // Every example in resources/experiments round-trips, and the serialized form is the same
    // experiment: same grid, seeds and settings.
    void shippedExperiments() {
        int n = 0;
        for (const auto& e : std::filesystem::directory_iterator(std::string(MFH_SOURCE_DIR) +
                                                                 "/resources/experiments")) {
            if (e.path().extension() != ".json") continue;
            const json file = readJson(e.path().string());
            const auto out = roundTrip<ExperimentSpec>(
                file, [](const json& x) { return ExperimentSpec::fromJson(x); },
                [](const ExperimentSpec& s) { return s.toJson(); });
            const auto a = ExperimentSpec::fromJson(file), b = ExperimentSpec::fromJson(out);
            QCOMPARE(a.gridSize(), b.gridSize());
            QCOMPARE(a.seeds, b.seeds);
            for (const auto& p : a.gridPoints()) QCOMPARE(a.at(p).toJson(), b.at(p).toJson());
            ++n;
        }
        QVERIFY(n >= 6);
    }

    // The serialized form trains the same networks: Fig. 2 at two seeds gives the same rows.
    void serializedRunsTheSame() {
        auto j = paperExperiment("fig2");
        j["seeds"] = {{"first", 0}, {"count", 2}};
        const auto spec = ExperimentSpec::fromJson(j);
        const auto a = Experiment(spec).run(),
                   b = Experiment(ExperimentSpec::fromJson(spec.toJson())).run();
        QCOMPARE(Report::json(a)["rows"], Report::json(b)["rows"]);
    }
};

QTEST_GUILESS_MAIN(TestSchema)
#include "test_schema.moc"
