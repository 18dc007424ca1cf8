// shmlab-supervisor: runs one learner's program and makes every process it starts end with the run.
//
//   shmlab-supervisor --lab PID --pty SLAVE --cpu S --data-kib K [--nproc N] [--cgroup DIR]
//                     -- PROGRAM [ARG...]
//
// It is the child of the Lab and the parent of the program. It is a child subreaper
// (PR_SET_CHILD_SUBREAPER), so every process of the run whose parent dies -- a double fork, a
// setsid daemon -- is reparented to it rather than to init: while any process of the run lives, it
// is a descendant of this one. The run ends when it has no child left, or, on SIGTERM (Stop after
// its grace, the Lab closing), on end of file on stdin (the Lab died: the pipe's other end closed)
// or when the Lab dies (PR_SET_PDEATHSIG SIGTERM): then it kills its children with SIGKILL, reaps
// them, and does so again with those reparented to it, until none is left. Only its own children
// are signalled, whose pids cannot be reused before it reaps them.
//
// The program is forked, joins the run's cgroup (when one was made), leads a new session with
// the pty as its controlling terminal and stdin/out/err, gets its rlimits, and is put under a
// seccomp filter that stops shmget, semget and exit_group for this process to look at (seccomp
// user notification, then the call continues unchanged). That gives exact attribution of
// segments: when a process that called shmget exits (or is reaped by this one, or is about to be
// killed), its pid is still its own, so every segment whose creator pid is that pid and that was
// not there before its first call is its own. Sets have no creator pid in the kernel: the sets
// whose last semop (semctl GETPID) came from that pid, and not before, are reported, and the Lab
// keeps those newer than the run, as it does for the sets it sees while the process lives.
//
// What it says to the Lab, one line each on stdout:
//   started PID seccomp=on|<errno name>      the program runs (exec is done)
//   failed STAGE ERRNO-NAME ERRNO            it could not be started; nothing is left running
//   exit PID WAIT-STATUS                     it reaped PID (the program, or an orphan of the run)
//   segment SHMID KEY CPID                   a segment made by the run's process CPID
//   set SEMID KEY PID                        a set last operated on by the run's process PID
//   over                                     no process of the run is left
#include <dirent.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdarg>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

#if defined(__x86_64__)
constexpr unsigned kNativeArch = AUDIT_ARCH_X86_64;
#elif defined(__aarch64__)
constexpr unsigned kNativeArch = AUDIT_ARCH_AARCH64;
#else
constexpr unsigned kNativeArch = 0;  // no filter: attribution falls back to the Lab's looks
#endif

struct Options {
  pid_t lab = 0;
  const char* slave = nullptr;
  long cpuSeconds = 0;
  long dataKib = 0;
  long nproc = -1;
  const char* cgroup = nullptr;
  char** program = nullptr;
};

/** A process of the run that called shmget or semget: who it is, what its pid held before. */
struct Caller {
  std::string startTime;
  /** Segments with this creator pid that existed before its first call (a former holder's). */
  std::unordered_set<int> segmentsBefore;
  /** Sets whose last semop came from this pid before its first call (a former holder's). */
  std::unordered_set<int> setsBefore;
};

struct ShmRow {
  long long key;
  int shmid;
  pid_t cpid;
};

struct SemRow {
  long long key;
  int semid;
  int nsems;
};

pid_t supervisorPid = 0;
bool labGone = false;
bool ending = false;
pid_t programPid = 0;
/** Reaped: its pid, and so the group it leads, may be another's from then on. */
bool programReaped = false;
int listener = -1;
std::unordered_map<pid_t, Caller> callers;
std::unordered_set<int> reportedSegments;
std::unordered_set<int> reportedSets;

const char* errnoName(int error) {
  const char* name = strerrorname_np(error);
  return name == nullptr ? "EUNKNOWN" : name;
}

