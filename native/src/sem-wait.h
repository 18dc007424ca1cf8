// startSemop: a semop (or semtimedop) that may wait, made on a thread of its own so the event
// loop never blocks. JavaScript gets the thread's tid at once (so /proc/self/task/<tid> can show
// it sleeping in the kernel) and a callback when the call returns, through a thread-safe
// function. cancel() interrupts the call for real (interruptible.h).
//
// Lifetime: the thread-safe function keeps the event loop alive while the call waits and is
// released once the result is queued, so a settled wait never holds the process. Its finalizer
// runs on the JavaScript thread when the result was delivered, or when the environment is torn
// down (a worker terminated, the addon's env cleaned up): it cancels a call still waiting and
// joins the thread, so no thread outlives the environment and none is left unjoined.
#pragma once

#include <napi.h>

#include <memory>

namespace shmlab {

struct SemWaitState;

class SemWaitHandle : public Napi::ObjectWrap<SemWaitHandle> {
 public:
  static Napi::Function Init(Napi::Env env);

  /**
   * new SemWaitHandle(semid, flatOps, timeoutMs (−1: none), callback): starts the call;
   * `callback(error | null)` runs on the JavaScript thread when it returns.
   */
  explicit SemWaitHandle(const Napi::CallbackInfo& info);

 private:
  void Start(const Napi::CallbackInfo& info);
  Napi::Value Tid(const Napi::CallbackInfo& info);
  Napi::Value Cancel(const Napi::CallbackInfo& info);

  std::shared_ptr<SemWaitState> state_;
};

}  // namespace shmlab
