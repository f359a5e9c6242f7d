// The Bullet wrapper: free fall, resting contact, impacts, water, kinematic
// bodies and determinism.
#include "engine/world/physics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kinora::engine::world {
namespace {

constexpr float kG = 9.81f;

BodyDesc Box(glm::vec3 at, float half = 0.1f, Material m = Material::kWood) {
  BodyDesc d;
  d.name = "box";
  d.shape = ShapeKind::kBox;
  d.half_extents = glm::vec3(half);
  d.mass = 1.0f;
  d.material = m;
  d.position = at;
  return d;
}

BodyDesc Ball(glm::vec3 at, float radius = 0.11f) {
  BodyDesc d;
  d.name = "ball";
  d.shape = ShapeKind::kSphere;
  d.half_extents = glm::vec3(radius);
  d.mass = 0.43f;
  d.material = Material::kPlastic;
  d.position = at;
  return d;
}

TEST(Physics, FreeFallThenRest) {
  PhysicsWorld world({});
  const float y0 = 2.0f, half = 0.1f;
  const int id = world.AddBody(Box({0, y0, 0}, half));
  const double contact = std::sqrt(2.0 * (y0 - half) / kG);
  int checked = 0;
  while (world.time() < contact - 2 * PhysicsWorld::kStep) {
    world.Step();
    const double t = world.time();
    const float drop = y0 - world.State(id).position.y;
    const float expected = static_cast<float>(0.5 * kG * t * t);
    // Within 2 % once the drop is measurable; the integrator's lag of
    // g·t·dt/2 is under 6 mm before that.
    EXPECT_NEAR(drop, expected, t >= 0.25 ? 0.02f * expected : 0.006f) << "t=" << t;
    ++checked;
  }
  EXPECT_GT(checked, 100);
  while (world.time() < 4.0) world.Step();
  const BodyState s = world.State(id);
  EXPECT_LT(glm::length(s.velocity), 0.01f);
  EXPECT_NEAR(s.position.y, half, 0.01f);  // resting on the ground, not in it
  EXPECT_LT(world.MaxPenetration(), 0.01f);
}

TEST(Physics, PileSettlesWithoutInterpenetration) {
  PhysicsWorld world({});
  std::vector<int> ids;
  for (int i = 0; i < 8; ++i) {
    const glm::vec3 at(0.05f * static_cast<float>(i % 3), 0.3f + 0.35f * static_cast<float>(i),
                       0.04f * static_cast<float>(i % 2));
    ids.push_back(world.AddBody(i % 2 ? Ball(at, 0.12f) : Box(at, 0.12f)));
  }
  while (world.time() < 5.0) world.Step();
  EXPECT_LT(world.MaxPenetration(), 0.01f);
  for (int id : ids) {
    const BodyState s = world.State(id);
    EXPECT_GT(s.position.y, 0.11f);  // nothing sank into the ground
    EXPECT_LT(glm::length(s.velocity), 0.05f);
  }
}

std::vector<Contact> Drop(float height, Material material) {
  PhysicsWorld world({});
  world.AddBody(Box({0, height, 0}, 0.1f, material));
  std::vector<Contact> all;
  while (world.time() < 2.5) {
    world.Step();
    for (const Contact& c : world.TakeContacts()) all.push_back(c);
  }
  return all;
}

TEST(Physics, DropMakesOneImpactAtTheContactTime) {
  const std::vector<Contact> high = Drop(2.0f, Material::kWood);
  ASSERT_FALSE(high.empty());
  const double contact = std::sqrt(2.0 * (2.0 - 0.1) / kG);
  int near = 0;
  for (const Contact& c : high) {
    if (std::fabs(c.time - contact) < 2 * PhysicsWorld::kStep) ++near;
  }
  EXPECT_EQ(near, 1);
  EXPECT_NEAR(high[0].time, contact, 2 * PhysicsWorld::kStep);
  EXPECT_EQ(high[0].a, PhysicsWorld::kGround);
  EXPECT_EQ(high[0].material_a, Material::kConcrete);
  EXPECT_EQ(high[0].material_b, Material::kWood);
  EXPECT_NEAR(high[0].speed, kG * contact, 0.1f);
  const std::vector<Contact> low = Drop(0.5f, Material::kWood);
  ASSERT_FALSE(low.empty());
  EXPECT_GT(high[0].strength, low[0].strength + 0.1f);
  // Bounces die out: far fewer impacts than steps.
  EXPECT_LT(high.size(), 6u);
}

TEST(Physics, WaterSplashesAndFloats) {
  PhysicsOptions options;
  options.water_level = 1.0f;
  PhysicsWorld world(options);
  const int id = world.AddBody(Ball({0, 3.0f, 0}, 0.2f));
  std::vector<Splash> splashes;
  while (world.time() < 6.0) {
    world.Step();
    for (const Splash& s : world.TakeSplashes()) splashes.push_back(s);
  }
  ASSERT_FALSE(splashes.empty());
  EXPECT_TRUE(splashes[0].entering);
  // The ball's bottom reaches the surface after falling 3 − 0.2 − 1 m.
  EXPECT_NEAR(splashes[0].time, std::sqrt(2.0 * 1.8 / kG), 2 * PhysicsWorld::kStep);
  EXPECT_GT(splashes[0].strength, 0.3f);
  // A light ball floats at the surface.
  const BodyState s = world.State(id);
  EXPECT_GT(s.position.y, 0.9f);
  EXPECT_LT(s.position.y, 1.3f);
}

TEST(Physics, KinematicBodyPushesProps) {
  PhysicsWorld world({});
  BodyDesc capsule;
  capsule.shape = ShapeKind::kCapsule;
  capsule.half_extents = {0.2f, 0.4f, 0.2f};
  capsule.kinematic = true;
  capsule.mass = 0.0f;
  capsule.material = Material::kFlesh;
  capsule.position = {-1.0f, 0.62f, 0.0f};
  const int body = world.AddBody(capsule);
  const int ball = world.AddBody(Ball({0.0f, 0.111f, 0.0f}));
  bool hit = false;
  while (world.time() < 2.0) {
    const float x = -1.0f + 1.5f * static_cast<float>(world.time() + PhysicsWorld::kStep);
    world.SetKinematicPose(body, {std::min(x, 0.5f), 0.62f, 0.0f}, glm::quat(1, 0, 0, 0));
    world.Step();
    for (const Contact& c : world.TakeContacts()) hit |= (c.a == body && c.b == ball);
  }
  EXPECT_TRUE(hit);
  EXPECT_GT(world.State(ball).position.x, 0.5f);
}

TEST(Physics, HeightfieldSupportsProps) {
  PhysicsOptions options;
  options.terrain.kind = TerrainKind::kDunes;
  options.terrain.amplitude = 2.0f;
  options.terrain.flat_radius = 0.0f;
  options.terrain.seed = 3;
  PhysicsWorld world(options);
  const glm::vec3 at(7.0f, 0.0f, 3.0f);
  const float ground = options.terrain.Height(at.x, at.z);
  const int id = world.AddBody(Box({at.x, ground + 1.0f, at.z}, 0.15f, Material::kStone));
  while (world.time() < 4.0) world.Step();
  const BodyState s = world.State(id);
  EXPECT_GT(s.position.y, options.terrain.Height(s.position.x, s.position.z) + 0.05f);
  EXPECT_LT(s.position.y, options.terrain.Height(s.position.x, s.position.z) + 0.3f);
}

TEST(Physics, SameInputsSameMotion) {
  auto run = [] {
    PhysicsWorld world({});
    for (int i = 0; i < 6; ++i) {
      world.AddBody(
          i % 2 ? Ball({0.03f * static_cast<float>(i), 0.5f + 0.3f * static_cast<float>(i), 0.0f})
                : Box({0.0f, 0.5f + 0.3f * static_cast<float>(i), 0.02f * static_cast<float>(i)}));
    }
    while (world.time() < 2.0) world.Step();
    std::vector<float> out;
    for (int id = 1; id < world.body_count(); ++id) {
      const BodyState s = world.State(id);
      out.insert(out.end(), {s.position.x, s.position.y, s.position.z, s.rotation.w, s.rotation.x});
    }
    return out;
  };
  EXPECT_EQ(run(), run());
}

}  // namespace
}  // namespace kinora::engine::world
