#include "watcher.h"

#include <pthread.h>
#include <sys/prctl.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <utility>

#include "residency.h"
#include "watch-queue.h"

namespace shmlab {

using Clock = std::chrono::steady_clock;

namespace {

// A new pass starts at most once a second (changes outside the window are reported as pages,
// which need not keep up with the eye); a step waits at least kMinStepGap after the last and
// long enough to keep probing (mincore) under 10 % and hashing under 2 % of a core.
constexpr auto kPassPeriod = std::chrono::milliseconds(1000);
constexpr auto kMinStepGap = std::chrono::milliseconds(1);
constexpr int kProbeShare = 9;
constexpr int kHashShare = 49;
// After an unexpected failure (out of memory) the threads back off this long and retry.
constexpr auto kBackOff = std::chrono::milliseconds(100);

}  // namespace

Watcher::Watcher(Napi::Env env, Napi::Function listener, std::shared_ptr<ReportChannel> channel,
                 int shmid, std::shared_ptr<TracelessReader> reader, size_t size,
                 WatchWindow window, WatchOptions options, bool held)
    : reader_(std::move(reader)),
      base_(reader_->base()),
      size_(size),
      shmid_(shmid),
      channel_(std::move(channel)),
      page_size_(reader_->page_size()),
      options_(options),
      state_(std::make_shared<WatchState>()),
      sweep_(shmid, reader_, size),
      window_resident_(kMaxWatchWindow / page_size_ + 2),
      window_read_(window_resident_.size()),
      // Nothing changed yet: start at the idle pace (a fresh watcher is no sign of activity).
      last_change_(Clock::now() - options.idle_after),
      next_pass_(Clock::now()) {
  // The buffers a window needs are taken now, so changing the window never allocates.
  state_->shadow.reserve(kMaxWatchWindow);
  state_->scratch.reserve(kMaxWatchWindow);
  found_.reserve(kMaxPendingPages);
  ReadWindow(window);
  held_ = held && channel_ != nullptr;
  if (!channel_) {
    listener_ = Napi::Persistent(listener);
    // Anything that throws once tsfn_ exists must release it (it would keep the event loop
    // alive) and stop a thread already started.
    tsfn_ = Napi::ThreadSafeFunction::New(env, listener, "shmlab.watch", 0, 1);
  }
  try {
    // Each loop catches what its work throws; this outer catch is the last line, because an
    // exception leaving a thread's function would abort the process. That thread then stops
    // watching (silently) rather than take the process down.
    window_thread_ = std::thread([this] {
      try {
        RunWindow();
      } catch (...) {
      }
    });
    sweep_thread_ = std::thread([this] {
      try {
        RunSweep();
      } catch (...) {
      }
    });
  } catch (...) {
    Stop();
    throw;
  }
}

Watcher::~Watcher() { Stop(); }

void Watcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (stopped_) return;
    stopping_ = true;
    state_->stopped = true;
  }
  window_wake_.notify_all();
  sweep_wake_.notify_all();
  if (window_thread_.joinable()) window_thread_.join();
  if (sweep_thread_.joinable()) sweep_thread_.join();
  if (!channel_) tsfn_.Release();
  std::lock_guard<std::mutex> lock(state_->mutex);
  stopped_ = true;
}

void Watcher::Release() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (!held_) return;
  held_ = false;
  Schedule();
}

void Watcher::ReadWindow(WatchWindow window) {
  // shadow has kMaxWatchWindow bytes reserved: resize never allocates.
  state_->shadow.resize(window.length);
  PeekInto(*reader_, window.offset, window.length, state_->shadow.data());
  state_->window = window;
  // Pending ranges were relative to the old window's bytes.
  state_->ranges.clear();
}

std::vector<uint8_t> Watcher::SetWindow(WatchWindow window) {
  std::vector<uint8_t> bytes(window.length);  // before anything changes: it may throw
  std::lock_guard<std::mutex> lock(state_->mutex);
  ReadWindow(window);
  // Someone is looking at the new window: leave the resting pace (the wait under way ends by
  // itself, within one rest interval).
  last_change_ = std::max(last_change_, Clock::now() - options_.idle_after);
  std::copy(state_->shadow.begin(), state_->shadow.end(), bytes.begin());
  return bytes;
}

