#include "core/base/AtomicFile.h"

#include <signal.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <set>

#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "core/base/Error.h"

namespace mfh {

namespace fs = std::filesystem;

namespace {

std::mutex& registryMutex() {
    static std::mutex m;
    return m;
}
std::set<std::string>& registry() {
    static std::set<std::string> live;
    return live;
}

// This machine's name as a temporary file carries it: on a file system that several
// machines share (a cluster's), a process can tell only its own machine's dead writers.
const std::string& hostTag() {
    static const std::string tag = [] {
        char buf[256] = {};
        if (::gethostname(buf, sizeof buf - 1) != 0) return std::string("host");
        std::string t;
        for (const char* c = buf; *c && t.size() < 64; ++c)
            if (std::isalnum(static_cast<unsigned char>(*c)) || *c == '.' || *c == '-') t += *c;
        return t.empty() ? std::string("host") : t;
    }();
    return tag;
}

}  // namespace

AtomicFile::AtomicFile(std::string target) : target_(std::move(target)) {
    static std::atomic<unsigned> counter{0};
    fs::path p(target_);
    const auto dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        throw InputError("cannot write " + target_ + ": no such folder " + dir.string());
    if (fs::is_directory(p, ec)) throw InputError("cannot write " + target_ + ": it is a folder");
    removeStaleTemporaries(dir.string());
    temp_ =
        (p.parent_path() / ("." + p.filename().string() + ".part-" + std::to_string(::getpid()) +
                            "-" + std::to_string(counter++) + "-" + hostTag()))
            .string();
    std::lock_guard<std::mutex> lock(registryMutex());
    registry().insert(temp_);
}

AtomicFile::~AtomicFile() {
    std::lock_guard<std::mutex> lock(registryMutex());
    if (!committed_) std::remove(temp_.c_str());
    registry().erase(temp_);
}

void AtomicFile::commit() {
    std::lock_guard<std::mutex> lock(registryMutex());
    if (std::rename(temp_.c_str(), target_.c_str()) != 0)
        throw InputError("cannot write " + target_ + " (" + std::strerror(errno) + ")");
    committed_ = true;
    registry().erase(temp_);
}

void removeTemporaries() {
    std::lock_guard<std::mutex> lock(registryMutex());
    for (const auto& t : registry()) std::remove(t.c_str());
    registry().clear();
}

int removeStaleTemporaries(const std::string& dir) {
    static std::mutex m;
    static std::set<std::string> swept;
    std::error_code ec;
    const auto key = fs::weakly_canonical(dir, ec).string();
    {
        std::lock_guard<std::mutex> lock(m);
        if (!swept.insert(key).second) return 0;
    }
    int removed = 0;
    for (fs::directory_iterator it(dir, ec), last; !ec && it != last; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto at = name.rfind(".part-");
        if (name.empty() || name[0] != '.' || at == std::string::npos) continue;
        const std::string rest = name.substr(at + 6);  // PID-N-HOST (PID-N: older versions)
        const auto dash = rest.find('-');
        if (dash == std::string::npos || dash == 0) continue;
        const auto hostDash = rest.find('-', dash + 1);
        if (hostDash != std::string::npos && rest.substr(hostDash + 1) != hostTag())
            continue;  // another machine's writer, alive or not: not for this one to judge
        char* end = nullptr;
        const long pid = std::strtol(rest.c_str(), &end, 10);
        if (end != rest.c_str() + dash || pid <= 0) continue;
        if (pid == ::getpid()) continue;
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) continue;  // alive
        std::error_code rm;
        if (fs::remove(it->path(), rm)) ++removed;
    }
    return removed;
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
