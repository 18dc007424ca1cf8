#include "proc-scan.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <cerrno>
#include <cinttypes>
#include <climits>
#include <cstdio>
#include <memory>
#include <new>

#include "errors.h"
#include "unique-fd.h"

namespace shmlab {
namespace {

constexpr char kScanProcMaps[] = "scanProcMaps";
/** Big enough for nearly every maps file in one read; grown when one is larger. */
constexpr size_t kFirstBufferSize = 64 * 1024;

struct DirectoryCloser {
  void operator()(DIR* directory) const { closedir(directory); }
};

/**
 * Reads the whole file `name` below the folder `dir` into `buffer`, growing it as needed (/proc
 * files report size 0, so each is read to EOF); its length, or −errno.
 */
ssize_t ReadWhole(int dir, const char* name, std::vector<char>& buffer) {
  UniqueFd file(openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOCTTY));
  if (file.get() == -1) return -errno;
  size_t length = 0;
  for (;;) {
    if (length == buffer.size()) buffer.resize(buffer.size() * 2);
    ssize_t got = read(file.get(), buffer.data() + length, buffer.size() - length);
    if (got == 0) return static_cast<ssize_t>(length);
    if (got < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    length += static_cast<size_t>(got);
  }
}

/**
 * The command name (comm, without the newline the kernel ends it with) and the effective uid of
 * the process whose folder is `folder`; false when it is gone. The folder's owner is the effective
 * uid: the kernel gives /proc/<pid> itself that owner even for a process that is not dumpable
 * (unlike the files inside, and for this reason: ps has always stat'ed the folder rather than
 * read the longer status). comm holds the same name as status's Name line, unescaped.
 */
bool Identify(int folder, std::vector<char>& buffer, ScannedProcess& process) {
  struct stat owner {};
  if (fstat(folder, &owner) == -1) return false;
  ssize_t length = ReadWhole(folder, "comm", buffer);
  if (length <= 0) return false;
  auto name_length = static_cast<size_t>(length);
  if (buffer[name_length - 1] == '\n') --name_length;
  process.uid = owner.st_uid;
  process.command.assign(buffer.data(), name_length);
  return true;
}

/** A process that exists but may not be read, as opposed to one that is gone (ENOENT). */
bool IsUnreadable(int err) { return err == EACCES || err == EPERM || err == ESRCH; }

}  // namespace

ProcMapsScan ScanProcMaps(const std::string& root) {
  ProcMapsScan scan;
  std::unique_ptr<DIR, DirectoryCloser> directory(opendir(root.c_str()));
  if (!directory) {
    scan.error = errno;
    scan.syscall = "opendir";
    return scan;
  }
  const int root_fd = dirfd(directory.get());
  std::vector<char> maps(kFirstBufferSize);
  std::vector<char> comm(256);
  std::vector<MapsHit> found;
  for (;;) {
    errno = 0;
    const struct dirent* entry = readdir(directory.get());
    if (entry == nullptr) {
      if (errno != 0) {
        scan.error = errno;
        scan.syscall = "readdir";
      }
      return scan;
    }
    ScannedProcess process;
    if (!ParsePid(entry->d_name, process.pid)) continue;
    // Every later read goes through this descriptor: it names this process, not whoever gets
    // the pid next, so a name and uid read after the maps are the same process's, or fail.
    UniqueFd folder(openat(root_fd, entry->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    ssize_t length = folder.get() == -1 ? -errno : ReadWhole(folder.get(), "maps", maps);
    if (length < 0) {
      if (IsUnreadable(static_cast<int>(-length))) ++scan.processes_unreadable;
      continue;  // ENOENT: it exited since the readdir
    }
    ++scan.processes_read;
    found.clear();
    FindHits(std::string_view(maps.data(), static_cast<size_t>(length)), found);
    if (found.empty()) continue;
    if (!Identify(folder.get(), comm, process)) continue;  // exited after its maps were read
    const auto index = static_cast<uint32_t>(scan.processes.size());
    scan.processes.push_back(std::move(process));
    for (MapsHit& hit : found) scan.mappings.push_back(ScannedMapping{index, std::move(hit)});
  }
}

namespace {

template <typename T>
Napi::TypedArrayOf<T> Column(Napi::Env env, const std::vector<ScannedMapping>& rows,
                             T (*field)(const ScannedMapping&)) {
  auto column = Napi::TypedArrayOf<T>::New(env, rows.size());
  for (size_t i = 0; i < rows.size(); ++i) column[i] = field(rows[i]);
  return column;
}

std::string Address(uint64_t start) {
  char text[2 + 16 + 1];
  std::snprintf(text, sizeof text, "0x%" PRIx64, start);
  return text;
}

Napi::Object ScanToJs(Napi::Env env, const ProcMapsScan& scan) {
  const std::vector<ScannedProcess>& processes = scan.processes;
  auto pids = Napi::Int32Array::New(env, processes.size());
  auto uids = Napi::Uint32Array::New(env, processes.size());
  auto commands = Napi::Array::New(env, processes.size());
  for (size_t i = 0; i < processes.size(); ++i) {
    pids[i] = processes[i].pid;
    uids[i] = processes[i].uid;
    commands.Set(static_cast<uint32_t>(i), Napi::String::New(env, processes[i].command));
  }
  Napi::Object process_columns = Napi::Object::New(env);
  process_columns.Set("pid", pids);
  process_columns.Set("uid", uids);
  process_columns.Set("command", commands);

  const std::vector<ScannedMapping>& rows = scan.mappings;
  auto addresses = Napi::Array::New(env, rows.size());
  auto names = Napi::Array::New(env, rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    addresses.Set(static_cast<uint32_t>(i), Napi::String::New(env, Address(rows[i].hit.start)));
    names.Set(static_cast<uint32_t>(i), Napi::String::New(env, rows[i].hit.name));
  }
  Napi::Object mapping_columns = Napi::Object::New(env);
  mapping_columns.Set("process", Column<uint32_t>(env, rows, [](const ScannedMapping& m) {
                        return m.process;
                      }));
  mapping_columns.Set("kind", Column<uint8_t>(env, rows, [](const ScannedMapping& m) {
                        return static_cast<uint8_t>(m.hit.kind);
                      }));
  mapping_columns.Set("writable", Column<uint8_t>(env, rows, [](const ScannedMapping& m) {
                        return static_cast<uint8_t>(m.hit.writable ? 1 : 0);
                      }));
  mapping_columns.Set("address", addresses);
  // Sizes and inodes as doubles: JavaScript numbers, exact below 2^53 (inodes are checked).
  mapping_columns.Set("size", Column<double>(env, rows, [](const ScannedMapping& m) {
                        const MapsHit& hit = m.hit;
                        return hit.end >= hit.start ? static_cast<double>(hit.end - hit.start)
                                                    : -static_cast<double>(hit.start - hit.end);
                      }));
  mapping_columns.Set("devMajor", Column<uint32_t>(env, rows, [](const ScannedMapping& m) {
                        return m.hit.dev_major;
                      }));
  mapping_columns.Set("devMinor", Column<uint32_t>(env, rows, [](const ScannedMapping& m) {
                        return m.hit.dev_minor;
                      }));
  mapping_columns.Set("inode", Column<double>(env, rows, [](const ScannedMapping& m) {
                        return static_cast<double>(m.hit.inode);
                      }));
  mapping_columns.Set("name", names);

  Napi::Object result = Napi::Object::New(env);
  result.Set("processesRead", Napi::Number::New(env, scan.processes_read));
  result.Set("processesUnreadable", Napi::Number::New(env, scan.processes_unreadable));
  result.Set("processes", process_columns);
  result.Set("mappings", mapping_columns);
  return result;
}

/** The scan on a thread of libuv's pool; settles a promise on the JavaScript thread. */
class ScanWorker : public Napi::AsyncWorker {
 public:
  ScanWorker(Napi::Env env, std::string root)
      : Napi::AsyncWorker(env, "shmlab.scanProcMaps"),
        root_(std::move(root)),
        deferred_(Napi::Promise::Deferred::New(env)) {}

  Napi::Promise Promise() const { return deferred_.Promise(); }

 protected:
  // Nothing may leave Execute: node-addon-api only turns std::exception into a plain Error
  // without a code, and anything else would end the process.
  void Execute() override {
    try {
      scan_ = ScanProcMaps(root_);
    } catch (const std::bad_alloc&) {
      failure_ = Failure::kOutOfMemory;
    } catch (...) {
      failure_ = Failure::kOther;
    }
  }

  void OnOK() override {
    Napi::Env env = Env();
    try {
      deferred_.Resolve(Guarded(env, kScanProcMaps, [&]() -> Napi::Value {
        if (failure_ == Failure::kOutOfMemory) throw OutOfMemoryError(env, kScanProcMaps);
        if (failure_ == Failure::kOther) {
          throw NativeError(env, kScanProcMaps, "an exception while reading /proc");
        }
        if (scan_.error != 0) {
          Napi::Error error = SyscallError(env, scan_.syscall, scan_.error);
          error.Set("path", Napi::String::New(env, root_));
          throw error;
        }
        return ScanToJs(env, scan_);
      }));
    } catch (const Napi::Error& error) {
      deferred_.Reject(error.Value());
    }
  }

  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  enum class Failure { kNone, kOutOfMemory, kOther };
  std::string root_;
  Napi::Promise::Deferred deferred_;
  ProcMapsScan scan_;
  Failure failure_ = Failure::kNone;
};

// scanProcMaps(root) -> Promise<scan>
Napi::Value ScanProcMapsJs(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"root\" must be a string");
  }
  std::string root = info[0].As<Napi::String>().Utf8Value();
  if (root.empty() || root.front() != '/' || root.find('\0') != std::string::npos ||
      root.size() >= PATH_MAX) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_VALUE",
                        "\"root\" must be an absolute path without NUL bytes, shorter than "
                        "PATH_MAX");
  }
  auto worker = std::make_unique<ScanWorker>(env, std::move(root));
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  worker.release();  // deletes itself once its promise is settled
  return promise;
}

}  // namespace

void InitProcScan(Napi::Env env, Napi::Object exports) {
  ExportGuarded<ScanProcMapsJs>(env, exports, kScanProcMaps);
}

}  // namespace shmlab