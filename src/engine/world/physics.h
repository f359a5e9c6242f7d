// A thin, owning wrapper over Bullet 3 rigid-body dynamics for the world
// stage: a static ground (plane or heightfield), static structures, dynamic
// props (box, sphere, cylinder, capsule) with friction and restitution by
// material, and kinematic capsules that follow the characters so props
// collide with them.
//
// It steps at a fixed 1/240 s with no variable substeps, so the same bodies
// added in the same order always give the same motion. After each step it
// walks the contact manifolds and reports new contacts as impacts (the two
// materials, where, and a 0..1 strength from the closing speed), and reports
// bodies crossing a water plane as splashes; bodies in water get buoyancy
// and drag.
//
// Units: metres, kilograms, seconds; y up. Not thread-safe: one thread owns a
// PhysicsWorld. Every Bullet object is owned here and released in order.
#pragma once

#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/world/events.h"
#include "engine/world/terrain.h"

namespace kinora::engine::world {

struct MaterialProperties {
  float friction = 0.5f;
  float restitution = 0.2f;
  float density = 1000.0f;  // kg/m³
};
MaterialProperties PropertiesOf(Material material);

enum class ShapeKind { kBox, kSphere, kCylinder, kCapsule };

struct BodyDesc {
  std::string name;
  ShapeKind shape = ShapeKind::kBox;
  // Box: half extents. Sphere: x = radius. Cylinder (y axis): x = radius,
  // y = half height. Capsule (y axis): x = radius, y = half the cylinder part.
  glm::vec3 half_extents{0.1f};
  float mass = 1.0f;  // kilograms; 0 = static
  bool kinematic = false;
  Material material = Material::kWood;
  glm::vec3 position{0.0f};
  glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
  glm::vec3 velocity{0.0f};
  glm::vec3 angular_velocity{0.0f};
};

struct PhysicsOptions {
  float gravity = 9.81f;
  Terrain terrain;  // flat → an infinite plane at y = 0; else a heightfield
  Material ground = Material::kConcrete;
  std::optional<float> water_level;
  float heightfield_half_extent = 24.0f;  // metres each way from the origin
  float heightfield_step = 0.5f;          // metres between samples
};

struct BodyState {
  glm::vec3 position{0.0f};
  glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
  glm::vec3 velocity{0.0f};
  glm::vec3 angular_velocity{0.0f};
};

// A new contact between two bodies (id 0 is the ground).
struct Contact {
  double time = 0.0;  // seconds since the world began
  int a = 0, b = 0;
  Material material_a = Material::kConcrete, material_b = Material::kConcrete;
  glm::vec3 position{0.0f};
  float speed = 0.0f;     // closing speed along the normal, m/s
  float strength = 0.0f;  // 0..1
};

// A body crossing the water surface.
struct Splash {
  double time = 0.0;
  int body = 0;
  glm::vec3 position{0.0f};
  float speed = 0.0f;  // vertical speed, m/s
  float strength = 0.0f;
  bool entering = true;
};

class PhysicsWorld {
 public:
  static constexpr double kStep = 1.0 / 240.0;
  static constexpr int kGround = 0;

  explicit PhysicsWorld(const PhysicsOptions& options);
  ~PhysicsWorld();
  PhysicsWorld(const PhysicsWorld&) = delete;
  PhysicsWorld& operator=(const PhysicsWorld&) = delete;

  // Adds a body and returns its id (≥ 1).
  int AddBody(const BodyDesc& desc);
  // Moves a kinematic body; Bullet derives its velocity from the motion.
  void SetKinematicPose(int id, glm::vec3 position, glm::quat rotation);
  // Adds to a dynamic body's velocity (a kick, a toss) and wakes it.
  void Kick(int id, glm::vec3 delta_velocity, glm::vec3 delta_spin);
  // Advances the world by kStep.
  void Step();

  double time() const;
  int body_count() const;  // including the ground
  BodyState State(int id) const;
  Material MaterialOf(int id) const;
  // Impacts and splashes since the last call, in time order.
  std::vector<Contact> TakeContacts();
  std::vector<Splash> TakeSplashes();
  // The deepest current interpenetration between any two bodies (≥ 0 m).
  float MaxPenetration() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kinora::engine::world
