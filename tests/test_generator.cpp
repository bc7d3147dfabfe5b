// The synthetic Venn generator (issue: Engine and command line): numpy-exact streams, the
// structure of the generated modalities, and the true α, β, γ of
// docs/science.md#the-modality-venn-diagram.
#include "TestUtil.h"
#include "core/analysis/Oracle.h"
#include "core/base/NumpyRandom.h"
#include "core/data/VennGenerator.h"

using namespace mfh;

class TestGenerator : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void numpyStreamsAreBitExact() {
        // Published values of numpy: np.random.seed(0); np.random.randn(3)
        NumpyRandom r(0);
        QCOMPARE(r.gauss(), 1.764052345967664);
        QCOMPARE(r.gauss(), 0.4001572083672233);
        QCOMPARE(r.gauss(), 0.9787379841057392);
        // np.random.seed(0); np.random.randint(0, 10, 5) -> [5, 0, 3, 3, 7]
        NumpyRandom q(0);
        const int64_t expected[] = {5, 0, 3, 3, 7};
        for (auto e : expected) QCOMPARE(q.randint(0, 10), e);
    }

    void sharedColumnsAreCopies_data() {
        QTest::addColumn<QString>("preset");
        QTest::addColumn<int>("p1");
        QTest::addColumn<int>("p2");
        QTest::newRow("fig2 k=4") << "fig2" << 4 << 0;
        QTest::newRow("fig2 k=10") << "fig2" << 10 << 0;
        QTest::newRow("fig3 xs1=20") << "fig3" << 20 << 0;
        QTest::newRow("table2 10/15") << "table2" << 10 << 15;
        QTest::newRow("generic") << "" << 0 << 0;
    }
    void sharedColumnsAreCopies() {
        QFETCH(QString, preset);
        QFETCH(int, p1);
        QFETCH(int, p2);
        VennSpec s = preset == "fig2"     ? VennSpec::fig2(p1)
                     : preset == "fig3"   ? VennSpec::fig3(p1)
                     : preset == "table2" ? VennSpec::table2(p1, p2)
                                          : VennSpec{};
        const auto ds = generateVenn(s, 3);
        QVERIFY(ds.truth.has_value());
        const auto& sa = ds.truth->sharedColumns.at("a");
        const auto& sb = ds.truth->sharedColumns.at("b");
        QCOMPARE(sa.size(), sb.size());
        auto a = ds.modality("a"), b = ds.modality("b");
        for (std::size_t i = 0; i < sa.size(); ++i)
            QVERIFY(torch::equal(a.select(1, sa[i]), b.select(1, sb[i])));
        // Specific columns of a are not copies of any column of b.
        for (auto c : ds.truth->specificColumns.at("a"))
            for (int64_t j = 0; j < b.size(1); ++j)
                QVERIFY(!torch::equal(a.select(1, c), b.select(1, j)));
        ds.validate();
    }

    void alphaBetaGammaFollowSpec_data() {
        QTest::addColumn<int>("G");
        QTest::addColumn<int>("A");
        QTest::addColumn<int>("B");
        QTest::newRow("balanced") << 10 << 10 << 10;
        QTest::newRow("no overlap") << 0 << 5 << 7;
        QTest::newRow("full overlap") << 8 << 0 << 0;
        QTest::newRow("a-heavy") << 3 << 12 << 1;
    }
    void alphaBetaGammaFollowSpec() {
        QFETCH(int, G);
        QFETCH(int, A);
        QFETCH(int, B);
        VennSpec s;
        s.shared = G, s.specificA = A, s.specificB = B, s.nTrain = 20, s.nTest = 20;
        const auto t = *generateVenn(s, 1).truth;
        QVERIFY(std::abs(t.alpha - double(A) / (A + G)) < 1e-12);
        QVERIFY(std::abs(t.beta - double(B) / (B + G)) < 1e-12);
        QVERIFY(std::abs(t.gamma - double(G) / (A + B + G)) < 1e-12);
        if (t.alpha * t.beta < 1)  // the identity γ = (1−α)(1−β)/(1−αβ)
            QVERIFY(std::abs(t.gamma - (1 - t.alpha) * (1 - t.beta) / (1 - t.alpha * t.beta)) <
                    1e-12);
    }

    void presetTruthMatchesPaper() {
        auto f2 = *generateVenn(VennSpec::fig2(4), 0).truth;  // γ = k/(20−k), α = β = (10−k)/10
        QVERIFY(std::abs(f2.gamma - 4.0 / 16) < 1e-12 && std::abs(f2.alpha - 0.6) < 1e-12);
        auto f3 = *generateVenn(VennSpec::fig3(40), 0).truth;  // α = 0.8, β = 0, γ = 0.2
        QVERIFY(std::abs(f3.alpha - 0.8) < 1e-12 && f3.beta == 0 &&
                std::abs(f3.gamma - 0.2) < 1e-12);
        auto t2 = *generateVenn(VennSpec::table2(10, 5), 42).truth;  // γ = xs2/(xs1+xs2)
        QVERIFY(std::abs(t2.gamma - 1.0 / 3) < 1e-12);
    }

    void labelsFollowTheHyperplane() {
        // Table 2: δ = 1 and modality a holds every latent coordinate in columns 0..xs1+xs2−1.
        const auto ds = generateVenn(VennSpec::table2(10, 10), 42);
        auto a = ds.modality("a").to(torch::kFloat64);
        auto s = a.slice(1, 0, 20).sum(1);
        for (int64_t i = 0; i < ds.size(); ++i)
            QCOMPARE(ds.labels()[i], int64_t(s[i].item<double>() > 0 ? 1 : 0));
        QCOMPARE(ds.split("transfer").size(), std::size_t(200));
    }

    void seedsAreDeterministic() {
        QCOMPARE(generateVenn(VennSpec::fig2(6), 7).contentHash(),
                 generateVenn(VennSpec::fig2(6), 7).contentHash());
        QVERIFY(generateVenn(VennSpec::fig2(6), 7).contentHash() !=
                generateVenn(VennSpec::fig2(6), 8).contentHash());
        // Fig. 2: the student modality and labels do not depend on the overlap k.
        auto d0 = generateVenn(VennSpec::fig2(0), 5), d10 = generateVenn(VennSpec::fig2(10), 5);
        QVERIFY(torch::equal(d0.modality("b"), d10.modality("b")));
        QCOMPARE(d0.labels(), d10.labels());
    }

    void oracleByHand() {
        // δ = (1, 1); the teacher weighs both coordinates equally: it is Bayes-optimal (100 %).
        // The student observes coordinate 0 only: v = (1, 0), angle 45°, accuracy 1 − ¼ = 75 %.
        auto o = Oracle::linear({1.0, 1.0}, {0, 1}, {0}, {1.0, 1.0});
        QVERIFY(std::abs(o.teacher - 1.0) < 1e-7);  // acos is steep at 1
        QVERIFY(std::abs(o.student - 0.75) < 1e-12);
        // A noise column with weight 1 halves the teacher's cosine: acc = 1 − arccos(2/(√3·√2))/π.
        o = Oracle::linear({1.0, 1.0, 1.0}, {0, 1, -1}, {0}, {1.0, 1.0});
        QVERIFY(std::abs(o.teacher -
                         (1 - std::acos(2 / (std::sqrt(3.0) * std::sqrt(2.0))) / M_PI)) < 1e-12);
        // No shared coordinate: the student learns nothing (chance).
        QCOMPARE(Oracle::linear({1.0}, {1}, {0}, {1.0, 1.0}).student, 0.5);
    }

    void latentIndexDescribesColumns() {
        const auto ds = generateVenn(VennSpec::fig2(4), 2);
        const auto& li = ds.truth->latentIndex;
        QCOMPARE(li.at("a").size(), std::size_t(25));
        QCOMPARE(ds.truth->hyperplane.size(), std::size_t(20));
        // x^a[:, 6..15] copies z[:, 6..15]; every other column of a is noise.
        for (int j = 0; j < 25; ++j) QCOMPARE(li.at("a")[j], int64_t(j >= 6 && j < 16 ? j : -1));
    }

    void badSizesAreRejected() {
        test::expectInputError([] { VennSpec::fig2(11).layout(); }, "overlap");
        test::expectInputError([] { VennSpec::table2(40, 20).layout(); }, "xs1 + xs2");
        VennSpec s;
        s.shared = -1;
        test::expectInputError([&] { s.layout(); }, "negative");
    }
};

QTEST_GUILESS_MAIN(TestGenerator)
#include "test_generator.moc"
