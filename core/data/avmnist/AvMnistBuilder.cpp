#include "core/data/avmnist/AvMnistBuilder.h"

#include <ATen/CPUGeneratorImpl.h>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <thread>

#include "core/base/Error.h"
#include "core/base/Hashing.h"
#include "core/base/JsonFields.h"
#include "core/base/Limits.h"
#include "core/base/NumpyRandom.h"
#include "core/base/SeededUniform.h"
#include "core/data/DatasetFile.h"
#include "core/data/avmnist/DigitImages.h"
#include "core/data/avmnist/LogMel.h"
#include "core/data/avmnist/SpeechSynth.h"

namespace mfh {

namespace {

constexpr int kRate = SpeechSynth::kSampleRate;
constexpr int kSamples = kRate;  // 1 s of audio per sample
constexpr int kFrames = 100;     // 10 ms hop

const char* kWords[] = {"zero", "one", "two",   "three", "four",
                        "five", "six", "seven", "eight", "nine"};

void check(const AvMnistOptions& o) {
    if (o.images != "mnist" && o.images != "fashion" && o.images != "idx")
        throw InputError("--images must be mnist or fashion (or idx with --images-idx)");
    if (o.images == "idx" && (o.imagesIdx.empty() || o.labelsIdx.empty()))
        throw InputError("--images idx needs --images-idx and --labels-idx");
    if (!std::isfinite(o.snrDb) || o.snrDb < -30 || o.snrDb > 60)
        throw InputError("--snr must be a number of dB in [-30, 60]");
    if (!std::isfinite(o.imageNoise) || o.imageNoise < 0 || o.imageNoise > 5)
        throw InputError("--image-noise must be in [0, 5]");
    if (o.pcaDrop < 0 || o.pcaDrop > 700) throw InputError("--pca-drop must be in [0, 700]");
    if (o.limit < 0) throw InputError("--limit must not be negative");
    if (o.voices != 0 && o.voices < 3)
        throw InputError("--voices must be at least 3 (one pool per split)");
    if (!(o.valShare > 0 && o.testShare > 0 && o.valShare + o.testShare < 0.9))
        throw InputError("validation and test shares must be positive and leave training data");
}

// The first and one-past-last samples above 2 % of the peak: the word without its silences.
std::pair<std::size_t, std::size_t> voiced(const std::vector<float>& w) {
    float peak = 0;
    for (float v : w) peak = std::max(peak, std::fabs(v));
    std::size_t a = 0, b = w.size();
    while (a < b && std::fabs(w[a]) <= 0.02f * peak) ++a;
    while (b > a && std::fabs(w[b - 1]) <= 0.02f * peak) --b;
    return {a, b};
}

std::string espeakVersion() {
    std::string out;
    if (FILE* p = popen("espeak-ng --version 2>/dev/null", "r")) {
        char buf[256];
        while (std::fgets(buf, sizeof buf, p)) out += buf;
        pclose(p);
    }
    while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
    return out;
}

}  // namespace

std::string defaultCacheDir() {
    if (const char* d = std::getenv("MFH_CACHE_DIR"); d && *d) return d;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return std::string(x) + "/mfh";
    if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.cache/mfh";
    return "/tmp/mfh-cache";
}

std::string AvMnistBuilder::describe(const AvMnistOptions& o) {
    char buf[512];
    std::snprintf(buf, sizeof buf,
                  "avmnist v1 images=%s idx=%s,%s snr=%g image_noise=%g pca_drop=%d limit=%lld "
                  "voices=%d val=%g test=%g seed=%u",
                  o.images.c_str(), o.imagesIdx.c_str(), o.labelsIdx.c_str(), o.snrDb, o.imageNoise,
                  o.pcaDrop, static_cast<long long>(o.limit), o.voices, o.valShare, o.testShare,
                  o.seed);
    return buf;
}

std::string AvMnistBuilder::cached(const AvMnistOptions& o,
                                   const std::function<void(const std::string&)>& progress) {
    static std::mutex building;  // one build at a time; the others then find the file
    std::lock_guard<std::mutex> lock(building);
    const std::string cache = o.cacheDir.empty() ? defaultCacheDir() : o.cacheDir;
    const std::string key = describe(o);
    const auto path = std::filesystem::path(cache) / "datasets" /
                      ("avmnist-" + hex64(hashBytes(key.data(), key.size())).substr(0, 12) + ".h5");
    if (std::filesystem::exists(path)) return path.string();
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) throw InputError("cannot create the cache folder " + path.parent_path().string());
    if (progress) progress("building " + key + " into " + path.string());
    DatasetFile::save(build(o, progress), path.string());  // atomic: complete or absent
    return path.string();
}

