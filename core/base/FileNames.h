#pragma once
// FileNames: a name from free text (an experiment's name) made safe as one path component.
// Only letters, digits, '-', '_' and '.' remain, others become '_'; no leading dot (so "..",
// "../x" and hidden names are impossible), at most 64 characters, never empty. The result can
// be joined to a folder the user chose without ever leaving it.
#include <string>

namespace mfh {

std::string safeFileName(const std::string& text, const std::string& fallback = "experiment");

// Throws InputError unless `path` is an existing regular file: "no such file", "is a folder",
// or "is not a regular file" (a pipe would block a reader, a device never ends).
void requireRegularFile(const std::string& path);

}  // namespace mfh
