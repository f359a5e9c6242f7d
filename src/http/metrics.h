// Metrics in the Prometheus text exposition format (version 0.0.4).
// Request counts and latency histograms by method, route and status, plus
// collectors that other components register to add their own series.
// Thread-safe.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace kinora::http {

class Metrics {
 public:
  // A collector returns complete exposition text (HELP, TYPE and samples).
  using Collector = std::function<std::string()>;

  // Counts a request; `timed` adds its duration to the route's latency
  // histogram (off for long-lived streams, whose lifetime is not a latency).
  void ObserveRequest(const std::string& method, const std::string& route, int status,
                      double seconds, bool timed = true);
  void AddCollector(Collector collector);
  std::string Render() const;

  static constexpr std::array<double, 10> kBuckets = {0.001, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,  0.5,  1.0,   5.0};

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // guarded by mu_
  std::map<std::string, Histogram> latency_;                                // by route; mu_
  std::vector<Collector> collectors_;                                       // mu_
};

// Escapes a label value for the exposition format.
std::string EscapeLabel(std::string_view value);

}  // namespace kinora::http
