// The maps lines the machine view's scan keeps: see proc-scan-parse.h.
#include "proc-scan-parse.h"

#include <algorithm>
#include <climits>
#include <cstring>

namespace shmlab {
namespace {

constexpr std::string_view kSysvMarker = "/SYSV";
constexpr std::string_view kDevShmMarker = "/dev/shm/";
constexpr std::string_view kDevShm = "/dev/shm";
constexpr std::string_view kDeleted = " (deleted)";
/** Number.MAX_SAFE_INTEGER: an inode above it cannot reach JavaScript exactly. */
constexpr uint64_t kMaxSafeInteger = (uint64_t{1} << 53) - 1;

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

/** A parser over one line: each step consumes what it accepts and says whether it did. */
class LineCursor {
 public:
  explicit LineCursor(std::string_view line) : at_(line.data()), end_(line.data() + line.size()) {}

  bool Char(char c) {
    if (at_ == end_ || *at_ != c) return false;
    ++at_;
    return true;
  }

  /** One of two characters; `first` says which. */
  bool Either(char first_char, char second_char, bool& first) {
    if (at_ == end_ || (*at_ != first_char && *at_ != second_char)) return false;
    first = *at_++ == first_char;
    return true;
  }

  /** [0-9a-f]+ whose value fits in `bits` bits (leading zeros allowed). */
  bool Hex(uint64_t& value, unsigned bits) {
    const char* start = at_;
    value = 0;
    for (; at_ != end_ && IsHexDigit(*at_); ++at_) {
      if (bits < 64 ? (value >> (bits - 4)) != 0 : (value >> 60) != 0) return false;
      value = value << 4 | static_cast<uint64_t>(*at_ <= '9' ? *at_ - '0' : *at_ - 'a' + 10);
    }
    return at_ != start;
  }

  /** [0-9]+ of at most `max`. */
  bool Decimal(uint64_t& value, uint64_t max) {
    const char* start = at_;
    value = 0;
    for (; at_ != end_ && IsDigit(*at_); ++at_) {
      auto digit = static_cast<uint64_t>(*at_ - '0');
      if (value > (max - digit) / 10) return false;
      value = value * 10 + digit;
    }
    return at_ != start;
  }

  bool AtEnd() const { return at_ == end_; }
  std::string_view Rest() const { return {at_, static_cast<size_t>(end_ - at_)}; }

 private:
  const char* at_;
  const char* end_;
};

/** Whether `path` holds a character JavaScript's '.' does not match: '\r', U+2028, U+2029. */
bool HoldsLineTerminator(std::string_view path) {
  if (path.find('\r') != std::string_view::npos) return true;
  for (size_t at = path.find('\xe2'); at != std::string_view::npos; at = path.find('\xe2', at + 1)) {
    if (path.size() - at >= 3 && path[at + 1] == '\x80' &&
        (path[at + 2] == '\xa8' || path[at + 2] == '\xa9')) {
      return true;
    }
  }
  return false;
}

/** '/SYSV' + eight lowercase hex digits, optionally followed by ' (deleted)'. */
bool IsSysvPath(std::string_view path) {
  constexpr size_t kKeyEnd = 5 + 8;
  if (path.size() != kKeyEnd && path.size() != kKeyEnd + kDeleted.size()) return false;
  if (path.substr(0, 5) != kSysvMarker) return false;
  if (!std::all_of(path.begin() + 5, path.begin() + kKeyEnd, IsHexDigit)) return false;
  return path.size() == kKeyEnd || path.substr(kKeyEnd) == kDeleted;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

size_t Find(std::string_view text, size_t from, std::string_view needle) {
  if (from >= text.size()) return std::string_view::npos;
  const void* found = memmem(text.data() + from, text.size() - from, needle.data(), needle.size());
  return found == nullptr ? std::string_view::npos
                          : static_cast<size_t>(static_cast<const char*>(found) - text.data());
}

}  // namespace

void FindHits(std::string_view text, std::vector<MapsHit>& found) {
  size_t sysv = Find(text, 0, kSysvMarker);
  size_t dev_shm = Find(text, 0, kDevShmMarker);
  for (;;) {
    size_t at = std::min(sysv, dev_shm);
    if (at == std::string_view::npos) return;
    size_t line_start = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
    line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
    size_t line_end = text.find('\n', at);
    if (line_end == std::string_view::npos) line_end = text.size();
    MapsHit hit;
    if (ParseMapsHit(text.substr(line_start, line_end - line_start), hit)) {
      found.push_back(std::move(hit));
    }
    if (sysv < line_end) sysv = Find(text, line_end, kSysvMarker);
    if (dev_shm < line_end) dev_shm = Find(text, line_end, kDevShmMarker);
  }
}

bool ParsePid(const char* name, int32_t& pid) {
  LineCursor cursor(name);
  uint64_t value = 0;
  if (!cursor.Decimal(value, INT32_MAX) || !cursor.AtEnd()) return false;
  pid = static_cast<int32_t>(value);
  return true;
}

bool ParseMapsHit(std::string_view line, MapsHit& hit) {
  LineCursor cursor(line);
  uint64_t major = 0;
  uint64_t minor = 0;
  bool readable = false;
  bool executable = false;
  bool is_private = false;
  if (!cursor.Hex(hit.start, 64) || !cursor.Char('-') || !cursor.Hex(hit.end, 64) ||
      !cursor.Char(' ') || !cursor.Either('r', '-', readable) ||
      !cursor.Either('w', '-', hit.writable) || !cursor.Either('x', '-', executable) ||
      !cursor.Either('p', 's', is_private) || !cursor.Char(' ')) {
    return false;
  }
  // The offset may be as long as it likes (maps.ts keeps it as a bigint); it is not used here.
  std::string_view rest = cursor.Rest();
  size_t offset_digits = std::find_if_not(rest.begin(), rest.end(), IsHexDigit) - rest.begin();
  if (offset_digits == 0) return false;
  cursor = LineCursor(rest.substr(offset_digits));
  if (!cursor.Char(' ') || !cursor.Hex(major, 32) || !cursor.Char(':') ||
      !cursor.Hex(minor, 32) || !cursor.Char(' ') || !cursor.Decimal(hit.inode, kMaxSafeInteger)) {
    return false;
  }
  // A path follows after spaces; without one the mapping is anonymous, never kept.
  if (cursor.AtEnd() || !cursor.Char(' ')) return false;
  while (cursor.Char(' ')) {
  }
  std::string_view path = cursor.Rest();
  if (HoldsLineTerminator(path)) return false;
  hit.dev_major = static_cast<uint32_t>(major);
  hit.dev_minor = static_cast<uint32_t>(minor);
  if (!is_private && IsSysvPath(path)) {
    hit.kind = MappingKind::kSysvSegment;
    hit.name.clear();
    return true;
  }
  if (path.substr(0, kDevShmMarker.size()) == kDevShmMarker && !EndsWith(path, kDeleted)) {
    hit.kind = MappingKind::kDevShmFile;
    hit.name.assign(path.substr(kDevShm.size()));
    return true;
  }
  return false;
}

}  // namespace shmlab