Dataset AvMnistBuilder::build(const AvMnistOptions& o,
                              const std::function<void(const std::string&)>& progress) {
    check(o);
    auto say = [&](const std::string& s) {
        if (progress) progress(s);
    };
    const std::string cache = o.cacheDir.empty() ? defaultCacheDir() : o.cacheDir;
    const DigitImages img = o.images == "mnist" ? DigitImages::mnistNpm(cache)
                            : o.images == "fashion"
                                ? DigitImages::fashion()
                                : DigitImages::fromIdx(o.imagesIdx, o.labelsIdx);
    if (img.images.size(1) != 28 || img.images.size(2) != 28)
        throw InputError("the images must be 28x28");

    // Samples: a seeded subset of the images, cut into train | val | test.
    SeededUniform orderRng(deriveSeed(o.seed, "avmnist-order"));
    auto order = orderRng.permutation(img.images.size(0));
    if (o.limit > 0 && o.limit < static_cast<int64_t>(order.size())) order.resize(o.limit);
    const int64_t n = static_cast<int64_t>(order.size());
    const int64_t nTest = std::llround(n * o.testShare), nVal = std::llround(n * o.valShare);
    const int64_t nTrain = n - nTest - nVal;
    if (nTest < 1 || nVal < 1 || nTrain < 1)
        throw InputError("too few samples (" + std::to_string(n) + ") for three splits");
    auto splitOf = [&](int64_t i) { return i < nTrain ? 0 : i < nTrain + nVal ? 1 : 2; };

    // Voices: every accent × variant in a seeded order, each with its own speed and pitch,
    // dealt into disjoint pools: test first, then val, the rest train.
    std::vector<Voice> all;
    for (const auto& a : SpeechSynth::accents())
        for (const auto& v : SpeechSynth::variants()) all.push_back({a, v});
    SeededUniform voiceRng(deriveSeed(o.seed, "avmnist-voices"));
    const auto voiceOrder = voiceRng.permutation(static_cast<int64_t>(all.size()));
    const int V = o.voices > 0 ? std::min<int>(o.voices, static_cast<int>(all.size()))
                               : static_cast<int>(all.size());
    std::vector<Voice> voices;
    for (int i = 0; i < V; ++i) {
        Voice v = all[voiceOrder[i]];
        v.speed = 120 + static_cast<int>(voiceRng.next() * 101);  // words per minute
        v.pitch = 20 + static_cast<int>(voiceRng.next() * 61);
        voices.push_back(v);
    }
    const int vTest = std::max(1, static_cast<int>(std::lround(V * o.testShare)));
    const int vVal = std::max(1, static_cast<int>(std::lround(V * o.valShare)));
    std::vector<std::vector<int>> pools(3);
    for (int i = 0; i < V; ++i) pools[i < vTest ? 2 : i < vTest + vVal ? 1 : 0].push_back(i);
    if (pools[0].empty()) throw InputError("too few voices for three disjoint pools");

    // Every voice says every digit (espeak-ng processes in parallel, cached).
    SpeechSynth synth(cache);
    std::vector<std::vector<float>> words(static_cast<std::size_t>(V) * 10);
    {
        std::atomic<int> next{0}, done{0};
        std::exception_ptr error;
        std::mutex m;
        const int threads =
            o.threads > 0 ? o.threads
                          : static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
        auto work = [&] {
            for (int k; (k = next++) < static_cast<int>(words.size());) {
                try {
                    words[k] = synth.speak(voices[k / 10], kWords[k % 10]);
                } catch (...) {
                    std::lock_guard<std::mutex> lock(m);
                    if (!error) error = std::current_exception();
                    next = static_cast<int>(words.size());
                }
                if (++done % 200 == 0)
                    say("speech " + std::to_string(done) + "/" + std::to_string(words.size()));
            }
        };
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) pool.emplace_back(work);
        for (auto& t : pool) t.join();
        if (error) std::rethrow_exception(error);
    }

    // Audio: each sample takes a word of its class from its split's pool, at a random onset,
    // plus white noise at the chosen SNR, then the log-mel spectrogram; in batches, each with
    // its own noise generator, so memory stays small and the result does not depend on threads.
    SeededUniform pairRng(deriveSeed(o.seed, "avmnist-pairing"));
    auto audio = torch::empty({n, 1, 40, kFrames});
    const LogMel mel(kRate);
    const int64_t batch = 256;
    const double snr = std::pow(10.0, o.snrDb / 10.0);
    for (int64_t s = 0; s < n; s += batch) {
        const int64_t b = std::min(batch, n - s);
        auto waves = torch::zeros({b, kSamples});
        std::vector<float> noiseStd(b);
        auto W = waves.accessor<float, 2>();
        for (int64_t i = 0; i < b; ++i) {
            const auto& pool = pools[splitOf(s + i)];
            const int voice = pool[static_cast<int>(pairRng.next() * pool.size())];
            const int64_t label = img.labels[order[s + i]];
            const auto& w = words[static_cast<std::size_t>(voice) * 10 + label];
            const auto [a, e] = voiced(w);
            const int onset = static_cast<int>(pairRng.next() * 0.1 * kRate);
            double power = 0;
            for (std::size_t t = a; t < e; ++t) power += double(w[t]) * w[t];
            power /= std::max<std::size_t>(1, e - a);
            for (std::size_t t = a; t < e && onset + (t - a) < kSamples; ++t)
                W[i][onset + (t - a)] = w[t];
            noiseStd[i] = static_cast<float>(std::sqrt(power / snr));
        }
        auto gen = at::detail::createCPUGenerator(deriveSeed(o.seed + s, "avmnist-noise"));
        waves += torch::randn({b, kSamples}, gen) *
                 torch::from_blob(noiseStd.data(), {b, 1}, torch::kFloat32);
        audio.slice(0, s, s + b).copy_(mel(waves).slice(2, 0, kFrames).unsqueeze(1));
        if ((s / batch) % 8 == 0) say("audio " + std::to_string(s + b) + "/" + std::to_string(n));
    }
    // Standardised with the training split's mean and deviation (one number each).
    const auto trainAudio = audio.slice(0, 0, nTrain);
    const double mu = trainAudio.mean().item<double>(), sd = trainAudio.std().item<double>();
    audio = (audio - mu) / sd;

    // Images: pixels in [0, 1], leading principal components of the training split removed,
    // then pixel noise.
    auto idx = torch::tensor(order, torch::kInt64);
    auto x = img.images.index_select(0, idx).reshape({n, 784}).to(torch::kFloat32) / 255.0;
    if (o.pcaDrop > 0) {
        auto train = x.slice(0, 0, nTrain).to(torch::kFloat64);
        auto mean = train.mean(0, true);
        auto centred = train - mean;
        auto cov = centred.t().mm(centred) / static_cast<double>(nTrain);
        auto [values, vectors] = torch::linalg_eigh(cov, "L");  // ascending eigenvalues
        auto top = vectors.slice(1, 784 - o.pcaDrop, 784);
        auto xd = x.to(torch::kFloat64);
        x = (xd - (xd - mean).mm(top).mm(top.t())).to(torch::kFloat32);
    }
    if (o.imageNoise > 0) {
        auto gen = at::detail::createCPUGenerator(deriveSeed(o.seed, "avmnist-pixels"));
        x = x + o.imageNoise * torch::randn({n, 784}, gen);
    }

    Dataset ds;
    ds.addModality("image", x.reshape({n, 1, 28, 28}).contiguous(), "image");
    ds.addModality("audio", audio.contiguous(), "spectrogram");
    std::vector<int64_t> labels(n);
    for (int64_t i = 0; i < n; ++i) labels[i] = img.labels[order[i]];
    ds.setLabels(labels, img.classNames);
    std::vector<std::vector<int64_t>> split(3);
    for (int64_t i = 0; i < n; ++i) split[splitOf(i)].push_back(i);
    ds.setSplit("train", split[0]);
    ds.setSplit("val", split[1]);
    ds.setSplit("test", split[2]);
    auto names = [&](int s) {
        std::string out;
        for (int v : pools[s]) out += (out.empty() ? "" : "; ") + voices[v].name();
        return out;
    };
    auto& at = ds.attributes;
    at["description"] =
        "AV-MNIST-like: 28x28 images paired by label with spoken digits (espeak-ng) as log-mel "
        "spectrograms; disjoint voices per split";
    at["generator"] = "avmnist";
    at["seed"] = std::to_string(o.seed);
    at["images"] = img.source;
    at["snr_db"] = std::to_string(o.snrDb);
    at["image_noise"] = std::to_string(o.imageNoise);
    at["pca_drop"] = std::to_string(o.pcaDrop);
    at["limit"] = std::to_string(o.limit);
    at["audio_features"] =
        "log-mel, 40 bands (20-8000 Hz, HTK), 25 ms Hann window, 10 ms hop, "
        "1 s, word onset in the first 100 ms, standardised";
    at["audio_mean"] = std::to_string(mu);
    at["audio_std"] = std::to_string(sd);
    at["sample_rate"] = std::to_string(kRate);
    at["voices_train"] = names(0);
    at["voices_val"] = names(1);
    at["voices_test"] = names(2);
    at["espeak_ng"] = espeakVersion();
    ds.validate();
    return ds;
}

