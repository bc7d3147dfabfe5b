#pragma once
// Subprocess: runs a program (found on PATH) with arguments, no shell, and returns its exit
// code and what it printed. Every call has a time limit: a program that does not end in time
// is killed (SIGTERM, then SIGKILL) and reported as timed out, so a hung scheduler command
// cannot hang the caller. Output beyond 16 MiB a stream is dropped. The first call makes the
// process ignore SIGPIPE, so that a program that exits before reading its input cannot end
// the caller.
#include <string>
#include <vector>

namespace mfh {

struct ProcessResult {
    bool started = false;   // false: the program is not on PATH or could not be started
    bool timedOut = false;  // killed at the time limit
    int exitCode = -1;      // the exit status, or 128 + signal
    std::string out, err;
    // The first line of stderr, else of stdout, trimmed: what a one-line error quotes.
    std::string firstLine() const;
};

class Subprocess {
  public:
    static ProcessResult run(const std::vector<std::string>& argv, double timeoutSeconds = 30,
                             const std::string& input = "");
    // The program's path when `name` is on PATH (or is a path to an executable), else "".
    static std::string which(const std::string& name);
};

}  // namespace mfh
