#include "interruptible.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace shmlab {
namespace {

// Does nothing: its only job is to exist, so that the signal interrupts a blocking call instead
// of killing the process. The addon is never unloaded (Node keeps every addon it loaded), so the
// handler outlives every thread that may receive the signal.
extern "C" void OnInterrupt(int) {}

std::once_flag install_once;
int installed_signal = 0;

void Install() {
  // From the top down: the low real-time signals are the ones other code tends to claim first.
  for (int sig = SIGRTMAX; sig >= SIGRTMIN; --sig) {
    struct sigaction current {};
    if (sigaction(sig, nullptr, &current) == -1) continue;
    bool free = (current.sa_flags & SA_SIGINFO) == 0 && current.sa_handler == SIG_DFL;
    if (!free) continue;
    struct sigaction ours {};
    ours.sa_handler = OnInterrupt;
    sigemptyset(&ours.sa_mask);
    ours.sa_flags = 0;  // no SA_RESTART: the interrupted call must return EINTR
    if (sigaction(sig, &ours, nullptr) == 0) {
      installed_signal = sig;
      return;
    }
  }
}

/** Blocks every signal but `keep` and the faults the kernel delivers to the faulting thread. */
void MaskAllBut(int keep) {
  sigset_t set;
  sigfillset(&set);
  for (int sig : {keep, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP, SIGABRT}) sigdelset(&set, sig);
  pthread_sigmask(SIG_SETMASK, &set, nullptr);
}

}  // namespace

int InterruptSignal() {
  std::call_once(install_once, Install);
  if (installed_signal == 0) {
    throw std::runtime_error("no free real-time signal to interrupt a blocked semop with");
  }
  return installed_signal;
}

Interruptible::~Interruptible() { Stop(); }

void Interruptible::Start(std::function<void()> body) {
  int sig = InterruptSignal();
  thread_ = std::thread([this, sig, body = std::move(body)] {
    MaskAllBut(sig);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tid_ = gettid();
      started_ = true;
    }
    changed_.notify_all();
    body();
    MarkEnded();  // in case the body did not
  });
  std::unique_lock<std::mutex> lock(mutex_);
  changed_.wait(lock, [this] { return started_; });
}

void Interruptible::MarkEnded() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ended_) return;
    ended_ = true;
  }
  changed_.notify_all();
}

bool Interruptible::ended() {
  std::lock_guard<std::mutex> lock(mutex_);
  return ended_;
}

bool Interruptible::Cancel() {
  cancel_.store(true, std::memory_order_release);
  std::unique_lock<std::mutex> lock(mutex_);
  if (ended_ || !thread_.joinable()) return false;
  int sig = InterruptSignal();
  pthread_t handle = thread_.native_handle();
  while (!ended_) {
    // The thread is not joined before Stop(), which runs on this same thread, so the handle is
    // still valid here even if the body has just returned.
    pthread_kill(handle, sig);
    changed_.wait_for(lock, std::chrono::milliseconds(1));
  }
  return true;
}

void Interruptible::Stop() {
  if (!thread_.joinable()) return;
  Cancel();
  thread_.join();
}

}  // namespace shmlab
