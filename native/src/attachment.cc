#include "attachment.h"

#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <algorithm>
#include <cstring>
#include <mutex>
#include <string>
#include <vector>

#include "channel-binding.h"
#include "errors.h"
#include "residency.h"
#include "segment.h"

namespace shmlab {
namespace {

// Names for Guard's messages (a template argument must be an object with linkage).
constexpr char kShmat[] = "shmat";
constexpr char kRead[] = "read";
constexpr char kWrite[] = "write";
constexpr char kDetach[] = "detach";
constexpr char kWatch[] = "watch";
constexpr char kUnwatch[] = "unwatch";
constexpr char kReleaseReports[] = "releaseReports";
constexpr char kResidency[] = "residency";
constexpr char kPrefetch[] = "prefetch";
constexpr char kView[] = "view";
constexpr char kPoke[] = "poke";
constexpr char kLook[] = "look";
constexpr char kExpect[] = "expect";
constexpr char kFetchAdd[] = "fetchAdd";
constexpr char kTouch[] = "touch";
constexpr char kPeekRead[] = "peekRead";
constexpr char kPageTable[] = "pageTable";
constexpr char kStartIncrements[] = "startIncrements";

}  // namespace

template <Napi::Value (AttachmentHandle::*Method)(const Napi::CallbackInfo&), const char* Name>
Napi::Value AttachmentHandle::Guard(const Napi::CallbackInfo& info) {
  return Guarded(info.Env(), Name, [&] { return (this->*Method)(info); });
}

Napi::Function AttachmentHandle::Init(Napi::Env env) {
  using H = AttachmentHandle;
  return DefineClass(env, "AttachmentHandle",
                     {
                         InstanceAccessor<&H::Shmid>("shmid"),
                         InstanceAccessor<&H::Address>("address"),
                         InstanceAccessor<&H::Size>("size"),
                         InstanceAccessor<&H::ReadOnly>("readOnly"),
                         InstanceAccessor<&H::Attached>("attached"),
                         InstanceMethod<&H::Guard<&H::Read, kRead>>("read"),
                         InstanceMethod<&H::Guard<&H::Write, kWrite>>("write"),
                         InstanceMethod<&H::Guard<&H::Detach, kDetach>>("detach"),
                         InstanceMethod<&H::Guard<&H::Watch, kWatch>>("watch"),
                         InstanceMethod<&H::Guard<&H::Unwatch, kUnwatch>>("unwatch"),
                         InstanceMethod<&H::Guard<&H::ReleaseReports, kReleaseReports>>(
                             "releaseReports"),
                         InstanceMethod<&H::Guard<&H::Residency, kResidency>>("residency"),
                         InstanceMethod<&H::Guard<&H::Prefetch, kPrefetch>>("prefetch"),
                         InstanceMethod<&H::Guard<&H::View, kView>>("view"),
                         InstanceMethod<&H::Guard<&H::Poke, kPoke>>("poke"),
                         InstanceMethod<&H::Guard<&H::Look, kLook>>("look"),
                         InstanceMethod<&H::Guard<&H::Expect, kExpect>>("expect"),
                         InstanceMethod<&H::Guard<&H::FetchAdd, kFetchAdd>>("fetchAdd"),
                         InstanceMethod<&H::Guard<&H::Touch, kTouch>>("touch"),
                         InstanceMethod<&H::Guard<&H::PeekRead, kPeekRead>>("peekRead"),
                         InstanceMethod<&H::Guard<&H::PageTable, kPageTable>>("pageTable"),
                         InstanceMethod<&H::Guard<&H::StartIncrements, kStartIncrements>>(
                             "startIncrements"),
                     });
}

AttachmentHandle::AttachmentHandle(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<AttachmentHandle>(info) {
  Guarded(info.Env(), kShmat, [&] { Attach(info); });
}

void AttachmentHandle::Attach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int shmid = static_cast<int>(IntegerArg(info, 0, "shmid", 0, INT_MAX));
  uint64_t address = AddressArg(info, 1, "address");
  bool read_only = BoolArg(info, 2, "readOnly");
  bool round = BoolArg(info, 3, "round");

  int flags = (read_only ? SHM_RDONLY : 0) | (round ? SHM_RND : 0);
  void* base = shmat(shmid, reinterpret_cast<const void*>(address), flags);
  if (base == reinterpret_cast<void*>(-1)) throw SyscallError(env, "shmat", errno);

  // shm_segsz is the size the caller asked for; the mapping is whole pages,
  // but only the segment's own bytes are ours to read and write. The owner
  // may have taken read permission away since shmat; the size is still ours.
  struct shmid_ds ds {};
  if (int err = StatAnySegment(shmid, &ds); err != 0) {
    shmdt(base);
    throw SyscallError(env, "shmctl", err);
  }
  try {
    reader_ = std::make_shared<TracelessReader>(static_cast<uint8_t*>(base), PageSize());
  } catch (...) {
    shmdt(base);
    throw;
  }
  shmid_ = shmid;
  base_ = static_cast<uint8_t*>(base);
  size_ = ds.shm_segsz;
  read_only_ = read_only;
  attached_ = true;
  window_ = {0, std::min(size_, kMaxWatchWindow)};
}

AttachmentHandle::~AttachmentHandle() {
  if (attached_) DetachMapping();
}

int AttachmentHandle::DetachMapping() {
  if (watcher_) {
    watcher_->Stop();
    watcher_.reset();
  }
  // A loop still writing through the mapping would fault once it is gone: cancel and join it
  // (its result, cancelled, still reaches JavaScript).
  for (auto& run : runs_) run->Stop();
  runs_.clear();
  attached_ = false;
  int err = shmdt(base_) == -1 ? errno : 0;
  reader_.reset();  // closes its pagemap
  return err;
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
  auto [offset, length] = RangeArgs(info, 0);
  // The buffer is made before the lock is taken: V8 may collect garbage while making it, and a
  // finalizer (another handle's detach) must never wait on a lock we hold.
  auto out = Napi::Buffer<uint8_t>::New(env, length);
  // An empty Buffer's data pointer may be null, and memcpy's arguments must never be (UBSan).
  if (length == 0) return out;
  std::lock_guard<std::mutex> lock(reader_->access());
  std::memcpy(out.Data(), base_ + offset, length);
  return out;
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
  if (data.ByteLength() == 0) return env.Undefined();  // as in Read: no memcpy from null
  std::lock_guard<std::mutex> lock(reader_->access());
  std::memcpy(base_ + offset, data.Data(), data.ByteLength());
  return env.Undefined();
}

Napi::Value AttachmentHandle::Detach(const Napi::CallbackInfo& info) {
  if (!attached_) return info.Env().Undefined();  // detaching twice is harmless
  int err = DetachMapping();
  if (err != 0) throw SyscallError(info.Env(), "shmdt", err);
  return info.Env().Undefined();
}

// watch(listener, fastIntervalUs, idleIntervalUs, idleAfterMs, toChannel, held, restIntervalUs,
//       restAfterMs)
// toChannel: reports go as lines on the process's report channel (report-channel.h), which
// must be open; the listener is then ignored. held: they wait for releaseReports().
Napi::Value AttachmentHandle::Watch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "watch");
  bool to_channel = info.Length() > 4 && !info[4].IsUndefined() && BoolArg(info, 4, "toChannel");
  std::shared_ptr<ReportChannel> channel;
  if (to_channel) {
    channel = RequireChannel(env);
  } else if (info.Length() < 1 || !info[0].IsFunction()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"listener\" must be a function");
  }
  WatchOptions options;
  options.fast_interval = std::chrono::microseconds(IntegerArg(info, 1, "fastIntervalUs", 50, 1'000'000));
  options.idle_interval = std::chrono::microseconds(IntegerArg(info, 2, "idleIntervalUs", 50, 1'000'000));
  options.idle_after = std::chrono::milliseconds(IntegerArg(info, 3, "idleAfterMs", 0, 60'000));
  // No resting pace unless asked: idle stays idle.
  options.rest_interval = options.idle_interval;
  options.rest_after = options.idle_after;
  if (info.Length() > 6 && !info[6].IsUndefined()) {
    options.rest_interval =
        std::chrono::microseconds(IntegerArg(info, 6, "restIntervalUs", 50, 1'000'000));
    options.rest_after = std::chrono::milliseconds(
        IntegerArg(info, 7, "restAfterMs", options.idle_after.count(), 3'600'000));
  }
  // The old watcher goes first: if the new one cannot be made, none is left half-running.
  if (watcher_) {
    watcher_->Stop();
    watcher_.reset();
  }
  bool held = to_channel && info.Length() > 5 && !info[5].IsUndefined() && BoolArg(info, 5, "held");
  Napi::Function listener = to_channel ? Napi::Function() : info[0].As<Napi::Function>();
  watcher_ = std::make_unique<Watcher>(env, listener, std::move(channel), shmid_, reader_, size_,
                                       window_, options, held);
  return env.Undefined();
}

std::pair<size_t, size_t> AttachmentHandle::RangeArgs(const Napi::CallbackInfo& info,
                                                      size_t index) const {
  int64_t offset = IntegerArg(info, index, "offset", 0, static_cast<int64_t>(size_));
  int64_t length = IntegerArg(info, index + 1, "length", 0, static_cast<int64_t>(size_));
  CheckRange(info.Env(), offset, length);
  return {static_cast<size_t>(offset), static_cast<size_t>(length)};
}

// residency(offset, length) -> one byte per page that the byte range touches:
// 1 when the segment has that page in memory (whoever touched it), 0 when it
// was never touched or is swapped out. mincore() looks without faulting
// anything in. The answer is written straight into a buffer V8 allocated, so
// a huge range fails there, as a coded JS error, before anything is touched.
Napi::Value AttachmentHandle::Residency(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "residency");
  auto [offset, length] = RangeArgs(info, 0);
  size_t page = PageSize();
  size_t first = offset / page;
  size_t end = length == 0 ? first : (offset + length + page - 1) / page;
  auto out = Napi::Buffer<uint8_t>::New(env, end - first);
  if (end > first && mincore(base_ + first * page, (end - first) * page, out.Data()) == -1) {
    throw SyscallError(env, "mincore", errno);
  }
  for (size_t i = 0; i < out.Length(); ++i) out.Data()[i] &= 1;
  return out;
}

