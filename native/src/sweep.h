// The slow half of the watcher: which pages of the whole segment changed,
// with memory in proportion to the pages the segment really has, not to its
// size. Each page the segment has in memory gets a 4-byte digest of its bytes
// (0 = no frame seen yet); digests live in chunks of pages that are allocated
// only once a chunk has a page in memory, so an untouched 64 GiB segment costs
// an empty map. Pages are found with mincore() and read only when the segment
// has them, so looking never allocates a page, and read tracelessly
// (traceless.h), so it never maps one here either.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "residency.h"
#include "traceless.h"

namespace shmlab {

/** Pages [first, end) of the segment; pages inside it are not reported (the window is exact). */
struct PageSpan {
  size_t first = 0;
  size_t end = 0;
  bool Contains(size_t page) const { return page >= first && page < end; }
};

/** What one step of the sweep cost, so the caller can keep it to a share of a core. */
struct SweepCost {
  std::chrono::nanoseconds probe{0};
  std::chrono::nanoseconds hash{0};
};

class PageSweep {
 public:
  /** At most this many pages are probed (mincore) and this many bytes hashed in one step. */
  static constexpr size_t kStepProbePages = 16384;
  static constexpr size_t kStepHashBytes = 1 << 20;
  /** Pages per digest chunk: 2 MiB of a segment with 4 KiB pages, 2 KiB of digests. */
  static constexpr size_t kChunkPages = 512;

  /**
   * Pages are hashed this many at a time, each batch one traceless look: the access lock is
   * held no longer than that (a learner's write waits for at most this many faults and zaps).
   */
  static constexpr size_t kLookPages = 16;

  /** Reads the segment's page counts: a segment with no page at all needs no first look. */
  PageSweep(int shmid, std::shared_ptr<TracelessReader> reader, size_t size);

  /** True while a pass is under way; BeginPass() starts the next. */
  bool PassActive() const { return active_; }
  void BeginPass();
  /**
   * Goes on with the pass for at most one step's budget, appending pages whose digest changed
   * (outside `exact`) to `changed` until it holds `room` more. Finishes the pass at the end.
   */
  SweepCost Step(std::vector<uint64_t>& changed, size_t room, PageSpan exact);
  /** Looks at `count` pages from `first` now (a write our Lab just made), outside any pass. */
  SweepCost Check(size_t first, size_t count, std::vector<uint64_t>& changed, PageSpan exact);
  size_t Pages() const { return pages_; }

 private:
  /**
   * Probes and digests pages [first, end) of one chunk, appending changed pages to `changed`
   * while it holds fewer than `limit`; returns the page where it stopped.
   */
  size_t Visit(size_t first, size_t end, std::vector<uint64_t>& changed, size_t limit,
               PageSpan exact, SweepCost& cost, size_t& hashed, bool record_only);
  uint32_t* Digests(size_t chunk, bool create);

  int shmid_;
  std::shared_ptr<TracelessReader> reader_;
  const volatile uint8_t* base_;
  size_t page_size_;
  size_t pages_;
  std::map<size_t, std::unique_ptr<uint32_t[]>> chunks_;
  std::vector<unsigned char> resident_;
  /** The segment's page counts when the last pass that probed every chunk began. */
  std::optional<SegmentPages> probed_at_;
  bool active_ = false;
  /** This pass probes chunks with no digest yet (the segment got or lost frames). */
  bool probe_all_ = false;
  /** This pass only records what is there (the first look at a segment that had pages). */
  bool recording_ = false;
  size_t cursor_ = 0;
};

/** A digest of one page's bytes; never 0, which means "no frame seen". */
uint32_t PageDigest(const volatile uint8_t* page, size_t page_size);

}  // namespace shmlab
