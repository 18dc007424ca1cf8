// Watches an attached mapping for bytes changed by anyone (another process, a
// C program) and reports them to JavaScript with the bytes this process read.
//
// Shared memory has no change notification, so a native thread compares the
// mapping against a private shadow copy. The thread polls fast while changes
// are flowing and slows down when the segment is idle, so an idle watcher
// costs almost nothing and JavaScript only wakes when something changed.
#pragma once

#include <napi.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace shmlab {

struct WatchOptions {
  std::chrono::microseconds fast_interval{500};
  std::chrono::microseconds idle_interval{8000};
  std::chrono::milliseconds idle_after{1000};
};

class Watcher {
 public:
  /** Starts the polling thread; `listener` gets arrays of {offset, bytes}. */
  Watcher(Napi::Env env, Napi::Function listener, const volatile uint8_t* base, size_t size,
          WatchOptions options);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  /** Stops and joins the thread. Safe to call more than once. */
  void Stop();

 private:
  void Run();
  void Scan();
  /** Copies the mapping into current_, skipping pages the segment does not have yet. */
  void Snapshot();

  const volatile uint8_t* base_;
  size_t size_;
  WatchOptions options_;
  std::vector<uint8_t> shadow_;
  std::vector<uint8_t> current_;
  std::vector<unsigned char> residency_;
  size_t page_size_;
  Napi::ThreadSafeFunction tsfn_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool stopped_ = false;
  std::chrono::steady_clock::time_point last_change_;
  std::chrono::nanoseconds last_scan_cost_{0};
  std::thread thread_;
};

}  // namespace shmlab
