#include "engine/world/scene_places.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "engine/world/hash.h"
#include "engine/world/motion.h"

namespace kinora::engine::world {
namespace {

using glm::quat;
using glm::vec3;
using motion::Rx;
using motion::Ry;
using motion::Rz;

const quat kUpright{1.0f, 0.0f, 0.0f, 0.0f};

struct Dresser {
  ShotScene& scene;
  uint64_t hash;
  const Environment& env;

  float Ground(float x, float z) const { return env.GroundHeight(x, z); }

  // A box standing on the ground at (x, z): `size` full extents.
  void Box(std::string name, float x, float z, vec3 size, Material m, vec3 color, float lift = 0.0f,
           quat rotation = kUpright) {
    const float y = Ground(x, z) + lift + 0.5f * size.y;
    scene.structures.push_back({std::move(name), {x, y, z}, 0.5f * size, rotation, m, color});
  }

  void Walls(vec3 color, Material m, float back, float half_width, bool sides) {
    Box("back wall", 0.0f, back - 0.1f, {2 * half_width, 3.0f, 0.2f}, m, color);
    if (!sides) return;
    Box("left wall", -half_width - 0.1f, back / 2 + 2.0f, {0.2f, 3.0f, std::fabs(back) + 6.0f}, m,
        color);
    Box("right wall", half_width + 0.1f, back / 2 + 2.0f, {0.2f, 3.0f, std::fabs(back) + 6.0f}, m,
        color);
  }

  void Prop(std::string name, PropShape shape, vec3 size, Material m, float mass, vec3 color,
            float x, float z, float support_lift = 0.0f) {
    scene.props.push_back(RestingProp(std::move(name), shape, size, m, mass, color, {x, 0, z},
                                      Ground(x, z) + support_lift));
  }

  float Rand(uint64_t salt, float lo, float hi) const { return Between(hash, salt, lo, hi); }

