// The semaphore set as a kernel object: semget, semop with IPC_NOWAIT, semctl (every command
// the API offers), semLimits, and the argument readers that startSemop shares.
#pragma once

#include <napi.h>
#include <sys/sem.h>

#include <vector>

namespace shmlab {

/** Adds semget, semop, semctl*, semLimits and SemWaitHandle to the module's exports. */
void InitSemaphores(Napi::Env env, Napi::Object exports);

/**
 * Reads the flat operation list [num, op, flags, num, op, flags…] at `index`: 1 to kMaxSemOps
 * operations, num 0–65535, op −32768–32767, flags only IPC_NOWAIT and SEM_UNDO. The kernel
 * checks the rest (num < nsems: EFBIG; count ≤ SEMOPM: E2BIG).
 */
std::vector<struct sembuf> SemOpsArg(const Napi::CallbackInfo& info, size_t index);

/** More operations than any kernel's SEMOPM default; a larger count is refused unread. */
constexpr size_t kMaxSemOps = 65536;

}  // namespace shmlab