/** One line to the Lab; a Lab that no longer reads (EPIPE) has died: the run must end. */
void say(const char* format, ...) {
  char line[256];
  va_list args;
  va_start(args, format);
  int length = vsnprintf(line, sizeof line - 1, format, args);
  va_end(args);
  if (length < 0) return;
  if (length > static_cast<int>(sizeof line) - 2) length = sizeof line - 2;
  line[length++] = '\n';
  // Lines are shorter than PIPE_BUF, so each write is whole or fails whole.
  while (write(STDOUT_FILENO, line, length) < 0) {
    if (errno == EINTR) continue;
    labGone = true;
    return;
  }
}

/** The whole of a small /proc file, or "" when it is gone. */
std::string readSmallFile(const char* path) {
  std::string text;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  char buffer[4096];
  for (;;) {
    ssize_t got = read(fd, buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;
    text.append(buffer, got);
  }
  close(fd);
  return text;
}

/** Field 22 of /proc/<pid>/stat (clock ticks after boot at its start); "" when it is gone. */
std::string startTimeOf(pid_t pid) {
  std::string stat = readSmallFile(("/proc/" + std::to_string(pid) + "/stat").c_str());
  size_t at = stat.rfind(')');
  if (at == std::string::npos) return "";
  // After ") " come fields 3, 4, ...: field 22 is the 20th of them.
  at += 2;
  for (int field = 3; field < 22 && at != std::string::npos; field++) at = stat.find(' ', at) + 1;
  if (at == 0 || at >= stat.size()) return "";
  return stat.substr(at, stat.find(' ', at) - at);
}

/** The process (thread group) of thread `tid`, or 0 when it is gone. */
pid_t tgidOf(pid_t tid) {
  std::string status = readSmallFile(("/proc/" + std::to_string(tid) + "/status").c_str());
  size_t at = status.find("\nTgid:");
  return at == std::string::npos ? 0 : static_cast<pid_t>(atol(status.c_str() + at + 6));
}

/**
 * The rows of a /proc/sysvipc table whose creator uid (column `cuidColumn`) is ours, each as its
 * first `count` numeric columns.
 */
std::vector<std::vector<long long>> readOurRows(const char* path, int count, int cuidColumn) {
  std::vector<std::vector<long long>> rows;
  std::string text = readSmallFile(path);
  const uid_t uid = getuid();
  size_t line = text.find('\n');  // the header
  while (line != std::string::npos && line + 1 < text.size()) {
    const char* at = text.c_str() + line + 1;
    std::vector<long long> field;
    for (char* end = nullptr; static_cast<int>(field.size()) < count; at = end) {
      long long value = strtoll(at, &end, 10);
      if (end == at) break;
      field.push_back(value);
    }
    if (static_cast<int>(field.size()) == count && static_cast<uid_t>(field[cuidColumn]) == uid) {
      rows.push_back(std::move(field));
    }
    line = text.find('\n', line + 1);
  }
  return rows;
}

/** Our segments: key shmid perms size cpid lpid nattch uid gid cuid. */
std::vector<ShmRow> readShm() {
  std::vector<ShmRow> rows;
  for (const auto& field : readOurRows("/proc/sysvipc/shm", 10, 9)) {
    rows.push_back({field[0], static_cast<int>(field[1]), static_cast<pid_t>(field[4])});
  }
  return rows;
}

/** Our semaphore sets: key semid perms nsems uid gid cuid. */
std::vector<SemRow> readSem() {
  std::vector<SemRow> rows;
  for (const auto& field : readOurRows("/proc/sysvipc/sem", 7, 6)) {
    rows.push_back({field[0], static_cast<int>(field[1]), static_cast<int>(field[3])});
  }
  return rows;
}

/** Whether the last semop on one of the set's semaphores came from `pid` (semctl GETPID). */
bool lastOperatedBy(const SemRow& set, pid_t pid) {
  for (int semnum = 0; semnum < set.nsems; semnum++) {
    if (semctl(set.semid, semnum, GETPID) == pid) return true;
  }
  return false;
}

/**
 * Reports what `pid` made: call it only while `pid` is held by that process (alive, a zombie, or
 * stopped in a seccomp notification). A segment is its own when its creator pid is `pid` and it
 * was not there before; /proc/sysvipc/sem has no creator pid, so a set is reported when its last
 * semop came from `pid` (and not before), and the Lab checks that it is newer than the run.
 */
void reportObjectsOf(pid_t pid) {
  auto caller = callers.find(pid);
  if (caller == callers.end()) return;
  for (const ShmRow& row : readShm()) {
    if (row.cpid != pid || caller->second.segmentsBefore.count(row.shmid) != 0) continue;
    if (!reportedSegments.insert(row.shmid).second) continue;
    say("segment %d %lld %d", row.shmid, row.key, static_cast<int>(pid));
  }
  for (const SemRow& set : readSem()) {
    if (reportedSets.count(set.semid) != 0 || caller->second.setsBefore.count(set.semid) != 0) {
      continue;
    }
    if (!lastOperatedBy(set, pid)) continue;
    reportedSets.insert(set.semid);
    say("set %d %lld %d", set.semid, set.key, static_cast<int>(pid));
  }
}

/** A process of the run is about to call shmget or semget: who it is, what its pid held. */
void noteCaller(pid_t pid) {
  if (pid <= 0 || callers.count(pid) != 0) return;
  Caller caller{startTimeOf(pid), {}, {}};
  for (const ShmRow& row : readShm()) {
    if (row.cpid == pid) caller.segmentsBefore.insert(row.shmid);
  }
  for (const SemRow& set : readSem()) {
    if (lastOperatedBy(set, pid)) caller.setsBefore.insert(set.semid);
  }
  callers.emplace(pid, std::move(caller));
}

/** Answers one seccomp notification: the call goes on (or, once the run ends, a get fails). */
void answerNotification() {
  seccomp_notif request;
  memset(&request, 0, sizeof request);
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &request) != 0) return;  // ENOENT: it died
  seccomp_notif_resp answer;
  memset(&answer, 0, sizeof answer);
  answer.id = request.id;
  answer.flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
  // The caller waits in the kernel while we look: its pid cannot change owner meanwhile.
  pid_t pid = tgidOf(static_cast<pid_t>(request.pid));
  if (ioctl(listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &request.id) == 0 && pid > 0) {
    if (request.data.nr == __NR_shmget || request.data.nr == __NR_semget) {
      if (ending) {
        answer.flags = 0;
        answer.error = -EPERM;  // being killed: make nothing more that would need removing
      } else {
        noteCaller(pid);
      }
    } else if (request.data.nr == __NR_exit_group) {
      reportObjectsOf(pid);
      callers.erase(pid);
    }
  }
  ioctl(listener, SECCOMP_IOCTL_NOTIF_SEND, &answer);
}

