#include "residency.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace shmlab {

size_t PageSize() { return static_cast<size_t>(sysconf(_SC_PAGESIZE)); }

bool PagesInMemory(const volatile uint8_t* base, size_t first_page, size_t count,
                   size_t page_size, unsigned char* out) {
  if (count == 0) return true;
  auto* start = const_cast<uint8_t*>(base) + first_page * page_size;
  if (mincore(start, count * page_size, out) == -1) return false;
  for (size_t i = 0; i < count; ++i) out[i] &= 1;
  return true;
}

void PeekInto(const volatile uint8_t* base, size_t offset, size_t length, size_t page_size,
              uint8_t* out) {
  if (length == 0) return;
  size_t first = offset / page_size;
  size_t end = (offset + length + page_size - 1) / page_size;
  std::vector<unsigned char> resident(end - first);
  // mincore cannot tell a page in swap from one never touched (see peek.js): MADV_WILLNEED
  // reads back exactly the swapped ones, so a second look separates them. If mincore fails,
  // nothing is read: zeros are shown rather than pages allocated.
  bool known = PagesInMemory(base, first, end - first, page_size, resident.data());
  if (known && std::find(resident.begin(), resident.end(), 0) != resident.end()) {
    madvise(const_cast<uint8_t*>(base) + first * page_size, (end - first) * page_size,
            MADV_WILLNEED);
    known = PagesInMemory(base, first, end - first, page_size, resident.data());
  }
  for (size_t at = offset; at < offset + length;) {
    size_t page = at / page_size;
    size_t stop = std::min(offset + length, (page + 1) * page_size);
    if (known && resident[page - first] != 0) {
      std::memcpy(out + (at - offset), const_cast<const uint8_t*>(base) + at, stop - at);
    } else {
      std::memset(out + (at - offset), 0, stop - at);
    }
    at = stop;
  }
}

std::optional<SegmentPages> SegmentUsage(int shmid, size_t page_size) {
  std::ifstream file("/proc/sysvipc/shm");
  std::string line;
  if (!file || !std::getline(file, line)) return std::nullopt;
  // Columns are found by name: their order has changed between kernels.
  std::istringstream header(line);
  std::vector<std::string> names;
  for (std::string name; header >> name;) names.push_back(name);
  auto column = [&](const char* name) {
    return static_cast<size_t>(std::find(names.begin(), names.end(), name) - names.begin());
  };
  size_t id_at = column("shmid");
  size_t rss_at = column("rss");
  size_t swap_at = column("swap");
  if (id_at == names.size() || rss_at == names.size() || swap_at == names.size()) {
    return std::nullopt;
  }
  while (std::getline(file, line)) {
    std::istringstream row(line);
    std::vector<std::string> cells;
    for (std::string cell; row >> cell;) cells.push_back(cell);
    if (cells.size() != names.size() || cells[id_at] != std::to_string(shmid)) continue;
    SegmentPages pages;
    try {
      pages.resident = std::stoull(cells[rss_at]) / page_size;
      pages.swapped = std::stoull(cells[swap_at]) / page_size;
    } catch (const std::logic_error&) {
      return std::nullopt;  // not a number: a format this reader does not know
    }
    return pages;
  }
  return std::nullopt;
}

}  // namespace shmlab
