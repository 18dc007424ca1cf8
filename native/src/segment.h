// The segment as a kernel object: shmget, shmctl (IPC_STAT, IPC_SET,
// IPC_RMID, IPC_INFO) and the constants that go with them.
#pragma once

#include <napi.h>

namespace shmlab {

/** Adds shmget, shmctl*, limits and constants to the module's exports. */
void InitSegment(Napi::Env env, Napi::Object exports);

}  // namespace shmlab