/**
 * Our own children now: the kernel's list for our one thread, or, where the kernel has no such
 * lists (CONFIG_PROC_CHILDREN off), every process whose parent we are, from a scan of /proc.
 */
std::vector<pid_t> children() {
  std::vector<pid_t> pids;
  const pid_t self = getpid();
  std::string list = "/proc/" + std::to_string(self) + "/task/" + std::to_string(self) + "/children";
  if (access(list.c_str(), R_OK) == 0) {
    std::string text = readSmallFile(list.c_str());
    const char* at = text.c_str();
    for (char* end = nullptr;; at = end) {
      long pid = strtol(at, &end, 10);
      if (end == at) break;
      pids.push_back(static_cast<pid_t>(pid));
    }
    return pids;
  }
  DIR* proc = opendir("/proc");
  if (proc == nullptr) return pids;
  while (dirent* entry = readdir(proc)) {
    pid_t pid = static_cast<pid_t>(atol(entry->d_name));
    if (pid <= 0) continue;
    std::string stat = readSmallFile(("/proc/" + std::string(entry->d_name) + "/stat").c_str());
    size_t at = stat.rfind(')');
    // ") S PPID ...": the parent is the field after the state.
    if (at != std::string::npos && at + 4 < stat.size() && atol(stat.c_str() + at + 4) == self) {
      pids.push_back(pid);
    }
  }
  closedir(proc);
  return pids;
}

