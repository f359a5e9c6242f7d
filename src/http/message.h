// The HTTP layer's own request and response values, independent of Beast, so
// handlers are plain functions that tests can call directly. Value types.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace kinora::http {

struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};

using HeaderMap = std::map<std::string, std::string, CaseInsensitiveLess>;

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // as received, e.g. "/v1/videos?limit=2"
  std::string path;    // percent-decoded path without the query
  std::map<std::string, std::string> query;
  HeaderMap headers;
  std::string body;
  std::string remote;                         // client address
  std::map<std::string, std::string> params;  // path parameters from the route, e.g. {"id": …}

  std::string Header(std::string_view name) const;
};

// Where a streaming response's bytes go. The server owns the connection; the
// producer holds the sink for as long as it likes. Thread-safe: any thread may
// write, and bytes reach the client in the order Write() was called.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  // Queues bytes for the client; false once the connection is gone (then stop writing).
  virtual bool Write(std::string bytes) = 0;
  virtual bool open() const = 0;
  // Ends the response (the connection then closes).
  virtual void Close() = 0;
};

struct Response {
  int status = 200;
  HeaderMap headers;
  std::string body;
  // When set, the body is this file, streamed (Range requests supported).
  std::optional<std::string> file;
  // When set, the body is open-ended: the server sends the status and headers
  // (chunked, no Content-Length, Cache-Control: no-cache; Content-Type
  // defaults to text/event-stream) and then calls `stream` once, on an I/O
  // thread, with the sink to write to. It must return promptly: keep the sink
  // and write from elsewhere. Not called for HEAD, nor when the server is
  // stopping. The stream ends on Close(), when the client goes away or stops
  // reading (more than 1 MiB unsent, or one write stalled for the server's
  // idle_timeout), or on Server::Stop().
  std::function<void(std::shared_ptr<StreamSink>)> stream;
};

// One Server-Sent Events frame: "event:", "id:" (each omitted when empty),
// one "data:" line per line of `data` (LF, CRLF or CR separate lines), then
// a blank line. Line breaks (and NULs) in `event` and `id` are dropped, as
// they would start new fields.
std::string SseEvent(std::string_view event, std::string_view data, std::string_view id = {});
// An SSE comment frame (": text"), which clients ignore; used for keep-alives.
std::string SseComment(std::string_view text);

// {"error": {"message", "type", "param", "code"}} — the OpenAI error shape,
// used by /v1 and /api alike. The status and type follow the error code.
Response ErrorResponse(const core::Error& error);
Response ErrorResponse(int status, std::string_view type, std::string_view message,
                       std::string_view param = {}, std::string_view code = {});
Response JsonResponse(int status, const nlohmann::json& body);

int HttpStatusFor(core::ErrorCode code);
std::string_view ErrorTypeFor(core::ErrorCode code);

std::string PercentDecode(std::string_view s, bool plus_as_space);
// Splits "/a/b?x=1&y=2" into a decoded path and query map; false if malformed.
bool ParseTarget(std::string_view target, std::string& path,
                 std::map<std::string, std::string>& query);

}  // namespace kinora::http
