#include "core/runs/RunMetadataReader.h"

#include <exception>

namespace mfh {

RunMetadataReader::RunMetadataReader(const std::string& root, const std::vector<std::string>& paths)
    : root_(root), paths_(paths), thread_([this] { read(); }) {}

RunMetadataReader::~RunMetadataReader() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopped_ = true;
        room_.notify_all();
    }
    thread_.join();
}

void RunMetadataReader::read() {
    for (const auto& path : paths_) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            room_.wait(lock, [&] { return items_.size() < kCapacity || stopped_; });
            if (stopped_) return;
        }
        RunMetadata m;
        try {
            m = RunMetadata::read(root_ + "/" + path);
        } catch (const std::exception& e) {  // out of memory: the file is listed, not the run
            m.kind = RunMetadata::Kind::Broken, m.error = e.what();
        }
        std::lock_guard<std::mutex> lock(mutex_);
        items_.push_back(std::move(m));
        ready_.notify_one();
    }
}

bool RunMetadataReader::next(RunMetadata& m, bool wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (wait) ready_.wait(lock, [&] { return !items_.empty(); });
    if (items_.empty()) return false;
    m = std::move(items_.front());
    items_.pop_front();
    room_.notify_one();
    return true;
}

}  // namespace mfh
