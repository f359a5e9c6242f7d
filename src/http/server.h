// Server: the HTTP/1.1 front door, on Boost.Beast.
//
// Accepts connections on one address, reads requests with header and body
// size limits, dispatches them through a Router on a pool of I/O threads,
// streams files (with single Range support, for video seeking), records
// metrics and writes an access log line per request (for a streaming
// response, when the stream ends). Streaming responses (Response::stream,
// e.g. Server-Sent Events) hold their connection open until they end. Stop()
// is graceful: the listener closes, idle connections close, open streams end
// (their last chunk written), requests in flight finish (for up to
// `drain_timeout`). Run() blocks; Stop() may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/metrics.h"
#include "http/router.h"

namespace kinora::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port; see Server::port()
  int threads = 2;
  size_t max_body_bytes = 8 * 1024 * 1024;
  size_t max_header_bytes = 16 * 1024;
  // Also how long a stream's write may make no progress before the stream ends.
  std::chrono::seconds idle_timeout{30};
  std::chrono::seconds drain_timeout{10};
  // A text/event-stream response that has written nothing for this long gets
  // an SSE comment, so proxies do not cut it as idle.
  std::chrono::milliseconds stream_keepalive{std::chrono::seconds(15)};
  bool access_log = true;
};

class Server {
 public:
  Server(ServerOptions options, const Router& router, Metrics& metrics);
  ~Server();

  // Binds and listens; errors name the address (e.g. already in use).
  core::Status Listen();
  uint16_t port() const;
  void Run();
  void Stop();

 private:
  struct Impl;
  friend class Session;
  std::unique_ptr<Impl> impl_;
};

// Parses "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080").
core::Result<std::pair<std::string, uint16_t>> ParseListenAddress(std::string_view address);

}  // namespace kinora::http
