// Router: maps (method, path pattern) to a handler. Patterns are literal
// segments and {name} placeholders ("/v1/videos/{id}/content"); a matched
// placeholder lands in Request::params. Unknown paths give 404, known paths
// with another method 405 — both in the API's error shape. Build the table
// before serving; Dispatch() is then safe from many threads.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "http/message.h"

namespace kinora::http {

using Handler = std::function<Response(Request&)>;

class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  // A handler for GET requests no route matched (static files); optional.
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

  Response Dispatch(Request& request) const;
  // The pattern that matched, for metrics labels ("unmatched" if none).
  std::string RouteLabel(const Request& request) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  const Route* Match(const Request& request, bool& path_matched,
                     std::map<std::string, std::string>* params) const;

  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace kinora::http