// prefetch(offset, length): madvise(MADV_WILLNEED) over the pages of the
// range. For a shared-memory mapping the kernel then starts reading back the
// pages that are in swap (into the swap cache, where mincore sees them) and
// leaves pages that were never touched alone: it allocates nothing.
Napi::Value AttachmentHandle::Prefetch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "prefetch");
  auto [offset, length] = RangeArgs(info, 0);
  if (length == 0) return env.Undefined();
  size_t page = PageSize();
  size_t first = offset / page;
  size_t end = (offset + length + page - 1) / page;
  if (madvise(base_ + first * page, (end - first) * page, MADV_WILLNEED) == -1) {
    throw SyscallError(env, "madvise", errno);
  }
  return env.Undefined();
}

// view(offset, length) -> the window's bytes, read as peek() reads (nothing allocated). From
// now on the watcher reports exactly this window; it compares against these very bytes.
Napi::Value AttachmentHandle::View(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "view");
  auto [offset, length] = RangeArgs(info, 0);
  if (length > kMaxWatchWindow) {
    throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                        "\"length\" must be at most " + std::to_string(kMaxWatchWindow) +
                            " bytes, the largest window watched byte for byte");
  }
  WatchWindow window{offset, length};
  std::vector<uint8_t> bytes;
  if (watcher_) {
    bytes = watcher_->SetWindow(window);
  } else {
    bytes.resize(length);
    PeekInto(*reader_, offset, length, bytes.data());
  }
  window_ = window;
  return Napi::Buffer<uint8_t>::Copy(env, bytes.data(), bytes.size());
}

