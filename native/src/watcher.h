// Watches an attached mapping for bytes changed by anyone (another process, a
// C program) and reports them to JavaScript with the bytes this process read.
//
// Shared memory has no change notification, so the watcher polls, with
// memory that follows what the learner looks at, not the segment's size:
// - the window (at most kMaxWatchWindow bytes, the part the UI shows) is
//   compared byte for byte against a private copy, fast while changes flow
//   and slower once idle; its changes come with their bytes;
// - the rest of the segment is covered by a slower sweep (sweep.h) that keeps a
//   4-byte digest per page the segment has, and reports page numbers.
// Both run on threads of their own and never fault a page in (mincore first),
// and leave this process's page table as they found it (traceless.h).
// Reports wait in one bounded, coalescing queue while JavaScript is busy.
#pragma once

#include <napi.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "report-channel.h"
#include "sweep.h"
#include "traceless.h"

namespace shmlab {

/** The largest window the watcher keeps a byte-exact copy of (the UI's MAX_VIEW_WINDOW). */
constexpr size_t kMaxWatchWindow = 64 * 1024;
// A scan is one traceless look (pages of 4 KiB at least; +1 for a window that starts mid-page).
static_assert(kMaxWatchWindow / 4096 + 1 <= TracelessReader::kMaxPages);

/**
 * How often the window is looked at: fast while changes flow; idle after idle_after without one;
 * at rest after rest_after without one (rest_after >= idle_after; equal to it, with the same
 * interval, when there is no third pace).
 */
struct WatchOptions {
  std::chrono::microseconds fast_interval{500};
  std::chrono::microseconds idle_interval{8000};
  std::chrono::milliseconds idle_after{1000};
  std::chrono::microseconds rest_interval{8000};
  std::chrono::milliseconds rest_after{1000};
};

/** Bytes [offset, offset + length) of the segment. */
struct WatchWindow {
  size_t offset = 0;
  size_t length = 0;
};

/** What the watcher's threads and the deliveries queued to JavaScript share. */
struct WatchState;

class Watcher {
 public:
  /**
   * Starts both threads. Reports go to `channel` when one is given: a line per report, written
   * by the thread that found the change (ReportLine). Otherwise `listener` gets them on the
   * JavaScript thread, as (changes: {offset, bytes}[], pages: number[]): changed ranges inside
   * the window with their bytes, and changed pages elsewhere. A `held` watcher on a channel
   * watches from now on but keeps its reports (merged) until Release: its caller can first
   * answer whoever asked, so the first report never precedes that answer and no change made
   * after this call is missed.
   */
  Watcher(Napi::Env env, Napi::Function listener, std::shared_ptr<ReportChannel> channel,
          int shmid, std::shared_ptr<TracelessReader> reader, size_t size, WatchWindow window,
          WatchOptions options, bool held = false);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  /** Stops and joins the threads. Safe to call more than once. */
  void Stop();

  /** Sends what a held watcher kept, and everything from now on. */
  void Release();

  /**
   * Makes `window` the one watched byte for byte and returns its bytes (read as peek reads):
   * the copy later changes are measured against is these very bytes, so no change falls
   * between what the caller was given and what the watcher compares with.
   */
  std::vector<uint8_t> SetWindow(WatchWindow window);

  /**
   * Looks now instead of at the next poll: the window at once, and the pages of
   * [offset, offset + length) (at most kMaxPokePages of them) without waiting for the sweep.
   */
  void Poke(size_t offset, size_t length);

  static constexpr size_t kMaxPokePages = 64;

  /**
   * A write by another process is on its way (the Lab just sent it): for up to `within`, or
   * until the window changes, poll the window every kExpectInterval, so the change is seen
   * within tens of microseconds of landing, without waiting for the writer's answer to travel
   * back through the Lab. Costs a few wakeups per write and nothing while idle.
   */
  void Expect(std::chrono::microseconds within);

  static constexpr std::chrono::microseconds kExpectInterval{40};
  static constexpr std::chrono::microseconds kMaxExpect{20'000};

  /**
   * Poke, but the window is scanned now, on the calling (JavaScript) thread, and what it found
   * is handed to the listener before this returns. The Lab uses it after a write of its own, so
   * the other process's report is on its way before the write is answered.
   */
  void Look(Napi::Env env, size_t offset, size_t length);

 private:
  void RunWindow();
  void RunSweep();
  /** One sweep round; returns when the next may run. Called with the state's lock held. */
  std::chrono::steady_clock::time_point SweepOnce(std::unique_lock<std::mutex>& lock);
  void ScanWindow();
  void ReadWindow(WatchWindow window);
  /**
   * Sends what is pending (lock held): a line on the channel, unless its backlog is long (then it
   * stays pending, coalescing, for a later call); or a delivery to JavaScript, unless one is
   * queued already.
   */
  void Schedule();

  /** A channel holding more than this makes reports wait (and merge) in the watcher. */
  static constexpr size_t kMaxChannelBacklog = 1 << 20;

  /** The attachment's: every read through the mapping goes through it. */
  std::shared_ptr<TracelessReader> reader_;
  const volatile uint8_t* base_;
  size_t size_;
  int shmid_;
  /** Where reports go; null when they go to the listener. */
  std::shared_ptr<ReportChannel> channel_;
  size_t page_size_;
  WatchOptions options_;
  std::shared_ptr<WatchState> state_;
  PageSweep sweep_;
  Napi::ThreadSafeFunction tsfn_;
  /** The listener itself, for Look (JavaScript thread only). */
  Napi::FunctionReference listener_;
  std::condition_variable window_wake_;
  std::condition_variable sweep_wake_;
  std::vector<unsigned char> window_resident_;
  /** Which pages of the window the last scan read (a page the kernel would not let go is not). */
  std::vector<unsigned char> window_read_;
  std::vector<uint64_t> found_;
  bool stopping_ = false;
  bool stopped_ = false;
  bool window_poked_ = false;
  /** Reports wait (see the constructor) while this is true. Under the state's lock. */
  bool held_ = false;
  std::optional<PageSpan> urgent_;
  std::chrono::steady_clock::time_point last_change_;
  /** Until when a write is expected (see Expect); in the past when none is. */
  std::chrono::steady_clock::time_point expect_until_{};
  std::chrono::steady_clock::time_point next_pass_;
  std::chrono::steady_clock::time_point next_step_;
  std::chrono::nanoseconds last_scan_cost_{0};
  std::thread window_thread_;
  std::thread sweep_thread_;
};

}  // namespace shmlab
