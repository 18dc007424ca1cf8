// A thread of ours that makes blocking System V calls (semop) and can be interrupted.
//
// A thread blocked in semop cannot be woken by a flag: the kernel only gives up the wait when
// the operations can be done, the set is removed, a timeout passes, or a signal with a handler
// arrives. So cancelling sends a dedicated real-time signal to that one thread (pthread_kill).
// Its handler does nothing and is installed without SA_RESTART; semop is never restarted after a
// handler anyway (man 7 signal), so the call returns EINTR and the body sees the cancel flag.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace shmlab {

/**
 * The real-time signal used to interrupt our threads, installed the first time it is needed
 * (once per process: the highest real-time signal nobody has a handler for). Throws
 * std::runtime_error when every real-time signal is taken.
 */
int InterruptSignal();

class Interruptible {
 public:
  Interruptible() = default;
  Interruptible(const Interruptible&) = delete;
  Interruptible& operator=(const Interruptible&) = delete;
  /** Joins a thread still running (cancelling it first), so destruction never terminates. */
  ~Interruptible();

  /**
   * Runs `body` on a new thread that blocks every signal except the interrupt signal and the
   * synchronous faults (so a SIGCHLD meant for libuv never cuts its semop short), and returns
   * once that thread's tid is known. `body` must not throw; it calls MarkEnded() when its
   * blocking work is over.
   */
  void Start(std::function<void()> body);

  /** gettid() of the thread (valid once Start returned). */
  pid_t tid() const { return tid_; }
  bool cancel_requested() const { return cancel_.load(std::memory_order_acquire); }

  /**
   * Asks the body to stop and interrupts any blocking call it makes, resending the signal every
   * millisecond until the body has ended (a signal that lands just before the thread enters
   * semop is lost; the next one is not). Returns false when the body had already ended.
   */
  bool Cancel();

  /** Called on the thread when the body's blocking work is over. */
  void MarkEnded();
  bool ended();

  /** Cancel() if need be, then join. Call from the thread that started it, never from the body. */
  void Stop();

 private:
  std::thread thread_;
  pid_t tid_ = 0;
  std::atomic<bool> cancel_{false};
  std::mutex mutex_;
  std::condition_variable changed_;
  bool started_ = false;
  bool ended_ = false;
};

}  // namespace shmlab
