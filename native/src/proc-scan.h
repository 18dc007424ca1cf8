// Who maps what, for the whole machine: one pass over /proc that reads every process's maps and
// keeps only the lines of System V segments ('/SYSV<key> (deleted)', inode = shmid) and of files
// in /dev/shm (POSIX objects), with the name and effective uid of each process that has one.
//
// It exists for speed (the machine view refreshes once a second over every process): raw
// syscalls into one reused buffer, memmem for the two markers, only hit lines parsed, and a few
// flat arrays handed to JavaScript instead of thousands of objects. It runs on a worker thread of
// libuv's pool so the Lab's event loop stays free while the kernel writes maps text.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "proc-scan-parse.h"

namespace shmlab {

/** A process that maps at least one kept line. */
struct ScannedProcess {
  int32_t pid = 0;
  /** Effective uid (the owner of /proc/<pid>): whose rights the process has. */
  uint32_t uid = 0;
  /** The command name, from comm (status's Name line, unescaped). */
  std::string command;
};

/** A kept line and the process (index into ProcMapsScan::processes) whose maps held it. */
struct ScannedMapping {
  uint32_t process = 0;
  MapsHit hit;
};

/** What one pass over /proc found. */
struct ProcMapsScan {
  /** Processes whose maps were read (kernel threads and zombies read as empty). */
  uint32_t processes_read = 0;
  /** Processes that exist but whose maps may not be read (EACCES, EPERM, ESRCH). */
  uint32_t processes_unreadable = 0;
  std::vector<ScannedProcess> processes;
  std::vector<ScannedMapping> mappings;
  /** When the folder itself could not be read: errno and the call that failed; else 0. */
  int error = 0;
  const char* syscall = nullptr;
};

/**
 * Reads <root>/<pid>/maps for every numeric entry of `root` (normally /proc), and the owner and
 * comm of <root>/<pid> for those that map something, all through one open descriptor of
 * <root>/<pid>: the maps, the uid and the name of a pid are the same process's even if the pid is
 * reused meanwhile (a descriptor of an exited process's folder opens nothing more). A process
 * that is gone by then counts as neither read nor unreadable; one that exits between its maps and
 * its name is left out of the mappings. Throws std::bad_alloc only.
 */
ProcMapsScan ScanProcMaps(const std::string& root);

/** Exports scanProcMaps(root): Promise of the scan, as flat arrays (see index.d.ts). */
void InitProcScan(Napi::Env env, Napi::Object exports);

}  // namespace shmlab
