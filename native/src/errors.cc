#include "errors.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace shmlab {

namespace {

// strerrorname_np (glibc >= 2.32) gives "EEXIST"; fall back to a number so
// an errno this libc does not name still gets a stable code.
std::string ErrnoName(int err) {
  const char* name = strerrorname_np(err);
  if (name != nullptr) return name;
  char fallback[16];
  std::snprintf(fallback, sizeof fallback, "E%d", err);
  return fallback;
}

}  // namespace

Napi::Error ErrnoError(Napi::Env env, const char* operation, int err) {
  std::string code = ErrnoName(err);
  std::string message(operation);
  message.append(" failed: ").append(std::strerror(err)).append(" (").append(code).append(")");
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  error.Set("errno", Napi::Number::New(env, err));
  return error;
}

Napi::Error SyscallError(Napi::Env env, const char* syscall, int err) {
  Napi::Error error = ErrnoError(env, syscall, err);
  error.Set("syscall", Napi::String::New(env, syscall));
  return error;
}

Napi::Error ArgumentError(Napi::Env env, bool range, const char* code,
                          const std::string& message) {
  Napi::Error error = range ? static_cast<Napi::Error>(Napi::RangeError::New(env, message))
                            : static_cast<Napi::Error>(Napi::TypeError::New(env, message));
  error.Set("code", Napi::String::New(env, code));
  return error;
}

Napi::Error DetachedError(Napi::Env env, const char* operation) {
  Napi::Error error = Napi::Error::New(
      env, std::string("cannot ") + operation + ": the attachment was detached (shmdt)");
  error.Set("code", Napi::String::New(env, "E_DETACHED"));
  return error;
}

Napi::Error OutOfMemoryError(Napi::Env env, const char* operation) {
  Napi::Error error = Napi::Error::New(
      env, std::string(operation) + " failed: not enough memory for the buffers it needs (ENOMEM)");
  error.Set("code", Napi::String::New(env, "ENOMEM"));
  error.Set("errno", Napi::Number::New(env, ENOMEM));
  return error;
}

Napi::Error NativeError(Napi::Env env, const char* operation, const char* what) {
  Napi::Error error =
      Napi::Error::New(env, std::string(operation) + " failed in the native addon: " + what);
  error.Set("code", Napi::String::New(env, "E_NATIVE"));
  return error;
}

int64_t IntegerArg(const Napi::CallbackInfo& info, size_t index, const char* name,
                   int64_t min, int64_t max) {
  Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsNumber()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE",
                        std::string("\"") + name + "\" must be a number");
  }
  double value = info[index].As<Napi::Number>().DoubleValue();
  if (!std::isfinite(value) || std::trunc(value) != value ||
      value < static_cast<double>(min) || value > static_cast<double>(max)) {
    throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                        std::string("\"") + name + "\" must be an integer from " +
                            std::to_string(min) + " to " + std::to_string(max));
  }
  return static_cast<int64_t>(value);
}

uint64_t AddressArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  Napi::Env env = info.Env();
  if (info.Length() <= index || !info[index].IsBigInt()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE",
                        std::string("\"") + name + "\" must be a bigint");
  }
  bool lossless = false;
  uint64_t value = info[index].As<Napi::BigInt>().Uint64Value(&lossless);
  if (!lossless) {
    throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                        std::string("\"") + name + "\" must be from 0n to 2n ** 64n - 1n");
  }
  return value;
}

bool BoolArg(const Napi::CallbackInfo& info, size_t index, const char* name) {
  if (info.Length() <= index || !info[index].IsBoolean()) {
    throw ArgumentError(info.Env(), false, "ERR_INVALID_ARG_TYPE",
                        std::string("\"") + name + "\" must be a boolean");
  }
  return info[index].As<Napi::Boolean>().Value();
}

}  // namespace shmlab
