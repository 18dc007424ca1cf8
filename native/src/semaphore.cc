#include "semaphore.h"

#include <sys/ipc.h>
#include <sys/sem.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <string>

#include "errors.h"
#include "sem-wait.h"

namespace shmlab {
namespace {

constexpr int64_t kMaxId = INT32_MAX;

// The caller defines union semun (man 2 semctl).
union semun {
  int val;
  struct semid_ds* buf;
  unsigned short* array;
  struct seminfo* info;
};

int SemidArg(const Napi::CallbackInfo& info) {
  return static_cast<int>(IntegerArg(info, 0, "semid", 0, kMaxId));
}

int SemnumArg(const Napi::CallbackInfo& info) {
  return static_cast<int>(IntegerArg(info, 1, "semnum", 0, 65535));
}

// semget(key, nsems, flags) -> semid
Napi::Value Semget(const Napi::CallbackInfo& info) {
  auto key = static_cast<key_t>(IntegerArg(info, 0, "key", INT32_MIN, INT32_MAX));
  auto nsems = static_cast<int>(IntegerArg(info, 1, "nsems", 0, INT32_MAX));
  auto flags = static_cast<int>(IntegerArg(info, 2, "flags", 0, INT32_MAX));
  int semid = semget(key, nsems, flags);
  if (semid == -1) throw SyscallError(info.Env(), "semget", errno);
  return Napi::Number::New(info.Env(), semid);
}

// semop(semid, flatOps): on the JavaScript thread, so every operation must say IPC_NOWAIT.
Napi::Value Semop(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int semid = SemidArg(info);
  std::vector<struct sembuf> ops = SemOpsArg(info, 1);
  for (const auto& op : ops) {
    if ((op.sem_flg & IPC_NOWAIT) == 0) {
      throw ArgumentError(env, false, "ERR_WOULD_BLOCK",
                          "\"ops\": every operation of a semop on this thread must carry "
                          "IPC_NOWAIT (a wait would block the event loop); use startSemop");
    }
  }
  if (semop(semid, ops.data(), ops.size()) == -1) throw SyscallError(env, "semop", errno);
  return env.Undefined();
}

// semctlValue(semid, semnum, 'GETVAL' | 'GETPID' | 'GETNCNT' | 'GETZCNT') -> number
Napi::Value SemctlValue(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int semid = SemidArg(info);
  int semnum = SemnumArg(info);
  std::string name = info.Length() > 2 && info[2].IsString()
                         ? info[2].As<Napi::String>().Utf8Value()
                         : std::string();
  int command = name == "GETVAL"    ? GETVAL
                : name == "GETPID"  ? GETPID
                : name == "GETNCNT" ? GETNCNT
                : name == "GETZCNT" ? GETZCNT
                                    : -1;
  if (command == -1) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_VALUE",
                        "\"command\" must be GETVAL, GETPID, GETNCNT or GETZCNT");
  }
  int value = semctl(semid, semnum, command);
  if (value == -1) throw SyscallError(env, "semctl", errno);
  return Napi::Number::New(env, value);
}

// semctlSetval(semid, semnum, value): the kernel answers ERANGE above SEMVMX.
Napi::Value SemctlSetval(const Napi::CallbackInfo& info) {
  int semid = SemidArg(info);
  int semnum = SemnumArg(info);
  union semun arg {};
  arg.val = static_cast<int>(IntegerArg(info, 2, "value", 0, INT32_MAX));
  if (semctl(semid, semnum, SETVAL, arg) == -1) throw SyscallError(info.Env(), "semctl", errno);
  return info.Env().Undefined();
}

/** nsems of the set, from IPC_STAT (GETALL and SETALL take an array of exactly that many). */
int SetSize(Napi::Env env, int semid) {
  struct semid_ds ds {};
  union semun arg {};
  arg.buf = &ds;
  if (semctl(semid, 0, IPC_STAT, arg) == -1) throw SyscallError(env, "semctl", errno);
  return static_cast<int>(ds.sem_nsems);
}

// semctlGetall(semid) -> number[]
Napi::Value SemctlGetall(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int semid = SemidArg(info);
  // The set cannot grow, but it may be removed and its id reused by a larger set between the
  // two calls; one spare slot would not help, so the array is simply sized by this IPC_STAT.
  std::vector<unsigned short> values(static_cast<size_t>(SetSize(env, semid)));
  union semun arg {};
  arg.array = values.data();
  if (semctl(semid, 0, GETALL, arg) == -1) throw SyscallError(env, "semctl", errno);
  Napi::Array out = Napi::Array::New(env, values.size());
  for (size_t i = 0; i < values.size(); ++i) out.Set(i, Napi::Number::New(env, values[i]));
  return out;
}

