#include "http/metrics.h"

#include <fmt/format.h>

namespace kinora::http {

std::string EscapeLabel(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void Metrics::ObserveRequest(const std::string& method, const std::string& route, int status,
                             double seconds, bool timed) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  if (!timed) return;
  auto& h = latency_[route];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::AddCollector(Collector collector) {
  std::lock_guard lock(mu_);
  collectors_.push_back(std::move(collector));
}

std::string Metrics::Render() const {
  std::string out;
  std::vector<Collector> collectors;
  {
    std::lock_guard lock(mu_);
    out += "# HELP kinora_http_requests_total HTTP requests by method, route and status.\n";
    out += "# TYPE kinora_http_requests_total counter\n";
    for (const auto& [key, n] : requests_) {
      const auto& [method, route, status] = key;
      out +=
          fmt::format("kinora_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{}\"}} {}\n",
                      EscapeLabel(method), EscapeLabel(route), status, n);
    }
    out += "# HELP kinora_http_request_duration_seconds Time to answer an HTTP request.\n";
    out += "# TYPE kinora_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      const std::string r = EscapeLabel(route);
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        out += fmt::format(
            "kinora_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", r,
            kBuckets[i], h.buckets[i]);
      }
      out += fmt::format(
          "kinora_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", r,
          h.count);
      out += fmt::format("kinora_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r, h.sum);
      out += fmt::format("kinora_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r,
                         h.count);
    }
    collectors = collectors_;
  }
  for (const auto& c : collectors) out += c();
  return out;
}

}  // namespace kinora::http
