#include "http/router.h"

namespace kinora::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Route r{std::move(method), pattern, Split(pattern), std::move(handler)};
  routes_.push_back(std::move(r));
}

const Router::Route* Router::Match(const Request& request, bool& path_matched,
                                   std::map<std::string, std::string>* params) const {
  const auto parts = Split(request.path);
  path_matched = false;
  for (const auto& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    std::map<std::string, std::string> found;
    bool ok = true;
    for (size_t i = 0; i < parts.size() && ok; ++i) {
      const auto& seg = route.segments[i];
      if (seg.size() > 2 && seg.front() == '{' && seg.back() == '}') {
        found[seg.substr(1, seg.size() - 2)] = parts[i];
      } else {
        ok = seg == parts[i];
      }
    }
    if (!ok) continue;
    path_matched = true;
    if (route.method == request.method || (route.method == "GET" && request.method == "HEAD")) {
      if (params) *params = std::move(found);
      return &route;
    }
  }
  return nullptr;
}

Response Router::Dispatch(Request& request) const {
  bool path_matched = false;
  const Route* route = Match(request, path_matched, &request.params);
  if (route) return route->handler(request);
  if (path_matched) {
    std::string allow;
    for (const auto& r : routes_) {
      bool m = false;
      Request probe;
      probe.path = request.path;
      probe.method = r.method;
      if (Match(probe, m, nullptr) == &r) allow += (allow.empty() ? "" : ", ") + r.method;
    }
    Response resp = ErrorResponse(405, "invalid_request_error",
                                  "method " + request.method + " is not allowed on " + request.path,
                                  {}, "method_not_allowed");
    resp.headers["Allow"] = allow;
    return resp;
  }
  if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
    return fallback_(request);
  }
  return ErrorResponse(404, "invalid_request_error",
                       "no route for " + request.method + " " + request.path, {}, "not_found");
}

std::string Router::RouteLabel(const Request& request) const {
  bool path_matched = false;
  const Route* route = Match(request, path_matched, nullptr);
  if (route) return route->pattern;
  return fallback_ && (request.method == "GET" || request.method == "HEAD") ? "static"
                                                                            : "unmatched";
}

}  // namespace kinora::http
