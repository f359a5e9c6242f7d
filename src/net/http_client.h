// HttpClient: a small synchronous HTTP/1.1 client over Boost.Beast, for the
// outbound calls Kinora makes: remote workers leasing jobs from a server,
// webhook deliveries, and the openai-compatible remote engine.
//
// http:// and https:// (OpenSSL, peer verified against the system's CA
// store, SNI set). Every call has a deadline; bodies can be streamed from and
// to files so a video never has to fit in memory. Keep-alive connections are
// reused per host:port. Thread-safe: concurrent calls use separate
// connections.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kinora::net {

// Header names are matched case-insensitively; stored as given.
struct CaseInsensitiveLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using Headers = std::map<std::string, std::string, CaseInsensitiveLess>;

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute: http://host[:port]/path?query or https://…
  Headers headers;
  std::string body;                      // sent as is (set Content-Type yourself)
  std::optional<std::string> body_file;  // or: the body is this file, streamed
  // The response body goes to this path instead of HttpResponse::body,
  // written to a temporary name and renamed on success (2xx only; other
  // statuses keep the body in memory for the error message).
  std::optional<std::string> response_file;
  // The whole exchange, connect and TLS included. Name resolution
  // (getaddrinfo) cannot be interrupted: a hung resolver can overrun it.
  std::chrono::milliseconds timeout{30000};
  int64_t max_response_bytes = 64 << 20;  // in-memory bodies only
};
// Host, Content-Length and User-Agent are set by the client; a Host or
// Content-Length in `headers` is an error, and header names or values with
// line breaks are rejected (kInvalidArgument), as is a malformed URL.

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;  // empty when streamed to response_file

  std::string Header(std::string_view name) const;  // "" when absent
};

// Failures to exchange at all (DNS, refused, TLS, timeout, malformed reply)
// are kUnavailable with the URL and cause; any HTTP status is a response. An
// in-memory body over max_response_bytes is kResourceExhausted; a body file
// that cannot be read or a response file that cannot be written is kIo.
class HttpClient {
 public:
  HttpClient();
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  core::Result<HttpResponse> Send(const HttpRequest& request);

  // How many connections this client has opened so far (for metrics and to
  // check keep-alive reuse).
  int64_t connections_opened() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A multipart/form-data body built in memory. Field names and file names
// are escaped as browsers do (", CR and LF percent-encoded).
class MultipartBody {
 public:
  MultipartBody();
  void AddField(std::string_view name, std::string_view value);
  void AddFile(std::string_view name, std::string_view filename, std::string_view content_type,
               std::string_view bytes);
  std::string ContentType() const;  // "multipart/form-data; boundary=…"
  std::string Finish();             // the body; call once

 private:
  std::string boundary_;
  std::string body_;
};

struct ParsedUrl {
  std::string scheme;  // "http" | "https", lower case
  std::string host;    // a name or an address; an IPv6 address without brackets
  uint16_t port = 0;
  std::string target;  // path and query, at least "/"
};
// Accepts absolute http(s) URLs; rejects user info, bad ports, spaces and
// control characters with kInvalidArgument. A fragment is dropped.
core::Result<ParsedUrl> ParseUrl(std::string_view url);

}  // namespace kinora::net