// poke(offset, length): look now. The watcher scans its window at once and checks the pages of
// the range (a write this process's Lab just made) without waiting for the sweep. Not watching:
// nothing to do.
Napi::Value AttachmentHandle::Poke(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "poke");
  auto [offset, length] = RangeArgs(info, 0);
  if (watcher_) watcher_->Poke(offset, length);
  return env.Undefined();
}

// look(offset, length): poke, with the window scanned now and its changes handed to the watch
// listener before this returns.
Napi::Value AttachmentHandle::Look(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "look");
  auto [offset, length] = RangeArgs(info, 0);
  if (watcher_) watcher_->Look(env, offset, length);
  return env.Undefined();
}

// expect(withinUs): a write by another process is on its way; see Watcher::Expect.
Napi::Value AttachmentHandle::Expect(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "expect");
  auto within = IntegerArg(info, 0, "withinUs", 0, Watcher::kMaxExpect.count());
  if (watcher_) watcher_->Expect(std::chrono::microseconds(within));
  return env.Undefined();
}

// releaseReports(): a watcher started held sends what it kept, and reports from now on.
Napi::Value AttachmentHandle::ReleaseReports(const Napi::CallbackInfo& info) {
  if (watcher_) watcher_->Release();
  return info.Env().Undefined();
}

