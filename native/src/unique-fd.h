// A file descriptor owned by one scope: closed when the scope ends, on every path (an early
// return, a thrown Napi::Error, a std::bad_alloc from a push_back), unless released to a caller.
#pragma once

#include <unistd.h>

namespace shmlab {

class UniqueFd {
 public:
  /** Takes `fd`; a negative one (a failed open) is held and never closed. */
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() {
    if (fd_ >= 0) close(fd_);
  }

  int get() const { return fd_; }

  /** Hands the descriptor to the caller, who closes it from now on. */
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

}  // namespace shmlab
