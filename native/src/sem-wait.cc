#include "sem-wait.h"

#include <sys/sem.h>
#include <time.h>

#include <cerrno>
#include <climits>
#include <cstdint>
#include <vector>

#include "errors.h"
#include "interruptible.h"
#include "semaphore.h"

namespace shmlab {

struct SemWaitState;
void DeliverResult(Napi::Env env, Napi::Function callback, SemWaitState* state, void*);
using ResultTsfn = Napi::TypedThreadSafeFunction<SemWaitState, void, DeliverResult>;

struct SemWaitState {
  int semid = -1;
  std::vector<struct sembuf> ops;
  /** −1: semop, which may wait for ever; otherwise semtimedop's timeout. */
  int64_t timeout_ms = -1;
  ResultTsfn tsfn;
  Interruptible worker;
  // Written by the thread before it queues the result; read by DeliverResult after.
  int error = 0;
  bool cancelled = false;

  const char* syscall() const { return timeout_ms < 0 ? "semop" : "semtimedop"; }
  void Run();
};

namespace {

constexpr char kStartSemop[] = "startSemop";

int64_t MonotonicNs() {
  struct timespec now {};
  clock_gettime(CLOCK_MONOTONIC, &now);
  return int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

}  // namespace

// On the waiting thread. An EINTR nobody asked for (a SIGSTOP/SIGCONT of the process makes
// semop return EINTR even without a handler) is not the learner's cancel: the call is made
// again, with what is left of the timeout.
void SemWaitState::Run() {
  const int64_t deadline = timeout_ms < 0 ? 0 : MonotonicNs() + timeout_ms * 1'000'000;
  int err = 0;
  for (;;) {
    // Checked before every call: a cancel that came before the thread got here (or that lands
    // between this check and the call, and whose signal is then resent) ends the wait. A call
    // that succeeded as the cancel came stays a success: the operations were done.
    if (worker.cancel_requested()) {
      cancelled = true;
      break;
    }
    int result;
    if (timeout_ms < 0) {
      result = semop(semid, ops.data(), ops.size());
    } else {
      int64_t left = deadline - MonotonicNs();
      if (left < 0) left = 0;
      struct timespec timeout {};
      timeout.tv_sec = static_cast<time_t>(left / 1'000'000'000);
      timeout.tv_nsec = static_cast<long>(left % 1'000'000'000);
      result = semtimedop(semid, ops.data(), ops.size(), &timeout);
    }
    err = result == 0 ? 0 : errno;
    if (err != EINTR) break;
  }
  error = err;
  worker.MarkEnded();
  // The queue is unbounded, so this never waits for the JavaScript thread; while the
  // environment is being torn down it fails (napi_closing) and nothing is delivered.
  tsfn.BlockingCall();
  tsfn.Release();
}

void DeliverResult(Napi::Env env, Napi::Function callback, SemWaitState* state, void*) {
  if (env == nullptr || callback.IsEmpty()) return;  // the environment is going away
  if (state->cancelled) {
    Napi::Error error = Napi::Error::New(
        env, std::string(state->syscall()) + " was cancelled: the wait was interrupted (ECANCELED)");
    error.Set("code", Napi::String::New(env, "ECANCELED"));
    error.Set("errno", Napi::Number::New(env, ECANCELED));
    error.Set("syscall", Napi::String::New(env, state->syscall()));
    callback.Call({error.Value()});
  } else if (state->error != 0) {
    callback.Call({SyscallError(env, state->syscall(), state->error).Value()});
  } else {
    callback.Call({env.Null()});
  }
}

Napi::Function SemWaitHandle::Init(Napi::Env env) {
  using H = SemWaitHandle;
  return DefineClass(env, "SemWaitHandle",
                     {
                         InstanceAccessor<&H::Tid>("tid"),
                         InstanceMethod<&H::Cancel>("cancel"),
                     });
}

SemWaitHandle::SemWaitHandle(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<SemWaitHandle>(info) {
  Guarded(info.Env(), kStartSemop, [&] { Start(info); });
}

void SemWaitHandle::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto state = std::make_shared<SemWaitState>();
  state->semid = static_cast<int>(IntegerArg(info, 0, "semid", 0, INT32_MAX));
  state->ops = SemOpsArg(info, 1);
  state->timeout_ms = IntegerArg(info, 2, "timeoutMs", -1, INT32_MAX);
  if (info.Length() < 4 || !info[3].IsFunction()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"callback\" must be a function");
  }
  InterruptSignal();  // throws before anything exists if no signal is free

  // The finalizer owns one reference to the state; it stops and joins the thread before
  // dropping it, so the thread never holds the last reference (it could not join itself).
  auto* owner = new std::shared_ptr<SemWaitState>(state);
  try {
    state->tsfn = ResultTsfn::New(
        env, info[3].As<Napi::Function>(), "shmlab.semop", 0, 1, state.get(),
        [owner](Napi::Env, void*, SemWaitState* waiting) {
          waiting->worker.Stop();
          delete owner;
        });
  } catch (...) {
    delete owner;
    throw;
  }
  try {
    SemWaitState* raw = state.get();
    state->worker.Start([raw] { raw->Run(); });
  } catch (...) {
    // No thread: release the function now, or it would keep the event loop alive for ever.
    state->tsfn.Release();
    throw;
  }
  state_ = std::move(state);
}

Napi::Value SemWaitHandle::Tid(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), state_ ? state_->worker.tid() : 0);
}

Napi::Value SemWaitHandle::Cancel(const Napi::CallbackInfo& info) {
  bool interrupted = state_ && state_->worker.Cancel();
  return Napi::Boolean::New(info.Env(), interrupted);
}

}  // namespace shmlab
