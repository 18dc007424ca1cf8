// The lines of /proc/<pid>/maps that the machine view's scan keeps (proc-scan.h): System V
// segments and named files of /dev/shm, found with memmem and parsed by the rules of maps.ts's
// pattern, so the addon and the TypeScript reader keep the same lines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace shmlab {

/** What a maps line that the scan keeps maps. */
enum class MappingKind : uint8_t {
  /** A System V segment: a shared mapping of '/SYSV<8 hex digits>', inode = shmid. */
  kSysvSegment = 1,
  /** A file of /dev/shm that still has its name (a POSIX object). */
  kDevShmFile = 2,
};

/** One kept line of maps. */
struct MapsHit {
  MappingKind kind = MappingKind::kSysvSegment;
  bool writable = false;
  uint64_t start = 0;
  /** One past the last byte. */
  uint64_t end = 0;
  uint32_t dev_major = 0;
  uint32_t dev_minor = 0;
  uint64_t inode = 0;
  /** kDevShmFile: the name shm_open takes ('/' and the file's path below /dev/shm); else empty. */
  std::string name;
};

/**
 * Parses one line of /proc/<pid>/maps (no newline) and keeps it when it maps a System V segment
 * or a named /dev/shm file. The line must have the documented shape, the one maps.ts's pattern
 * accepts: "start-end perms offset major:minor inode", then optionally spaces and a path holding
 * no line terminator (the kernel writes '\n' in a name as '\012'; '\r', U+2028 and U+2029 pass
 * through, and such a line is left out as maps.ts leaves it out). Hex is lowercase; the inode
 * must be below 2^53, addresses at most 16 hex digits, device numbers at most 8.
 */
bool ParseMapsHit(std::string_view line, MapsHit& hit);

/**
 * Adds to `found` the kept lines of one maps text (lines holding '/SYSV' or '/dev/shm/' that
 * ParseMapsHit keeps), each line once, in the file's order.
 */
void FindHits(std::string_view text, std::vector<MapsHit>& found);

/** A /proc entry's name as a pid: digits only, below 2^31; false for any other name. */
bool ParsePid(const char* name, int32_t& pid);

}  // namespace shmlab
