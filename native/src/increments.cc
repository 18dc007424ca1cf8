#include "increments.h"

#include <sys/sem.h>

#include <atomic>
#include <cerrno>
#include <chrono>

#include "errors.h"
#include "interruptible.h"

namespace shmlab {

struct IncrementState;
void DeliverRun(Napi::Env env, Napi::Function callback, IncrementState* state, void*);
using RunTsfn = Napi::TypedThreadSafeFunction<IncrementState, void, DeliverRun>;

struct IncrementState {
  IncrementJob job;
  RunTsfn tsfn;
  Interruptible worker;
  /** Increments done so far: written by the loop only, read by progress() at any time. */
  std::atomic<uint64_t> done{0};
  // Written by the thread before it queues the result.
  int64_t elapsed_ns = 0;
  int error = 0;
  bool cancelled = false;

  void Run();
  /** One increment of the counter, by the job's mode. */
  void Increment();
  /** One semop on the guarding semaphore; false when it failed (error set) or was cancelled. */
  bool SemaphoreStep(short op);
};

bool IncrementState::SemaphoreStep(short op) {
  struct sembuf step {};
  step.sem_num = job.semnum;
  step.sem_op = op;
  step.sem_flg = SEM_UNDO;
  for (;;) {
    if (semop(job.semid, &step, 1) == 0) return true;
    int err = errno;
    if (err != EINTR) {
      error = err;
      return false;
    }
    // Only a P waits, so only a P is cancelled; a V interrupted by chance is made again, or
    // the semaphore would stay taken. EINTR without a cancel (the process was stopped and
    // continued) is no reason to stop either.
    if (op < 0 && worker.cancel_requested()) {
      cancelled = true;
      return false;
    }
  }
}

void IncrementState::Increment() {
  volatile uint32_t* word = job.word;
  if (job.mode == IncrementMode::kAtomic) {
    __atomic_fetch_add(const_cast<uint32_t*>(word), 1u, __ATOMIC_SEQ_CST);
  } else {
    // Three separate steps, as the learner steps them: load, add, store. `volatile` keeps the
    // compiler from merging them (or the whole loop) into one add.
    uint32_t value = *word;
    value = value + 1;
    *word = value;
  }
}

void IncrementState::Run() {
  const bool guarded = job.mode == IncrementMode::kSemaphore;
  auto start = std::chrono::steady_clock::now();
  uint64_t count = 0;
  for (; count < job.times; ++count) {
    if (worker.cancel_requested()) {
      cancelled = true;
      break;
    }
    if (guarded && !SemaphoreStep(-1)) break;
    if (count == 0) {
      std::lock_guard<std::mutex> lock(*job.access);
      Increment();
    } else {
      Increment();
    }
    done.store(count + 1, std::memory_order_relaxed);
    // The increment is done even if the V fails (the set was removed): it counts.
    if (guarded && !SemaphoreStep(1)) {
      ++count;
      break;
    }
  }
  done.store(count, std::memory_order_relaxed);
  elapsed_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                   std::chrono::steady_clock::now() - start)
                   .count();
  worker.MarkEnded();
  // Unbounded queue: never waits for the JavaScript thread (see sem-wait.cc).
  tsfn.BlockingCall();
  tsfn.Release();
}

void DeliverRun(Napi::Env env, Napi::Function callback, IncrementState* state, void*) {
  if (env == nullptr || callback.IsEmpty()) return;
  double done = static_cast<double>(state->done.load());
  Napi::Value error = env.Null();
  if (state->error != 0) {
    Napi::Error failure = SyscallError(env, "semop", state->error);
    failure.Set("done", Napi::Number::New(env, done));
    error = failure.Value();
  }
  callback.Call({error, Napi::Number::New(env, done),
                 Napi::Number::New(env, static_cast<double>(state->elapsed_ns)),
                 Napi::Boolean::New(env, state->cancelled)});
}

IncrementRun::IncrementRun(Napi::Env env, const IncrementJob& job, Napi::Function callback)
    : state_(std::make_shared<IncrementState>()) {
  state_->job = job;
  InterruptSignal();
  auto* owner = new std::shared_ptr<IncrementState>(state_);
  try {
    state_->tsfn = RunTsfn::New(env, callback, "shmlab.increments", 0, 1, state_.get(),
                                [owner](Napi::Env, void*, IncrementState* running) {
                                  running->worker.Stop();
                                  delete owner;
                                });
  } catch (...) {
    delete owner;
    throw;
  }
  try {
    IncrementState* raw = state_.get();
    state_->worker.Start([raw] { raw->Run(); });
  } catch (...) {
    state_->tsfn.Release();
    throw;
  }
}

Napi::Object IncrementRun::Controls(Napi::Env env) const {
  Napi::Object controls = Napi::Object::New(env);
  std::shared_ptr<IncrementState> state = state_;
  controls.Set("progress", Napi::Function::New(env, [state](const Napi::CallbackInfo& info) {
                 return Napi::Number::New(info.Env(), static_cast<double>(state->done.load()));
               }));
  controls.Set("cancel", Napi::Function::New(env, [state](const Napi::CallbackInfo& info) {
                 return Napi::Boolean::New(info.Env(), state->worker.Cancel());
               }));
  return controls;
}

void IncrementRun::Stop() { state_->worker.Stop(); }

bool IncrementRun::ended() const { return state_->worker.ended(); }

}  // namespace shmlab