Napi::Value AttachmentHandle::Unwatch(const Napi::CallbackInfo& info) {
  if (watcher_) {
    watcher_->Stop();
    watcher_.reset();
  }
  return info.Env().Undefined();
}

size_t AttachmentHandle::WordOffsetArg(const Napi::CallbackInfo& info, size_t index) const {
  Napi::Env env = info.Env();
  int64_t offset = IntegerArg(info, index, "offset", 0, static_cast<int64_t>(size_));
  if (offset % 4 != 0 || static_cast<uint64_t>(offset) + 4 > size_) {
    throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                        "\"offset\" must be a multiple of 4 with the whole u32 inside the segment "
                        "(0 to " + std::to_string(size_ < 4 ? 0 : (size_ - 4) / 4 * 4) + ")");
  }
  if (read_only_) {
    throw ArgumentError(env, false, "E_READ_ONLY",
                        "cannot write: the segment was attached read-only (SHM_RDONLY)");
  }
  return static_cast<size_t>(offset);
}

// fetchAdd(offset, delta (0 to 2^32 - 1)) -> the value before: one locked add. The mapping is
// page-aligned, so an offset that is a multiple of 4 is an aligned word.
Napi::Value AttachmentHandle::FetchAdd(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "fetchAdd");
  size_t offset = WordOffsetArg(info, 0);
  auto delta = static_cast<uint32_t>(IntegerArg(info, 1, "delta", 0, UINT32_MAX));
  auto* word = reinterpret_cast<uint32_t*>(base_ + offset);
  uint32_t before;
  {
    std::lock_guard<std::mutex> lock(reader_->access());
    before = __atomic_fetch_add(word, delta, __ATOMIC_SEQ_CST);
  }
  return Napi::Number::New(env, before);
}

// touch(offset) -> { value, wrote }: the learner touches the page holding `offset` the way a C
// program would. A one-byte load: a read fault, which maps the segment's frame here (or gives the
// segment a new one, as any first load does). Then, unless attached read-only, a write to that
// byte that changes nothing: an atomic fetch-or of 0, so a byte another process stores meanwhile
// is never overwritten with the one we loaded.
Napi::Value AttachmentHandle::Touch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "touch");
  int64_t offset = IntegerArg(info, 0, "offset", 0, static_cast<int64_t>(size_) - 1);
  auto* byte = reinterpret_cast<volatile uint8_t*>(base_ + offset);
  uint8_t value;
  {
    std::lock_guard<std::mutex> lock(reader_->access());
    value = *byte;
    if (!read_only_) {
      // Read through a volatile, the operand is unknown to the compiler, which could otherwise
      // turn an RMW it can prove idempotent into a plain load (clang does, for a constant 0).
      volatile uint8_t nothing = 0;
      __atomic_fetch_or(byte, nothing, __ATOMIC_SEQ_CST);
    }
  }
  Napi::Object touched = Napi::Object::New(env);
  touched.Set("value", Napi::Number::New(env, value));
  touched.Set("wrote", Napi::Boolean::New(env, !read_only_));
  return touched;
}