void Watcher::Poke(size_t offset, size_t length) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    window_poked_ = true;
    last_change_ = Clock::now();  // a write is under way: poll fast for a while
    if (length > 0) {
      size_t first = offset / page_size_;
      size_t end = std::min((offset + length + page_size_ - 1) / page_size_, first + kMaxPokePages);
      if (urgent_.has_value()) {
        first = std::min(first, urgent_->first);
        end = std::min(std::max(end, urgent_->end), first + kMaxPokePages);
      }
      urgent_ = PageSpan{first, end};
    }
  }
  window_wake_.notify_one();
  if (length > 0) sweep_wake_.notify_one();
}

void Watcher::Expect(std::chrono::microseconds within) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    expect_until_ = Clock::now() + std::min(within, kMaxExpect);
    window_poked_ = true;  // ends the current (possibly long) wait: the next one is short
  }
  window_wake_.notify_one();
}

void Watcher::Look(Napi::Env env, size_t offset, size_t length) {
  Poke(offset, length);
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (stopping_) return;
    window_poked_ = false;  // scanned here; the window thread need not scan again at once
    ScanWindow();  // on a channel, its report is written before this returns
  }
  if (!channel_) DeliverPending(env, listener_.Value(), *state_);
}

void Watcher::Schedule() {
  WatchState& state = *state_;
  if (channel_) {
    // Written under the state's lock: a later report (from this thread, the sweep's or Look)
    // can never overtake this one on the channel.
    if (held_ || state.stopped || (state.ranges.empty() && state.pages.empty())) return;
    if (channel_->Backlog() > kMaxChannelBacklog) return;  // the window thread retries
    PendingReport report = TakePending(state);
    try {
      channel_->Send(ReportLine(shmid_, report));
    } catch (...) {
      // Out of memory for the line: the report stays pending for the next try (its bytes are
      // read again from the shadow then, so they are the latest).
      for (const ChangedRange& change : report.changes) {
        state.AddRange(change.offset, change.offset + change.bytes.size());
      }
      state.pages.insert(state.pages.end(), report.pages.begin(), report.pages.end());
      throw;
    }
    return;
  }
  if (state.delivery_queued || state.stopped || (state.ranges.empty() && state.pages.empty())) {
    return;
  }
  auto* data = new std::shared_ptr<WatchState>(state_);
  if (tsfn_.NonBlockingCall(data, Deliver) == napi_ok) {
    state.delivery_queued = true;
  } else {
    delete data;  // closing: nobody is listening any more
  }
}

void Watcher::RunWindow() {
  // Named so that top -H and /proc/<pid>/task show what each thread costs.
  pthread_setname_np(pthread_self(), "shmlab-window");
  // Timers of this thread fire within 1 µs of when asked, not the default 50 µs later: the
  // expect interval is shorter than the default slack. (A per-thread setting.)
  prctl(PR_SET_TIMERSLACK, 1000UL, 0, 0, 0);
  std::unique_lock<std::mutex> lock(state_->mutex);
  while (!stopping_) {
    auto now = Clock::now();
    auto quiet = now - last_change_;
    std::chrono::nanoseconds interval = quiet < options_.idle_after   ? options_.fast_interval
                                        : quiet < options_.rest_after ? options_.idle_interval
                                                                      : options_.rest_interval;
    // A scan must never take more than ~5 % of a core.
    interval = std::max(interval, last_scan_cost_ * 20);
    // While a write is expected, look often (bounded by kMaxExpect per write).
    if (now < expect_until_) interval = std::min<std::chrono::nanoseconds>(interval, kExpectInterval);
    if (window_wake_.wait_for(lock, interval, [this] { return stopping_ || window_poked_; }) &&
        stopping_) {
      break;
    }
    window_poked_ = false;
    auto started = Clock::now();
    try {
      ScanWindow();
      // Reports held back while the channel was full go now that it may have room.
      if (channel_) Schedule();
      last_scan_cost_ = Clock::now() - started;
    } catch (...) {
      // Out of memory for a delivery: nothing escapes this thread (that would abort the
      // process). What is pending stays pending; back off and retry.
      last_scan_cost_ = kBackOff / 20;
    }
  }
}

