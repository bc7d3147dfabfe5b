#!/usr/bin/env bash
# A one-node Slurm cluster on localhost, for the tests of `mfh submit|status|cancel|task`, and for
# trying those commands by hand (docs/cluster.md).
#
#   bash tests/slurm/cluster.sh up BASE     start munged (unless one runs), slurmctld and slurmd;
#                                           the last line on stdout is `export SLURM_CONF=...`
#   bash tests/slurm/cluster.sh down BASE   stop exactly what `up BASE` started, by recorded pid
#
# Needs root, runuser, and Debian 12's slurm-wlm (22.05) with munge: `scripts/install-deps.sh`.
# No systemd is needed: every daemon is started here by hand. On failure either command prints
# one line on stderr, starting with `cluster.sh:`, and exits 1; `up` stops what it had started.
#
# What BASE holds (BASE and its parents must be traversable by the user `slurm`):
#   slurm.conf                 the cluster's configuration; clients need SLURM_CONF pointing at it
#   ctld/ spool/ run/ log/     slurmctld state, slurmd spool, the daemons' pid files, their logs
#   pid-slurmctld pid-slurmd   the pids `up` started (the daemons delete their own pid files
#   pid-munged                 before they have exited, so `down` waits on these instead)
#   started-munged             `yes` when `up` started munged (then `down` stops it), else `no`
#
# The configuration, and why:
#   proctrack/linuxproc, task/none, jobacct_gather/none: no cgroups (cgroup v2 needs systemd's
#     delegation; whether cgroups work depends on the host);
#   no accounting (sacct says it is disabled): `scontrol show job` serves instead, and finished
#     job records stay for MinJobAge=600 s;
#   batch_sched_delay=0,sched_interval=1,bf_interval=1: jobs start within about a second;
#   partitions `debug` (the default) and `other`, both on the one node;
#   JobRequeue=1, ReturnToService=2, MailProg=/bin/true (the default mailer is not installed);
#   AuthInfo=cred_expire=10: a requeued task may start again after 10 s, not 120 s (the default,
#     and what a real cluster does).
# Each `up` clears the jobs and node state of the previous one (slurmctld -c); job ids go on
# counting from where they were in BASE, so an old job id never names a new job.
#
# Environment: CLUSTER_TIMEOUT (s, default 30) bounds each wait of `up` and of `down`.
set -euo pipefail

TIMEOUT=${CLUSTER_TIMEOUT:-30}
SBIN=/usr/sbin
MUNGE_SOCKET=/run/munge/munge.socket.2
MUNGE_PIDFILE=/run/munge/munged.pid

die() { echo "cluster.sh: $*" >&2; exit 1; }
usage() { echo "usage: bash tests/slurm/cluster.sh up|down BASE" >&2; exit 2; }

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# alive PID: the process exists and is not a zombie (PID 1 here may not reap orphans).
alive() {
  local pid=$1 stat
  [ -n "$pid" ] && [ -r "/proc/$pid/stat" ] || return 1
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }            # the state letter follows the parenthesised command name
  [ "${stat%% *}" != Z ]
}

# is NAME PID: PID is alive and runs the program NAME (guards against a reused pid).
is() {
  local name=$1 pid=$2
  alive "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ]
}

# running NAME: the pid of a live (not zombie) process running NAME, if any; else status 1.
running() {
  local pid
  for pid in $(pgrep -x "$1" || true); do
    if alive "$pid"; then echo "$pid"; return 0; fi
  done
  return 1
}

# read_pid FILE: the first number in FILE, or nothing.
read_pid() {
  if [ -r "$1" ]; then tr -cd '0-9\n' < "$1" | head -n1; fi
}

# last_fatal LOG: the last fatal line of LOG (else its last error that is not known noise),
# without its timestamp.
last_fatal() {
  local line
  [ -r "$1" ] || return 0
  line=$(grep 'fatal' "$1" | tail -n1 || true)
  # noise: PMIx is not installed; a first start has no state files
  [ -n "$line" ] || line=$(grep 'error' "$1" | grep -Ev 'pmix|MPI|state file|NOTE' | tail -n1 || true)
  echo "${line#\[*\] }"
}

# stop NAME PID: SIGTERM, then wait (bounded) until /proc/PID is gone; SIGKILL as a last resort.
stop() {
  local name=$1 pid=$2 deadline
  is "$name" "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  while alive "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
  if alive "$pid"; then
    kill -KILL "$pid" 2>/dev/null || true
    deadline=$(( $(now_ms) + 5000 ))
    while alive "$pid" && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.1; done
    alive "$pid" && return 1
    echo "cluster.sh: $name (pid $pid) ignored SIGTERM for ${TIMEOUT} s and was killed" >&2
  fi
  return 0
}

