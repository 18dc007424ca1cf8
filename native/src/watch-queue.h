// The reports a watcher has for JavaScript and not yet delivered: one bounded queue that
// coalesces. Changed ranges of the window are merged (neighbours within kCoalesceGap bytes; past
// kMaxRanges ranges, one range spanning them), and their bytes are taken from the window's copy
// when JavaScript runs, so several scans' changes arrive as one batch with the latest bytes.
// Pending pages are capped: the sweep waits for JavaScript rather than queue more. At most one
// delivery is queued to the event loop at a time.
#pragma once

#include <napi.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "watcher.h"

namespace shmlab {

constexpr size_t kCoalesceGap = 16;
constexpr size_t kMaxRanges = 256;
constexpr size_t kMaxPendingPages = 16384;

struct WatchState {
  std::mutex mutex;
  WatchWindow window;
  /** The window's bytes as last read from the mapping; what deliveries report. */
  std::vector<uint8_t> shadow;
  std::vector<uint8_t> scratch;
  /** Pending changed ranges in the window: absolute [start, end), sorted, disjoint. */
  std::vector<std::pair<size_t, size_t>> ranges;
  std::vector<uint64_t> pages;
  bool delivery_queued = false;
  bool stopped = false;

  /** Adds [start, end) to the pending ranges, merging as above. */
  void AddRange(size_t start, size_t end);
};

/** A changed range of the window and the bytes this process read there. */
struct ChangedRange {
  size_t offset;
  std::vector<uint8_t> bytes;
};

/** What a delivery reports: the window's changed ranges, and changed pages elsewhere (sorted). */
struct PendingReport {
  std::vector<ChangedRange> changes;
  std::vector<uint64_t> pages;
  bool empty() const { return changes.empty() && pages.empty(); }
};

/**
 * Takes what is pending (the state's lock held): the ranges with their latest bytes, and the
 * pages sorted without repeats. Several scans' changes come out as one report.
 */
PendingReport TakePending(WatchState& state);

/**
 * The report as one line of the child's channel, as child-protocol.ts reads it:
 * {"type":"changed","shmid":…,"changes":[{"offset":…,"bytes":[…]}],"pages":[…]}.
 */
std::string ReportLine(int shmid, const PendingReport& report);

/**
 * The thread-safe function's callback: takes what is pending and calls the listener with
 * (changes, pages). Owns `state` (a copy of the watcher's shared pointer).
 */
void Deliver(Napi::Env env, Napi::Function listener, std::shared_ptr<WatchState>* state);

/**
 * Takes what is pending and calls the listener with it now, on the JavaScript thread (nothing
 * pending: no call). A delivery already queued then finds less, or nothing, to deliver.
 */
void DeliverPending(Napi::Env env, Napi::Function listener, WatchState& state);

}  // namespace shmlab
