// The segment as a kernel object: shmget, shmctl (IPC_STAT, IPC_SET,
// IPC_RMID, IPC_INFO) and the constants that go with them.
#pragma once

#include <napi.h>
#include <sys/shm.h>

namespace shmlab {

/** Adds shmget, shmctl*, limits and constants to the module's exports. */
void InitSegment(Napi::Env env, Napi::Object exports);

/**
 * shmctl(IPC_STAT) that also works without read permission (SHM_STAT_ANY);
 * returns 0 or the errno.
 */
int StatAnySegment(int shmid, struct shmid_ds* out);

}  // namespace shmlab
