#include "pty.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <string>

#include "errors.h"
#include "unique-fd.h"

namespace shmlab {
namespace {

// openPty() -> { masterFd, slavePath }. The master is close-on-exec (no program inherits it)
// and not our controlling terminal; the program opens the slave by path and gets it as its own.
// It is non-blocking: a write the terminal cannot take now (a program that never reads) fails
// with EAGAIN rather than stopping the caller's thread until the program reads.
Napi::Value OpenPty(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (master == -1) throw SyscallError(env, "posix_openpt", errno);
  // Closes the master on every path that does not hand it to JavaScript.
  UniqueFd guard(master);
  if (grantpt(master) == -1) throw SyscallError(env, "grantpt", errno);
  if (unlockpt(master) == -1) throw SyscallError(env, "unlockpt", errno);
  char name[PATH_MAX];
  int err = ptsname_r(master, name, sizeof name);
  if (err != 0) throw SyscallError(env, "ptsname_r", err);
  Napi::Object out = Napi::Object::New(env);
  out.Set("slavePath", Napi::String::New(env, name));
  out.Set("masterFd", Napi::Number::New(env, master));
  // Released only once nothing more can throw: JavaScript owns it from here.
  guard.release();
  return out;
}

// setPtySize(fd, cols, rows): TIOCSWINSZ; the kernel sends SIGWINCH to the foreground group.
Napi::Value SetPtySize(const Napi::CallbackInfo& info) {
  auto fd = static_cast<int>(IntegerArg(info, 0, "fd", 0, INT32_MAX));
  auto cols = static_cast<unsigned short>(IntegerArg(info, 1, "cols", 1, USHRT_MAX));
  auto rows = static_cast<unsigned short>(IntegerArg(info, 2, "rows", 1, USHRT_MAX));
  struct winsize size {};
  size.ws_col = cols;
  size.ws_row = rows;
  if (ioctl(fd, TIOCSWINSZ, &size) == -1) throw SyscallError(info.Env(), "ioctl", errno);
  return info.Env().Undefined();
}

// ftok(path, id) -> key_t, the real libc call (stat of path, low bits of id, dev and inode).
Napi::Value Ftok(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) {
    throw ArgumentError(env, false, "ERR_INVALID_ARG_TYPE", "\"path\" must be a string");
  }
  std::string path = info[0].As<Napi::String>().Utf8Value();
  if (path.empty() || path.find('\0') != std::string::npos || path.size() >= PATH_MAX) {
    throw ArgumentError(env, true, "ERR_OUT_OF_RANGE",
                        "\"path\" must be a non-empty path without NUL, shorter than PATH_MAX");
  }
  auto id = static_cast<int>(IntegerArg(info, 1, "id", 1, 255));
  errno = 0;
  key_t key = ftok(path.c_str(), id);
  if (key == static_cast<key_t>(-1)) throw SyscallError(env, "ftok", errno != 0 ? errno : EINVAL);
  return Napi::Number::New(env, key);
}

}  // namespace

void InitPty(Napi::Env env, Napi::Object exports) {
  ExportGuarded<OpenPty>(env, exports, "openPty");
  ExportGuarded<SetPtySize>(env, exports, "setPtySize");
  ExportGuarded<Ftok>(env, exports, "ftok");
}

}  // namespace shmlab
