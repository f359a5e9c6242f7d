// One shot of a storyboard as a 3D scene: the environment (terrain, ground
// material, water, sky, weather), static structures, rigid props, and the
// shot's cast on their marks with their rigs, appearances and scheduled
// actions. ShotSimulation (simulation.h) brings it to life.
//
// Frame: metres; right-handed; y up; the ground at the origin is y = 0.
// The camera is assumed on +z looking towards −z, so the cast stands in a
// row across x near z = 0 and faces +z; north is −z, east +x.
//
// Built from the storyboard, deterministically for Storyboard::seed. Words
// the tables do not know never fail: a generic person, quadruped or prop.
// Pure; thread-safe.
#pragma once

#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/storyboard.h"
#include "engine/world/actions.h"
#include "engine/world/look.h"
#include "engine/world/physics.h"
#include "engine/world/terrain.h"

namespace kinora::engine::world {

enum class WeatherKind { kClear, kCloudy, kRain, kSnow, kFog, kWind };
std::string_view Name(WeatherKind kind);

struct Sky {
  glm::vec3 sun_direction{0.0f, 1.0f, 0.0f};  // unit vector towards the sun (the moon at night)
  float sun_elevation = 1.0f;                 // radians above the horizon (negative: below)
  float sun_azimuth = 3.14f;             // radians clockwise from north (−z); east (+x) = π/2
  glm::vec3 sun_color{1.0f};             // linear-ish RGB tint
  float sun_intensity = 1.0f;            // 1 = a clear noon sun; the moon ≈ 0.08
  bool moon = false;                     // the light is the moon's
  float turbidity = 2.5f;                // 2 crisp … 10 hazy
  glm::vec3 ambient{0.35f, 0.4f, 0.5f};  // sky fill light
};

struct WeatherState {
  WeatherKind kind = WeatherKind::kClear;
  float cloud_cover = 0.1f;    // 0..1
  float precipitation = 0.0f;  // 0..1 (rain or snow by kind)
  float fog_density = 0.002f;  // per metre
  glm::vec3 wind{0.0f};        // m/s
};

struct Environment {
  std::string place;
  bool indoor = false;
  Terrain terrain;
  Material ground = Material::kConcrete;
  glm::vec3 ground_color{0.6f};
  std::optional<float> water_level;  // world y of the water surface
  float gravity = 9.81f;             // m/s² (the moon in "space")
  bool crowd = false;                // an audience that reacts (stadium, stage, skate park)
  Sky sky;
  WeatherState weather;

  float GroundHeight(float x, float z) const { return terrain.Height(x, z); }
};

// Static boxes: walls, floors, desks, goals, buildings, ramps, seats.
struct Structure {
  std::string name;
  glm::vec3 center{0.0f};
  glm::vec3 half_extents{0.5f};
  glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
  Material material = Material::kWood;
  glm::vec3 color{0.7f};
};

// A velocity change given to a prop at a time (an object cast member's verb).
struct PropKick {
  double time = 0.0;  // shot-local
  glm::vec3 velocity{0.0f};
  glm::vec3 spin{0.0f};
};

// A rigid prop simulated by physics.
struct PropSpec {
  std::string name;
  std::string cast_id;  // set when the prop is a cast member (kind "object")
  PropShape shape = PropShape::kBox;
  glm::vec3 size{0.3f};  // full extents, metres (balls: the diameter in x)
  Material material = Material::kWood;
  float mass = 1.0f;
  glm::vec3 color{0.7f};
  glm::vec3 position{0.0f};  // centre of mass
  glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
  glm::vec3 velocity{0.0f};
  double spawn_time = 0.0;  // shot-local; thrown balls appear when released
  std::vector<PropKick> kicks;
};
// The physics body for a prop.
BodyDesc BodyFor(const PropSpec& prop);

struct CharacterSpec {
  std::string cast_id;
  CastAppearance appearance;
  Skeleton skeleton;
  Stage stage;  // mark, facing, ground, water … (actions.h)
  std::vector<ScheduledAction> actions;
};

struct ShotScene {
  std::string shot_id;
  int shot_index = 0;
  double start = 0.0;     // absolute clip seconds
  double duration = 0.0;  // seconds
  uint64_t seed = 0;
  Environment environment;
  std::vector<Structure> structures;
  std::vector<PropSpec> props;
  std::vector<CharacterSpec> characters;
};

// The scene of shot `shot_index`. InvalidArgument when the storyboard fails
// Validate or the index is out of range. Cast members missing from
// `appearances` get their parametric look.
core::Result<ShotScene> BuildShotScene(const Storyboard& storyboard, int shot_index,
                                       const CastAppearances& appearances);

// The environment of a setting (exposed for tests and the renderer).
Environment EnvironmentFor(const Setting& setting, uint64_t seed);

}  // namespace kinora::engine::world
