#include "engine/world/terrain.h"

#include <algorithm>
#include <cmath>

#include "engine/world/hash.h"

namespace kinora::engine::world {
namespace {

float Smooth(float e0, float e1, float x) {
  const float t = std::clamp((x - e0) / (e1 - e0), 0.0f, 1.0f);
  return t * t * (3.0f - 2.0f * t);
}

float Lattice(uint32_t seed, int x, int z) {
  const uint64_t h = Mix64((static_cast<uint64_t>(static_cast<uint32_t>(x)) << 32) ^
                           static_cast<uint32_t>(z) ^ (static_cast<uint64_t>(seed) << 17));
  return static_cast<float>(h >> 40) / 16777216.0f * 2.0f - 1.0f;
}

// Smooth value noise in [-1, 1].
float ValueNoise(uint32_t seed, float x, float z) {
  const float fx = std::floor(x), fz = std::floor(z);
  const int ix = static_cast<int>(fx), iz = static_cast<int>(fz);
  const float u = x - fx, v = z - fz;
  const float su = u * u * (3.0f - 2.0f * u), sv = v * v * (3.0f - 2.0f * v);
  const float a = Lattice(seed, ix, iz), b = Lattice(seed, ix + 1, iz);
  const float c = Lattice(seed, ix, iz + 1), d = Lattice(seed, ix + 1, iz + 1);
  return (a + (b - a) * su) + ((c + (d - c) * su) - (a + (b - a) * su)) * sv;
}

float Relief(const Terrain& t, float x, float z) {
  const float w = std::max(1.0f, t.wavelength);
  switch (t.kind) {
    case TerrainKind::kDunes: {
      // Ridges across x, bent by noise.
      const float bend = 0.35f * w * ValueNoise(t.seed, x / (2.0f * w), z / (2.0f * w));
      const float ridge = std::sin((z + bend) * 6.2831853f / w);
      return 0.5f * (ridge + 1.0f) * 0.8f + 0.2f * ValueNoise(t.seed ^ 7u, x / w, z / w);
    }
    case TerrainKind::kCraters: {
      const float n = ValueNoise(t.seed, x / w, z / w);
      return n * std::fabs(n) + 0.3f * ValueNoise(t.seed ^ 3u, x * 3.0f / w, z * 3.0f / w);
    }
    default:
      return ValueNoise(t.seed, x / w, z / w) +
             0.35f * ValueNoise(t.seed ^ 5u, x * 2.3f / w, z * 2.3f / w);
  }
}

}  // namespace

float Terrain::Height(float x, float z) const {
  if (kind == TerrainKind::kFlat) return 0.0f;
  const float r = std::sqrt(x * x + z * z);
  const float away = Smooth(flat_radius, flat_radius + 8.0f, r);
  float y = amplitude * away * Relief(*this, x, z);
  switch (kind) {
    case TerrainKind::kBeach:
      // Sand level near the cast, shelving to 3 m deep 14 m out.
      y = -3.0f * Smooth(-4.0f, -14.0f, z) + 0.15f * amplitude * away * Relief(*this, x, z);
      break;
    case TerrainKind::kLakeShore:
      y = -3.0f * Smooth(-3.0f, -8.0f, z) +
          amplitude * away * Smooth(-3.0f, 2.0f, z) * Relief(*this, x, z);
      break;
    case TerrainKind::kSeabed:
      y = 0.15f * away * std::sin(z * 2.1f + 0.6f * ValueNoise(seed, x / 4.0f, z / 4.0f)) +
          amplitude * away * Relief(*this, x, z);
      break;
    default: break;
  }
  return y;
}

}  // namespace kinora::engine::world