# cancel_jobs: with our slurmctld up, cancel every job and wait until the queue is empty, so that
# no job step (slurmstepd) outlives slurmd. Bounded: slurm's KillWait is 30 s.
cancel_jobs() {
  local jobs deadline
  jobs=$(timeout 10 squeue -h -o '%A' 2>/dev/null | sort -u | tr '\n' ' ') || return 0
  [ -n "${jobs// }" ] || return 0
  # shellcheck disable=SC2086
  timeout 10 scancel $jobs 2>/dev/null || true
  deadline=$(( $(now_ms) + (TIMEOUT + 30) * 1000 ))
  while [ -n "$(timeout 10 squeue -h -o '%A' 2>/dev/null)" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || { echo "cluster.sh: jobs still in the queue after cancel" >&2; return 0; }
    sleep 0.2
  done
}

# down BASE: stop slurmd, slurmctld and (only if `up` started it) munged, by the recorded pids.
down() {
  local base=$1 failed="" pid
  export SLURM_CONF="$base/slurm.conf"
  pid=$(read_pid "$base/pid-slurmctld")
  if is slurmctld "$pid" && [ -r "$SLURM_CONF" ]; then cancel_jobs; fi
  for name in slurmd slurmctld; do
    pid=$(read_pid "$base/pid-$name")
    [ -n "$pid" ] || continue
    if stop "$name" "$pid"; then rm -f "$base/pid-$name"; else failed="$failed $name($pid)"; fi
  done
  if [ "$(cat "$base/started-munged" 2>/dev/null || true)" = yes ]; then
    pid=$(read_pid "$base/pid-munged")
    if [ -z "$pid" ] || stop munged "$pid"; then
      rm -f "$base/pid-munged" "$base/started-munged"
    else
      failed="$failed munged($pid)"
    fi
  fi
  [ -z "$failed" ] || die "down: still running after SIGKILL:$failed"
}

# ---------------------------------------------------------------------------------------- up --

BASE=""
UP_DONE=0
on_exit() {
  # A failed `up` stops what it had started, so that a retry starts from nothing.
  if [ "$UP_DONE" = 0 ] && [ -n "$BASE" ] && [ -d "$BASE" ]; then
    # a daemon that wrote its pid file (cleared before the start) but was not yet recorded
    for name in slurmctld slurmd; do
      [ -e "$BASE/pid-$name" ] || read_pid "$BASE/run/$name.pid" > "$BASE/pid-$name"
    done
    CLUSTER_TIMEOUT=10 down "$BASE" 2>/dev/null || true
  fi
}

start_munge() {
  local pid deadline
  if pid=$(running munged); then
    [ -S "$MUNGE_SOCKET" ] || die "munged (pid $pid) runs, but $MUNGE_SOCKET does not exist"
    echo no > "$BASE/started-munged"
  else
    [ -r /etc/munge/munge.key ] || die "no /etc/munge/munge.key (reinstall munge, or run mungekey)"
    # systemd's RuntimeDirectory= would make /run/munge; without systemd nobody does.
    install -d -o munge -g munge -m 0755 /run/munge
    runuser -u munge -- "$SBIN/munged" \
      || die "munged did not start (see /var/log/munge/munged.log)"
    deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
    until [ -S "$MUNGE_SOCKET" ] && [ -n "$(read_pid "$MUNGE_PIDFILE")" ]; do
      [ "$(now_ms)" -lt "$deadline" ] || die "munged: no $MUNGE_SOCKET after ${TIMEOUT} s"
      sleep 0.05
    done
    read_pid "$MUNGE_PIDFILE" > "$BASE/pid-munged"
    echo yes > "$BASE/started-munged"
  fi
  timeout 10 munge -n 2>/dev/null | timeout 10 unmunge >/dev/null 2>&1 \
    || die "munge does not work: 'munge -n | unmunge' failed"
}

write_conf() {
  local cpus mem_mb
  cpus=$(nproc)
  # A little below MemTotal: a node reporting less memory than configured is drained.
  mem_mb=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) / 1024 - 512 ))
  cat > "$BASE/slurm.conf" <<EOF
# Written by tests/slurm/cluster.sh: a one-node cluster on localhost.
ClusterName=mfh-local
SlurmctldHost=localhost(127.0.0.1)
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
# A requeued job waits cred_expire seconds (default 120) before it may start again.
AuthInfo=cred_expire=10
StateSaveLocation=$BASE/ctld
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmdPidFile=$BASE/run/slurmd.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
# No cgroups anywhere.
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
# No accounting: finished jobs stay visible to scontrol for MinJobAge seconds.
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=600
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0,sched_interval=1,bf_interval=1
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobRequeue=1
ReturnToService=2
MailProg=/bin/true
MpiDefault=none
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
PartitionName=other Nodes=localhost Default=NO MaxTime=INFINITE State=UP
EOF
  chmod 0644 "$BASE/slurm.conf"
}

