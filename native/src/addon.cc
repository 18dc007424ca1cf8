// Module entry: System V shared memory for Node and Electron.
#include <napi.h>

#include "attachment.h"
#include "channel-binding.h"
#include "proc-scan.h"
#include "pty.h"
#include "segment.h"
#include "semaphore.h"

namespace shmlab {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InitSegment(env, exports);
  InitSemaphores(env, exports);
  // Issue 11: pseudo-terminals and ftok for the learner's own programs.
  InitPty(env, exports);
  exports.Set("AttachmentHandle", AttachmentHandle::Init(env));
  InitProcScan(env, exports);
  InitReportChannel(env, exports);
  return exports;
}

}  // namespace shmlab

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  return shmlab::Init(env, exports);
}

NODE_API_MODULE(shmlab, InitModule)