// peekRead(offset, length) -> the bytes, read without a trace in this process's page table
// (traceless.h): pages the segment has in memory now are read, the others are zeros. peek.js
// says which page was where.
Napi::Value AttachmentHandle::PeekRead(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "peek");
  auto [offset, length] = RangeArgs(info, 0);
  auto out = Napi::Buffer<uint8_t>::New(env, length);
  CopyTraceless(*reader_, offset, length, out.Data());
  return out;
}

// pageTable(withSmaps, pages) -> { entries: Buffer, smaps: string | null }: this process's
// /proc/self/pagemap entries of the first `pages` pages of the attachment (8 bytes each, native
// order; all of them when `pages` is undefined), and
// its /proc/self/smaps when asked, read under the access lock: a look never has its passing
// entry in them (traceless.h), so what they show is what the learner's own accesses made.
Napi::Value AttachmentHandle::PageTable(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "pageTable");
  bool with_smaps = BoolArg(info, 0, "withSmaps");
  size_t page = PageSize();
  auto total = static_cast<int64_t>((size_ + page - 1) / page);
  size_t count = info.Length() > 1 && !info[1].IsUndefined()
                     ? static_cast<size_t>(IntegerArg(info, 1, "pages", 0, total))
                     : static_cast<size_t>(total);
  std::vector<uint64_t> entries;
  std::string smaps;
  if (!reader_->ReadOwnEntries(0, count, entries, with_smaps ? &smaps : nullptr)) {
    throw SyscallError(env, "pread", errno == 0 ? EIO : errno);
  }
  Napi::Object table = Napi::Object::New(env);
  table.Set("entries", Napi::Buffer<uint8_t>::Copy(env, reinterpret_cast<uint8_t*>(entries.data()),
                                                   entries.size() * sizeof(uint64_t)));
  table.Set("smaps", with_smaps && !smaps.empty() ? Napi::Value(Napi::String::New(env, smaps))
                                                  : env.Null());
  return table;
}

// startIncrements(offset, times, mode, semid, semnum, callback) -> { progress, cancel }
Napi::Value AttachmentHandle::StartIncrements(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!attached_) throw DetachedError(env, "startIncrements");
  IncrementJob job;
  job.word = reinterpret_cast<volatile uint32_t*>(base_ + WordOffsetArg(info, 0));
  // The run shares the reader's lock (and keeps the reader alive while it might use it).
  job.access = std::shared_ptr<std::mutex>(reader_, &reader_->access());
  job.times = static_cast<uint64_t>(IntegerArg(info, 1, "times", 1, 100'000'000));
  std::string mode = info.Length() > 2 && info[2].IsString()
                         ? info[2].As<Napi::String>().Utf8Value()
                         : std::string();
  if (mode == "plain") {
    job.mode = IncrementMode::kPlain;
  } else if (mode == "atomic") {
    job.mode = IncrementMode::kAtomic;
  } else if (mode == "semaphore") {
    job.mode = IncrementMode::kSemaphore;
    job.semid = static_cast<int>(IntegerArg(info, 3, "semid", 0, INT_MAX));
    job.semnum = static_cast<unsigned short>(IntegerArg(info, 4, "semnum", 0, 65535));
  } else {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_VALUE",
                        "\"mode\" must be 'plain', 'semaphore' or 'atomic'");
  }
  if (info.Length() < 6 || !info[5].IsFunction()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"callback\" must be a function");
  }
  // Forget runs that have ended (their threads are joined by their own finalizers).
  std::erase_if(runs_, [](const std::unique_ptr<IncrementRun>& run) { return run->ended(); });
  // Recorded before anything else can fail: a run this attachment does not know of would go on
  // writing after a detach. reserve() first, so the push cannot throw once the thread runs.
  runs_.reserve(runs_.size() + 1);
  runs_.push_back(std::make_unique<IncrementRun>(env, job, info[5].As<Napi::Function>()));
  return runs_.back()->Controls(env);
}

}  // namespace shmlab
