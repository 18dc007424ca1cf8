// Looking through a mapping without leaving a mark in this process's page table.
//
// The app draws, per process, which pages of a segment have an entry in that process's page
// table (/proc/<pid>/pagemap): demand paging, as the learner's own code makes it. Our looks (the
// watcher's window and sweep, peek, view) read through the same mapping, and a read of a page the
// segment has makes the kernel map it here, which the picture would show as the learner's touch.
//
// So a look reads this process's own pagemap first (bit 63, present, is given to unprivileged
// readers too), reads what it must, and takes back with madvise(MADV_DONTNEED) exactly the pages
// that were not present before. On a MAP_SHARED System V mapping that only removes our entries:
// the frames stay in the segment (its page cache), with every byte. A look is not atomic: for the
// microseconds between its read and its zap the page is present, and a pagemap read in that
// instant sees it (the next one does not).
//
// A look must not take back an entry the learner made meanwhile, so learner accesses through the
// mapping (read, write, fetchAdd, touch, the first access of an increment run) hold access()
// while they access, and a look holds it from its pagemap check to its zap. Lock order: a
// watcher's state mutex before this one; learner accesses never take the state mutex.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "unique-fd.h"

namespace shmlab {

class TracelessReader {
 public:
  /** The most pages one Look covers; its buffers are taken once, so a look never allocates. */
  static constexpr size_t kMaxPages = 64;

  /** For the mapping at `base`; opens /proc/self/pagemap once. */
  TracelessReader(const volatile uint8_t* base, size_t page_size);
  TracelessReader(const TracelessReader&) = delete;
  TracelessReader& operator=(const TracelessReader&) = delete;

  /** Held by every access the learner makes through the mapping, for as long as it accesses. */
  std::mutex& access() { return access_; }
  const volatile uint8_t* base() const { return base_; }
  size_t page_size() const { return page_size_; }

  /**
   * Calls `read(page)` for the pages of [first, first + count) (count <= kMaxPages) that
   * `in_segment` marks (mincore: the segment has them; others would be allocated by a read),
   * in order, under access(); then takes back the entries those reads made. `read` returns false
   * to stop early. Returns the index (from `first`) where it stopped, `count` when it did not.
   * A page the kernel would not let us take back again is not read (see Prepare).
   */
  template <typename Read>
  size_t Look(size_t first, size_t count, const unsigned char* in_segment, Read&& read);

  /**
   * This process's pagemap entries of pages [first, first + count) into `out`, and, when
   * `smaps` is not null, the whole of /proc/self/smaps into it; both read under access(), so
   * never in the middle of a look (whose entry lives for microseconds). False when pagemap could
   * not be read. Allocates (out, smaps) before it takes the lock.
   */
  bool ReadOwnEntries(size_t first, size_t count, std::vector<uint64_t>& out, std::string* smaps);

 private:
  enum PagePlan : unsigned char { kSkip, kRead, kReadAndTakeBack };

  /** Plans each page of the look; false when there is nothing to read. */
  bool Prepare(size_t first, size_t count, const unsigned char* in_segment);
  /** Zaps the kReadAndTakeBack pages of the look, read or not (Prepare mapped them all). */
  void TakeBack(size_t first, size_t count);
  /** madvise(MADV_DONTNEED) over pages [first, first + count) of the mapping. */
  bool Zap(size_t first, size_t count) const;
  /** Maps pages [first, first + count), all of which the segment has, ahead of their reads. */
  void Populate(size_t first, size_t count) const;

  /** Runs TakeBack when a Look ends, however it ends (`read` may throw: bad_alloc). */
  class TakeBackAtEnd {
   public:
    TakeBackAtEnd(TracelessReader& reader, size_t first, size_t count)
        : reader_(reader), first_(first), count_(count) {}
    ~TakeBackAtEnd() { reader_.TakeBack(first_, count_); }
    TakeBackAtEnd(const TakeBackAtEnd&) = delete;
    TakeBackAtEnd& operator=(const TakeBackAtEnd&) = delete;

   private:
    TracelessReader& reader_;
    size_t first_;
    size_t count_;
  };

  std::mutex access_;
  const volatile uint8_t* base_;
  size_t page_size_;
  UniqueFd pagemap_;
  // Used only under access_.
  std::vector<uint64_t> entries_;
  std::vector<PagePlan> plan_;
};

template <typename Read>
size_t TracelessReader::Look(size_t first, size_t count, const unsigned char* in_segment,
                             Read&& read) {
  std::lock_guard<std::mutex> lock(access_);
  if (!Prepare(first, count, in_segment)) return count;
  TakeBackAtEnd at_end(*this, first, count);
  for (size_t i = 0; i < count; ++i) {
    if (plan_[i] != kSkip && !read(first + i)) return i;
  }
  return count;
}

/**
 * Copies [offset, offset + length) of the mapping into `out`, leaving no trace: pages the segment
 * has in memory now are read (and taken back), others are zeros (reading would allocate them).
 */
void CopyTraceless(TracelessReader& reader, size_t offset, size_t length, uint8_t* out);

/**
 * CopyTraceless the way peek() reads: pages in swap are read back first (MADV_WILLNEED), never
 * shown as zeros; pages the segment never had are the zeros they hold. Throws std::bad_alloc only.
 */
void PeekInto(TracelessReader& reader, size_t offset, size_t length, uint8_t* out);

}  // namespace shmlab
