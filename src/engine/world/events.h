// What the world stage hears: timed events the simulation produces for the
// sound stage (footsteps, impacts, splashes, whooshes, crowd reactions, board
// noises). Each event says when (absolute clip seconds), what kind, who caused
// it (a cast id, or empty for props and the environment), which two materials
// met, how hard (0..1) and where (metres, world frame).
//
// Plain value types and pure functions; thread-safe.
#pragma once

#include <glm/vec3.hpp>
#include <string>
#include <string_view>

namespace kinora::engine::world {

enum class EventKind {
  kFootstep,  // a foot or paw touches down
  kImpact,    // two bodies collide (props, a fall, a clap)
  kSplash,    // something crosses a water surface
  kWhoosh,    // fast rotation or limb motion (flips, throws, wing beats)
  kCrowd,     // an audience reacts (stadium, stage, skate park)
  kTakeoff,   // feet leave the ground for a jump
  kLanding,   // feet come back down after a jump
  kBoard,     // a skate/surf/wake board: push-off, pop, roll, landing
};

// Surface and body materials. Sound picks timbres by these; physics picks
// friction and restitution by them (physics.h).
enum class Material {
  kWood,
  kMetal,
  kStone,
  kConcrete,
  kGrass,
  kSand,
  kSnow,
  kWater,
  kFlesh,
  kCloth,
  kCarpet,
  kPlastic,
  kGlass,
};

struct WorldEvent {
  double time = 0.0;  // absolute clip seconds
  EventKind kind = EventKind::kImpact;
  std::string cast_id;                      // who caused it; empty for props and the world
  Material material = Material::kConcrete;  // the surface (ground, water, the struck body)
  Material other = Material::kFlesh;        // what met it (foot, prop, board)
  float strength = 0.0f;                    // 0..1, loudness before the mix
  glm::vec3 position{0.0f};                 // metres, world frame

  bool operator==(const WorldEvent&) const = default;
};

// Lower-case names for logs, JSON and tests: "footstep", "impact", …, "wood", …
std::string_view Name(EventKind kind);
std::string_view Name(Material material);

}  // namespace kinora::engine::world
