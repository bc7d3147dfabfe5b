#include "core/cluster/ClusterSubmit.h"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>

#include "core/base/AtomicFile.h"
#include "core/base/Error.h"
#include "core/base/FolderLock.h"
#include "core/base/Subprocess.h"
#include "core/base/TimeStamp.h"
#include "core/cluster/ClusterFolder.h"
#include "core/cluster/ClusterStatus.h"
#include "core/cluster/Slurm.h"
#include "core/experiments/ExperimentFolder.h"
#include "core/experiments/StoredExperiment.h"

namespace mfh {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string absolute(const std::string& p) {
    std::error_code ec;
    const auto a = fs::weakly_canonical(fs::absolute(p), ec);
    return ec ? fs::absolute(p).string() : a.string();
}

// The mfh the tasks run when none is named: this program when it is mfh, else the mfh beside
// it (the workbench's), else the one on PATH.
std::string defaultMfh() {
    std::error_code ec;
    const auto self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec && self.filename() == "mfh") return self.string();
    if (!ec && ::access((self.parent_path() / "mfh").c_str(), X_OK) == 0)
        return (self.parent_path() / "mfh").string();
    const std::string onPath = Subprocess::which("mfh");
    if (onPath.empty())
        throw InputError(
            "cannot find the mfh program the tasks are to run (not beside this "
            "program, not on PATH): name it with --mfh PATH");
    return absolute(onPath);
}

void checkFolderPath(const std::string& dir) {
    if (dir.empty()) throw InputError("mfh submit needs --out DIR, the experiment folder");
    for (const char c : dir)
        if (std::isspace(static_cast<unsigned char>(c)) || c == '%' || c == '\'' || c == '"')
            throw InputError("the folder '" + dir +
                             "' has a space, quote or % in its path, which Slurm's #SBATCH "
                             "lines cannot carry: choose another --out folder");
}

// What a submission changed in the folder, to be taken back when sbatch refuses.
std::string readAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// What a submission is about to change in the folder, to be put back when sbatch refuses: a
// folder it created goes; in one that existed, each file it writes gets its old content back
// (or goes, when it was not there), and the folders it created go.
class Undo {
  public:
    Undo(std::string dir, std::initializer_list<const char*> files) : dir_(std::move(dir)) {
        std::error_code ec;
        created_ = !fs::exists(dir_, ec);
        for (const char* f : files) {
            const auto p = (fs::path(dir_) / f).string();
            files_.emplace_back(
                p, fs::exists(p, ec) ? std::optional<std::string>(readAll(p)) : std::nullopt);
        }
        for (const char* d : {"slurm", "trials"})
            if (!fs::exists(fs::path(dir_) / d, ec))
                newDirs_.push_back((fs::path(dir_) / d).string());
    }
    void operator()() const {
        std::error_code ec;
        if (created_) {
            fs::remove_all(dir_, ec);
            return;
        }
        for (const auto& [path, text] : files_) {
            try {
                if (text)
                    writeTextAtomically(path, *text);
                else
                    fs::remove(path, ec);
            } catch (const InputError&) {
                // The error at hand is the one to report.
            }
        }
        for (const auto& d : newDirs_) fs::remove_all(d, ec);
    }

  private:
    std::string dir_;
    bool created_ = false;
    std::vector<std::pair<std::string, std::optional<std::string>>> files_;
    std::vector<std::string> newDirs_;
};

// sbatch did not say whether it queued the job: nothing is taken back, and the folder
// records a submission without a job id, whose tasks --resume submits once the user has
// checked that none is queued.
[[noreturn]] void silent(const ClusterFolder& folder, const SchedulerSilent& e,
                         const std::vector<int>& tasks, const SlurmOptions& opt,
                         const std::string& jobName) {
    folder.addSubmission({"", tasks, isoNow(), opt});
    throw InputError(std::string(e.what()) +
                     "; the job may be queued all the same: see squeue "
                     "--name " +
                     jobName + "; if it is not, mfh submit --resume " + folder.dir() +
                     " submits it");
}

}  // namespace

json ClusterSubmit::withAbsolutePaths(json config) {
    if (config.contains("dataset") && config["dataset"].is_object()) {
        auto& d = config["dataset"];
        if (d.contains("path") && d["path"].is_string() && !d["path"].get<std::string>().empty())
            d["path"] = absolute(d["path"].get<std::string>());
    }
    if (config.contains("teacher") && config["teacher"].is_object()) {
        auto& t = config["teacher"];
        if (t.contains("run") && t["run"].is_string() && !t["run"].get<std::string>().empty())
            t["run"] = absolute(t["run"].get<std::string>());
    }
    return config;
}

