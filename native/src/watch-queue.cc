#include "watch-queue.h"

#include <algorithm>
#include <charconv>
#include <iterator>

#include "errors.h"

namespace shmlab {
namespace {

/** Appends `value` in decimal (no allocation beyond the string's own). */
void AppendNumber(std::string& line, uint64_t value) {
  char digits[20];
  line.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
}

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

PendingReport TakePending(WatchState& state) {
  PendingReport report;
  report.changes.reserve(state.ranges.size());
  for (auto [start, end] : state.ranges) {
    auto from = state.shadow.begin() + static_cast<ptrdiff_t>(start - state.window.offset);
    report.changes.push_back({start, std::vector<uint8_t>(from, from + static_cast<ptrdiff_t>(end - start))});
  }
  state.ranges.clear();
  report.pages.swap(state.pages);
  std::sort(report.pages.begin(), report.pages.end());
  report.pages.erase(std::unique(report.pages.begin(), report.pages.end()), report.pages.end());
  return report;
}

std::string ReportLine(int shmid, const PendingReport& report) {
  size_t size = 64;
  for (const ChangedRange& change : report.changes) size += 32 + change.bytes.size() * 4;
  size += report.pages.size() * 21;
  std::string line;
  line.reserve(size);
  line += "{\"type\":\"changed\",\"shmid\":";
  AppendNumber(line, static_cast<uint64_t>(shmid));
  line += ",\"changes\":[";
  for (size_t i = 0; i < report.changes.size(); ++i) {
    if (i > 0) line += ',';
    line += "{\"offset\":";
    AppendNumber(line, report.changes[i].offset);
    line += ",\"bytes\":[";
    const std::vector<uint8_t>& bytes = report.changes[i].bytes;
    for (size_t j = 0; j < bytes.size(); ++j) {
      if (j > 0) line += ',';
      AppendNumber(line, bytes[j]);
    }
    line += "]}";
  }
  line += "],\"pages\":[";
  for (size_t i = 0; i < report.pages.size(); ++i) {
    if (i > 0) line += ',';
    AppendNumber(line, report.pages[i]);
  }
  line += "]}";
  return line;
}

namespace {

/** Takes the pending reports and calls `listener` with them; `queued`: a queued delivery runs. */
void CallWithPending(Napi::Env env, Napi::Function listener, WatchState& state, bool queued) {
  Guarded(env, "watch", [&] {
      PendingReport report;
      {
        std::lock_guard<std::mutex> lock(state.mutex);
        if (queued) state.delivery_queued = false;
        if (state.stopped) return;
        report = TakePending(state);
      }
      std::vector<ChangedRange>& changes = report.changes;
      std::vector<uint64_t>& pages = report.pages;
      if (report.empty()) return;
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
