#include "report-channel.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace shmlab {
namespace {

std::mutex open_mutex;
// Never destroyed: the watcher's threads may still hold the channel while the process exits,
// and a static destructor joining or freeing it then would race them.
std::shared_ptr<ReportChannel>* the_channel = nullptr;

[[noreturn]] void ThrowErrno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

}  // namespace

std::shared_ptr<ReportChannel> ReportChannel::OpenStdout() {
  std::lock_guard<std::mutex> lock(open_mutex);
  if (the_channel != nullptr) return *the_channel;
  int fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (fd < 0) ThrowErrno("fcntl(F_DUPFD_CLOEXEC)");
  // From now on fd 1 is standard error (or /dev/null without one): anything printed lands
  // there, never in the middle of a line of the channel.
  if (dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd >= 0) {
      dup2(null_fd, STDOUT_FILENO);
      close(null_fd);
    }
  }
  auto* made = new std::shared_ptr<ReportChannel>();
  try {
    *made = std::make_shared<ReportChannel>(fd);
  } catch (...) {
    delete made;
    close(fd);
    throw;
  }
  the_channel = made;
  return *the_channel;
}

std::shared_ptr<ReportChannel> ReportChannel::Current() {
  std::lock_guard<std::mutex> lock(open_mutex);
  return the_channel == nullptr ? nullptr : *the_channel;
}

ReportChannel::ReportChannel(int fd) : fd_(fd) {
  struct stat info{};
  is_socket_ = fstat(fd, &info) == 0 && S_ISSOCK(info.st_mode);
  // A pipe is written with write(), so it must not block; a socket takes MSG_DONTWAIT instead.
  // (The Lab's end is another open file: this flag is the process's own.)
  if (!is_socket_) {
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0 || fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0) ThrowErrno("fcntl(O_NONBLOCK)");
  }
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) ThrowErrno("eventfd");
  try {
    drainer_ = std::thread([this] {
      try {
        Drain();
      } catch (...) {
        // Nothing may leave a thread's function (it would abort the process).
      }
    });
  } catch (...) {
    close(wake_fd_);
    throw;
  }
}

ReportChannel::~ReportChannel() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  Wake();
  if (drainer_.joinable()) drainer_.join();
  close(wake_fd_);
  close(fd_);
}

void ReportChannel::Wake() {
  uint64_t one = 1;
  // Fails only when the counter is full, and then the thread is being woken anyway.
  (void)!write(wake_fd_, &one, sizeof one);
}

bool ReportChannel::Send(std::string_view line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (broken_) return false;
  bool was_empty = outbox_.size() == written_;
  // Room first: once the line goes in, its newline must follow (a half line would merge with
  // the next one).
  outbox_.reserve(outbox_.size() + line.size() + 1);
  outbox_.append(line);
  outbox_.push_back('\n');
  if (!was_empty) return true;  // the drainer is on it; this line goes after the others
  WriteSome();
  if (broken_) return false;
  if (outbox_.size() > written_) Wake();
  return true;
}

size_t ReportChannel::Backlog() {
  std::lock_guard<std::mutex> lock(mutex_);
  return outbox_.size() - written_;
}

bool ReportChannel::Flush(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return drained_.wait_for(lock, timeout, [this] { return broken_ || outbox_.size() == written_; }) &&
         !broken_;
}

void ReportChannel::WriteSome() {
  while (written_ < outbox_.size()) {
    const char* from = outbox_.data() + written_;
    size_t length = outbox_.size() - written_;
    // MSG_NOSIGNAL: a Lab that went away is an EPIPE here, not a SIGPIPE. (Node and Electron
    // ignore SIGPIPE anyway, which covers a pipe written with write().)
    ssize_t n = is_socket_ ? send(fd_, from, length, MSG_NOSIGNAL | MSG_DONTWAIT)
                           : write(fd_, from, length);
    if (n > 0) {
      written_ += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    // EPIPE (the reader is gone) or any other failure: nothing more can be delivered. The
    // channel's thread says so (Closed), woken here.
    Break();
    Wake();
    return;
  }
  if (written_ == outbox_.size()) {
    outbox_.clear();
    written_ = 0;
    drained_.notify_all();
  } else if (written_ >= 64 * 1024 && written_ * 2 >= outbox_.size()) {
    outbox_.erase(0, written_);  // keeps the outbox from growing by what went out already
    written_ = 0;
  }
}

void ReportChannel::OnClosed(std::function<void()> closed) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    on_closed_ = std::move(closed);
    closed_reported_ = false;
  }
  Wake();  // reported by the channel's thread, even when the reader is gone already
}

void ReportChannel::Break() {
  broken_ = true;
  outbox_.clear();
  written_ = 0;
  drained_.notify_all();
}

void ReportChannel::Closed() {
  std::function<void()> closed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!broken_ || closed_reported_ || !on_closed_) return;
    closed_reported_ = true;
    closed = on_closed_;
  }
  closed();
}

void ReportChannel::Drain() {
  pthread_setname_np(pthread_self(), "shmlab-channel");
  while (true) {
    bool want_out;
    bool broken;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
      broken = broken_;
      want_out = !broken_ && outbox_.size() > written_;
    }
    if (broken) Closed();
    // Asleep until there is something to write and room for it, a wake, or a hang-up: poll()
    // reports POLLERR or POLLHUP for fd_ whatever is asked, so the Lab going away wakes this
    // thread. Once broken, only the eventfd is watched (fd_ would report its error forever).
    pollfd ready[2] = {{wake_fd_, POLLIN, 0}, {fd_, static_cast<short>(want_out ? POLLOUT : 0), 0}};
    int count = poll(ready, broken ? 1 : 2, -1);
    if (count < 0 && errno != EINTR) return;
    if (ready[0].revents & POLLIN) {
      uint64_t ignored;
      (void)!read(wake_fd_, &ignored, sizeof ignored);
    }
    std::unique_lock<std::mutex> lock(mutex_);
    if (!broken_ && (ready[1].revents & (POLLERR | POLLHUP))) Break();
    if (!broken_ && (ready[1].revents & POLLOUT)) WriteSome();
  }
}

}  // namespace shmlab
