#include "traceless.h"

#include <cerrno>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>

#include "residency.h"

namespace shmlab {
namespace {

constexpr uint64_t kPresent = uint64_t{1} << 63;

}  // namespace

TracelessReader::TracelessReader(const volatile uint8_t* base, size_t page_size)
    : base_(base),
      page_size_(page_size),
      pagemap_(open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)),
      entries_(kMaxPages),
      plan_(kMaxPages) {}

namespace {

/** The whole of a /proc file (its size is unknown until read). */
bool ReadWhole(const char* path, std::string& text) {
  UniqueFd fd(open(path, O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return false;
  text.clear();
  char chunk[1 << 16];
  for (;;) {
    ssize_t got = read(fd.get(), chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return false;
    if (got == 0) return true;
    text.append(chunk, static_cast<size_t>(got));
  }
}

/**
 * Calls `run(i, end)` for each run [i, end) of consecutive entries of `plan` (among the first
 * `count`) equal to `kind`: one madvise per run, not per page.
 */
template <typename Plan, typename Run>
void ForEachRun(const std::vector<Plan>& plan, size_t count, Plan kind, Run&& run) {
  for (size_t i = 0; i < count;) {
    if (plan[i] != kind) {
      ++i;
      continue;
    }
    size_t end = i;
    while (end < count && plan[end] == kind) ++end;
    run(i, end);
    i = end;
  }
}

}  // namespace

bool TracelessReader::ReadOwnEntries(size_t first, size_t count, std::vector<uint64_t>& out,
                                     std::string* smaps) {
  out.assign(count, 0);
  if (smaps != nullptr) smaps->reserve(1 << 18);
  std::lock_guard<std::mutex> lock(access_);
  if (smaps != nullptr && !ReadWhole("/proc/self/smaps", *smaps)) smaps->clear();
  if (count == 0) return true;
  size_t bytes = count * sizeof(uint64_t);
  auto at = static_cast<off_t>((reinterpret_cast<uintptr_t>(base_) / page_size_ + first) *
                               sizeof(uint64_t));
  return pagemap_.get() >= 0 &&
         pread(pagemap_.get(), out.data(), bytes, at) == static_cast<ssize_t>(bytes);
}

bool TracelessReader::Prepare(size_t first, size_t count, const unsigned char* in_segment) {
  if (std::none_of(in_segment, in_segment + count, [](unsigned char in) { return in != 0; })) {
    return false;  // an idle window of untouched pages costs no more than its mincore
  }
  // One pread for the whole look (at most kMaxPages entries of 8 bytes).
  size_t bytes = count * sizeof(uint64_t);
  auto at = static_cast<off_t>((reinterpret_cast<uintptr_t>(base_) / page_size_ + first) *
                               sizeof(uint64_t));
  // Without our own pagemap (no /proc) we cannot tell our entries from ones a read would add:
  // pages are read as before, taking nothing back. Zapping blind could remove the learner's
  // entries, and not reading would blind the watcher; and the picture of this process is drawn
  // from this very file, so where we cannot read it there is no picture for a trace to falsify.
  bool known = pagemap_.get() >= 0 &&
               pread(pagemap_.get(), entries_.data(), bytes, at) == static_cast<ssize_t>(bytes);
  bool any = false;
  for (size_t i = 0; i < count; ++i) {
    plan_[i] = in_segment[i] == 0                     ? kSkip
               : !known || (entries_[i] & kPresent) != 0 ? kRead
                                                         : kReadAndTakeBack;
    any = any || plan_[i] != kSkip;
  }
  // Where the kernel refuses the zap (EINVAL: the range is VM_LOCKED, after an mlock2 with
  // MLOCK_ONFAULT or an mlockall with MCL_ONFAULT; or it is hugetlb and not huge-page aligned)
  // the page is not read: the window and the sweep keep the bytes they last saw, peek shows
  // zeros, and no trace is left. We learn it before reading by zapping the run first: nothing of
  // ours is mapped there (we hold access_), so that zap removes nothing, and the kernel makes
  // the same checks as for the real one. We do not widen a zap to whole huge pages: on hugetlb,
  // mincore reports this process's own entry (mm/mincore.c, mincore_hugetlb), so every page it
  // shows is present here already and needs no zap; a hugetlb run can only come up if that
  // changes, and then not reading it is the side that leaves no trace.
  ForEachRun(plan_, count, kReadAndTakeBack, [&](size_t i, size_t end) {
    if (!Zap(first + i, end - i)) {
      std::fill(plan_.begin() + i, plan_.begin() + end, kSkip);
    } else {
      Populate(first + i, end - i);
    }
  });
  return any;
}

void TracelessReader::TakeBack(size_t first, size_t count) {
  // Prepare checked these zaps: one fails only if another thread locked the range since (ShmLab
  // never does). Those entries then stay; nothing could take them away.
  ForEachRun(plan_, count, kReadAndTakeBack,
             [&](size_t i, size_t end) { Zap(first + i, end - i); });
}

bool TracelessReader::Zap(size_t first, size_t count) const {
  auto* start = const_cast<uint8_t*>(base_) + first * page_size_;
  return madvise(start, count * page_size_, MADV_DONTNEED) == 0;
}

void TracelessReader::Populate(size_t first, size_t count) const {
#ifdef MADV_POPULATE_READ
  // One call maps the run, where reading it would take a fault per page (copying 16 such pages on
  // a 2-core VM: 139 µs with their faults; 5 µs to populate, then 57 µs). Only pages the segment
  // has are in a run, so this allocates nothing. Kernels before 5.14 refuse it: the reads fault.
  auto* start = const_cast<uint8_t*>(base_) + first * page_size_;
  madvise(start, count * page_size_, MADV_POPULATE_READ);
#else
  (void)first;
  (void)count;
#endif
}

void CopyTraceless(TracelessReader& reader, size_t offset, size_t length, uint8_t* out) {
  if (length == 0) return;
  const size_t page_size = reader.page_size();
  const auto* base = const_cast<const uint8_t*>(reader.base());
  std::memset(out, 0, length);
  size_t first = offset / page_size;
  size_t end = (offset + length + page_size - 1) / page_size;
  unsigned char in_segment[TracelessReader::kMaxPages];
  for (size_t batch = first; batch < end; batch += TracelessReader::kMaxPages) {
    size_t count = std::min(end - batch, TracelessReader::kMaxPages);
    // If mincore fails, nothing is read: zeros are shown rather than pages allocated.
    if (!PagesInMemory(reader.base(), batch, count, page_size, in_segment)) continue;
    reader.Look(batch, count, in_segment, [&](size_t page) {
      size_t from = std::max(offset, page * page_size);
      size_t to = std::min(offset + length, (page + 1) * page_size);
      std::memcpy(out + (from - offset), base + from, to - from);
      return true;
    });
  }
}

void PeekInto(TracelessReader& reader, size_t offset, size_t length, uint8_t* out) {
  if (length == 0) return;
  const size_t page_size = reader.page_size();
  size_t first = offset / page_size;
  size_t end = (offset + length + page_size - 1) / page_size;
  std::vector<unsigned char> resident(end - first);
  // mincore cannot tell a page in swap from one never touched (see peek.js): MADV_WILLNEED reads
  // back exactly the swapped ones (without mapping them), so the copy's own mincore sees them.
  if (PagesInMemory(reader.base(), first, end - first, page_size, resident.data()) &&
      std::find(resident.begin(), resident.end(), 0) != resident.end()) {
    madvise(const_cast<uint8_t*>(reader.base()) + first * page_size, (end - first) * page_size,
            MADV_WILLNEED);
  }
  CopyTraceless(reader, offset, length, out);
}

}  // namespace shmlab
