// Pseudo-terminals for the learner's own programs (issue 11), and ftok(3): the calls the Lab
// cannot make from Node. Reading and writing the master stay in JavaScript (a non-blocking
// tty.ReadStream), so nothing here blocks or owns a thread.
#pragma once

#include <napi.h>

namespace shmlab {

/** Adds openPty, setPtySize and ftok to the module's exports. */
void InitPty(Napi::Env env, Napi::Object exports);

}  // namespace shmlab
