// App: the composition root of `kinora serve`. Builds the store, blob store,
// engine, generation service, routes and HTTP server from a ServeConfig and
// owns them for the life of the process. Run() blocks until Stop() (safe to
// call from another thread, e.g. a signal watcher).
#pragma once

#include <memory>

#include "app/serve_config.h"
#include "core/result.h"

namespace kinora::app {

class App {
 public:
  static core::Result<std::unique_ptr<App>> Create(const ServeConfig& config);
  ~App();

  // Starts workers and serves until Stop(); then drains and returns.
  core::Status Run();
  void Stop();
  uint16_t port() const;

 private:
  struct Parts;
  explicit App(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace kinora::app
