// The report channel's functions on the addon's exports (channel-binding.cc), and the check
// every use of the channel from JavaScript starts with.
#pragma once

#include <napi.h>

#include <memory>

#include "report-channel.h"

namespace shmlab {

void InitReportChannel(Napi::Env env, Napi::Object exports);

/** The process's open report channel; throws ERR_INVALID_STATE while none is open. */
std::shared_ptr<ReportChannel> RequireChannel(Napi::Env env);

}  // namespace shmlab