  // Scattered things on a ring around the cast, kept out of the area in
  // front of the camera.
  template <typename Add>
  void Scatter(int count, float r0, float r1, uint64_t salt, Add add) const {
    for (int i = 0; i < count; ++i) {
      const float a =
          motion::kPi * (0.15f + 0.7f * Unit(hash, salt + 2 * static_cast<uint64_t>(i)));
      const float r = Rand(salt + 2 * static_cast<uint64_t>(i) + 1, r0, r1);
      const float x = -r * std::cos(a);
      const float z = -r * std::sin(a);
      add(i, x, z);
    }
  }
};

}  // namespace

PropSpec RestingProp(std::string name, PropShape shape, vec3 size, Material material, float mass,
                     vec3 color, vec3 at_xz, float support) {
  PropSpec p;
  p.name = std::move(name);
  p.shape = shape;
  p.size = size;
  p.material = material;
  p.mass = mass;
  p.color = color;
  const float half = shape == PropShape::kBall ? 0.5f * size.x : 0.5f * size.y;
  p.position = {at_xz.x, support + half + 0.001f, at_xz.z};
  return p;
}

Structure SeatFor(const Environment& env, vec3 mark, float yaw, float height, float depth_back) {
  const vec3 fwd = motion::Forward(yaw);
  Structure s;
  const bool outdoor = !env.indoor;
  const bool rough = env.place == "forest" || env.place == "mountains" || env.place == "desert" ||
                     env.place == "space" || env.place == "snowfield";
  s.name = rough ? "rock seat" : outdoor ? "bench" : "chair";
  s.material = rough ? Material::kStone : Material::kWood;
  s.color = rough ? vec3(0.5f, 0.48f, 0.45f) : vec3(0.45f, 0.3f, 0.18f);
  const float half_depth = 0.22f;
  const vec3 c = mark - fwd * (depth_back + half_depth - 0.08f);
  const float ground = env.GroundHeight(c.x, c.z);
  s.half_extents = {outdoor ? 0.8f : 0.24f, 0.5f * height, half_depth};
  s.center = {c.x, ground + 0.5f * height, c.z};
  s.rotation = Ry(yaw);
  return s;
}

void DressPlace(ShotScene& scene, uint64_t hash) {
  const Environment& env = scene.environment;
  Dresser d{scene, hash, env};
  const std::string& place = env.place;
  const vec3 wood(0.55f, 0.37f, 0.22f), dark_wood(0.32f, 0.2f, 0.12f), wall(0.86f, 0.84f, 0.8f);
  const vec3 stone(0.5f, 0.48f, 0.45f), metal(0.7f, 0.72f, 0.75f), white(0.95f);
  if (place == "studio") {
    d.Box("cyclorama", 0.0f, -5.3f, {16.0f, 5.0f, 0.2f}, Material::kConcrete, {0.9f, 0.9f, 0.92f});
    d.Prop("stool", PropShape::kCylinder, {0.36f, 0.65f, 0.36f}, Material::kWood, 4.0f, wood, 3.2f,
           -1.5f);
  } else if (place == "beach") {
    d.Prop("beach ball", PropShape::kBall, vec3(0.4f), Material::kPlastic, 0.2f,
           {0.95f, 0.3f, 0.3f}, 2.6f, -1.2f);
    d.Prop("bucket", PropShape::kCylinder, {0.22f, 0.22f, 0.22f}, Material::kPlastic, 0.4f,
           {0.2f, 0.5f, 0.95f}, -2.4f, 0.9f);
    d.Box("umbrella pole", -4.0f, -2.0f, {0.05f, 2.2f, 0.05f}, Material::kWood, white);
  } else if (place == "city street") {
    for (int side = -1; side <= 1; side += 2) {
      d.Box(side < 0 ? "left curb" : "right curb", 5.0f * static_cast<float>(side), -10.0f,
            {1.6f, 0.15f, 50.0f}, Material::kConcrete, {0.6f, 0.6f, 0.62f});
      float z = 6.0f;
      for (int i = 0; i < 6; ++i) {
        const float depth = d.Rand(
            10 + static_cast<uint64_t>(i) * 3 + static_cast<uint64_t>(side + 1), 7.0f, 12.0f);
        const float height = d.Rand(
            40 + static_cast<uint64_t>(i) * 3 + static_cast<uint64_t>(side + 1), 8.0f, 26.0f);
        d.Box(
            "building", 10.0f * static_cast<float>(side), z - depth / 2,
            {9.0f, height, depth - 0.5f}, Material::kConcrete,
            glm::mix(vec3(0.45f, 0.48f, 0.58f), wall, d.Rand(70 + static_cast<uint64_t>(i), 0, 1)));
        z -= depth;
      }
    }
    d.Prop("trash can", PropShape::kCylinder, {0.55f, 0.9f, 0.55f}, Material::kMetal, 15.0f,
           {0.3f, 0.35f, 0.3f}, 4.6f, -2.0f, 0.15f);
    d.Prop("cardboard box", PropShape::kBox, {0.45f, 0.35f, 0.4f}, Material::kCloth, 1.0f,
           {0.75f, 0.6f, 0.4f}, -4.4f, -1.0f, 0.15f);
  } else if (place == "park") {
    d.Box("bench", 3.8f, -2.8f, {1.8f, 0.45f, 0.5f}, Material::kWood, wood);
    d.Box("tree", -4.5f, -4.5f, {0.45f, 4.0f, 0.45f}, Material::kWood, dark_wood);
    d.Prop("ball", PropShape::kBall, vec3(0.22f), Material::kPlastic, 0.43f, white, 1.6f, 0.9f);
  } else if (place == "newsroom") {
    d.Walls({0.12f, 0.16f, 0.3f}, Material::kGlass, -3.0f, 6.0f, true);
    d.Box("anchor desk", 0.0f, 0.8f, {3.2f, 0.76f, 0.7f}, Material::kWood, {0.15f, 0.18f, 0.25f});
    d.Prop("papers", PropShape::kSlab, {0.21f, 0.01f, 0.3f}, Material::kCloth, 0.05f, white, 0.6f,
           0.8f, 0.76f);
    d.Prop("mug", PropShape::kCylinder, {0.09f, 0.1f, 0.09f}, Material::kGlass, 0.3f,
           {0.9f, 0.3f, 0.25f}, -0.9f, 0.75f, 0.76f);
  } else if (place == "skate park") {
    for (int side = -1; side <= 1; side += 2) {
      d.Box("ramp", 7.5f * static_cast<float>(side), -2.0f, {4.0f, 0.1f, 3.0f}, Material::kConcrete,
            {0.7f, 0.7f, 0.72f}, 0.8f, Rz(-0.4f * static_cast<float>(side)));
    }
    d.Box("grind rail", 0.0f, -4.5f, {4.0f, 0.06f, 0.06f}, Material::kMetal, metal, 0.4f);
    d.Prop("traffic cone", PropShape::kCylinder, {0.3f, 0.5f, 0.3f}, Material::kPlastic, 1.0f,
           {1.0f, 0.45f, 0.1f}, -3.2f, -2.2f);
  } else if (place == "lake") {
    d.Box("dock", 3.0f, -6.0f, {1.6f, 0.12f, 6.0f}, Material::kWood, wood, 0.0f);
    if (env.water_level) {
      PropSpec buoy = RestingProp("buoy", PropShape::kBall, vec3(0.5f), Material::kPlastic, 2.0f,
                                  {0.95f, 0.4f, 0.1f}, {-3.0f, 0, -10.0f}, *env.water_level - 0.2f);
      scene.props.push_back(buoy);
    }
  } else if (place == "stadium") {
    const float goal_z = -22.0f;
    d.Box("goal post left", -3.66f, goal_z, {0.12f, 2.44f, 0.12f}, Material::kMetal, white);
    d.Box("goal post right", 3.66f, goal_z, {0.12f, 2.44f, 0.12f}, Material::kMetal, white);
    d.Box("crossbar", 0.0f, goal_z, {7.44f, 0.12f, 0.12f}, Material::kMetal, white, 2.38f);
    d.Box("stand", 0.0f, -40.0f, {60.0f, 12.0f, 10.0f}, Material::kConcrete, {0.35f, 0.36f, 0.45f});
    d.Box("ad boards", 0.0f, -30.0f, {50.0f, 1.0f, 0.2f}, Material::kPlastic, {0.2f, 0.4f, 0.85f});
    d.Prop("ball", PropShape::kBall, vec3(0.22f), Material::kPlastic, 0.43f, white, 1.3f, 1.0f);
  } else if (place == "gym") {
    d.Walls({0.76f, 0.72f, 0.68f}, Material::kConcrete, -8.0f, 8.0f, true);
    d.Box("mat", 0.0f, -2.5f, {4.0f, 0.05f, 3.0f}, Material::kCloth, {0.2f, 0.35f, 0.7f});
    d.Box("wall bars", -5.0f, -7.7f, {2.0f, 2.6f, 0.1f}, Material::kWood, wood);
    d.Prop("medicine ball", PropShape::kBall, vec3(0.34f), Material::kCloth, 4.0f,
           {0.6f, 0.2f, 0.15f}, 3.0f, -1.5f);
    PropSpec bell =
        RestingProp("dumbbell", PropShape::kCylinder, {0.12f, 0.35f, 0.12f}, Material::kMetal, 5.0f,
                    {0.2f, 0.2f, 0.22f}, {-3.0f, 0, -1.0f}, 0.0f);
    bell.rotation = Rz(motion::kPi / 2);
    bell.position.y = 0.061f;
    scene.props.push_back(bell);
  } else if (place == "forest" || place == "snowfield" || place == "mountains") {
    const bool trees = place != "mountains";
    d.Scatter(place == "forest" ? 9 : 5, 5.0f, 14.0f, 100, [&](int i, float x, float z) {
      if (trees && i % 3 != 2) {
        d.Box("tree", x, z, {0.4f, 5.0f, 0.4f}, Material::kWood, dark_wood);
      } else {
        const float s = d.Rand(300 + static_cast<uint64_t>(i), 0.5f, 1.6f);
        d.Box("rock", x, z, {s, 0.6f * s, 0.8f * s}, Material::kStone, stone, -0.1f,
              Ry(static_cast<float>(i)));
      }
    });
    if (place == "forest") {
      PropSpec log =
          RestingProp("log", PropShape::kCylinder, {0.36f, 1.5f, 0.36f}, Material::kWood, 30.0f,
                      dark_wood, {-2.8f, 0, -1.8f}, env.GroundHeight(-2.8f, -1.8f));
      log.rotation = Rz(motion::kPi / 2);
      log.position.y = env.GroundHeight(-2.8f, -1.8f) + 0.181f;
      scene.props.push_back(log);
    } else if (place == "snowfield") {
      d.Prop("snowball", PropShape::kBall, vec3(0.2f), Material::kSnow, 0.5f, white, 1.8f, 0.8f);
    } else {
      d.Prop("stone", PropShape::kBox, {0.3f, 0.2f, 0.25f}, Material::kStone, 12.0f, stone, 2.4f,
             -1.4f);
    }
  } else if (place == "kitchen") {
    d.Walls({0.94f, 0.91f, 0.83f}, Material::kStone, -2.6f, 5.0f, true);
    d.Box("counter", 0.0f, -2.15f, {5.0f, 0.9f, 0.6f}, Material::kStone, {0.85f, 0.84f, 0.8f});
    d.Box("upper cabinets", 0.0f, -2.3f, {5.0f, 0.7f, 0.35f}, Material::kWood, wood, 1.5f);
    d.Box("fridge", -3.6f, -2.1f, {0.8f, 1.8f, 0.7f}, Material::kMetal, metal);
    d.Prop("cup", PropShape::kCylinder, {0.08f, 0.1f, 0.08f}, Material::kGlass, 0.25f, white, 0.6f,
           -2.05f, 0.9f);
    d.Prop("apple", PropShape::kBall, vec3(0.08f), Material::kFlesh, 0.15f, {0.8f, 0.1f, 0.1f},
           -0.4f, -2.0f, 0.9f);
    d.Prop("pan", PropShape::kCylinder, {0.28f, 0.05f, 0.28f}, Material::kMetal, 1.2f,
           {0.2f, 0.2f, 0.22f}, 1.6f, -2.1f, 0.9f);
  } else if (place == "office") {
    d.Walls({0.86f, 0.87f, 0.88f}, Material::kConcrete, -3.2f, 5.5f, true);
    d.Box("desk", 2.2f, -1.6f, {1.6f, 0.74f, 0.8f}, Material::kWood, wood);
    d.Box("bookshelf", -3.5f, -2.9f, {1.2f, 2.0f, 0.4f}, Material::kWood, dark_wood);
    d.Prop("mug", PropShape::kCylinder, {0.09f, 0.1f, 0.09f}, Material::kGlass, 0.3f, white, 1.8f,
           -1.5f, 0.74f);
    d.Prop("laptop", PropShape::kSlab, {0.32f, 0.02f, 0.22f}, Material::kMetal, 1.4f, metal, 2.4f,
           -1.7f, 0.74f);
    d.Prop("book", PropShape::kSlab, {0.16f, 0.03f, 0.24f}, Material::kCloth, 0.5f,
           {0.6f, 0.2f, 0.2f}, 2.8f, -1.4f, 0.74f);
  } else if (place == "stage") {
    d.Box("curtain", 0.0f, -4.2f, {14.0f, 6.0f, 0.3f}, Material::kCloth, {0.62f, 0.08f, 0.12f});
    d.Box("speaker left", -4.5f, -2.5f, {0.8f, 1.4f, 0.6f}, Material::kWood, {0.1f, 0.1f, 0.11f});
    d.Box("speaker right", 4.5f, -2.5f, {0.8f, 1.4f, 0.6f}, Material::kWood, {0.1f, 0.1f, 0.11f});
    d.Prop("mic stand", PropShape::kCylinder, {0.06f, 1.5f, 0.06f}, Material::kMetal, 3.0f,
           {0.1f, 0.1f, 0.1f}, 2.2f, -1.2f);
  } else if (place == "space") {
    d.Box("flag pole", 2.8f, -2.5f, {0.04f, 1.8f, 0.04f}, Material::kMetal, metal);
    d.Box("lander", -6.0f, -7.0f, {3.0f, 2.5f, 3.0f}, Material::kMetal, {0.85f, 0.75f, 0.4f});
    d.Prop("moon rock", PropShape::kBox, {0.35f, 0.25f, 0.3f}, Material::kStone, 10.0f, stone, 1.9f,
           -1.2f);
  } else if (place == "desert") {
    d.Box("cactus", 4.5f, -5.0f, {0.35f, 2.4f, 0.35f}, Material::kWood, {0.3f, 0.55f, 0.3f});
    d.Box("rock", -5.0f, -4.0f, {1.4f, 0.8f, 1.0f}, Material::kStone, {0.7f, 0.5f, 0.35f}, -0.1f);
    d.Prop("stone", PropShape::kBox, {0.25f, 0.18f, 0.22f}, Material::kStone, 8.0f,
           {0.7f, 0.5f, 0.35f}, 2.2f, -1.0f);
  } else if (place == "living room") {
    d.Walls({0.86f, 0.78f, 0.66f}, Material::kConcrete, -3.0f, 5.0f, true);
    d.Box("sofa seat", 0.0f, -2.3f, {2.2f, 0.45f, 0.9f}, Material::kCloth, {0.35f, 0.46f, 0.62f});
    d.Box("sofa back", 0.0f, -2.75f, {2.2f, 0.5f, 0.25f}, Material::kCloth, {0.35f, 0.46f, 0.62f},
          0.45f);
    d.Box("coffee table", 2.6f, -1.2f, {1.0f, 0.42f, 0.6f}, Material::kWood, wood);
    d.Prop("cushion", PropShape::kBox, {0.4f, 0.12f, 0.4f}, Material::kCloth, 0.3f,
           {0.9f, 0.7f, 0.3f}, 0.6f, -2.3f, 0.45f);
    d.Prop("remote", PropShape::kSlab, {0.05f, 0.02f, 0.18f}, Material::kPlastic, 0.15f,
           {0.1f, 0.1f, 0.1f}, 2.5f, -1.2f, 0.42f);
  } else if (place == "classroom") {
    d.Walls({0.9f, 0.88f, 0.76f}, Material::kConcrete, -4.0f, 6.0f, true);
    d.Box("blackboard", 0.0f, -3.85f, {4.0f, 1.2f, 0.05f}, Material::kStone, {0.16f, 0.32f, 0.25f},
          0.9f);
    for (int i = 0; i < 4; ++i) {
      const float x = i < 2 ? -3.6f : 3.6f;
      const float z = (i % 2 == 0) ? -1.0f : -2.6f;
      d.Box("school desk", x, z, {1.2f, 0.72f, 0.6f}, Material::kWood, wood);
    }
    d.Prop("book", PropShape::kSlab, {0.16f, 0.03f, 0.24f}, Material::kCloth, 0.5f,
           {0.2f, 0.3f, 0.7f}, -3.6f, -1.0f, 0.72f);
    d.Prop("apple", PropShape::kBall, vec3(0.08f), Material::kFlesh, 0.15f, {0.8f, 0.1f, 0.1f},
           3.6f, -1.0f, 0.72f);
  } else if (place == "restaurant") {
    d.Walls({0.62f, 0.3f, 0.24f}, Material::kWood, -4.0f, 6.0f, true);
    for (int side = -1; side <= 1; side += 2) {
      const float x = 3.0f * static_cast<float>(side);
      d.Box("table", x, -1.6f, {0.9f, 0.75f, 0.9f}, Material::kWood, dark_wood);
      d.Prop("plate", PropShape::kCylinder, {0.26f, 0.02f, 0.26f}, Material::kGlass, 0.5f, white, x,
             -1.6f, 0.75f);
      d.Prop("glass", PropShape::kCylinder, {0.07f, 0.12f, 0.07f}, Material::kGlass, 0.2f, white,
             x + 0.25f, -1.8f, 0.75f);
    }
  } else if (place == "underwater") {
    d.Scatter(6, 4.0f, 12.0f, 500, [&](int i, float x, float z) {
      const float s = d.Rand(600 + static_cast<uint64_t>(i), 0.6f, 2.0f);
      d.Box(i % 2 ? "coral" : "rock", x, z, {s, s, 0.8f * s}, Material::kStone,
            i % 2 ? vec3(0.95f, 0.5f, 0.45f) : stone, -0.1f);
    });
    d.Prop("treasure chest", PropShape::kBox, {0.6f, 0.4f, 0.4f}, Material::kWood, 120.0f,
           dark_wood, 2.4f, -1.8f);
  }
}

}  // namespace kinora::engine::world
