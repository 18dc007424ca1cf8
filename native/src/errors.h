// Errors thrown to JavaScript. Syscall failures look like Node's SystemError
// (code, errno, syscall); argument errors carry a stable code and a message
// that names the argument and what is allowed.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

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

}  // namespace shmlab
