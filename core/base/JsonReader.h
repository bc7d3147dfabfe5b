#pragma once
// JsonReader: parses JSON text from a file or a run file's attribute with the limits of
// core/Limits.h (size, nesting depth), so that a hostile text cannot exhaust the stack or the
// memory of anything that walks it later. Errors are InputError naming `what`.
#include <nlohmann/json.hpp>
#include <string>

namespace mfh {

class JsonReader {
  public:
    static nlohmann::json parse(const std::string& text, const std::string& what);
    static nlohmann::json parseFile(const std::string& path);
};

}  // namespace mfh
