// Request throttles, in memory and per process. Thread-safe.
//
// LoginThrottle counts failed sign-ins per key (an account, an address) in
// a sliding window and refuses further attempts past a limit until the
// oldest failure leaves the window.
//
// RateLimiter is a token bucket per key (an API key, a session): `per_minute`
// requests a minute on average, bursts of up to `burst`. It answers how long
// the caller must wait, for 429 responses with Retry-After.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kinora::social {

class LoginThrottle {
 public:
  LoginThrottle(int limit, int64_t window_ms) : limit_(limit), window_ms_(window_ms) {}

  // Seconds until another attempt is allowed for key; 0 when allowed now.
  int64_t RetryAfterSeconds(const std::string& key, int64_t now_ms);
  void RecordFailure(const std::string& key, int64_t now_ms);
  void Clear(const std::string& key);

 private:
  void Expire(std::deque<int64_t>& q, int64_t now_ms) const;

  const int limit_;
  const int64_t window_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, std::deque<int64_t>> failures_;  // guarded by mu_
  int64_t last_sweep_ms_ = 0;                                      // guarded by mu_
};

class RateLimiter {
 public:
  struct Decision {
    bool allowed = true;
    int64_t retry_after_seconds = 0;  // when refused: until one token is back
    int64_t remaining = 0;            // whole tokens left after this request
  };

  // per_minute <= 0 turns the limiter off (every request allowed).
  RateLimiter(int per_minute, int burst);

  // Takes one token from key's bucket if there is one.
  Decision Take(const std::string& key, int64_t now_ms);
  int limit() const { return per_minute_; }
  bool enabled() const { return per_minute_ > 0; }

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };

  const int per_minute_;
  const double capacity_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;  // guarded by mu_
  int64_t last_sweep_ms_ = 0;                        // guarded by mu_
};

}  // namespace kinora::social