void Watcher::ScanWindow() {
  WatchState& state = *state_;
  WatchWindow window = state.window;
  if (window.length == 0) return;
  size_t first = window.offset / page_size_;
  size_t end = (window.offset + window.length + page_size_ - 1) / page_size_;
  // Reading a page the segment does not have would make the kernel allocate it: read only the
  // pages mincore says it has; the others keep what was last seen (zeros if never touched), at
  // no cost, so an idle window of untouched pages costs one mincore per poll.
  if (!PagesInMemory(base_, first, end - first, page_size_, window_resident_.data())) return;
  state.scratch.resize(window.length);
  std::fill(window_read_.begin(), window_read_.end(), 0);
  // One copy out of the mapping, which other processes may be writing right now: what is compared
  // and what is reported are the same bytes. One traceless look: a pread of our pagemap, and the
  // pages this process had no entry for taken back after the copy.
  reader_->Look(first, end - first, window_resident_.data(), [&](size_t page) {
    size_t from = std::max(window.offset, page * page_size_);
    size_t to = std::min(window.offset + window.length, (page + 1) * page_size_);
    std::memcpy(state.scratch.data() + (from - window.offset),
                const_cast<const uint8_t*>(base_) + from, to - from);
    window_read_[page - first] = 1;
    return true;
  });
  bool changed = false;
  for (size_t at = window.offset; at < window.offset + window.length;) {
    size_t page = at / page_size_;
    size_t stop = std::min(window.offset + window.length, (page + 1) * page_size_);
    size_t into = at - window.offset;
    size_t length = stop - at;
    at = stop;
    if (window_read_[page - first] == 0) continue;
    uint8_t* read = state.scratch.data() + into;
    uint8_t* seen = state.shadow.data() + into;
    if (std::memcmp(read, seen, length) == 0) continue;
    for (size_t i = 0; i < length;) {
      if (read[i] == seen[i]) {
        ++i;
        continue;
      }
      size_t start = i;
      size_t last = i;
      for (size_t j = i + 1; j < length && j - last <= kCoalesceGap; ++j) {
        if (read[j] != seen[j]) last = j;
      }
      state.AddRange(window.offset + into + start, window.offset + into + last + 1);
      i = last + 1;
    }
    std::memcpy(seen, read, length);
    changed = true;
  }
  if (!changed) return;
  last_change_ = Clock::now();
  expect_until_ = Clock::time_point{};  // the expected write has landed
  Schedule();
}

void Watcher::RunSweep() {
  pthread_setname_np(pthread_self(), "shmlab-sweep");
  std::unique_lock<std::mutex> lock(state_->mutex);
  auto next = Clock::now();
  while (!stopping_) {
    sweep_wake_.wait_until(lock, next, [this] { return stopping_ || urgent_.has_value(); });
    if (stopping_) break;
    try {
      next = SweepOnce(lock);
    } catch (...) {
      // Out of memory for a chunk of digests: the sweep retries later, the process lives.
      if (!lock.owns_lock()) lock.lock();
      next = Clock::now() + kBackOff;
    }
  }
}

Clock::time_point Watcher::SweepOnce(std::unique_lock<std::mutex>& lock) {
  WatchState& state = *state_;
  std::optional<PageSpan> urgent = std::exchange(urgent_, std::nullopt);
  // Pages wholly inside the window are reported byte for byte, not as pages.
  PageSpan exact{(state.window.offset + page_size_ - 1) / page_size_,
                 (state.window.offset + state.window.length) / page_size_};
  size_t room = kMaxPendingPages - std::min(kMaxPendingPages, state.pages.size());
  auto now = Clock::now();
  bool step_due = now >= next_step_;
  lock.unlock();

  found_.clear();
  SweepCost cost;
  if (urgent.has_value()) cost = sweep_.Check(urgent->first, urgent->end - urgent->first, found_, exact);
  bool stepped = false;
  if (step_due && found_.size() < room) {
    if (!sweep_.PassActive() && now >= next_pass_) {
      sweep_.BeginPass();
      next_pass_ = now + kPassPeriod;
    }
    if (sweep_.PassActive()) {
      SweepCost step = sweep_.Step(found_, room - found_.size(), exact);
      cost.probe += step.probe;
      cost.hash += step.hash;
      stepped = true;
    }
  }

  lock.lock();
  state.pages.insert(state.pages.end(), found_.begin(), found_.end());
  Schedule();
  if (!step_due) return next_step_;
  now = Clock::now();
  if (room == 0) {
    next_step_ = now + kBackOff;  // JavaScript has not taken the last pages yet
  } else if (stepped && sweep_.PassActive()) {
    next_step_ = now + std::max<std::chrono::nanoseconds>(
                           kMinStepGap, cost.probe * kProbeShare + cost.hash * kHashShare);
  } else {
    next_step_ = std::max(next_pass_, now + kMinStepGap);
  }
  return next_step_;
}

}  // namespace shmlab
