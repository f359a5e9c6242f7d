// The ground the world stands on: a height function for outdoor terrain
// (dunes, hills, a beach shelving into the sea) that is flat near the
// origin, where the cast stands, and rises or falls away from it.
//
// Units: metres; y up; the ground at the origin is at y = 0. Plain value
// type; pure functions; thread-safe.
#pragma once

#include <cstdint>

namespace kinora::engine::world {

enum class TerrainKind {
  kFlat,       // indoor floors, streets, fields, stages
  kHills,      // park, forest, mountains, snowfield: smooth value-noise hills
  kDunes,      // desert: long ridges
  kCraters,    // space: bumps and bowls
  kBeach,      // flat sand shelving into the sea towards -z
  kLakeShore,  // a grass bank dropping steeply into a lake towards -z
  kSeabed,     // underwater: a sandy floor with ripples
};

struct Terrain {
  TerrainKind kind = TerrainKind::kFlat;
  float amplitude = 0.0f;    // metres of relief away from the flat centre
  float wavelength = 20.0f;  // metres between hills
  float flat_radius = 6.0f;  // the terrain is level within this distance of the origin
  uint32_t seed = 0;

  // Ground height at (x, z). Continuous and smooth.
  float Height(float x, float z) const;
  bool flat() const { return kind == TerrainKind::kFlat; }
};

}  // namespace kinora::engine::world
