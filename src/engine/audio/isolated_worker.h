// IsolatedWorker: runs a C library with hidden global state in a helper
// process, one pristine copy per call (internal to engine_audio).
//
// Why: espeak-ng keeps its wave generator's phase, pitch flutter and gain
// control in static variables that survive across calls and even across
// espeak_Terminate/espeak_Initialize, and Flite draws its excitation noise
// from the C library's rand(). In one long-lived process the same text then
// sounds slightly different depending on what was said before, and a crash
// inside either library would take the server down.
//
// How: Start() forks a small helper process that runs `setup` once (load
// voices, initialise the engines) and then waits. Every Call() sends the
// request to the helper, which forks a fresh child from its own untouched
// state; the child runs `handler` and sends back the bytes. Each call thus
// starts from identical library state, and a crash, hang (killed after
// `call_timeout_seconds`) or exit() in the library becomes an error value.
//
// The helper closes every inherited file descriptor except its own socket and
// resets signal handlers; it exits when the socket closes (this object is
// destroyed or the process dies). Call Start() early (at startup): the helper
// shares, copy-on-write, the memory the process had at that moment.
//
// Thread-safe: Call() may be used from many threads; calls are serialised.
// If the helper dies, the next Call() starts a new one.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kinora::engine::audio::internal {

class IsolatedWorker {
 public:
  // Runs once in the helper; its result is returned by hello().
  using SetupFn = std::function<std::string()>;
  // Runs in a fresh child of the helper, once per Call().
  using HandlerFn = std::function<std::string(std::string_view request)>;

  static core::Result<std::unique_ptr<IsolatedWorker>> Start(SetupFn setup, HandlerFn handler,
                                                             int call_timeout_seconds = 30);
  ~IsolatedWorker();
  IsolatedWorker(const IsolatedWorker&) = delete;
  IsolatedWorker& operator=(const IsolatedWorker&) = delete;

  // What `setup` returned in the current helper.
  std::string hello() const;

  // Runs `handler(request)` in a fresh child and returns its result, or
  // Internal when the child crashed, hung or the helper is gone.
  core::Result<std::string> Call(std::string_view request);

 private:
  IsolatedWorker(SetupFn setup, HandlerFn handler, int call_timeout_seconds);
  core::Status SpawnLocked();
  void StopLocked();

  const SetupFn setup_;
  const HandlerFn handler_;
  const int call_timeout_seconds_;
  mutable std::mutex mu_;
  int fd_ = -1;        // guarded by mu_
  pid_t pid_ = -1;     // guarded by mu_
  std::string hello_;  // guarded by mu_
};

}  // namespace kinora::engine::audio::internal
