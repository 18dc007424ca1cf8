// A child's one ordered channel to the Lab: lines of JSON on the pipe the Lab gave the process
// as its standard output. The JavaScript thread writes its replies to it, and the watcher's
// threads write their reports to it directly, the moment they find a change, without waking
// JavaScript. Both go through one lock, so the Lab reads them in the order they happened here:
// a report found before a reply was sent arrives before that reply.
//
// Writing never blocks the caller. A line is written at once when nothing waits; what the pipe
// cannot take yet waits in an outbox, which a thread of its own drains. Reports stay bounded
// (a watcher holds its own while the outbox is long, see Backlog); replies are the Lab's own
// answers and are always queued. The same thread notices when the Lab's end is closed (the Lab
// is gone) at no cost while idle: it sleeps in poll(), which reports the hang-up.
#pragma once

#include <chrono>
#include <functional>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

namespace shmlab {

class ReportChannel {
 public:
  /**
   * The process's channel, over its standard output as it was: fd 1 is duplicated for the
   * channel and then pointed at standard error, so a stray print can never break a line.
   * Opened on the first call; later calls return the same channel. Throws std::system_error.
   */
  static std::shared_ptr<ReportChannel> OpenStdout();
  /** The channel if OpenStdout has run, else null. */
  static std::shared_ptr<ReportChannel> Current();

  explicit ReportChannel(int fd);
  ~ReportChannel();
  ReportChannel(const ReportChannel&) = delete;
  ReportChannel& operator=(const ReportChannel&) = delete;

  /**
   * Writes `line` and a newline after everything sent before; never blocks. Returns false when
   * the reader is gone (the Lab closed its end), when the line is dropped. `line` must hold no
   * newline. May throw std::bad_alloc when the outbox must grow.
   */
  bool Send(std::string_view line);
  /** Bytes sent but not yet taken by the pipe. */
  size_t Backlog();
  /** Waits until the outbox is empty or `timeout` passed; true when it is empty. */
  bool Flush(std::chrono::milliseconds timeout);
  /**
   * Calls `closed` once, on the channel's thread, when the reader is gone (at once if it is
   * gone already). Replaces an earlier callback.
   */
  void OnClosed(std::function<void()> closed);

 private:
  /** Writes what the pipe takes now from the front of the outbox (lock held). */
  void WriteSome();
  /** Marks the reader gone and drops what waits (lock held); the caller then runs Closed. */
  void Break();
  /** Runs the closed callback once the reader is gone (lock not held). */
  void Closed();
  /** Wakes the channel's thread out of poll(). */
  void Wake();
  void Drain();

  int fd_;
  bool is_socket_;
  /** An eventfd the channel's thread polls beside fd_, to be woken for new bytes or a stop. */
  int wake_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable drained_;
  std::function<void()> on_closed_;
  bool closed_reported_ = false;
  /** Bytes not yet written, in order; `written_` of them at the front already went out. */
  std::string outbox_;
  size_t written_ = 0;
  bool broken_ = false;
  bool stopping_ = false;
  std::thread drainer_;
};

}  // namespace shmlab
