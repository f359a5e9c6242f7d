// The HTTP layer's own request and response values, independent of Beast, so
// handlers are plain functions that tests can call directly. Value types.
#pragma once

#include <map>
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

struct Response {
  int status = 200;
  HeaderMap headers;
  std::string body;
  // When set, the body is this file, streamed (Range requests supported).
  std::optional<std::string> file;
};

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
