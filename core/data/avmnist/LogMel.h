#pragma once
// LogMel: log-mel spectrograms of waveforms, computed with torch::stft and a triangular mel
// filterbank (HTK mel scale, filters spaced evenly in mel between fmin and fmax):
//   S = log(M · |STFT(w)|² + 1e-6),  Hann window, frames centred every hop.
// The AV-MNIST builder uses 40 bands, a 25 ms window and a 10 ms hop (../shared/data).
#include <torch/torch.h>

namespace mfh {

class LogMel {
  public:
    LogMel(int sampleRate, int bands = 40, double windowMs = 25, double hopMs = 10,
           double fmin = 20, double fmax = 8000);
    // waves [n, samples] float32 -> [n, bands, frames].
    torch::Tensor operator()(const torch::Tensor& waves) const;
    int hop() const { return hop_; }
    const torch::Tensor& filters() const { return filters_; }  // [bands, nFft/2 + 1]

  private:
    int nFft_, win_, hop_;
    torch::Tensor window_, filters_;
};

}  // namespace mfh
