// LoginThrottle: counts failed sign-ins per key (an account, an address) in
// a sliding window and refuses further attempts past a limit until the
// oldest failure leaves the window. In memory, per process. Thread-safe.
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

}  // namespace kinora::social
