#include "sweep.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <utility>

namespace shmlab {
namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

uint32_t PageDigest(const volatile uint8_t* page, size_t page_size) {
  // Four independent lanes keep the multiplier busy. Each step (lane ^ word) * odd constant is a
  // bijection of the lane, so a page that differs in one word always ends with a different
  // lane; folding to 32 bits leaves a 1 in 2^32 chance that a change goes unnoticed.
  const auto* bytes = const_cast<const uint8_t*>(page);
  uint64_t lanes[4] = {0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL,
                       0x082efa98ec4e6c89ULL};
  constexpr uint64_t kMultipliers[4] = {0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL,
                                        0x165667b19e3779f9ULL, 0x27d4eb2f165667c5ULL};
  for (size_t at = 0; at + 32 <= page_size; at += 32) {
    for (size_t lane = 0; lane < 4; ++lane) {
      uint64_t word;
      std::memcpy(&word, bytes + at + lane * 8, sizeof word);
      lanes[lane] = (lanes[lane] ^ word) * kMultipliers[lane];
    }
  }
  uint64_t h = lanes[0] ^ std::rotl(lanes[1], 16) ^ std::rotl(lanes[2], 32) ^
               std::rotl(lanes[3], 48);
  h ^= h >> 31;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 29;
  auto digest = static_cast<uint32_t>(h ^ (h >> 32));
  return digest == 0 ? 1 : digest;
}

PageSweep::PageSweep(int shmid, std::shared_ptr<TracelessReader> reader, size_t size)
    : shmid_(shmid),
      reader_(std::move(reader)),
      base_(reader_->base()),
      page_size_(reader_->page_size()),
      pages_((size + page_size_ - 1) / page_size_),
      resident_(kChunkPages) {
  // A segment with no page at all is exactly what the empty digest map says: no first pass is
  // needed, and a page that gets a frame from now on is reported. Otherwise the first pass
  // records the pages that are there (it cannot know which of them changed before it looked).
  std::optional<SegmentPages> usage = SegmentUsage(shmid_, page_size_);
  if (usage.has_value() && usage->resident == 0 && usage->swapped == 0) {
    probed_at_ = usage;
  } else {
    recording_ = true;
  }
}

void PageSweep::BeginPass() {
  std::optional<SegmentPages> usage = SegmentUsage(shmid_, page_size_);
  // Chunks without digests hold no page we saw; they need probing (34 ns a page for an
  // untouched one) only when the segment's page counts moved, or when they cannot be read.
  probe_all_ = recording_ || !usage.has_value() || !probed_at_.has_value() || *usage != *probed_at_;
  if (probe_all_) probed_at_ = usage;
  cursor_ = 0;
  active_ = true;
}

uint32_t* PageSweep::Digests(size_t chunk, bool create) {
  auto found = chunks_.find(chunk);
  if (found != chunks_.end()) return found->second.get();
  if (!create) return nullptr;
  auto digests = std::make_unique<uint32_t[]>(kChunkPages);  // zeroed: no frame seen
  uint32_t* raw = digests.get();
  chunks_.emplace(chunk, std::move(digests));
  return raw;
}

size_t PageSweep::Visit(size_t first, size_t end, std::vector<uint64_t>& changed, size_t limit,
                        PageSpan exact, SweepCost& cost, size_t& hashed, bool record_only) {
  auto probe_started = Clock::now();
  bool known = PagesInMemory(base_, first, end - first, page_size_, resident_.data());
  auto hash_started = Clock::now();
  cost.probe += hash_started - probe_started;
  // Without an answer from mincore nothing is read: reading could allocate a page.
  if (!known) return end;
  size_t chunk = first / kChunkPages;
  uint32_t* digests = Digests(chunk, false);
  auto over_budget = [&] { return changed.size() >= limit || hashed >= kStepHashBytes; };
  size_t page = first;
  while (page < end && !over_budget()) {
    size_t count = std::min(end - page, kLookPages);
    // Only pages the segment has are read (others: never touched, or in swap; their digest stays,
    // and reading would allocate them or bring them back).
    page += reader_->Look(page, count, resident_.data() + (page - first), [&](size_t at) {
      if (over_budget()) return false;
      if (digests == nullptr) digests = Digests(chunk, true);
      uint32_t digest = PageDigest(base_ + at * page_size_, page_size_);
      hashed += page_size_;
      uint32_t& seen = digests[at % kChunkPages];
      if (seen != digest) {
        seen = digest;
        if (!record_only && !exact.Contains(at)) changed.push_back(at);
      }
      return true;
    });
  }
  cost.hash += Clock::now() - hash_started;
  return page;
}

SweepCost PageSweep::Step(std::vector<uint64_t>& changed, size_t room, PageSpan exact) {
  SweepCost cost;
  size_t hashed = 0;
  size_t probed = 0;
  size_t limit = changed.size() + room;
  while (active_ && cursor_ < pages_ && probed < kStepProbePages && hashed < kStepHashBytes &&
         changed.size() < limit) {
    size_t chunk = cursor_ / kChunkPages;
    if (!probe_all_) {
      // Only chunks with digests can hold a page: skip straight to the next one.
      auto next = chunks_.lower_bound(chunk);
      if (next == chunks_.end()) {
        cursor_ = pages_;
        break;
      }
      if (next->first != chunk) {
        cursor_ = next->first * kChunkPages;
        continue;
      }
    }
    size_t end = std::min(pages_, (chunk + 1) * kChunkPages);
    size_t stop = Visit(cursor_, end, changed, limit, exact, cost, hashed, recording_);
    probed += stop - cursor_;
    cursor_ = stop;
  }
  if (cursor_ >= pages_) {
    active_ = false;
    recording_ = false;
  }
  return cost;
}

SweepCost PageSweep::Check(size_t first, size_t count, std::vector<uint64_t>& changed,
                           PageSpan exact) {
  SweepCost cost;
  size_t hashed = 0;
  size_t end = std::min(pages_, first + count);
  for (size_t page = first; page < end;) {
    size_t chunk_end = std::min(end, (page / kChunkPages + 1) * kChunkPages);
    // Reported even during the first pass: these are pages our own Lab just wrote.
    size_t stop = Visit(page, chunk_end, changed, changed.size() + (chunk_end - page), exact,
                        cost, hashed, false);
    if (stop < chunk_end) break;  // over the step's hashing budget
    page = chunk_end;
  }
  return cost;
}

}  // namespace shmlab
