// Attachment.startIncrements: `times` increments of one u32 of the mapping, on a thread of its
// own, plain (a data race on purpose), under a semaphore, or atomic. The loop reports its count
// as it goes (progress()) and its result through a thread-safe function, with the same lifetime
// rules as startSemop (sem-wait.h); a semop it is blocked in is interrupted by cancel().
#pragma once

#include <napi.h>

#include <cstdint>
#include <memory>
#include <mutex>

namespace shmlab {

enum class IncrementMode { kPlain, kSemaphore, kAtomic };

struct IncrementJob {
  volatile uint32_t* word = nullptr;
  /**
   * The attachment's access lock (traceless.h), held around the first access only: from then on
   * the counter's page is present here, and a look never takes back a page that was present.
   */
  std::shared_ptr<std::mutex> access;
  uint64_t times = 0;
  IncrementMode mode = IncrementMode::kPlain;
  int semid = -1;
  unsigned short semnum = 0;
};

struct IncrementState;

/** A running loop, as the attachment that owns the mapping sees it. */
class IncrementRun {
 public:
  /**
   * Starts the loop; `callback(error | null, done, elapsedNs, cancelled)` runs on the JavaScript
   * thread when it ends. `Controls` gives JavaScript progress() and cancel().
   */
  IncrementRun(Napi::Env env, const IncrementJob& job, Napi::Function callback);
  /** { progress(): number, cancel(): boolean } for this run. */
  Napi::Object Controls(Napi::Env env) const;
  /** Cancels the loop if it still runs and joins its thread: the mapping may then go. */
  void Stop();
  bool ended() const;

 private:
  std::shared_ptr<IncrementState> state_;
};

}  // namespace shmlab
