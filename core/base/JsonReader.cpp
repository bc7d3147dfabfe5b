#include "core/base/JsonReader.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/base/Error.h"
#include "core/base/Limits.h"

namespace mfh {

namespace {
struct TooDeep {};
}  // namespace

nlohmann::json JsonReader::parse(const std::string& text, const std::string& what) {
    if (text.size() > limits::kMaxJsonBytes)
        throw InputError(what + ": " + limits::bytesText(static_cast<int64_t>(text.size())) +
                         " of JSON is more than the limit of " +
                         limits::bytesText(limits::kMaxJsonBytes));
    // The parser reports the depth of every value it starts; deeper than the limit stops it
    // before anything nested that deep exists.
    auto guard = [](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
        if (depth > limits::kMaxJsonDepth &&
            (event == nlohmann::json::parse_event_t::object_start ||
             event == nlohmann::json::parse_event_t::array_start))
            throw TooDeep{};
        return true;
    };
    try {
        return nlohmann::json::parse(text, guard);
    } catch (const TooDeep&) {
        throw InputError(what + ": JSON nested deeper than " +
                         std::to_string(limits::kMaxJsonDepth) + " levels");
    } catch (const nlohmann::json::exception& e) {  // syntax, or a number out of range
        throw InputError(what + ": invalid JSON (" + std::string(e.what()) + ")");
    }
}

nlohmann::json JsonReader::parseFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) throw InputError("no such file: " + path);
    if (std::filesystem::is_directory(path, ec))
        throw InputError(path + " is a folder, not a JSON file");
    if (!std::filesystem::is_regular_file(path, ec))
        throw InputError(path + " is not a regular file (a pipe or a device?)");
    const auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > limits::kMaxJsonBytes)
        throw InputError(path + ": " + limits::bytesText(static_cast<int64_t>(size)) +
                         " is more than the limit of " + limits::bytesText(limits::kMaxJsonBytes) +
                         " for a JSON file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return parse(s.str(), path);
}

}  // namespace mfh
