#pragma once
// RunCache: computes each distinct training once. A training is identified by a 64-bit key
// over everything that determines its result (inputs, labels, teacher logits, evaluation data,
// model, optimiser settings, initialisation seed, engine). The first caller of a key computes
// it; concurrent callers of the same key wait for that result instead of training again.
// Example: Fig. 2's no-KD baseline is identical at every γ (its data do not change with γ).
#include <cstdint>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>

namespace mfh {

template <typename T>
class RunCache {
  public:
    // Returns the cached value and whether it was computed by this call.
    std::pair<std::shared_ptr<const T>, bool> get(
        uint64_t key, const std::function<std::shared_ptr<const T>()>& make) {
        std::promise<std::shared_ptr<const T>> promise;
        std::shared_future<std::shared_ptr<const T>> future;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            auto it = map_.find(key);
            if (it != map_.end()) {
                future = it->second;
            } else {
                map_[key] = promise.get_future().share();
            }
        }
        if (future.valid()) return {future.get(), false};
        try {
            auto value = make();
            promise.set_value(value);
            return {value, true};
        } catch (...) {
            promise.set_exception(std::current_exception());
            std::lock_guard<std::mutex> lock(mutex_);
            map_.erase(key);  // a later caller may retry
            throw;
        }
    }

  private:
    std::mutex mutex_;
    std::map<uint64_t, std::shared_future<std::shared_ptr<const T>>> map_;
};

}  // namespace mfh
