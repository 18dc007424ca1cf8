#include "watcher.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "errors.h"

namespace shmlab {
namespace {

struct ChangedRange {
  size_t offset;
  std::vector<uint8_t> bytes;
};
using ChangeBatch = std::vector<ChangedRange>;

// Changed bytes closer than this are reported as one range, and a scan that
// finds more ranges than kMaxRanges reports one range spanning all of them.
constexpr size_t kCoalesceGap = 16;
constexpr size_t kMaxRanges = 256;

void DeliverBatch(Napi::Env env, Napi::Function listener, ChangeBatch* raw) {
  std::unique_ptr<ChangeBatch> batch(raw);
  if (static_cast<napi_env>(env) == nullptr || listener.IsEmpty()) return;  // the environment is shutting down
  Napi::HandleScope scope(env);
  try {
    Guarded(env, "watch", [&] {
      Napi::Array changes = Napi::Array::New(env, batch->size());
      for (size_t i = 0; i < batch->size(); ++i) {
        const ChangedRange& range = (*batch)[i];
        Napi::Object change = Napi::Object::New(env);
        change.Set("offset", Napi::Number::New(env, static_cast<double>(range.offset)));
        change.Set("bytes",
                   Napi::Buffer<uint8_t>::Copy(env, range.bytes.data(), range.bytes.size()));
        changes.Set(static_cast<uint32_t>(i), change);
      }
      listener.Call({changes});
    });
  } catch (const Napi::Error& error) {
    // The listener's exception, or a batch too large for a Buffer, surfaces
    // as an uncaught (coded) JS exception instead of unwinding through libuv.
    error.ThrowAsJavaScriptException();
  }
}

}  // namespace

Watcher::Watcher(Napi::Env env, Napi::Function listener, const volatile uint8_t* base,
                 size_t size, WatchOptions options)
    : base_(base),
      size_(size),
      options_(options),
      shadow_(size),
      current_(size),
      page_size_(static_cast<size_t>(sysconf(_SC_PAGESIZE))),
      tsfn_(Napi::ThreadSafeFunction::New(env, listener, "shmlab.watch", 0, 1)),
      last_change_(std::chrono::steady_clock::now()) {
  // shadow_ and current_ are made before tsfn_; anything that throws after
  // tsfn_ exists must release it, or it would keep the event loop alive.
  try {
    residency_.resize((size_ + page_size_ - 1) / page_size_);
    // The first snapshot is the baseline every later change is measured
    // against, and mincore() calls a page in swap "not resident", which
    // Snapshot() would take as zeros: once that page came back, its real bytes
    // would be reported as a change nobody made. MADV_WILLNEED reads the
    // swapped pages back first (and allocates none of the others), as peek does.
    // It is advice: if it fails, the baseline is only as good as before.
    madvise(const_cast<uint8_t*>(base_), residency_.size() * page_size_, MADV_WILLNEED);
    Snapshot();
    shadow_ = current_;
    thread_ = std::thread([this] { Run(); });
  } catch (...) {
    tsfn_.Release();
    throw;
  }
}

Watcher::~Watcher() { Stop(); }

void Watcher::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopped_) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  tsfn_.Release();
  stopped_ = true;
}

void Watcher::Run() {
  using Clock = std::chrono::steady_clock;
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    auto now = Clock::now();
    std::chrono::nanoseconds interval =
        now - last_change_ < options_.idle_after ? options_.fast_interval : options_.idle_interval;
    // A scan must never take more than ~5% of a core, whatever the segment size.
    interval = std::max(interval, last_scan_cost_ * 20);
    if (wake_.wait_for(lock, interval, [this] { return stopping_; })) break;
    lock.unlock();
    auto started = Clock::now();
    try {
      Scan();
      last_scan_cost_ = Clock::now() - started;
    } catch (const std::exception&) {
      // Out of memory for a batch: nothing escapes this thread (that would
      // abort the process). The shadow is unchanged, so the same changes are
      // found and reported by a later scan; back off until then.
      last_scan_cost_ = options_.idle_interval;
    }
    lock.lock();
  }
}

void Watcher::Snapshot() {
  // Reading a page the segment does not have yet would make the kernel
  // allocate one: the watcher must not hide demand paging. mincore() says
  // which pages the segment has (in any process); the others are zeros.
  bool known = mincore(const_cast<uint8_t*>(base_), residency_.size() * page_size_,
                       residency_.data()) == 0;
  for (size_t page = 0; page < residency_.size(); ++page) {
    size_t start = page * page_size_;
    size_t length = std::min(page_size_, size_ - start);
    if (!known || (residency_[page] & 1) != 0) {
      std::memcpy(current_.data() + start, const_cast<const uint8_t*>(base_) + start, length);
    } else {
      std::memcpy(current_.data() + start, shadow_.data() + start, length);
    }
  }
}

void Watcher::Scan() {
  // One copy out of the mapping first, so every byte reported comes from the
  // same pass over memory that other processes may be writing concurrently.
  Snapshot();
  if (std::memcmp(current_.data(), shadow_.data(), size_) == 0) return;

  auto batch = std::make_unique<ChangeBatch>();
  size_t i = 0;
  while (i < size_) {
    if (current_[i] == shadow_[i]) {
      ++i;
      continue;
    }
    size_t start = i;
    size_t last = i;  // the last changed byte of this range so far
    for (size_t j = i + 1; j < size_ && j - last <= kCoalesceGap; ++j) {
      if (current_[j] != shadow_[j]) last = j;
    }
    size_t end = last + 1;
    batch->push_back({start, std::vector<uint8_t>(current_.begin() + static_cast<ptrdiff_t>(start),
                                                  current_.begin() + static_cast<ptrdiff_t>(end))});
    i = end;
  }
  if (batch->size() > kMaxRanges) {
    size_t start = batch->front().offset;
    size_t end = batch->back().offset + batch->back().bytes.size();
    batch->clear();
    batch->push_back({start, std::vector<uint8_t>(current_.begin() + static_cast<ptrdiff_t>(start),
                                                  current_.begin() + static_cast<ptrdiff_t>(end))});
  }
  // NonBlockingCall allocates too: the batch is handed over only once it was
  // accepted, and the shadow moves on only after that, so a throw loses nothing.
  if (tsfn_.NonBlockingCall(batch.get(), DeliverBatch) == napi_ok) batch.release();
  std::memcpy(shadow_.data(), current_.data(), size_);
  last_change_ = std::chrono::steady_clock::now();
}

}  // namespace shmlab
