#pragma once
// The one version of the project: CMake's project(VERSION) and the git revision it was built
// from, compiled into Version.cpp only (a new commit recompiles one file). Recorded in every
// run file and shown by `mfh --version` and the workbench's About box.
namespace mfh {

const char* version();      // e.g. "0.1.0"
const char* gitRevision();  // short hash, or "unknown" outside a git checkout

}  // namespace mfh
