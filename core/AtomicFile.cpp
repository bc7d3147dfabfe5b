#include "core/AtomicFile.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/Error.h"

namespace mfh {

namespace fs = std::filesystem;

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
    static std::atomic<unsigned> counter{0};
    fs::path p(target_);
    temp_ = (p.parent_path() / ("." + p.filename().string() + ".part-" +
                                std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                .string();
}

AtomicFile::~AtomicFile() {
    if (!committed_) std::remove(temp_.c_str());
}

void AtomicFile::commit() {
    if (std::rename(temp_.c_str(), target_.c_str()) != 0)
        throw InputError("cannot write " + target_ + " (rename failed)");
    committed_ = true;
}

void writeTextAtomically(const std::string& path, const std::string& text) {
    AtomicFile file(path);
    {
        std::ofstream out(file.tempPath(), std::ios::binary);
        if (!out) throw InputError("cannot write " + path);
        out << text;
        out.flush();
        if (!out) throw InputError("cannot write " + path + " (disk full?)");
    }
    file.commit();
}

}  // namespace mfh
