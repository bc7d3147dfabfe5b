#pragma once
// SpeechSynth: spoken words from Debian's espeak-ng, byte-for-byte reproducible for a voice.
// A voice is an accent (espeak-ng language voice), a variant (a speaker timbre), a speed in
// words per minute and a pitch (0–99). Waveforms are cached as WAV files under a cache folder
// (keyed by everything that determines them), so a dataset rebuilds without re-synthesis.
// Thread-safe: every call runs its own espeak-ng process.
#include <string>
#include <vector>

namespace mfh {

struct Voice {
    std::string accent, variant;
    int speed = 150, pitch = 50;
    std::string name() const;  // "en-us+m3 s150 p40"
};

class SpeechSynth {
  public:
    static constexpr int kSampleRate = 22050;  // espeak-ng's output rate

    explicit SpeechSynth(std::string cacheDir);
    // Samples in [-1, 1]. Throws InputError when espeak-ng is missing or fails.
    std::vector<float> speak(const Voice& voice, const std::string& text) const;
    // The accents and variants the AV-MNIST builder draws voices from (human-sounding ones).
    static const std::vector<std::string>& accents();
    static const std::vector<std::string>& variants();

    // PCM samples of a 16-bit mono WAV (as espeak-ng writes it, also to a pipe where the
    // header's sizes are placeholders). Throws InputError for anything else.
    static std::vector<float> parseWav(const std::string& bytes, const std::string& what);

  private:
    std::string cacheDir_;
};

}  // namespace mfh
