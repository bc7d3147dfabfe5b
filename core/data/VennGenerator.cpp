#include "core/data/VennGenerator.h"

#include <set>
#include <sstream>

#include "core/base/Error.h"
#include "core/base/JsonFields.h"
#include "core/base/Limits.h"
#include "core/base/NumpyRandom.h"

namespace mfh {

VennSpec VennSpec::fig2(int overlap) {
    VennSpec s;
    s.preset = "fig2";
    s.param1 = overlap;
    s.hyperplaneDraws = 500;
    return s;
}

VennSpec VennSpec::fig3(int xs1) {
    VennSpec s;
    s.preset = "fig3";
    s.param1 = xs1;
    s.hyperplaneDraws = 500;
    return s;
}

VennSpec VennSpec::table2(int xs1, int xs2) {
    VennSpec s;
    s.preset = "table2";
    s.param1 = xs1;
    s.param2 = xs2;
    s.hyperplaneOnes = true;
    return s;
}

static void require(bool ok, const std::string& msg) {
    if (!ok) throw InputError(msg);
}

VennLayout VennSpec::layout() const {
    VennLayout l;
    auto range = [](std::vector<std::pair<int, int>>& v, int from, int to, int colOffset) {
        for (int j = from; j < to; ++j) v.emplace_back(j, j + colOffset);
    };
    if (preset == "fig2") {
        // gauss/main.py increase_gamma: xs [n,20]; x2[:,0:10] = xs[:,0:10];
        // x1 [n,25] with x1[:,10-k:20-k] = xs[:,10-k:20-k]; draws xs, x2, x1.
        require(param1 >= 0 && param1 <= 10, "fig2 overlap must be in [0, 10]");
        l.latentDim = 20, l.dimA = 25, l.dimB = 50, l.drawBBeforeA = true;
        range(l.copyB, 0, 10, 0);
        range(l.copyA, 10 - param1, 20 - param1, 0);
    } else if (preset == "fig3") {
        // increase_alpha: xs [n,50]; x2[:,0:10] = xs[:,0:10]; x1[:,0:xs1+10] = xs[:,0:xs1+10].
        require(param1 >= 0 && param1 <= 40, "fig3 xs1 must be in [0, 40]");
        l.latentDim = 50, l.dimA = 50, l.dimB = 50, l.drawBBeforeA = true;
        range(l.copyB, 0, 10, 0);
        range(l.copyA, 0, param1 + 10, 0);
    } else if (preset == "table2") {
        // main_modify_gamma.py: xs [n, xs1+xs2]; x1[:,0:xs1+xs2] = xs; x2[:,0:xs2] = xs[:,0:xs2];
        // draws xs, x1, x2.
        require(param1 >= 0 && param2 >= 1 && param1 + param2 <= 50,
                "table2 needs xs1 ≥ 0, xs2 ≥ 1 and xs1 + xs2 ≤ 50");
        l.latentDim = param1 + param2, l.dimA = 50, l.dimB = 50, l.drawBBeforeA = false;
        range(l.copyA, 0, param1 + param2, 0);
        range(l.copyB, 0, param2, 0);
    } else if (preset.empty()) {
        require(shared >= 0 && specificA >= 0 && specificB >= 0 && hidden >= 0 && noiseA >= 0 &&
                    noiseB >= 0,
                "generator sizes must not be negative");
        for (int v : {shared, specificA, specificB, hidden, noiseA, noiseB})
            require(v <= limits::kMaxColumns / 4, "a generator size is above the limit of " +
                                                      std::to_string(limits::kMaxColumns / 4) +
                                                      " columns");
        require(shared + specificA + specificB > 0, "the generator needs decisive columns");
        require(shared + specificA + noiseA > 0 && shared + specificB + noiseB > 0,
                "each modality needs at least one column");
        l.latentDim = shared + specificA + specificB + hidden;
        l.dimA = shared + specificA + noiseA;
        l.dimB = shared + specificB + noiseB;
        range(l.copyA, 0, shared + specificA, 0);
        range(l.copyB, 0, shared, 0);
        range(l.copyB, shared + specificA, shared + specificA + specificB, -specificA);
    } else {
        throw InputError("unknown generator preset '" + preset + "' (fig2, fig3, table2)");
    }
    return l;
}

std::vector<SplitDraw> VennSpec::splitDraws() const {
    require(nTrain > 0 && nTest > 0 && nVal >= 0, "split sizes must be positive");
    require(
        int64_t(nTrain) + nVal + nTest + (preset == "table2" ? nTrain : 0) <= limits::kMaxSamples,
        "the splits ask for more than " + std::to_string(limits::kMaxSamples) + " samples");
    if (preset == "fig2" || preset == "fig3")  // test drawn after np.random.seed(seed + 1)
        return {{"train", nTrain, -1}, {"test", nTest, 1}};
    if (preset == "table2")
        return {{"train", nTrain, -1}, {"test", nTest, -1}, {"transfer", nTrain, -1}};
    std::vector<SplitDraw> d{{"train", nTrain, -1}};
    if (nVal > 0) d.push_back({"val", nVal, -1});
    d.push_back({"test", nTest, -1});
    return d;
}

std::string VennSpec::describe() const {
    std::ostringstream o;
    if (preset.empty())
        o << "venn G=" << shared << " A=" << specificA << " B=" << specificB << " hidden=" << hidden
          << " noise_a=" << noiseA << " noise_b=" << noiseB;
    else
        o << "preset " << preset << " " << param1
          << (preset == "table2" ? " " + std::to_string(param2) : "");
    o << " n=" << nTrain << "/" << nVal << "/" << nTest
      << (hyperplaneOnes ? " hyperplane=ones" : " hyperplane=normal");
    return o.str();
}

VennTruth truthOf(const VennLayout& l, const std::string& ma, const std::string& mb) {
    std::set<int> inA, inB;
    for (auto& p : l.copyA) inA.insert(p.first);
    for (auto& p : l.copyB) inB.insert(p.first);
    VennTruth t;
    int g = 0, a = 0, b = 0;
    for (int j : inA) (inB.count(j) ? g : a)++;
    for (int j : inB) b += inA.count(j) ? 0 : 1;
    for (auto& p : l.copyA)
        (inB.count(p.first) ? t.sharedColumns : t.specificColumns)[ma].push_back(p.second);
    for (auto& p : l.copyB)
        (inA.count(p.first) ? t.sharedColumns : t.specificColumns)[mb].push_back(p.second);
    t.sharedColumns[ma], t.sharedColumns[mb], t.specificColumns[ma], t.specificColumns[mb];
    t.latentIndex[ma].assign(l.dimA, -1);
    t.latentIndex[mb].assign(l.dimB, -1);
    for (auto& p : l.copyA) t.latentIndex[ma][p.second] = p.first;
    for (auto& p : l.copyB) t.latentIndex[mb][p.second] = p.first;
    t.alpha = (a + g) ? double(a) / (a + g) : 0.0;
    t.beta = (b + g) ? double(b) / (b + g) : 0.0;
    t.gamma = (a + b + g) ? double(g) / (a + b + g) : 0.0;
    return t;
}

Dataset generateVenn(const VennSpec& spec, uint32_t seed) {
    const VennLayout l = spec.layout();
    const auto draws = spec.splitDraws();
    NumpyRandom rng(seed);
    std::vector<double> delta;
    if (spec.hyperplaneOnes) {
        delta.assign(l.latentDim, 1.0);
    } else {
        delta = rng.randn(std::max(spec.hyperplaneDraws, l.latentDim));
        delta.resize(l.latentDim);
    }
    int64_t total = 0;
    for (auto& d : draws) total += d.count;
    limits::checkedElements({total, std::max(l.dimA, l.dimB)}, 4, "the generated dataset");
    auto xa = torch::empty({total, l.dimA}, torch::kFloat32);
    auto xb = torch::empty({total, l.dimB}, torch::kFloat32);
    std::vector<int64_t> labels(total);
    Dataset ds;
    int64_t row0 = 0;
    for (const auto& d : draws) {
        if (d.reseedOffset >= 0) rng.reseed(seed + static_cast<uint32_t>(d.reseedOffset));
        const int n = d.count;
        const auto z = rng.randn(static_cast<std::size_t>(n) * l.latentDim);
        std::vector<double> a, b;
        if (l.drawBBeforeA) {
            b = rng.randn(static_cast<std::size_t>(n) * l.dimB);
            a = rng.randn(static_cast<std::size_t>(n) * l.dimA);
        } else {
            a = rng.randn(static_cast<std::size_t>(n) * l.dimA);
            b = rng.randn(static_cast<std::size_t>(n) * l.dimB);
        }
        for (auto& p : l.copyA)
            for (int i = 0; i < n; ++i) a[i * l.dimA + p.second] = z[i * l.latentDim + p.first];
        for (auto& p : l.copyB)
            for (int i = 0; i < n; ++i) b[i * l.dimB + p.second] = z[i * l.latentDim + p.first];
        float* pa = xa.data_ptr<float>() + row0 * l.dimA;
        float* pb = xb.data_ptr<float>() + row0 * l.dimB;
        for (std::size_t k = 0; k < a.size(); ++k) pa[k] = static_cast<float>(a[k]);
        for (std::size_t k = 0; k < b.size(); ++k) pb[k] = static_cast<float>(b[k]);
        std::vector<int64_t> idx(n);
        for (int i = 0; i < n; ++i) {
            double s = 0;
            for (int j = 0; j < l.latentDim; ++j) s += z[i * l.latentDim + j] * delta[j];
            labels[row0 + i] = s > 0 ? 1 : 0;
            idx[i] = row0 + i;
        }
        ds.setSplit(d.name, std::move(idx));
        row0 += n;
    }
    ds.addModality(spec.modalityA, xa, "vector");
    ds.addModality(spec.modalityB, xb, "vector");
    ds.setLabels(std::move(labels), {"0", "1"});
    ds.truth = truthOf(l, spec.modalityA, spec.modalityB);
    ds.truth->hyperplane = delta;
    ds.attributes["description"] = "Synthetic modality Venn diagram data";
    ds.attributes["generator"] = spec.describe();
    ds.attributes["seed"] = std::to_string(seed);
    ds.attributes["source"] = "mfh generate (numpy legacy RandomState streams)";
    return ds;
}

VennSpec VennSpec::fromJson(const nlohmann::json& j, const std::string& path) {
    JsonFields o(j, path);
    const auto preset = o.has("preset") ? o.str("preset", "", {"fig2", "fig3", "table2"}) : "";
    VennSpec s;
    if (preset == "fig2")
        s = VennSpec::fig2(o.integer("overlap", 10, 0, 10));
    else if (preset == "fig3")
        s = VennSpec::fig3(o.integer("xs1", 0, 0, 40));
    else if (preset == "table2")
        s = VennSpec::table2(o.integer("xs1", 10, 0, 49), o.integer("xs2", 10, 1, 50));
    else {
        const int cols = static_cast<int>(limits::kMaxColumns / 4);
        s.shared = o.integer("shared", s.shared, 0, cols);
        s.specificA = o.integer("specific_a", s.specificA, 0, cols);
        s.specificB = o.integer("specific_b", s.specificB, 0, cols);
        s.hidden = o.integer("hidden", s.hidden, 0, cols);
        s.noiseA = o.integer("noise_a", s.noiseA, 0, cols);
        s.noiseB = o.integer("noise_b", s.noiseB, 0, cols);
        s.hyperplaneOnes = o.str("hyperplane", hyperplanes()[0], hyperplanes()) == hyperplanes()[1];
    }
    const int most = static_cast<int>(limits::kMaxSamples);
    s.nTrain = o.integer("n_train", s.nTrain, 1, most);
    s.nVal = o.integer("n_val", s.nVal, 0, most);
    s.nTest = o.integer("n_test", s.nTest, 1, most);
    s.layout();  // validates sizes now, with the config's path in the message
    o.finish();
    return s;
}

const std::vector<std::string>& VennSpec::hyperplanes() {
    static const std::vector<std::string> h{"normal", "ones"};
    return h;
}

nlohmann::json VennSpec::toJson() const {
    nlohmann::json j;
    if (preset == "fig2") {
        j = {{"preset", "fig2"}, {"overlap", param1}};
    } else if (preset == "fig3") {
        j = {{"preset", "fig3"}, {"xs1", param1}};
    } else if (preset == "table2") {
        j = {{"preset", "table2"}, {"xs1", param1}, {"xs2", param2}};
    } else {
        j = {{"shared", shared},
             {"specific_a", specificA},
             {"specific_b", specificB},
             {"hidden", hidden},
             {"noise_a", noiseA},
             {"noise_b", noiseB},
             {"hyperplane", hyperplanes()[hyperplaneOnes ? 1 : 0]}};
    }
    j["n_train"] = nTrain, j["n_val"] = nVal, j["n_test"] = nTest;
    return j;
}

}  // namespace mfh
