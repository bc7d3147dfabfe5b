#include "core/base/FileNames.h"

#include <filesystem>

#include "core/base/Error.h"

namespace mfh {

void requireRegularFile(const std::string& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const auto st = fs::status(path, ec);
    if (ec || !fs::exists(st)) throw InputError("no such file: " + path);
    if (fs::is_directory(st)) throw InputError(path + " is a folder, not a file");
    if (!fs::is_regular_file(st))
        throw InputError(path + " is not a regular file (a pipe or a device?)");
}

std::string safeFileName(const std::string& text, const std::string& fallback) {
    std::string out;
    for (unsigned char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        const char ch = ok ? static_cast<char>(c) : '_';
        if (ch == '_' && !out.empty() && out.back() == '_') continue;  // one '_' per run
        out += ch;
    }
    while (!out.empty() && (out[0] == '.' || out[0] == '_')) out.erase(0, 1);
    if (out.size() > 64) out.resize(64);
    while (!out.empty() && (out.back() == '.' || out.back() == '_')) out.pop_back();
    return out.empty() ? fallback : out;
}

}  // namespace mfh
