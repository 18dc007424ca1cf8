#include "watch-queue.h"

#include <algorithm>
#include <iterator>

#include "errors.h"

namespace shmlab {
namespace {

struct ChangedRange {
  size_t offset;
  std::vector<uint8_t> bytes;
};

}  // namespace

void WatchState::AddRange(size_t start, size_t end) {
  auto at = std::lower_bound(ranges.begin(), ranges.end(), std::make_pair(start, end));
  at = ranges.insert(at, {start, end});
  // Merge with neighbours that overlap or lie within kCoalesceGap.
  if (at != ranges.begin() && std::prev(at)->second + kCoalesceGap >= at->first) {
    std::prev(at)->second = std::max(std::prev(at)->second, at->second);
    at = std::prev(ranges.erase(at));
  }
  while (std::next(at) != ranges.end() && at->second + kCoalesceGap >= std::next(at)->first) {
    at->second = std::max(at->second, std::next(at)->second);
    ranges.erase(std::next(at));
  }
  if (ranges.size() > kMaxRanges) {
    std::pair<size_t, size_t> span{ranges.front().first, ranges.back().second};
    ranges.assign(1, span);
  }
}

namespace {

/** Takes the pending reports and calls `listener` with them; `queued`: a queued delivery runs. */
void CallWithPending(Napi::Env env, Napi::Function listener, WatchState& state, bool queued) {
  Guarded(env, "watch", [&] {
      std::vector<ChangedRange> changes;
      std::vector<uint64_t> pages;
      {
        std::lock_guard<std::mutex> lock(state.mutex);
        if (queued) state.delivery_queued = false;
        if (state.stopped) return;
        // The bytes are the latest this process read: several scans' changes arrive as one.
        for (auto [start, end] : state.ranges) {
          auto from = state.shadow.begin() + static_cast<ptrdiff_t>(start - state.window.offset);
          changes.push_back({start, std::vector<uint8_t>(from, from + static_cast<ptrdiff_t>(end - start))});
        }
        state.ranges.clear();
        pages.swap(state.pages);
      }
      if (changes.empty() && pages.empty()) return;
      std::sort(pages.begin(), pages.end());
      pages.erase(std::unique(pages.begin(), pages.end()), pages.end());
      Napi::Array js_changes = Napi::Array::New(env, changes.size());
      for (size_t i = 0; i < changes.size(); ++i) {
        Napi::Object change = Napi::Object::New(env);
        change.Set("offset", Napi::Number::New(env, static_cast<double>(changes[i].offset)));
        change.Set("bytes", Napi::Buffer<uint8_t>::Copy(env, changes[i].bytes.data(),
                                                        changes[i].bytes.size()));
        js_changes.Set(static_cast<uint32_t>(i), change);
      }
      Napi::Array js_pages = Napi::Array::New(env, pages.size());
      for (size_t i = 0; i < pages.size(); ++i) {
        js_pages.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(pages[i])));
      }
      listener.Call({js_changes, js_pages});
  });
}

}  // namespace

void DeliverPending(Napi::Env env, Napi::Function listener, WatchState& state) {
  CallWithPending(env, listener, state, false);
}

void Deliver(Napi::Env env, Napi::Function listener, std::shared_ptr<WatchState>* raw) {
  std::unique_ptr<std::shared_ptr<WatchState>> holder(raw);
  if (static_cast<napi_env>(env) == nullptr || listener.IsEmpty()) {
    return;  // the environment is shutting down
  }
  Napi::HandleScope scope(env);
  try {
    CallWithPending(env, listener, **holder, true);
  } catch (const Napi::Error& error) {
    // The listener's exception, or a failed allocation, surfaces as an uncaught (coded) JS
    // exception instead of unwinding through libuv.
    error.ThrowAsJavaScriptException();
  }
}

}  // namespace shmlab
