// One shmat() mapping in this process. JavaScript never sees the mapping
// itself: read() copies bytes out and write() copies bytes in, so detaching
// can never leave a dangling view behind (and Electron's memory cage, which
// forbids buffers over foreign memory, is respected).
//
// Two kinds of access go through the mapping: the learner's (read, write, fetchAdd, touch,
// increments), real loads and stores that fault pages in as a C program's would, and ShmLab's
// own looks (peek, view, the watcher), which leave this process's page table as they found it
// (traceless.h). They share one lock so that a look never takes back an entry the learner made.
#pragma once

#include <napi.h>

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "increments.h"
#include "traceless.h"
#include "watcher.h"

namespace shmlab {

class AttachmentHandle : public Napi::ObjectWrap<AttachmentHandle> {
 public:
  static Napi::Function Init(Napi::Env env);

  /** new AttachmentHandle(shmid, address: bigint, readOnly, round) calls shmat. */
  explicit AttachmentHandle(const Napi::CallbackInfo& info);
  /** Runs when the handle is garbage-collected: detaches if still attached. */
  ~AttachmentHandle() override;

 private:
  Napi::Value Shmid(const Napi::CallbackInfo& info);
  Napi::Value Address(const Napi::CallbackInfo& info);
  Napi::Value Size(const Napi::CallbackInfo& info);
  Napi::Value ReadOnly(const Napi::CallbackInfo& info);
  Napi::Value Attached(const Napi::CallbackInfo& info);
  Napi::Value Read(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value Detach(const Napi::CallbackInfo& info);
  Napi::Value Watch(const Napi::CallbackInfo& info);
  Napi::Value Unwatch(const Napi::CallbackInfo& info);
  Napi::Value ReleaseReports(const Napi::CallbackInfo& info);
  Napi::Value Residency(const Napi::CallbackInfo& info);
  Napi::Value Prefetch(const Napi::CallbackInfo& info);
  Napi::Value View(const Napi::CallbackInfo& info);
  Napi::Value Poke(const Napi::CallbackInfo& info);
  Napi::Value Look(const Napi::CallbackInfo& info);
  Napi::Value Expect(const Napi::CallbackInfo& info);
  Napi::Value FetchAdd(const Napi::CallbackInfo& info);
  Napi::Value Touch(const Napi::CallbackInfo& info);
  Napi::Value PeekRead(const Napi::CallbackInfo& info);
  Napi::Value PageTable(const Napi::CallbackInfo& info);
  Napi::Value StartIncrements(const Napi::CallbackInfo& info);

  /** Runs `Method` with every C++ exception turned into a coded JS error (errors.h). */
  template <Napi::Value (AttachmentHandle::*Method)(const Napi::CallbackInfo&), const char* Name>
  Napi::Value Guard(const Napi::CallbackInfo& info);
  void Attach(const Napi::CallbackInfo& info);

  /** Stops any watcher and cancels and joins any increment run, then shmdt(); returns 0 or the errno. */
  int DetachMapping();
  void CheckRange(Napi::Env env, int64_t offset, int64_t length) const;
  /** Reads an offset of an aligned u32 (a multiple of 4, whole word inside the segment). */
  size_t WordOffsetArg(const Napi::CallbackInfo& info, size_t index) const;
  /** Reads (offset, length) arguments at `index` and checks them against the segment. */
  std::pair<size_t, size_t> RangeArgs(const Napi::CallbackInfo& info, size_t index) const;

  int shmid_ = -1;
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
  bool read_only_ = false;
  bool attached_ = false;
  /** Looks without a trace, and the lock learner accesses hold; shared with watcher and runs. */
  std::shared_ptr<TracelessReader> reader_;
  /** The bytes watched exactly (view()); kept across watchers, first 64 KiB by default. */
  WatchWindow window_;
  std::unique_ptr<Watcher> watcher_;
  /** Increment loops writing through this mapping; stopped before it goes. */
  std::vector<std::unique_ptr<IncrementRun>> runs_;
};

}  // namespace shmlab
