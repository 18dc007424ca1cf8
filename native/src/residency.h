// Looking at a mapping without making the kernel allocate pages for it: which
// pages the segment has (mincore), and how many pages the whole segment holds
// (/proc/sysvipc/shm). Bytes are read only from pages the segment has, without
// a trace in this process's page table (traceless.h). The watcher is built on
// these so that watching never hides demand paging.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace shmlab {

/** The system's page size (sysconf). */
size_t PageSize();

/**
 * mincore() over `count` pages from `first_page` of the mapping at `base`: out[i] is 1 when the
 * segment has that page in memory (touched by any process), else 0. False when mincore failed.
 */
bool PagesInMemory(const volatile uint8_t* base, size_t first_page, size_t count,
                   size_t page_size, unsigned char* out);

/** Pages of a segment in memory and in swap, as the kernel counts them. */
struct SegmentPages {
  uint64_t resident = 0;
  uint64_t swapped = 0;
  bool operator==(const SegmentPages&) const = default;
};

/**
 * The `rss` and `swap` columns of the segment's row in /proc/sysvipc/shm, in pages; nullopt when
 * the file or the row cannot be read. A segment's pages are never freed while it exists, so
 * while these numbers stay the same no page of it got a frame.
 */
std::optional<SegmentPages> SegmentUsage(int shmid, size_t page_size);

}  // namespace shmlab