/** Reaps every child that has ended, reporting each; true while some child is left. */
bool reapEnded() {
  for (;;) {
    siginfo_t info;
    memset(&info, 0, sizeof info);
    if (waitid(P_ALL, 0, &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
      if (errno == EINTR) continue;
      return errno != ECHILD;
    }
    if (info.si_pid == 0) return true;
    pid_t pid = info.si_pid;
    reportObjectsOf(pid);  // a zombie still holds its pid
    callers.erase(pid);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (pid == programPid) programReaped = true;
    say("exit %d %d", static_cast<int>(pid), status);
  }
}

/** Kills every process of the run: our children, then those reparented to us, until none. */
[[noreturn]] void endRun(int signals) {
  ending = true;
  for (auto& [pid, caller] : callers) {
    if (startTimeOf(pid) == caller.startTime) reportObjectsOf(pid);
  }
  for (;;) {
    // The program's group first, all at once: killed one by one, the session leader's death
    // would hang up the terminal and end its group with SIGHUP before our SIGKILL. The group
    // is the program's own (a session leader cannot leave it) while we have not reaped it.
    if (programPid > 0 && !programReaped) kill(-programPid, SIGKILL);
    for (pid_t pid : children()) kill(pid, SIGKILL);
    if (!reapEnded()) break;
    pollfd waits[2] = {{signals, POLLIN, 0}, {listener, POLLIN, 0}};
    poll(waits, listener < 0 ? 1 : 2, 10);
    signalfd_siginfo info;
    while (read(signals, &info, sizeof info) > 0) {
    }
    if (listener >= 0 && (waits[1].revents & POLLIN) != 0) answerNotification();
  }
  say("over");
  _exit(0);
}

[[noreturn]] void childFails(int setup, const char* stage) {
  int error = errno;
  char message[64];
  int length = snprintf(message, sizeof message, "E%s %d", stage, error);
  (void)!write(setup, message, length);
  _exit(127);
}

/** Puts the caller under the filter; returns the listener, or -errno. */
int installFilter() {
  if (kNativeArch == 0) return -ENOSYS;
  sock_filter code[] = {
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kNativeArch, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_shmget, 3, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_semget, 2, 0),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, __NR_exit_group, 1, 0),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
      BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_USER_NOTIF),
  };
  sock_fprog program = {static_cast<unsigned short>(sizeof code / sizeof code[0]), code};
  // Unprivileged filters need no_new_privs: a set-uid program the run execs gains nothing.
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -errno;
  long fd = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER, &program);
  return fd < 0 ? -errno : static_cast<int>(fd);
}

/** Sends `fd` (or, when negative, the errno why there is none) over the setup socket. */
void sendListener(int setup, int fd) {
  char message[32];
  int length = snprintf(message, sizeof message, "L%d", fd < 0 ? -fd : 0);
  iovec part = {message, static_cast<size_t>(length)};
  msghdr header;
  memset(&header, 0, sizeof header);
  header.msg_iov = &part;
  header.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  if (fd >= 0) {
    header.msg_control = control;
    header.msg_controllen = sizeof control;
    cmsghdr* rights = CMSG_FIRSTHDR(&header);
    rights->cmsg_level = SOL_SOCKET;
    rights->cmsg_type = SCM_RIGHTS;
    rights->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(rights), &fd, sizeof fd);
  }
  sendmsg(setup, &header, MSG_NOSIGNAL);
  if (fd >= 0) close(fd);
}