AvMnistOptions AvMnistOptions::fromJson(const nlohmann::json& j, const std::string& path) {
    JsonFields o(j, path);
    AvMnistOptions a;
    a.images = o.str("images", a.images, {"mnist", "fashion", "idx"});
    a.imagesIdx = o.str("images_idx", "");
    a.labelsIdx = o.str("labels_idx", "");
    if (a.images == "idx" && (a.imagesIdx.empty() || a.labelsIdx.empty()))
        throw InputError("'" + o.key("images") + "' = \"idx\" needs '" + o.key("images_idx") +
                         "' and '" + o.key("labels_idx") + "'");
    a.snrDb = o.num("snr_db", a.snrDb, -30, 60);
    a.imageNoise = o.num("image_noise", a.imageNoise, 0, 5);
    a.pcaDrop = o.integer("pca_drop", a.pcaDrop, 0, 700);
    a.limit = o.integer("limit", 0);
    a.voices = o.integer("voices", 0);
    a.seed = static_cast<uint32_t>(o.integer("seed", 0));
    o.finish();
    return a;
}

nlohmann::json AvMnistOptions::toJson() const {
    if (images == "idx")
        return {{"images", images}, {"images_idx", imagesIdx},   {"labels_idx", labelsIdx},
                {"snr_db", snrDb},  {"image_noise", imageNoise}, {"pca_drop", pcaDrop},
                {"limit", limit},   {"voices", voices},          {"seed", seed}};
    return {{"images", images},    {"snr_db", snrDb}, {"image_noise", imageNoise},
            {"pca_drop", pcaDrop}, {"limit", limit},  {"voices", voices},
            {"seed", seed}};
}

}  // namespace mfh