SubmitOutcome ClusterSubmit::submit(const SubmitRequest& rq) {
    std::string why;
    if (!rq.dryRun && !Slurm::available(&why)) throw InputError(why);
    checkFolderPath(rq.dir);
    SlurmOptions opt = rq.options;
    opt.mfh = opt.mfh.empty() ? defaultMfh() : absolute(opt.mfh);
    if (::access(opt.mfh.c_str(), X_OK) != 0)
        throw InputError("--mfh " + opt.mfh + " is not an executable program");
    opt.check();
    const std::string dir = absolute(rq.dir);
    checkFolderPath(dir);
    const json config = withAbsolutePaths(rq.config);
    const auto spec = ExperimentSpec::fromJson(config);
    const ClusterFolder folder(dir);
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw InputError("output folder " + dir + " is a file");
    if (folder.submitted())
        throw InputError(dir + " was already submitted (mfh status " + dir +
                         " shows its tasks); mfh submit --resume " + dir +
                         " submits what is missing");
    if (StoredExperiment::isExperimentFolder(dir)) {
        const auto state = StoredExperiment::readState(dir);
        if (state.value("experiment_hash", "") != ExperimentFolder::hashOf(spec))
            throw InputError(dir + " holds another experiment ('" + state.value("name", "") +
                             "'): choose another --out folder");
    }
    if (!rq.dryRun) Slurm::checkPartition(opt.partition);

    SubmitOutcome out;
    out.dir = dir;
    out.plan = ShardPlan::make(spec, rq.tasks);  // checks every grid point, loads the data
    for (std::size_t i = 0; i < out.plan.tasks.size(); ++i)
        out.tasks.push_back(static_cast<int>(i));
    out.array = Slurm::arraySpec(out.tasks, opt.arrayParallelism);
    out.script = opt.batchScript(dir, "mfh-" + spec.name);
    if (const auto w = opt.timeWarning(); !w.empty()) out.warnings.push_back(w);
    if (rq.dryRun) return out;

    const Undo undo(dir, {"experiment.json", "state.json", "slurm/job.sh"});
    const std::string jobName = "mfh-" + spec.name;
    try {
        {
            ExperimentFolder f(dir, spec, false);  // creates, checks, writes experiment.json
            ExperimentFolder::Progress p;
            p.scheduler = "slurm";
            p.trialsTotal = static_cast<int>(spec.gridSize() * spec.seeds.size());
            f.writeState(p, true);
        }  // the folder's lock is released: the tasks share the folder
        fs::create_directories(fs::path(folder.slurmDir()) / "logs", ec);
        if (ec) throw InputError("cannot create " + folder.slurmDir() + ": " + ec.message());
        folder.writePlan(out.plan);
        writeTextAtomically(folder.scriptPath(), out.script);
        fs::permissions(folder.scriptPath(), fs::perms::owner_exec, fs::perm_options::add, ec);
        Slurm::testScript(folder.scriptPath(), out.array, opt.sbatchArgs());
    } catch (...) {
        undo();
        throw;
    }
    try {
        out.job = Slurm::submit(folder.scriptPath(), out.array, opt.sbatchArgs());
    } catch (const SchedulerSilent& e) {
        silent(folder, e, out.tasks, opt, jobName);
    } catch (...) {
        undo();
        throw;
    }
    folder.addSubmission({out.job, out.tasks, isoNow(), opt});
    return out;
}

SubmitOutcome ClusterSubmit::resume(const std::string& dirArg,
                                    const std::function<void(SlurmOptions&)>& adjust, bool dryRun) {
    const std::string dir = absolute(dirArg);
    StoredExperiment::readState(dir);  // names a folder that is not an experiment
    const ClusterFolder folder(dir);
    folder.requireSubmitted();
    std::string why;
    const bool slurm = Slurm::available(&why);
    if (!dryRun && !slurm) throw InputError(why);
    // One resubmission at a time (the command line and the workbench could both try): the
    // second waits for nothing and is refused, and the tasks (which lock DIR, not slurm/) go on.
    std::optional<FolderLock> one;
    if (!dryRun) one.emplace(folder.slurmDir());
    // The experiment must still be the one submitted: experiment.json changed under the
    // folder would mix two experiments' trials.
    const auto spec = folder.experiment();
    const auto subs = folder.submissions();
    SlurmOptions opt = subs.back().options;
    if (adjust) adjust(opt);
    if (!opt.mfh.empty()) opt.mfh = absolute(opt.mfh);
    opt.check();
    if (!dryRun && ::access(opt.mfh.c_str(), X_OK) != 0)
        throw InputError("--mfh " + opt.mfh + " is not an executable program");
    // A dry run asks the scheduler too, where there is one: it previews what a real
    // resubmission would send.
    const auto status = ClusterStatus::of(dir, slurm);
    if (!status.schedulerReached) throw InputError(status.schedulerProblem);
    SubmitOutcome out;
    out.dir = dir;
    out.plan = folder.plan(status.trialsTotal);
    for (const auto& t : status.tasks)
        if (t.state == TaskState::Failed || t.state == TaskState::Cancelled ||
            t.state == TaskState::Lost || t.state == TaskState::NotSubmitted)
            out.tasks.push_back(t.task);
    out.script = opt.batchScript(dir, "mfh-" + spec.name);
    if (const auto w = opt.timeWarning(); !w.empty()) out.warnings.push_back(w);
    if (out.tasks.empty()) {
        out.note = status.complete()
                       ? "all " + std::to_string(status.trialsTotal) + " trials are complete"
                       : "every task with missing trials is still queued or running";
        return out;
    }
    out.array = Slurm::arraySpec(out.tasks, opt.arrayParallelism);
    if (dryRun) return out;
    Slurm::checkPartition(opt.partition);
    const Undo undo(dir, {"slurm/job.sh"});  // rewritten with this submission's options
    try {
        writeTextAtomically(folder.scriptPath(), out.script);
        std::error_code ec;
        fs::permissions(folder.scriptPath(), fs::perms::owner_exec, fs::perm_options::add, ec);
        Slurm::testScript(folder.scriptPath(), out.array, opt.sbatchArgs());
        out.job = Slurm::submit(folder.scriptPath(), out.array, opt.sbatchArgs());
    } catch (const SchedulerSilent& e) {
        silent(folder, e, out.tasks, opt, "mfh-" + spec.name);
    } catch (...) {
        undo();
        throw;
    }
    folder.addSubmission({out.job, out.tasks, isoNow(), opt});
    return out;
}

}  // namespace mfh