/** In the forked child: becomes the program, or says over `setup` which step failed. */
[[noreturn]] void becomeProgram(const Options& options, int setup, const sigset_t& mask) {
  signal(SIGPIPE, SIG_DFL);
  sigprocmask(SIG_SETMASK, &mask, nullptr);
  if (options.cgroup != nullptr) {
    std::string procs = std::string(options.cgroup) + "/cgroup.procs";
    int fd = open(procs.c_str(), O_WRONLY | O_CLOEXEC);
    std::string pid = std::to_string(getpid()) + "\n";
    if (fd < 0 || write(fd, pid.c_str(), pid.size()) < 0) childFails(setup, "cgroup");
    close(fd);
  }
  if (setsid() < 0) childFails(setup, "setsid");
  // A session leader without a terminal that opens one (no O_NOCTTY) gets it as its own.
  int terminal = open(options.slave, O_RDWR);
  if (terminal < 0) childFails(setup, "pty");
  ioctl(terminal, TIOCSCTTY, 0);
  if (dup2(terminal, 0) < 0 || dup2(terminal, 1) < 0 || dup2(terminal, 2) < 0) {
    childFails(setup, "pty");
  }
  if (terminal > 2) close(terminal);
  auto limit = [&](int resource, rlim_t value, const char* stage) {
    rlimit both = {value, value};
    if (setrlimit(resource, &both) != 0) childFails(setup, stage);
  };
  limit(RLIMIT_CPU, options.cpuSeconds, "rlimit-cpu");
  limit(RLIMIT_DATA, static_cast<rlim_t>(options.dataKib) * 1024, "rlimit-data");
  limit(RLIMIT_CORE, 0, "rlimit-core");
  if (options.nproc >= 0) limit(RLIMIT_NPROC, options.nproc, "rlimit-nproc");
  sendListener(setup, installFilter());
  execv(options.program[0], options.program);
  childFails(setup, "exec");
}

bool parseOptions(int argc, char** argv, Options& options) {
  for (int index = 1; index < argc; index++) {
    const char* name = argv[index];
    if (strcmp(name, "--") == 0) {
      if (index + 1 >= argc) return false;
      options.program = argv + index + 1;
      return options.slave != nullptr && options.lab > 0 && options.cpuSeconds > 0 &&
             options.dataKib > 0;
    }
    if (index + 1 >= argc) return false;
    const char* value = argv[++index];
    if (strcmp(name, "--lab") == 0) options.lab = static_cast<pid_t>(atol(value));
    else if (strcmp(name, "--pty") == 0) options.slave = value;
    else if (strcmp(name, "--cpu") == 0) options.cpuSeconds = atol(value);
    else if (strcmp(name, "--data-kib") == 0) options.dataKib = atol(value);
    else if (strcmp(name, "--nproc") == 0) options.nproc = atol(value);
    else if (strcmp(name, "--cgroup") == 0) options.cgroup = value;
    else return false;
  }
  return false;
}

/**
 * Reads the child's setup messages until exec closes the socket: the listener (or why there is
 * none), or the step that failed. Returns "" when the program runs, else "STAGE ERRNO" at once:
 * the failed child may be under the filter already, stopped in exit_group until we answer.
 */
std::string awaitExec(int setup, std::string& seccomp) {
  for (;;) {
    char message[64] = {};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
    iovec part = {message, sizeof message - 1};
    msghdr header;
    memset(&header, 0, sizeof header);
    header.msg_iov = &part;
    header.msg_iovlen = 1;
    header.msg_control = control;
    header.msg_controllen = sizeof control;
    ssize_t got = recvmsg(setup, &header, MSG_CMSG_CLOEXEC);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) return "";  // closed on exec
    if (message[0] == 'E') return message + 1;
    int error = atoi(message + 1);
    cmsghdr* rights = CMSG_FIRSTHDR(&header);
    if (error == 0 && rights != nullptr && rights->cmsg_type == SCM_RIGHTS) {
      memcpy(&listener, CMSG_DATA(rights), sizeof listener);
      seccomp = "on";
    } else {
      seccomp = errnoName(error == 0 ? EPROTO : error);
    }
  }
}

