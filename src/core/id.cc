#include "core/id.h"

#include <fmt/format.h>

#include <cstdint>
#include <mutex>
#include <random>

namespace kinora::core {
namespace {

constexpr size_t kSuffixLength = 26;  // 12 hex of time + 14 hex of randomness

uint64_t RandomBits() {
  static std::mutex mu;
  static std::mt19937_64 rng{std::random_device{}()};
  std::lock_guard lock(mu);
  return rng();
}

}  // namespace

std::string NewId(std::string_view prefix, const Clock& clock) {
  const uint64_t ms = static_cast<uint64_t>(clock.UnixMillis()) & 0xFFFFFFFFFFFFull;
  const uint64_t rnd = RandomBits() & 0xFFFFFFFFFFFFFFull;
  return fmt::format("{}_{:012x}{:014x}", prefix, ms, rnd);
}

bool IsValidId(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + 1 + kSuffixLength) return false;
  if (id.substr(0, prefix.size()) != prefix || id[prefix.size()] != '_') return false;
  for (char c : id.substr(prefix.size() + 1)) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace kinora::core
