#include "social/throttle.h"

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

}  // namespace kinora::social
