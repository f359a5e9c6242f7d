#include "social/throttle.h"

#include <algorithm>
#include <cmath>

namespace kinora::social {

void LoginThrottle::Expire(std::deque<int64_t>& q, int64_t now_ms) const {
  while (!q.empty() && q.front() <= now_ms - window_ms_) q.pop_front();
}

int64_t LoginThrottle::RetryAfterSeconds(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto it = failures_.find(key);
  if (it == failures_.end()) return 0;
  Expire(it->second, now_ms);
  if (static_cast<int>(it->second.size()) < limit_) return 0;
  const int64_t free_at = it->second.front() + window_ms_;
  return (free_at - now_ms + 999) / 1000;
}

void LoginThrottle::RecordFailure(const std::string& key, int64_t now_ms) {
  std::lock_guard lock(mu_);
  auto& q = failures_[key];
  Expire(q, now_ms);
  q.push_back(now_ms);
  // Forget keys whose failures have all aged out, so the map stays small.
  if (now_ms - last_sweep_ms_ > window_ms_) {
    last_sweep_ms_ = now_ms;
    for (auto i = failures_.begin(); i != failures_.end();) {
      Expire(i->second, now_ms);
      i = i->second.empty() ? failures_.erase(i) : std::next(i);
    }
  }
}

void LoginThrottle::Clear(const std::string& key) {
  std::lock_guard lock(mu_);
  failures_.erase(key);
}

RateLimiter::RateLimiter(int per_minute, int burst)
    : per_minute_(per_minute), capacity_(std::max(1, burst)) {}

RateLimiter::Decision RateLimiter::Take(const std::string& key, int64_t now_ms) {
  if (!enabled()) return {};
  const double per_ms = per_minute_ / 60000.0;
  std::lock_guard lock(mu_);
  // A bucket that has been full for a while is the same as no bucket: drop
  // those now and then so idle keys don't accumulate.
  const auto full_after_ms = static_cast<int64_t>(capacity_ / per_ms);
  if (now_ms - last_sweep_ms_ > std::max<int64_t>(full_after_ms, 60000)) {
    last_sweep_ms_ = now_ms;
    std::erase_if(buckets_,
                  [&](const auto& kv) { return now_ms - kv.second.at_ms > full_after_ms; });
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{capacity_, now_ms});
  Bucket& b = it->second;
  if (!fresh && now_ms > b.at_ms) {
    b.tokens = std::min(capacity_, b.tokens + (now_ms - b.at_ms) * per_ms);
    b.at_ms = now_ms;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {true, 0, static_cast<int64_t>(b.tokens)};
  }
  const double wait_ms = (1.0 - b.tokens) / per_ms;
  return {false, std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait_ms / 1000.0))), 0};
}

}  // namespace kinora::social