int run(int argc, char** argv) {
  supervisorPid = getpid();
  Options options;
  if (!parseOptions(argc, argv, options)) {
    fprintf(stderr,
            "usage: shmlab-supervisor --lab PID --pty SLAVE --cpu SECONDS --data-kib KIB "
            "[--nproc N] [--cgroup DIR] -- PROGRAM [ARG...]\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN);
  sigset_t handled, before;
  sigemptyset(&handled);
  for (int number : {SIGCHLD, SIGTERM, SIGINT, SIGHUP, SIGQUIT}) sigaddset(&handled, number);
  sigprocmask(SIG_BLOCK, &handled, &before);
  int signals = signalfd(-1, &handled, SFD_NONBLOCK | SFD_CLOEXEC);
  if (signals < 0 || prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0 ||
      prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) != 0) {
    say("failed supervisor %s %d", errnoName(errno), errno);
    return 1;
  }
  // The Lab may have died before PR_SET_PDEATHSIG took effect.
  if (getppid() != options.lab) return 1;
  fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);

  int setup[2];
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, setup) != 0) {
    say("failed socketpair %s %d", errnoName(errno), errno);
    return 1;
  }
  programPid = fork();
  if (programPid < 0) {
    say("failed fork %s %d", errnoName(errno), errno);
    return 1;
  }
  if (programPid == 0) {
    close(setup[0]);
    becomeProgram(options, setup[1], before);
  }
  close(setup[1]);
  std::string seccomp = "ENOSYS";
  std::string failure = awaitExec(setup[0], seccomp);
  close(setup[0]);
  if (!failure.empty()) {
    char stage[32] = {};
    int error = 0;
    sscanf(failure.c_str(), "%31s %d", stage, &error);
    say("failed %s %s %d", stage, errnoName(error), error);
    endRun(signals);
  }
  say("started %d seccomp=%s", static_cast<int>(programPid), seccomp.c_str());

  for (;;) {
    if (labGone) endRun(signals);
    pollfd waits[3] = {{signals, POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}, {listener, POLLIN, 0}};
    if (poll(waits, listener < 0 ? 2 : 3, -1) < 0 && errno != EINTR) endRun(signals);
    signalfd_siginfo info;
    bool stop = false;
    while (read(signals, &info, sizeof info) == sizeof info) {
      if (info.ssi_signo != SIGCHLD) stop = true;
    }
    if (stop) endRun(signals);
    if ((waits[1].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char ignored[64];
      ssize_t got = read(STDIN_FILENO, ignored, sizeof ignored);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EINTR)) endRun(signals);
    }
    if (listener >= 0 && (waits[2].revents & POLLIN) != 0) answerNotification();
    if (listener >= 0 && (waits[2].revents & (POLLHUP | POLLERR)) != 0 &&
        (waits[2].revents & POLLIN) == 0) {
      close(listener);  // no process under the filter is left
      listener = -1;
    }
    if (!reapEnded()) break;
  }
  say("over");
  return 0;
}

/** endRun without allocating anything, for when an allocation failed: kill, reap, until none. */
[[noreturn]] void endRunPlain() {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/task/%d/children", getpid(), getpid());
  for (;;) {
    char text[4096];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    ssize_t got = fd < 0 ? 0 : read(fd, text, sizeof text - 1);
    if (fd >= 0) close(fd);
    text[got > 0 ? got : 0] = '\0';
    char* end = nullptr;
    for (char* at = text;; at = end) {
      long pid = strtol(at, &end, 10);
      if (end == at) break;
      kill(static_cast<pid_t>(pid), SIGKILL);
    }
    int status = 0;
    if (waitpid(-1, &status, 0) < 0 && errno == ECHILD) break;
  }
  say("over");
  _exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (...) {
    // Out of memory in a map: the run must still end rather than leave its processes behind.
    if (getpid() != supervisorPid) _exit(127);  // the forked child, before exec
    endRunPlain();
  }
}
