// The report channel's functions on the addon's exports (channel-binding.cc).
#pragma once

#include <napi.h>

namespace shmlab {

void InitReportChannel(Napi::Env env, Napi::Object exports);

}  // namespace shmlab
