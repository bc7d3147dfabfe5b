#pragma once
// Shared by the fuzz harnesses: a temporary file per process (in /dev/shm when it exists, so
// that the fuzzer does not wear the disk), rewritten for every input; spdlog silenced.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <sys/stat.h>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace mfh_fuzz {

inline void quiet() {
    static const bool once = [] {
        spdlog::set_level(spdlog::level::off);
        return true;
    }();
    (void)once;
}

// The path of this process' temporary file, with the given suffix (e.g. ".npz").
inline const std::string& tempPath(const std::string& suffix) {
    static const std::string path = [&] {
        struct stat st {};
        const std::string dir =
            (stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode)) ? "/dev/shm" : "/tmp";
        const std::string p = dir + "/mfh-fuzz-" + std::to_string(getpid()) + suffix;
        std::atexit([] { std::remove(tempPath("").c_str()); });
        return p;
    }();
    return path;
}

// Writes the bytes to the temporary file and returns its path.
inline const std::string& writeTemp(const uint8_t* data, std::size_t size,
                                    const std::string& suffix) {
    const std::string& path = tempPath(suffix);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) std::abort();  // the harness' own environment is broken, not the code under test
    if (size && std::fwrite(data, 1, size, f) != size) std::abort();
    std::fclose(f);
    return path;
}

}  // namespace mfh_fuzz
