// Errors thrown to JavaScript. Syscall failures look like Node's SystemError
// (code, errno, syscall); argument errors carry a stable code and a message
// that names the argument and what is allowed.
#pragma once

#include <napi.h>

#include <cstdint>
#include <new>
#include <stdexcept>
#include <string>
#include <system_error>

namespace shmlab {

/** Builds an Error for a failed syscall: `code` is the errno name. */
Napi::Error SyscallError(Napi::Env env, const char* syscall, int err);

/** Builds a TypeError (or RangeError when `range`) with the given code. */
Napi::Error ArgumentError(Napi::Env env, bool range, const char* code,
                          const std::string& message);

/** Builds the error for any use of an Attachment after detach(). */
Napi::Error DetachedError(Napi::Env env, const char* operation);

// Backstop readers: JavaScript validates first with friendlier messages; these
// make sure nothing a caller passes can reach a syscall or a memcpy unchecked.

/** Reads an integer argument in [min, max]; throws otherwise. */
int64_t IntegerArg(const Napi::CallbackInfo& info, size_t index, const char* name,
                   int64_t min, int64_t max);

/** Reads a BigInt argument as an unsigned 64-bit value; throws otherwise. */
uint64_t AddressArg(const Napi::CallbackInfo& info, size_t index, const char* name);

/** Reads a boolean argument; throws otherwise. */
bool BoolArg(const Napi::CallbackInfo& info, size_t index, const char* name);

/** Builds the error for an allocation that failed (std::bad_alloc): code ENOMEM. */
Napi::Error OutOfMemoryError(Napi::Env env, const char* operation);

/** Builds the error for a failure that carries an errno but is no syscall of ours (std::thread). */
Napi::Error ErrnoError(Napi::Env env, const char* operation, int err);

/** Builds the error for any other C++ exception: code E_NATIVE, with what() in the message. */
Napi::Error NativeError(Napi::Env env, const char* operation, const char* what);

/**
 * Runs the body of a Node-API callback and turns every C++ exception it lets out into a coded
 * Napi::Error. node-addon-api only converts Napi::Error at the boundary; anything else (a
 * std::bad_alloc from a buffer sized by a 1 TiB segment, a std::system_error from std::thread)
 * would unwind into Node's C frames and abort the process.
 */
template <typename Body>
auto Guarded(Napi::Env env, const char* operation, Body&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::bad_alloc&) {
    throw OutOfMemoryError(env, operation);
  } catch (const std::length_error&) {
    // A container asked for more than max_size(): the same failure, reported the same way.
    throw OutOfMemoryError(env, operation);
  } catch (const std::system_error& error) {
    if (error.code().category() == std::generic_category() ||
        error.code().category() == std::system_category()) {
      throw ErrnoError(env, operation, error.code().value());
    }
    throw NativeError(env, operation, error.what());
  } catch (const std::exception& error) {
    throw NativeError(env, operation, error.what());
  } catch (...) {
    throw NativeError(env, operation, "an exception of unknown type");
  }
}

/**
 * Exports `Callback` as `name`, run through Guarded, so no C++ exception reaches Node. The name (a
 * string literal) rides along as the function's data, for messages.
 */
template <Napi::Value (*Callback)(const Napi::CallbackInfo&)>
Napi::Value GuardedCallback(const Napi::CallbackInfo& info) {
  return Guarded(info.Env(), static_cast<const char*>(info.Data()),
                 [&] { return Callback(info); });
}

template <Napi::Value (*Callback)(const Napi::CallbackInfo&)>
void ExportGuarded(Napi::Env env, Napi::Object exports, const char* name) {
  exports.Set(name,
              Napi::Function::New<GuardedCallback<Callback>>(env, name, const_cast<char*>(name)));
}

}  // namespace shmlab
