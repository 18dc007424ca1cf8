// JavaScript's side of the report channel (report-channel.h): open it over standard output,
// send a line, wait for the outbox to drain, hear when the reader is gone.
#include "channel-binding.h"

#include <chrono>
#include <memory>
#include <string>

#include "errors.h"

namespace shmlab {

std::shared_ptr<ReportChannel> RequireChannel(Napi::Env env) {
  std::shared_ptr<ReportChannel> channel = ReportChannel::Current();
  if (!channel) {
    throw ArgumentError(env, false, "ERR_INVALID_STATE",
                        "no report channel is open in this process; open it first");
  }
  return channel;
}

namespace {

// openReportChannel(): takes standard output as the channel (once; later calls do nothing).
Napi::Value OpenReportChannel(const Napi::CallbackInfo& info) {
  ReportChannel::OpenStdout();
  return info.Env().Undefined();
}

// sendReport(line) -> false when the reader is gone. The line must hold no newline.
Napi::Value SendReport(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"line\" must be a string");
  }
  std::string line = info[0].As<Napi::String>().Utf8Value();
  if (line.find('\n') != std::string::npos) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_VALUE",
                        "\"line\" must hold no newline: the channel is one message per line");
  }
  return Napi::Boolean::New(env, RequireChannel(env)->Send(line));
}

// flushReports(timeoutMs) -> true once everything sent has gone into the pipe.
Napi::Value FlushReports(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  auto timeout = std::chrono::milliseconds(IntegerArg(info, 0, "timeoutMs", 0, 60'000));
  return Napi::Boolean::New(env, RequireChannel(env)->Flush(timeout));
}

/**
 * A JavaScript function for the channel's thread to call (ReportChannel::OnClosed calls it at
 * most once); released when dropped.
 */
class ClosedListener {
 public:
  explicit ClosedListener(Napi::ThreadSafeFunction tsfn) : tsfn_(std::move(tsfn)) {}
  ~ClosedListener() { tsfn_.Release(); }
  ClosedListener(const ClosedListener&) = delete;
  ClosedListener& operator=(const ClosedListener&) = delete;
  void Call() { tsfn_.BlockingCall(); }

 private:
  Napi::ThreadSafeFunction tsfn_;
};

// onReportChannelClosed(listener): calls listener() once the reader is gone. Never keeps the
// process alive by itself.
Napi::Value OnReportChannelClosed(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsFunction()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"listener\" must be a function");
  }
  std::shared_ptr<ReportChannel> channel = RequireChannel(env);
  auto tsfn = Napi::ThreadSafeFunction::New(env, info[0].As<Napi::Function>(),
                                            "shmlab.channelClosed", 0, 1);
  tsfn.Unref(env);
  std::shared_ptr<ClosedListener> listener;
  try {
    listener = std::make_shared<ClosedListener>(tsfn);
  } catch (...) {
    tsfn.Release();
    throw;
  }
  channel->OnClosed([listener] { listener->Call(); });
  return env.Undefined();
}

// reportBacklog() -> bytes sent and not yet taken by the pipe.
Napi::Value ReportBacklog(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  return Napi::Number::New(env, static_cast<double>(RequireChannel(env)->Backlog()));
}

}  // namespace

void InitReportChannel(Napi::Env env, Napi::Object exports) {
  ExportGuarded<OpenReportChannel>(env, exports, "openReportChannel");
  ExportGuarded<SendReport>(env, exports, "sendReport");
  ExportGuarded<FlushReports>(env, exports, "flushReports");
  ExportGuarded<ReportBacklog>(env, exports, "reportBacklog");
  ExportGuarded<OnReportChannelClosed>(env, exports, "onReportChannelClosed");
}

}  // namespace shmlab
