// Deterministic hashing for the world stage: every choice the storyboard
// leaves open (a hair colour, a blink rhythm, where a prop lies) comes from
// these, seeded by Storyboard::seed and a cast or shot id. No global RNG, no
// clocks. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>

namespace kinora::engine::world {

// SplitMix64 finaliser: a well-mixed 64-bit value.
inline uint64_t Mix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// FNV-1a of `text`, mixed with `seed`.
inline uint64_t HashOf(uint64_t seed, std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  return Mix64(h ^ Mix64(seed));
}

// A uniform value in [0, 1) for (`hash`, `salt`).
inline float Unit(uint64_t hash, uint64_t salt) {
  return static_cast<float>(Mix64(hash ^ Mix64(salt + 0x51ull)) >> 40) / 16777216.0f;
}

// A uniform value in [lo, hi).
inline float Between(uint64_t hash, uint64_t salt, float lo, float hi) {
  return lo + (hi - lo) * Unit(hash, salt);
}

}  // namespace kinora::engine::world
