#pragma once
// Error types of the core. The contract with the front ends (the `mfh` command line and the
// workbench): an InputError carries one line that names the problem in the user's terms (a file,
// a key, a value); front ends print it and exit with code 2 (command line) or show it (GUI).
// Any other exception is a defect of the program, not of the input.
#include <stdexcept>
#include <string>

namespace mfh {

class InputError : public std::runtime_error {
  public:
    explicit InputError(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace mfh
