// Clock: the one seam to wall-clock time, so tests can control it.
// Implementations are thread-safe.
#pragma once

#include <atomic>
#include <cstdint>

namespace kinora::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch (wall clock).
  virtual int64_t UnixMillis() const = 0;
  int64_t UnixSeconds() const { return UnixMillis() / 1000; }
};

// The real clock.
class SystemClock final : public Clock {
 public:
  int64_t UnixMillis() const override;
};

// A clock that stands still until told to move; for tests.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t unix_millis = 1'700'000'000'000) : now_(unix_millis) {}
  int64_t UnixMillis() const override { return now_.load(); }
  void Advance(int64_t millis) { now_ += millis; }
  void Set(int64_t unix_millis) { now_ = unix_millis; }

 private:
  std::atomic<int64_t> now_;
};

}  // namespace kinora::core
