#!/usr/bin/env bash
# `npm run test:native:sanitized`: builds the addon with AddressSanitizer and
# UndefinedBehaviorSanitizer and runs the native tests (native/test) against that build.
#
# The build goes into a copy of native/ in a temp folder, never into native/build, which every
# other test and the app load. The tests and index.js find `../build/Release/shmlab.node` beside
# themselves, so in the copy they load the sanitized build without a path of their own.
# Node is not instrumented, so libasan is preloaded into it (and into every child the tests
# start); leak checking is off because Node frees little at exit by design.
#
# ASan's reports, from the test process or any child, go to files in one folder; UBSan's go to
# stderr (see below). The run fails when a test fails, when that folder is not empty or when the
# output holds a UBSan report, and prints each report with its stack.
# Run it through npm (npm run test:native:sanitized) so node-gyp gets npm's nodedir setting.
# Arguments are vitest's (a file filter such as 05-attachment, or -t 'name'); none runs all.
# SHMLAB_SANITIZED_KEEP=1 keeps the temp folder for a look afterwards; SHMLAB_UBSAN_HALT=0 lets
# UBSan report and go on, to see every finding of a run at once.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cxx=${CXX:-g++}

libasan=$("$cxx" -print-file-name=libasan.so)
if [ ! -e "$libasan" ]; then
  echo "sanitize-native: $cxx has no libasan.so; install gcc's sanitizer runtime (libgcc-12-dev)" >&2
  exit 1
fi
libasan=$(readlink -f "$libasan")

# World-searchable: the permission tests run children under uid 65534, and their reports must
# reach the sticky, world-writable reports folder.
work=$(mktemp -d "${TMPDIR:-/tmp}/shmlab-sanitized-XXXXXX")
chmod 755 "$work"
cleanup() {
  if [ "${SHMLAB_SANITIZED_KEEP:-}" = 1 ]; then
    echo "sanitize-native: kept $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT

# native/ without its builds; src-main and node_modules as links (native/test imports types and
# a fixture from src-main, and vitest, fast-check and node-addon-api from node_modules).
mkdir "$work/native"
tar -C "$root/native" --exclude='./build' --exclude='./build-*' -cf - . | tar -C "$work/native" -xf -
ln -s "$root/src-main" "$work/src-main"
ln -s "$root/node_modules" "$work/node_modules"
cp "$root/vitest.config.ts" "$root/tsconfig.json" "$work/"
# The root package's module type, which the copied vitest.config.ts is written for.
printf '{ "type": "module" }\n' >"$work/package.json"
reports="$work/sanitizer-reports"
mkdir -m 1777 "$reports"

flags='-fsanitize=address,undefined -fno-omit-frame-pointer -g -O1'
started=$(date +%s)
echo "sanitize-native: building the addon with $flags in $work/native"
(
  cd "$work/native"
  CFLAGS="$flags" CXXFLAGS="$flags" LDFLAGS='-fsanitize=address,undefined' \
    node "$root/node_modules/node-gyp/bin/node-gyp.js" rebuild --jobs "$(nproc)" --loglevel warn
)
built=$(date +%s)
echo "sanitize-native: built in $((built - started)) s; running native/test under ASan + UBSan"

status=0
log="$work/vitest.log"
(
  cd "$work"
  export LD_PRELOAD="$libasan${LD_PRELOAD:+:$LD_PRELOAD}"
  # allocator_may_return_null: the out-of-memory tests expect a failed allocation to come back
  # as std::bad_alloc (and a coded error), which is what the plain allocator does.
  export ASAN_OPTIONS="detect_leaks=0:allocator_may_return_null=1:log_path=$reports/asan"
  # GCC's UBSan, beside ASan, ignores log_path and writes to stderr (its call to set the path
  # binds to libasan's copy, which then sends ASan's reports to this path instead: same folder).
  # halt_on_error stops a child at its first report, so a test that only reads the child's
  # answers still fails; the test process's own reports are in vitest's output, read below.
  export UBSAN_OPTIONS="halt_on_error=${SHMLAB_UBSAN_HALT:-1}:print_stacktrace=1:log_path=$reports/asan"
  if [ "$#" -eq 0 ]; then set -- native/test; fi
  node "$root/node_modules/vitest/vitest.mjs" run --testTimeout 120000 --hookTimeout 120000 \
    "$@" 2>&1 | tee "$log"
  exit "${PIPESTATUS[0]}"
) || status=$?
echo "sanitize-native: tests took $(($(date +%s) - built)) s (exit $status)"

shopt -s nullglob
found=("$reports"/*)
ubsan=$(grep -c 'runtime error:' "$log" || true)
if [ "${#found[@]}" -gt 0 ] || [ "$ubsan" -gt 0 ]; then
  echo "sanitize-native: ${#found[@]} ASan report file(s), $ubsan UBSan report(s) in the output:" >&2
  for report in "${found[@]}"; do
    echo "==== $(basename "$report")" >&2
    cat "$report" >&2
  done
  # Each UBSan report: its line and the stack under it (indented frames).
  grep -A 40 'runtime error:' "$log" | grep -E 'runtime error:|^ +#[0-9]' >&2 || true
  exit 1
fi
if [ "$status" -ne 0 ]; then exit "$status"; fi
echo "sanitize-native: no ASan or UBSan report"
