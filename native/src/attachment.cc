#include "attachment.h"

#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>
#include <vector>

#include "errors.h"

namespace shmlab {

Napi::Function AttachmentHandle::Init(Napi::Env env) {
  return DefineClass(env, "AttachmentHandle",
                     {
                         InstanceAccessor<&AttachmentHandle::Shmid>("shmid"),
                         InstanceAccessor<&AttachmentHandle::Address>("address"),
                         InstanceAccessor<&AttachmentHandle::Size>("size"),
                         InstanceAccessor<&AttachmentHandle::ReadOnly>("readOnly"),
                         InstanceAccessor<&AttachmentHandle::Attached>("attached"),
                         InstanceMethod<&AttachmentHandle::Read>("read"),
                         InstanceMethod<&AttachmentHandle::Write>("write"),
                         InstanceMethod<&AttachmentHandle::Detach>("detach"),
                         InstanceMethod<&AttachmentHandle::Watch>("watch"),
                         InstanceMethod<&AttachmentHandle::Unwatch>("unwatch"),
                         InstanceMethod<&AttachmentHandle::Residency>("residency"),
                     });
}

AttachmentHandle::AttachmentHandle(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<AttachmentHandle>(info) {
  Napi::Env env = info.Env();
  int shmid = static_cast<int>(IntegerArg(info, 0, "shmid", 0, INT_MAX));
  uint64_t address = AddressArg(info, 1, "address");
  bool read_only = BoolArg(info, 2, "readOnly");
  bool round = BoolArg(info, 3, "round");

  int flags = (read_only ? SHM_RDONLY : 0) | (round ? SHM_RND : 0);
  void* base = shmat(shmid, reinterpret_cast<const void*>(address), flags);
  if (base == reinterpret_cast<void*>(-1)) throw SyscallError(env, "shmat", errno);

  // shm_segsz is the size the caller asked for; the mapping is whole pages,
  // but only the segment's own bytes are ours to read and write.
  struct shmid_ds ds {};
  if (shmctl(shmid, IPC_STAT, &ds) == -1) {
    int err = errno;
    shmdt(base);
    throw SyscallError(env, "shmctl", err);
  }
  shmid_ = shmid;
  base_ = static_cast<uint8_t*>(base);
  size_ = ds.shm_segsz;
  read_only_ = read_only;
  attached_ = true;
}

AttachmentHandle::~AttachmentHandle() {
  if (attached_) DetachMapping();
}

int AttachmentHandle::DetachMapping() {
  if (watcher_) {
    watcher_->Stop();
    watcher_.reset();
  }
  attached_ = false;
  return shmdt(base_) == -1 ? errno : 0;
}

void AttachmentHandle::CheckRange(Napi::Env env, int64_t offset, int64_t length) const {
  if (static_cast<uint64_t>(offset) + static_cast<uint64_t>(length) > size_) {
    throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                        "offset + length (" + std::to_string(offset + length) +
                            ") must not exceed the segment size (" + std::to_string(size_) + ")");
  }
}

Napi::Value AttachmentHandle::Shmid(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), shmid_);
}

Napi::Value AttachmentHandle::Address(const Napi::CallbackInfo& info) {
  return Napi::BigInt::New(info.Env(), static_cast<uint64_t>(reinterpret_cast<uintptr_t>(base_)));
}

Napi::Value AttachmentHandle::Size(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(size_));
}

Napi::Value AttachmentHandle::ReadOnly(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), read_only_);
}

Napi::Value AttachmentHandle::Attached(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), attached_);
}

Napi::Value AttachmentHandle::Read(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "read");
  int64_t offset = IntegerArg(info, 0, "offset", 0, static_cast<int64_t>(size_));
  int64_t length = IntegerArg(info, 1, "length", 0, static_cast<int64_t>(size_));
  CheckRange(env, offset, length);
  return Napi::Buffer<uint8_t>::Copy(env, base_ + offset, static_cast<size_t>(length));
}

Napi::Value AttachmentHandle::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "write");
  if (read_only_) {
    throw ArgumentError(env, false, "E_READ_ONLY",
                        "cannot write: the segment was attached read-only (SHM_RDONLY)");
  }
  int64_t offset = IntegerArg(info, 0, "offset", 0, static_cast<int64_t>(size_));
  if (info.Length() < 2 || !info[1].IsTypedArray() ||
      info[1].As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"data\" must be a Uint8Array");
  }
  Napi::Uint8Array data = info[1].As<Napi::Uint8Array>();
  CheckRange(env, offset, static_cast<int64_t>(data.ByteLength()));
  std::memcpy(base_ + offset, data.Data(), data.ByteLength());
  return env.Undefined();
}

Napi::Value AttachmentHandle::Detach(const Napi::CallbackInfo& info) {
  if (!attached_) return info.Env().Undefined();  // detaching twice is harmless
  int err = DetachMapping();
  if (err != 0) throw SyscallError(info.Env(), "shmdt", err);
  return info.Env().Undefined();
}

// watch(listener, fastIntervalUs, idleIntervalUs, idleAfterMs)
Napi::Value AttachmentHandle::Watch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "watch");
  if (info.Length() < 1 || !info[0].IsFunction()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"listener\" must be a function");
  }
  WatchOptions options;
  options.fast_interval = std::chrono::microseconds(IntegerArg(info, 1, "fastIntervalUs", 50, 1'000'000));
  options.idle_interval = std::chrono::microseconds(IntegerArg(info, 2, "idleIntervalUs", 50, 1'000'000));
  options.idle_after = std::chrono::milliseconds(IntegerArg(info, 3, "idleAfterMs", 0, 60'000));
  if (watcher_) watcher_->Stop();
  watcher_ = std::make_unique<Watcher>(env, info[0].As<Napi::Function>(), base_, size_, options);
  return env.Undefined();
}

// residency() -> one byte per page: 1 when the segment has that page in
// memory (whoever touched it), 0 when it was never touched or is swapped out.
// mincore() looks without faulting anything in.
Napi::Value AttachmentHandle::Residency(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "residency");
  size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
  std::vector<unsigned char> vec((size_ + page - 1) / page);
  if (mincore(base_, vec.size() * page, vec.data()) == -1) throw SyscallError(env, "mincore", errno);
  for (auto& entry : vec) entry &= 1;
  return Napi::Buffer<uint8_t>::Copy(env, vec.data(), vec.size());
}

Napi::Value AttachmentHandle::Unwatch(const Napi::CallbackInfo& info) {
  if (watcher_) {
    watcher_->Stop();
    watcher_.reset();
  }
  return info.Env().Undefined();
}

}  // namespace shmlab
