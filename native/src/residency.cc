#include "residency.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
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