// semctlSetall(semid, values): exactly nsems values, each 0–65535 (the kernel: ERANGE > SEMVMX).
Napi::Value SemctlSetall(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int semid = SemidArg(info);
  if (info.Length() < 2 || !info[1].IsArray()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"values\" must be an array");
  }
  Napi::Array given = info[1].As<Napi::Array>();
  size_t nsems = static_cast<size_t>(SetSize(env, semid));
  if (given.Length() != nsems) {
    throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                        "\"values\" must hold exactly nsems (" + std::to_string(nsems) +
                            ") values; got " + std::to_string(given.Length()));
  }
  std::vector<unsigned short> values(nsems);
  for (uint32_t i = 0; i < nsems; ++i) {
    Napi::Value value = given.Get(i);
    bool is_number = value.IsNumber();
    double number = is_number ? value.As<Napi::Number>().DoubleValue() : -1;
    if (!(number >= 0 && number <= 65535) ||
        static_cast<double>(static_cast<int>(number)) != number) {
      throw ArgumentError(env, is_number, is_number ? "ERR_OUT_OF_RANGE" : "ERR_INVALID_ARG_TYPE",
                          "\"values[" + std::to_string(i) + "]\" must be an integer from 0 to 65535");
    }
    values[i] = static_cast<unsigned short>(number);
  }
  union semun arg {};
  arg.array = values.data();
  if (semctl(semid, 0, SETALL, arg) == -1) throw SyscallError(env, "semctl", errno);
  return env.Undefined();
}

Napi::Object StatToObject(Napi::Env env, const struct semid_ds& ds) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("key", Napi::Number::New(env, ds.sem_perm.__key));
  out.Set("uid", Napi::Number::New(env, ds.sem_perm.uid));
  out.Set("gid", Napi::Number::New(env, ds.sem_perm.gid));
  out.Set("cuid", Napi::Number::New(env, ds.sem_perm.cuid));
  out.Set("cgid", Napi::Number::New(env, ds.sem_perm.cgid));
  out.Set("mode", Napi::Number::New(env, ds.sem_perm.mode & 0777));
  out.Set("nsems", Napi::Number::New(env, static_cast<double>(ds.sem_nsems)));
  out.Set("otime", Napi::Number::New(env, static_cast<double>(ds.sem_otime)));
  out.Set("ctime", Napi::Number::New(env, static_cast<double>(ds.sem_ctime)));
  return out;
}

// semctlStat(semid) -> semid_ds
Napi::Value SemctlStat(const Napi::CallbackInfo& info) {
  int semid = SemidArg(info);
  struct semid_ds ds {};
  union semun arg {};
  arg.buf = &ds;
  if (semctl(semid, 0, IPC_STAT, arg) == -1) throw SyscallError(info.Env(), "semctl", errno);
  return StatToObject(info.Env(), ds);
}

// semctlStatAny(semid) -> semid_ds without read permission, as segment.cc's StatAnySegment does
// for segments: IPC_STAT first, then SEM_STAT_ANY (Linux 4.17) over the table's indexes.
Napi::Value SemctlStatAny(const Napi::CallbackInfo& info) {
  int semid = SemidArg(info);
  struct semid_ds ds {};
  union semun arg {};
  arg.buf = &ds;
  if (semctl(semid, 0, IPC_STAT, arg) == 0) return StatToObject(info.Env(), ds);
  int stat_error = errno;
  if (stat_error == EACCES) {
    struct seminfo usage {};
    union semun usage_arg {};
    usage_arg.info = &usage;
    int max_index = semctl(0, 0, SEM_INFO, usage_arg);
    for (int index = 0; index <= max_index; ++index) {
      if (semctl(index, 0, SEM_STAT_ANY, arg) == semid) return StatToObject(info.Env(), ds);
    }
  }
  throw SyscallError(info.Env(), "semctl", stat_error);
}

// semctlSet(semid, uid, gid, mode): IPC_SET with exactly these values (the kernel takes only
// these three from the caller; ownership is enough, read permission is not needed).
Napi::Value SemctlSet(const Napi::CallbackInfo& info) {
  int semid = SemidArg(info);
  int64_t uid = IntegerArg(info, 1, "uid", 0, UINT32_MAX - 1);
  int64_t gid = IntegerArg(info, 2, "gid", 0, UINT32_MAX - 1);
  int64_t mode = IntegerArg(info, 3, "mode", 0, 0777);
  struct semid_ds ds {};
  ds.sem_perm.uid = static_cast<uid_t>(uid);
  ds.sem_perm.gid = static_cast<gid_t>(gid);
  ds.sem_perm.mode = static_cast<unsigned short>(mode);
  union semun arg {};
  arg.buf = &ds;
  if (semctl(semid, 0, IPC_SET, arg) == -1) throw SyscallError(info.Env(), "semctl", errno);
  return info.Env().Undefined();
}

