#include "report-channel.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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
  drainer_ = std::thread([this] {
    try {
      Drain();
    } catch (...) {
      // Nothing may leave a thread's function (it would abort the process).
    }
  });
}

ReportChannel::~ReportChannel() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (drainer_.joinable()) drainer_.join();
  close(fd_);
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
  if (outbox_.size() > written_) wake_.notify_one();
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
    // EPIPE (the reader is gone) or any other failure: nothing more can be delivered.
    broken_ = true;
    break;
  }
  if (broken_ || written_ == outbox_.size()) {
    outbox_.clear();
    written_ = 0;
    drained_.notify_all();
  } else if (written_ >= 64 * 1024 && written_ * 2 >= outbox_.size()) {
    outbox_.erase(0, written_);  // keeps the outbox from growing by what went out already
    written_ = 0;
  }
}

void ReportChannel::Drain() {
  pthread_setname_np(pthread_self(), "shmlab-channel");
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    wake_.wait(lock, [this] { return stopping_ || (!broken_ && outbox_.size() > written_); });
    if (stopping_) return;
    lock.unlock();
    pollfd ready{fd_, POLLOUT, 0};
    poll(&ready, 1, 200);  // bounded, so a stop is never held up for long
    lock.lock();
    WriteSome();
  }
}

}  // namespace shmlab
