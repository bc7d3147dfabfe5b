#pragma once
// RunStatus: how a training (a run) or an experiment ended. Run files store the name.
//   complete   trained every epoch (or stopped early by its own rule);
//   cancelled  stopped by the user; its numbers are partial;
//   diverged   finished, but its loss became non-finite or rose far above where it began
//              (TrainingHealth): its numbers must not be trusted;
//   failed     stopped by an error (the workbench's job status).
#include "core/base/EnumNames.h"

namespace mfh {

enum class RunStatus { Complete, Cancelled, Diverged, Failed };
template <>
struct EnumNames<RunStatus> {
    static constexpr std::pair<RunStatus, const char*> table[] = {
        {RunStatus::Complete, "complete"},
        {RunStatus::Cancelled, "cancelled"},
        {RunStatus::Diverged, "diverged"},
        {RunStatus::Failed, "failed"}};
};

}  // namespace mfh
