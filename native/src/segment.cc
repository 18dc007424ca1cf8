#include "segment.h"

#include <sys/ipc.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdint>

#include "errors.h"
#include "watcher.h"

namespace shmlab {
namespace {

constexpr int64_t kMaxKey = INT32_MAX;
constexpr int64_t kMinKey = INT32_MIN;
constexpr int64_t kMaxId = INT32_MAX;
// Sizes above 2^53 cannot be passed exactly from JavaScript anyway.
constexpr int64_t kMaxSafeInteger = (int64_t{1} << 53) - 1;

// shmget(key, size, flags) -> shmid
Napi::Value Shmget(const Napi::CallbackInfo& info) {
  auto key = static_cast<key_t>(IntegerArg(info, 0, "key", kMinKey, kMaxKey));
  auto size = static_cast<size_t>(IntegerArg(info, 1, "size", 0, kMaxSafeInteger));
  auto flags = static_cast<int>(IntegerArg(info, 2, "flags", 0, INT32_MAX));
  int shmid = shmget(key, size, flags);
  if (shmid == -1) throw SyscallError(info.Env(), "shmget", errno);
  return Napi::Number::New(info.Env(), shmid);
}

Napi::Object StatToObject(Napi::Env env, const struct shmid_ds& ds) {
  Napi::Object out = Napi::Object::New(env);
  out.Set("key", Napi::Number::New(env, ds.shm_perm.__key));
  out.Set("uid", Napi::Number::New(env, ds.shm_perm.uid));
  out.Set("gid", Napi::Number::New(env, ds.shm_perm.gid));
  out.Set("cuid", Napi::Number::New(env, ds.shm_perm.cuid));
  out.Set("cgid", Napi::Number::New(env, ds.shm_perm.cgid));
  out.Set("mode", Napi::Number::New(env, ds.shm_perm.mode));
  out.Set("segsz", Napi::Number::New(env, static_cast<double>(ds.shm_segsz)));
  out.Set("atime", Napi::Number::New(env, static_cast<double>(ds.shm_atime)));
  out.Set("dtime", Napi::Number::New(env, static_cast<double>(ds.shm_dtime)));
  out.Set("ctime", Napi::Number::New(env, static_cast<double>(ds.shm_ctime)));
  out.Set("cpid", Napi::Number::New(env, ds.shm_cpid));
  out.Set("lpid", Napi::Number::New(env, ds.shm_lpid));
  out.Set("nattch", Napi::Number::New(env, static_cast<double>(ds.shm_nattch)));
  return out;
}

// shmctlStat(shmid) -> shmid_ds as a plain object
Napi::Value ShmctlStat(const Napi::CallbackInfo& info) {
  auto shmid = static_cast<int>(IntegerArg(info, 0, "shmid", 0, kMaxId));
  struct shmid_ds ds {};
  if (shmctl(shmid, IPC_STAT, &ds) == -1) throw SyscallError(info.Env(), "shmctl", errno);
  return StatToObject(info.Env(), ds);
}

// shmctlRmid(shmid)
Napi::Value ShmctlRmid(const Napi::CallbackInfo& info) {
  auto shmid = static_cast<int>(IntegerArg(info, 0, "shmid", 0, kMaxId));
  if (shmctl(shmid, IPC_RMID, nullptr) == -1) throw SyscallError(info.Env(), "shmctl", errno);
  return info.Env().Undefined();
}

// shmctlStatAny(shmid) -> shmid_ds, for any segment, without read permission.
Napi::Value ShmctlStatAny(const Napi::CallbackInfo& info) {
  auto shmid = static_cast<int>(IntegerArg(info, 0, "shmid", 0, kMaxId));
  struct shmid_ds ds {};
  int err = StatAnySegment(shmid, &ds);
  if (err != 0) throw SyscallError(info.Env(), "shmctl", err);
  return StatToObject(info.Env(), ds);
}

// shmctlSet(shmid, uid, gid, mode): IPC_SET with exactly these values.
//
// The kernel's IPC_SET takes shm_perm.uid, shm_perm.gid and the low nine
// mode bits from the caller and ignores every other field, and it needs only
// ownership (or CAP_SYS_ADMIN), not read permission. So nothing is read
// first: an owner that set mode 0 can still give itself its rights back.
// index.js fills values the caller left out from shmctlStatAny.
Napi::Value ShmctlSet(const Napi::CallbackInfo& info) {
  auto shmid = static_cast<int>(IntegerArg(info, 0, "shmid", 0, kMaxId));
  int64_t uid = IntegerArg(info, 1, "uid", 0, UINT32_MAX - 1);
  int64_t gid = IntegerArg(info, 2, "gid", 0, UINT32_MAX - 1);
  int64_t mode = IntegerArg(info, 3, "mode", 0, 0777);
  struct shmid_ds ds {};
  ds.shm_perm.uid = static_cast<uid_t>(uid);
  ds.shm_perm.gid = static_cast<gid_t>(gid);
  ds.shm_perm.mode = static_cast<unsigned short>(mode);
  if (shmctl(shmid, IPC_SET, &ds) == -1) throw SyscallError(info.Env(), "shmctl", errno);
  return info.Env().Undefined();
}

// limits() -> the kernel's shminfo, from shmctl(IPC_INFO). SHMMAX and SHMALL
// default to values far beyond 2^53, so they are BigInts.
Napi::Value Limits(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  struct shminfo limits {};
  if (shmctl(0, IPC_INFO, reinterpret_cast<struct shmid_ds*>(&limits)) == -1) {
    throw SyscallError(env, "shmctl", errno);
  }
  Napi::Object out = Napi::Object::New(env);
  out.Set("SHMMAX", Napi::BigInt::New(env, static_cast<uint64_t>(limits.shmmax)));
  out.Set("SHMMIN", Napi::Number::New(env, static_cast<double>(limits.shmmin)));
  out.Set("SHMMNI", Napi::Number::New(env, static_cast<double>(limits.shmmni)));
  out.Set("SHMSEG", Napi::Number::New(env, static_cast<double>(limits.shmseg)));
  out.Set("SHMALL", Napi::BigInt::New(env, static_cast<uint64_t>(limits.shmall)));
  return out;
}

Napi::Object Constants(Napi::Env env) {
  Napi::Object c = Napi::Object::New(env);
  c.Set("IPC_PRIVATE", Napi::Number::New(env, IPC_PRIVATE));
  c.Set("IPC_CREAT", Napi::Number::New(env, IPC_CREAT));
  c.Set("IPC_EXCL", Napi::Number::New(env, IPC_EXCL));
  c.Set("SHM_RDONLY", Napi::Number::New(env, SHM_RDONLY));
  c.Set("SHM_RND", Napi::Number::New(env, SHM_RND));
  c.Set("SHM_DEST", Napi::Number::New(env, SHM_DEST));
  c.Set("SHM_LOCKED", Napi::Number::New(env, SHM_LOCKED));
  // SHM_NORESERVE (<sys/shm.h>): no swap is reserved, so a segment may be larger than memory.
  c.Set("SHM_NORESERVE", Napi::Number::New(env, SHM_NORESERVE));
  // semop flags (struct sembuf's sem_flg).
  c.Set("SEM_UNDO", Napi::Number::New(env, SEM_UNDO));
  c.Set("IPC_NOWAIT", Napi::Number::New(env, IPC_NOWAIT));
  c.Set("SHMLBA", Napi::Number::New(env, static_cast<double>(SHMLBA)));
  // The largest window a watcher copies byte for byte (Attachment.view()).
  c.Set("MAX_WATCH_WINDOW", Napi::Number::New(env, static_cast<double>(kMaxWatchWindow)));
  c.Set("pageSize", Napi::Number::New(env, static_cast<double>(sysconf(_SC_PAGESIZE))));
  c.Freeze();
  return c;
}

// Every export goes through Guarded, so no C++ exception reaches Node. The
// function's name (a string literal) rides along as its data, for messages.
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

// IPC_STAT needs read permission, which an owner may have taken from itself
// (mode 0). SHM_STAT_ANY (Linux 4.17) answers without that check, as
// /proc/sysvipc/shm does, but it takes an index into the kernel's table, not
// an id: walk the indexes in use and keep the one whose id is ours (the id
// also carries a sequence number, so a reused slot never matches). IPC_STAT
// goes first because it is one call; on a kernel without SHM_STAT_ANY its
// errno is the answer.
int StatAnySegment(int shmid, struct shmid_ds* out) {
  if (shmctl(shmid, IPC_STAT, out) == 0) return 0;
  int stat_error = errno;
  if (stat_error != EACCES) return stat_error;
  struct shm_info usage {};
  int max_index = shmctl(0, SHM_INFO, reinterpret_cast<struct shmid_ds*>(&usage));
  for (int index = 0; index <= max_index; ++index) {
    if (shmctl(index, SHM_STAT_ANY, out) == shmid) return 0;
  }
  return stat_error;
}

void InitSegment(Napi::Env env, Napi::Object exports) {
  Export<Shmget>(env, exports, "shmget");
  Export<ShmctlStat>(env, exports, "shmctlStat");
  Export<ShmctlStatAny>(env, exports, "shmctlStatAny");
  Export<ShmctlRmid>(env, exports, "shmctlRmid");
  Export<ShmctlSet>(env, exports, "shmctlSet");
  Export<Limits>(env, exports, "limits");
  exports.Set("constants", Constants(env));
}

}  // namespace shmlab
