#include "core/data/avmnist/SpeechSynth.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/Hashing.h"
#include "core/data/Dataset.h"

namespace mfh {

namespace fs = std::filesystem;

std::string Voice::name() const {
    return accent + "+" + variant + " s" + std::to_string(speed) + " p" + std::to_string(pitch);
}

SpeechSynth::SpeechSynth(std::string cacheDir) : cacheDir_(std::move(cacheDir)) {}

const std::vector<std::string>& SpeechSynth::accents() {
    static const std::vector<std::string> a{
        "en-us",          "en",    "en-gb-scotland", "en-gb-x-rp", "en-gb-x-gbclan",
        "en-gb-x-gbcwmd", "en-029"};
    return a;
}

const std::vector<std::string>& SpeechSynth::variants() {
    static const std::vector<std::string> v{
        "m1",     "m2",     "m3",    "m4",      "m5",      "m6",      "m7",       "m8",
        "f1",     "f2",     "f3",    "f4",      "f5",      "adam",    "Alex",     "Alicia",
        "Andrea", "Andy",   "Annie", "antonio", "aunty",   "belinda", "benjamin", "boris",
        "caleb",  "david",  "ed",    "edward",  "gustave", "john",    "linda",    "max",
        "michel", "miguel", "paul",  "pedro",   "quincy",  "rob",     "robert",   "steph"};
    return v;
}

std::vector<float> SpeechSynth::parseWav(const std::string& b, const std::string& what) {
    auto u32 = [&](std::size_t at) {
        uint32_t v = 0;
        for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
        return v;
    };
    if (b.size() < 12 || b.compare(0, 4, "RIFF") != 0 || b.compare(8, 4, "WAVE") != 0)
        throw InputError(what + ": not a WAV stream");
    std::size_t at = 12;
    bool pcm16 = false;
    while (at + 8 <= b.size()) {
        const std::string id = b.substr(at, 4);
        uint32_t size = u32(at + 4);
        at += 8;
        if (id == "fmt ") {
            if (at + 16 > b.size()) break;
            const int format = static_cast<unsigned char>(b[at]) | (b[at + 1] << 8);
            const int channels = static_cast<unsigned char>(b[at + 2]) | (b[at + 3] << 8);
            const int bits = static_cast<unsigned char>(b[at + 14]) | (b[at + 15] << 8);
            pcm16 = format == 1 && channels == 1 && bits == 16;
            if (!pcm16) throw InputError(what + ": expected 16-bit mono PCM");
        } else if (id == "data") {
            if (!pcm16) break;
            // A pipe's header cannot know the length: take what is there.
            const std::size_t n = std::min<std::size_t>(size, b.size() - at) / 2;
            std::vector<float> out(n);
            for (std::size_t i = 0; i < n; ++i) {
                const auto lo = static_cast<unsigned char>(b[at + 2 * i]);
                const auto hi = static_cast<unsigned char>(b[at + 2 * i + 1]);
                // Little-endian two's complement, assembled unsigned (a negative shift is UB).
                out[i] = static_cast<float>(
                             static_cast<int16_t>(static_cast<uint16_t>((hi << 8) | lo))) /
                         32768.0f;
            }
            return out;
        }
        at += size + (size & 1);
    }
    throw InputError(what + ": a WAV stream without 16-bit mono PCM data");
}

std::vector<float> SpeechSynth::speak(const Voice& v, const std::string& text) const {
    for (const auto* s : {&v.accent, &v.variant, &text})
        for (char c : *s)
            if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != ' ' && c != '_')
                throw InputError("speech text and voice names are letters, digits and '-'");
    const std::string key =
        hex64(hashBytes(v.name().data(), v.name().size(), hashBytes(text.data(), text.size())));
    const fs::path cached = fs::path(cacheDir_) / "speech" / (key + ".wav");
    std::string bytes;
    if (std::ifstream in(cached, std::ios::binary); in) {
        std::ostringstream s;
        s << in.rdbuf();
        bytes = s.str();
    } else {
        const std::string cmd = "espeak-ng -v " + v.accent + "+" + v.variant + " -s " +
                                std::to_string(v.speed) + " -p " + std::to_string(v.pitch) +
                                " --stdout \"" + text + "\" 2>/dev/null";
        FILE* p = popen(cmd.c_str(), "r");
        if (!p) throw InputError("cannot start espeak-ng: " + std::string(std::strerror(errno)));
        char buf[1 << 15];
        for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, p)) > 0;) bytes.append(buf, n);
        const int status = pclose(p);
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
            throw InputError("espeak-ng is not installed (Debian: apt-get install espeak-ng)");
        if (status != 0 || bytes.empty())
            throw InputError("espeak-ng failed for voice " + v.name() + " saying '" + text + "'");
        std::error_code ec;
        fs::create_directories(cached.parent_path(), ec);
        try {
            if (!ec) writeTextAtomically(cached.string(), bytes);
        } catch (const InputError&) {  // a cache: best effort (a read-only home still works)
        }
    }
    return parseWav(bytes, "espeak-ng output for " + v.name());
}

}  // namespace mfh
