// Test support: a minimal blocking HTTP/1.1 client (Boost.Beast) for talking
// to a kinora server on loopback.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace kinora::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  nlohmann::json Json() const { return nlohmann::json::parse(body, nullptr, false); }
};

// Returns status 0 if the connection failed.
HttpReply HttpCall(int port, const std::string& method, const std::string& target,
                   const std::string& body = {},
                   const std::map<std::string, std::string>& headers = {});

// Polls GET /healthz until 200 or the timeout; true on success.
bool WaitHealthy(int port, int timeout_ms);

}  // namespace kinora::testing
