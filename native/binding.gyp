{
  "targets": [
    {
      "target_name": "shmlab",
      "sources": [
        "src/addon.cc",
        "src/errors.cc",
        "src/segment.cc",
        "src/attachment.cc",
        "src/watcher.cc",
        "src/sweep.cc",
        "src/watch-queue.cc",
        "src/report-channel.cc",
        "src/channel-binding.cc",
        "src/residency.cc",
        "src/traceless.cc",
        "src/interruptible.cc",
        "src/semaphore.cc",
        "src/sem-wait.cc",
        "src/increments.cc",
        "src/proc-scan.cc",
        "src/proc-scan-parse.cc",
        "src/pty.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": [
        "NAPI_VERSION=8",
        "NAPI_CPP_EXCEPTIONS",
        "NODE_ADDON_API_DISABLE_DEPRECATED",
        "NODE_API_NO_EXTERNAL_BUFFERS_ALLOWED",
        "_GNU_SOURCE"
      ],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-fno-rtti"],
      "cflags_cc": ["-std=c++20", "-fexceptions", "-fvisibility=hidden", "-Wall", "-Wextra", "-Werror=return-type"],
      "ldflags": ["-pthread"]
    },
    {
      "target_name": "shmlab-supervisor",
      "type": "executable",
      "sources": ["src/supervisor.cc"],
      "defines": ["_GNU_SOURCE"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17", "-fno-rtti"],
      "cflags_cc": ["-std=c++20", "-fexceptions", "-Wall", "-Wextra", "-Werror=return-type"]
    }
  ]
}