# check_daemon NAME: fail when NAME logged a fatal error or its recorded pid died. The daemons
# fork before they fail, so the exit status of the command that started them says nothing.
check_daemon() {
  local name=$1 pid
  if [ -r "$BASE/log/$name.log" ] && grep -q 'fatal' "$BASE/log/$name.log"; then
    die "$name failed: $(last_fatal "$BASE/log/$name.log") (log: $BASE/log/$name.log)"
  fi
  pid=$(read_pid "$BASE/pid-$name")
  if [ -n "$pid" ] && ! alive "$pid"; then
    die "$name (pid $pid) exited: $(last_fatal "$BASE/log/$name.log") (log: $BASE/log/$name.log)"
  fi
}

# start_daemon NAME ARGS...: run it, then wait (bounded) for its pid file, and record the pid.
start_daemon() {
  local name=$1 deadline pid=""
  shift
  "$SBIN/$name" "$@" || die "$name exited with status $? (log: $BASE/log/$name.log)"
  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  while :; do
    check_daemon "$name"
    pid=$(read_pid "$BASE/run/$name.pid")
    if [ -n "$pid" ] && is "$name" "$pid"; then break; fi
    # Its daemon child exists before the command returns, and no other one ran before (up
    # checked): none alive means it died, at times with an error logged but no fatal.
    running "$name" >/dev/null \
      || die "$name exited: $(last_fatal "$BASE/log/$name.log") (log: $BASE/log/$name.log)"
    [ "$(now_ms)" -lt "$deadline" ] || die "$name: no live pid in $BASE/run/$name.pid after ${TIMEOUT} s"
    sleep 0.05
  done
  echo "$pid" > "$BASE/pid-$name"
}

up() {
  local pid state deadline
  [ "$(id -u)" -eq 0 ] || die "up needs root (it starts munged and slurmd)"
  for tool in "$SBIN/munged" "$SBIN/slurmctld" "$SBIN/slurmd" sinfo munge unmunge runuser; do
    command -v "$tool" >/dev/null || die "$tool not found: install slurm-wlm (scripts/install-deps.sh)"
  done
  # A second slurmd with the same node takes over from the first, and when it exits the node
  # goes down with jobs pending forever: refuse to start next to another cluster.
  for name in slurmctld slurmd; do
    if pid=$(running "$name"); then
      die "a $name is already running (pid $pid); stop it first (cluster.sh down ITS_BASE)"
    fi
  done

  case $1 in *[[:space:]]*) die "BASE must not contain white space (slurm.conf cannot quote it): $1" ;; esac
  mkdir -p "$1"
  BASE=$(cd "$1" && pwd -P)
  chmod 0755 "$BASE"
  rm -f "$BASE"/pid-* "$BASE/started-munged"
  trap on_exit EXIT
  # `mktemp -d` makes 0700 folders: slurmctld would then fail with "Unable to stat state save loc"
  runuser -u slurm -- test -x "$BASE" \
    || die "the user slurm cannot reach $BASE: make it and every parent folder traversable (chmod 755)"
  install -d -o slurm -g slurm -m 0755 "$BASE/ctld" "$BASE/run" "$BASE/log"
  install -d -o root -g root -m 0755 "$BASE/spool"
  rm -f "$BASE/log/slurmctld.log" "$BASE/log/slurmd.log" "$BASE/run/"*.pid
  runuser -u slurm -- test -w "$BASE/ctld" || die "the user slurm cannot write $BASE/ctld"

  start_munge
  write_conf
  # Every client and daemon reads SLURM_CONF; without it clients retry for 60 s and then fail.
  export SLURM_CONF="$BASE/slurm.conf"
  start_daemon slurmctld -f "$SLURM_CONF" -c    # -c: no jobs or node state from a previous up
  start_daemon slurmd -f "$SLURM_CONF" -N localhost

  deadline=$(( $(now_ms) + TIMEOUT * 1000 ))
  state=""
  while :; do
    check_daemon slurmctld
    check_daemon slurmd
    # one line per partition; every one must say idle
    state=$(timeout 5 sinfo -h -N -o '%t' 2>/dev/null | sort -u | tr '\n' ' ' || true)
    [ "$state" = "idle " ] && break
    [ "$(now_ms)" -lt "$deadline" ] || die "the node is not idle after ${TIMEOUT} s (sinfo: ${state:-no answer}; logs: $BASE/log)"
    sleep 0.2
  done
  UP_DONE=1
  echo "export SLURM_CONF=$SLURM_CONF"
}

[ $# -eq 2 ] || usage
case $1 in
  up) up "$2" ;;
  down)
    [ -d "$2" ] || die "down: no folder $2"
    down "$(cd "$2" && pwd -P)"
    ;;
  *) usage ;;
esac
