#include "core/clock.h"

#include <chrono>

namespace kinora::core {

int64_t SystemClock::UnixMillis() const {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace kinora::core