// semctlRmid(semid): every process blocked on the set wakes with EIDRM.
Napi::Value SemctlRmid(const Napi::CallbackInfo& info) {
  int semid = SemidArg(info);
  if (semctl(semid, 0, IPC_RMID) == -1) throw SyscallError(info.Env(), "semctl", errno);
  return info.Env().Undefined();
}

// semLimits() -> the kernel's seminfo, from semctl(IPC_INFO).
Napi::Value SemLimits(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  struct seminfo limits {};
  union semun arg {};
  arg.info = &limits;
  if (semctl(0, 0, IPC_INFO, arg) == -1) throw SyscallError(env, "semctl", errno);
  Napi::Object out = Napi::Object::New(env);
  out.Set("SEMMSL", Napi::Number::New(env, limits.semmsl));
  out.Set("SEMMNS", Napi::Number::New(env, limits.semmns));
  out.Set("SEMOPM", Napi::Number::New(env, limits.semopm));
  out.Set("SEMMNI", Napi::Number::New(env, limits.semmni));
  out.Set("SEMVMX", Napi::Number::New(env, limits.semvmx));
  out.Set("SEMAEM", Napi::Number::New(env, limits.semaem));
  return out;
}

template <Napi::Value (*Callback)(const Napi::CallbackInfo&)>
Napi::Value Guard(const Napi::CallbackInfo& info) {
  return Guarded(info.Env(), static_cast<const char*>(info.Data()),
                 [&] { return Callback(info); });
}

template <Napi::Value (*Callback)(const Napi::CallbackInfo&)>
void Export(Napi::Env env, Napi::Object exports, const char* name) {
  exports.Set(name, Napi::Function::New<Guard<Callback>>(env, name, const_cast<char*>(name)));
}

}  // namespace

std::vector<struct sembuf> SemOpsArg(const Napi::CallbackInfo& info, size_t index) {
  Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsArray()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE",
                        "\"ops\" must be an array of [num, op, flags] triples");
  }
  Napi::Array flat = info[index].As<Napi::Array>();
  uint32_t length = flat.Length();
  if (length == 0 || length % 3 != 0 || length / 3 > kMaxSemOps) {
    throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                        "\"ops\" must hold 1 to " + std::to_string(kMaxSemOps) +
                            " [num, op, flags] triples");
  }
  std::vector<struct sembuf> ops(length / 3);
  auto element = [&](uint32_t at, const char* what, int64_t min, int64_t max) -> int64_t {
    Napi::Value value = flat.Get(at);
    std::string name = "ops[" + std::to_string(at / 3) + "]." + what;
    if (!value.IsNumber()) {
      throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"" + name + "\" must be a number");
    }
    double number = value.As<Napi::Number>().DoubleValue();
    if (!(number >= static_cast<double>(min) && number <= static_cast<double>(max)) ||
        static_cast<double>(static_cast<int64_t>(number)) != number) {
      throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                          "\"" + name + "\" must be an integer from " + std::to_string(min) +
                              " to " + std::to_string(max));
    }
    return static_cast<int64_t>(number);
  };
  for (uint32_t i = 0; i < ops.size(); ++i) {
    ops[i].sem_num = static_cast<unsigned short>(element(3 * i, "num", 0, 65535));
    ops[i].sem_op = static_cast<short>(element(3 * i + 1, "op", -32768, 32767));
    int64_t flags = element(3 * i + 2, "flags", 0, IPC_NOWAIT | SEM_UNDO);
    if ((flags & ~static_cast<int64_t>(IPC_NOWAIT | SEM_UNDO)) != 0) {
      throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                          "\"ops[" + std::to_string(i) +
                              "].flags\" may only combine IPC_NOWAIT and SEM_UNDO");
    }
    ops[i].sem_flg = static_cast<short>(flags);
  }
  return ops;
}

void InitSemaphores(Napi::Env env, Napi::Object exports) {
  Export<Semget>(env, exports, "semget");
  Export<Semop>(env, exports, "semop");
  Export<SemctlValue>(env, exports, "semctlValue");
  Export<SemctlSetval>(env, exports, "semctlSetval");
  Export<SemctlGetall>(env, exports, "semctlGetall");
  Export<SemctlSetall>(env, exports, "semctlSetall");
  Export<SemctlStat>(env, exports, "semctlStat");
  Export<SemctlStatAny>(env, exports, "semctlStatAny");
  Export<SemctlSet>(env, exports, "semctlSet");
  Export<SemctlRmid>(env, exports, "semctlRmid");
  Export<SemLimits>(env, exports, "semLimits");
  exports.Set("SemWaitHandle", SemWaitHandle::Init(env));
}

}  // namespace shmlab
