#include "engine/world/look.h"

#include <algorithm>
#include <array>
#include <glm/common.hpp>

#include "core/utf8.h"
#include "engine/world/hash.h"
#include "engine/world/palette.h"

namespace kinora::engine::world {
namespace {

using glm::vec3;

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

struct SpeciesRow {
  std::string_view name;
  RigKind rig;
  float height;  // metres (see Proportions::height)
  float length, leg, head, neck, tail, snout;
  vec3 fur, fur2;
  EarShape ears;
};

// clang-format off
constexpr std::array<SpeciesRow, 40> kSpecies = {{
    // name, rig, height, length, leg, head, neck, tail, snout, fur, fur2, ears
    {"dog", RigKind::kQuadruped, 0.55f, 1.3f, 0.55f, 1.0f, 1.0f, 0.6f, 0.6f, {0.58f, 0.4f, 0.24f}, {0.9f, 0.8f, 0.66f}, EarShape::kFloppy},
    {"puppy", RigKind::kQuadruped, 0.3f, 1.25f, 0.5f, 1.25f, 0.8f, 0.5f, 0.45f, {0.7f, 0.52f, 0.32f}, {0.94f, 0.86f, 0.72f}, EarShape::kFloppy},
    {"cat", RigKind::kQuadruped, 0.25f, 1.6f, 0.55f, 1.05f, 0.8f, 1.1f, 0.25f, {0.86f, 0.56f, 0.26f}, {0.98f, 0.9f, 0.78f}, EarShape::kPointy},
    {"kitten", RigKind::kQuadruped, 0.15f, 1.4f, 0.5f, 1.3f, 0.7f, 1.0f, 0.2f, {0.7f, 0.7f, 0.72f}, {0.96f, 0.94f, 0.92f}, EarShape::kPointy},
    {"fox", RigKind::kQuadruped, 0.4f, 1.6f, 0.55f, 1.0f, 0.9f, 1.2f, 0.7f, {0.9f, 0.45f, 0.15f}, {0.98f, 0.95f, 0.9f}, EarShape::kPointy},
    {"wolf", RigKind::kQuadruped, 0.8f, 1.5f, 0.58f, 1.0f, 1.0f, 0.8f, 0.7f, {0.5f, 0.5f, 0.52f}, {0.85f, 0.85f, 0.85f}, EarShape::kPointy},
    {"horse", RigKind::kQuadruped, 1.6f, 1.4f, 0.62f, 1.0f, 1.6f, 0.8f, 1.0f, {0.45f, 0.28f, 0.16f}, {0.2f, 0.12f, 0.08f}, EarShape::kPointy},
    {"cow", RigKind::kQuadruped, 1.4f, 1.6f, 0.5f, 1.0f, 1.0f, 0.7f, 0.7f, {0.95f, 0.95f, 0.92f}, {0.12f, 0.1f, 0.1f}, EarShape::kPointy},
    {"sheep", RigKind::kQuadruped, 0.75f, 1.4f, 0.5f, 0.9f, 0.8f, 0.2f, 0.5f, {0.94f, 0.92f, 0.86f}, {0.2f, 0.18f, 0.18f}, EarShape::kFloppy},
    {"goat", RigKind::kQuadruped, 0.7f, 1.4f, 0.55f, 0.9f, 1.0f, 0.2f, 0.6f, {0.9f, 0.88f, 0.82f}, {0.5f, 0.42f, 0.34f}, EarShape::kPointy},
    {"pig", RigKind::kQuadruped, 0.7f, 1.6f, 0.4f, 1.0f, 0.6f, 0.3f, 0.4f, {0.98f, 0.7f, 0.72f}, {0.95f, 0.6f, 0.64f}, EarShape::kPointy},
    {"rabbit", RigKind::kQuadruped, 0.2f, 1.4f, 0.45f, 1.1f, 0.6f, 0.15f, 0.2f, {0.78f, 0.74f, 0.7f}, {0.98f, 0.96f, 0.94f}, EarShape::kLong},
    {"bear", RigKind::kQuadruped, 1.0f, 1.7f, 0.5f, 1.0f, 0.8f, 0.1f, 0.5f, {0.36f, 0.23f, 0.13f}, {0.55f, 0.4f, 0.28f}, EarShape::kRound},
    {"lion", RigKind::kQuadruped, 1.1f, 1.6f, 0.55f, 1.05f, 0.9f, 0.9f, 0.5f, {0.86f, 0.66f, 0.36f}, {0.6f, 0.36f, 0.16f}, EarShape::kRound},
    {"elephant", RigKind::kQuadruped, 3.0f, 1.3f, 0.6f, 1.0f, 0.5f, 0.4f, 1.0f, {0.55f, 0.55f, 0.58f}, {0.48f, 0.48f, 0.5f}, EarShape::kFloppy},
    {"giraffe", RigKind::kQuadruped, 3.0f, 0.9f, 0.65f, 0.8f, 3.0f, 0.5f, 0.8f, {0.92f, 0.72f, 0.38f}, {0.5f, 0.3f, 0.15f}, EarShape::kPointy},
    {"zebra", RigKind::kQuadruped, 1.4f, 1.4f, 0.6f, 1.0f, 1.4f, 0.7f, 0.9f, {0.95f, 0.95f, 0.95f}, {0.1f, 0.1f, 0.1f}, EarShape::kPointy},
    {"deer", RigKind::kQuadruped, 1.0f, 1.3f, 0.65f, 0.9f, 1.3f, 0.2f, 0.7f, {0.62f, 0.42f, 0.24f}, {0.94f, 0.88f, 0.8f}, EarShape::kPointy},
    {"monkey", RigKind::kQuadruped, 0.5f, 1.2f, 0.55f, 1.2f, 0.6f, 1.2f, 0.3f, {0.45f, 0.3f, 0.18f}, {0.85f, 0.7f, 0.55f}, EarShape::kRound},
    {"kangaroo", RigKind::kQuadruped, 1.2f, 1.1f, 0.55f, 0.9f, 1.0f, 1.2f, 0.6f, {0.7f, 0.5f, 0.35f}, {0.88f, 0.78f, 0.66f}, EarShape::kPointy},
    {"squirrel", RigKind::kQuadruped, 0.12f, 1.5f, 0.45f, 1.1f, 0.6f, 1.4f, 0.3f, {0.6f, 0.35f, 0.18f}, {0.92f, 0.85f, 0.75f}, EarShape::kPointy},
    {"mouse", RigKind::kQuadruped, 0.05f, 1.6f, 0.4f, 1.2f, 0.5f, 1.3f, 0.4f, {0.6f, 0.58f, 0.56f}, {0.9f, 0.85f, 0.85f}, EarShape::kRound},
    {"hamster", RigKind::kQuadruped, 0.06f, 1.4f, 0.3f, 1.2f, 0.4f, 0.1f, 0.2f, {0.86f, 0.62f, 0.36f}, {0.98f, 0.94f, 0.88f}, EarShape::kRound},
    {"raccoon", RigKind::kQuadruped, 0.3f, 1.6f, 0.5f, 1.0f, 0.7f, 1.0f, 0.5f, {0.45f, 0.45f, 0.47f}, {0.12f, 0.12f, 0.13f}, EarShape::kPointy},
    {"turtle", RigKind::kQuadruped, 0.15f, 1.8f, 0.3f, 0.8f, 0.8f, 0.2f, 0.3f, {0.3f, 0.5f, 0.25f}, {0.55f, 0.45f, 0.25f}, EarShape::kNone},
    {"frog", RigKind::kQuadruped, 0.08f, 1.4f, 0.4f, 1.3f, 0.3f, 0.0f, 0.2f, {0.3f, 0.7f, 0.25f}, {0.85f, 0.9f, 0.6f}, EarShape::kNone},
    {"dinosaur", RigKind::kQuadruped, 2.0f, 2.0f, 0.6f, 1.2f, 1.5f, 1.5f, 0.8f, {0.35f, 0.55f, 0.3f}, {0.75f, 0.7f, 0.5f}, EarShape::kNone},
    {"dragon", RigKind::kQuadruped, 2.0f, 1.8f, 0.55f, 1.1f, 1.6f, 1.5f, 0.9f, {0.7f, 0.15f, 0.12f}, {0.95f, 0.75f, 0.3f}, EarShape::kPointy},
    {"bird", RigKind::kBird, 0.2f, 1.0f, 0.0f, 1.0f, 1.0f, 0.5f, 0.3f, {0.3f, 0.55f, 0.9f}, {0.95f, 0.85f, 0.4f}, EarShape::kNone},
    {"parrot", RigKind::kBird, 0.35f, 1.0f, 0.0f, 1.0f, 1.0f, 0.9f, 0.4f, {0.2f, 0.75f, 0.3f}, {0.95f, 0.25f, 0.2f}, EarShape::kNone},
    {"duck", RigKind::kBird, 0.35f, 1.1f, 0.0f, 1.0f, 1.1f, 0.3f, 0.6f, {0.98f, 0.88f, 0.3f}, {1.0f, 0.6f, 0.15f}, EarShape::kNone},
    {"chicken", RigKind::kBird, 0.4f, 1.0f, 0.0f, 1.0f, 0.9f, 0.5f, 0.3f, {0.96f, 0.94f, 0.9f}, {0.9f, 0.2f, 0.15f}, EarShape::kNone},
    {"penguin", RigKind::kBird, 0.6f, 0.8f, 0.0f, 0.9f, 0.6f, 0.2f, 0.4f, {0.12f, 0.12f, 0.16f}, {0.97f, 0.97f, 0.97f}, EarShape::kNone},
    {"butterfly", RigKind::kBird, 0.05f, 0.6f, 0.0f, 0.8f, 0.3f, 0.0f, 0.1f, {0.95f, 0.55f, 0.15f}, {0.1f, 0.1f, 0.1f}, EarShape::kNone},
    {"bee", RigKind::kBird, 0.03f, 0.7f, 0.0f, 0.9f, 0.3f, 0.0f, 0.1f, {0.98f, 0.8f, 0.15f}, {0.1f, 0.1f, 0.1f}, EarShape::kNone},
    {"fish", RigKind::kFish, 0.25f, 1.0f, 0.0f, 1.0f, 1.0f, 0.6f, 0.5f, {1.0f, 0.55f, 0.15f}, {1.0f, 0.92f, 0.85f}, EarShape::kNone},
    {"octopus", RigKind::kFish, 0.6f, 1.0f, 0.0f, 1.4f, 1.0f, 0.3f, 0.2f, {0.85f, 0.35f, 0.45f}, {0.95f, 0.7f, 0.7f}, EarShape::kNone},
    {"snake", RigKind::kFish, 1.5f, 1.0f, 0.0f, 0.6f, 1.0f, 0.3f, 0.3f, {0.35f, 0.5f, 0.2f}, {0.8f, 0.75f, 0.4f}, EarShape::kNone},
    {"tiger", RigKind::kQuadruped, 1.0f, 1.7f, 0.55f, 1.05f, 0.9f, 0.9f, 0.5f, {0.95f, 0.55f, 0.15f}, {0.1f, 0.08f, 0.07f}, EarShape::kRound},
    {"panda", RigKind::kQuadruped, 0.8f, 1.6f, 0.45f, 1.1f, 0.7f, 0.1f, 0.4f, {0.95f, 0.95f, 0.93f}, {0.1f, 0.1f, 0.1f}, EarShape::kRound},
}};

// Breed words: a height in metres (0 keeps the species'), proportions and coat.
struct BreedRow {
  std::string_view keyword;
  float height, length, leg;  // 0 = keep
  vec3 fur, fur2;
  float spots;
};

constexpr std::array<BreedRow, 37> kBreeds = {{
    {"golden", 0.58f, 0.0f, 0.0f, {0.88f, 0.64f, 0.3f}, {0.96f, 0.82f, 0.56f}, 0.0f},
    {"german shepherd", 0.62f, 0.0f, 0.0f, {0.62f, 0.4f, 0.2f}, {0.14f, 0.11f, 0.1f}, 0.0f},
    {"border collie", 0.53f, 0.0f, 0.0f, {0.1f, 0.1f, 0.11f}, {0.96f, 0.96f, 0.95f}, 0.3f},
    {"shiba", 0.38f, 0.0f, 0.0f, {0.86f, 0.5f, 0.22f}, {0.98f, 0.94f, 0.88f}, 0.0f},
    {"black lab", 0.58f, 0.0f, 0.0f, {0.1f, 0.1f, 0.11f}, {0.2f, 0.2f, 0.22f}, 0.0f},
    {"labrador", 0.58f, 0.0f, 0.0f, {0.93f, 0.8f, 0.56f}, {0.98f, 0.9f, 0.72f}, 0.0f},
    {"retriever", 0.58f, 0.0f, 0.0f, {0.88f, 0.64f, 0.3f}, {0.96f, 0.82f, 0.56f}, 0.0f},
    {"corgi", 0.28f, 1.6f, 0.35f, {0.88f, 0.52f, 0.22f}, {0.98f, 0.95f, 0.9f}, 0.0f},
    {"poodle", 0.45f, 1.1f, 0.6f, {0.96f, 0.92f, 0.84f}, {0.98f, 0.95f, 0.9f}, 0.0f},
    {"husky", 0.56f, 0.0f, 0.0f, {0.5f, 0.52f, 0.56f}, {0.96f, 0.96f, 0.96f}, 0.0f},
    {"pug", 0.3f, 1.2f, 0.45f, {0.86f, 0.74f, 0.52f}, {0.2f, 0.16f, 0.14f}, 0.0f},
    {"beagle", 0.38f, 0.0f, 0.0f, {0.62f, 0.38f, 0.18f}, {0.97f, 0.95f, 0.9f}, 0.3f},
    {"dachshund", 0.22f, 2.2f, 0.3f, {0.5f, 0.26f, 0.12f}, {0.6f, 0.34f, 0.16f}, 0.0f},
    {"bulldog", 0.38f, 1.2f, 0.42f, {0.9f, 0.86f, 0.8f}, {0.7f, 0.55f, 0.4f}, 0.3f},
    {"chihuahua", 0.2f, 1.1f, 0.55f, {0.86f, 0.7f, 0.5f}, {0.95f, 0.86f, 0.72f}, 0.0f},
    {"dalmatian", 0.58f, 0.0f, 0.0f, {0.96f, 0.96f, 0.95f}, {0.08f, 0.08f, 0.09f}, 1.0f},
    {"terrier", 0.35f, 1.1f, 0.0f, {0.85f, 0.78f, 0.65f}, {0.45f, 0.32f, 0.2f}, 0.3f},
    {"greyhound", 0.72f, 1.2f, 0.65f, {0.55f, 0.55f, 0.58f}, {0.8f, 0.8f, 0.8f}, 0.0f},
    {"chocolate", 0.0f, 0.0f, 0.0f, {0.36f, 0.2f, 0.1f}, {0.48f, 0.3f, 0.18f}, 0.0f},
    {"tabby", 0.0f, 0.0f, 0.0f, {0.74f, 0.5f, 0.26f}, {0.45f, 0.28f, 0.14f}, 0.0f},
    {"siamese", 0.0f, 0.0f, 0.0f, {0.93f, 0.87f, 0.76f}, {0.32f, 0.22f, 0.16f}, 0.0f},
    {"persian", 0.0f, 0.0f, 0.0f, {0.96f, 0.95f, 0.93f}, {0.9f, 0.86f, 0.82f}, 0.0f},
    {"calico", 0.0f, 0.0f, 0.0f, {0.96f, 0.94f, 0.9f}, {0.88f, 0.5f, 0.2f}, 1.0f},
    {"pony", 1.2f, 0.0f, 0.0f, {0.62f, 0.45f, 0.3f}, {0.3f, 0.2f, 0.12f}, 0.0f},
    {"unicorn", 1.6f, 0.0f, 0.0f, {0.97f, 0.96f, 0.98f}, {0.85f, 0.7f, 0.95f}, 0.0f},
    {"bull", 1.5f, 0.0f, 0.0f, {0.3f, 0.2f, 0.15f}, {0.2f, 0.14f, 0.1f}, 0.0f},
    {"lamb", 0.5f, 0.0f, 0.0f, {0.97f, 0.95f, 0.9f}, {0.9f, 0.85f, 0.8f}, 0.0f},
    {"polar", 1.3f, 0.0f, 0.0f, {0.96f, 0.95f, 0.9f}, {0.9f, 0.88f, 0.82f}, 0.0f},
    {"owl", 0.4f, 0.0f, 0.0f, {0.55f, 0.42f, 0.3f}, {0.88f, 0.8f, 0.66f}, 0.0f},
    {"eagle", 0.6f, 0.0f, 0.0f, {0.35f, 0.22f, 0.12f}, {0.96f, 0.96f, 0.94f}, 0.0f},
    {"pigeon", 0.3f, 0.0f, 0.0f, {0.55f, 0.57f, 0.62f}, {0.4f, 0.55f, 0.5f}, 0.0f},
    {"seagull", 0.35f, 0.0f, 0.0f, {0.95f, 0.95f, 0.95f}, {0.6f, 0.62f, 0.66f}, 0.0f},
    {"hummingbird", 0.08f, 0.0f, 0.0f, {0.2f, 0.65f, 0.45f}, {0.85f, 0.15f, 0.3f}, 0.0f},
    {"shark", 3.0f, 0.0f, 0.0f, {0.45f, 0.5f, 0.56f}, {0.92f, 0.92f, 0.92f}, 0.0f},
    {"dolphin", 2.2f, 0.0f, 0.0f, {0.5f, 0.56f, 0.64f}, {0.9f, 0.9f, 0.92f}, 0.0f},
    {"whale", 8.0f, 0.0f, 0.0f, {0.25f, 0.3f, 0.4f}, {0.8f, 0.8f, 0.82f}, 0.0f},
    {"goldfish", 0.1f, 0.0f, 0.0f, {1.0f, 0.55f, 0.1f}, {1.0f, 0.8f, 0.5f}, 0.0f},
}};

struct ObjectRow {
  std::string_view keyword;
  PropShape shape;
  vec3 size;  // full extents, metres
  vec3 color;
  Material material;
  float mass;  // kilograms
};

constexpr std::array<ObjectRow, 21> kObjects = {{
    {"robot", PropShape::kBox, {0.5f, 1.2f, 0.4f}, {0.75f, 0.76f, 0.8f}, Material::kMetal, 60.0f},
    {"car", PropShape::kCar, {1.8f, 1.45f, 4.2f}, {0.85f, 0.15f, 0.15f}, Material::kMetal, 1300.0f},
    {"truck", PropShape::kCar, {2.2f, 2.4f, 6.0f}, {0.2f, 0.4f, 0.8f}, Material::kMetal, 4000.0f},
    {"balloon", PropShape::kBall, {0.3f, 0.3f, 0.3f}, {0.95f, 0.25f, 0.35f}, Material::kPlastic, 0.01f},
    {"ball", PropShape::kBall, {0.22f, 0.22f, 0.22f}, {0.92f, 0.3f, 0.2f}, Material::kPlastic, 0.43f},
    {"globe", PropShape::kBall, {0.3f, 0.3f, 0.3f}, {0.25f, 0.5f, 0.9f}, Material::kPlastic, 1.0f},
    {"cup", PropShape::kCylinder, {0.08f, 0.1f, 0.08f}, {0.95f, 0.95f, 0.93f}, Material::kGlass, 0.25f},
    {"mug", PropShape::kCylinder, {0.09f, 0.1f, 0.09f}, {0.9f, 0.3f, 0.25f}, Material::kGlass, 0.3f},
    {"coffee", PropShape::kCylinder, {0.08f, 0.1f, 0.08f}, {0.95f, 0.95f, 0.93f}, Material::kGlass, 0.25f},
    {"phone", PropShape::kSlab, {0.075f, 0.009f, 0.15f}, {0.15f, 0.15f, 0.18f}, Material::kGlass, 0.18f},
    {"laptop", PropShape::kSlab, {0.32f, 0.02f, 0.22f}, {0.7f, 0.72f, 0.75f}, Material::kMetal, 1.4f},
    {"book", PropShape::kSlab, {0.16f, 0.03f, 0.24f}, {0.62f, 0.2f, 0.2f}, Material::kCloth, 0.5f},
    {"sign", PropShape::kSlab, {0.6f, 0.9f, 0.04f}, {0.95f, 0.9f, 0.7f}, Material::kWood, 3.0f},
    {"gift", PropShape::kBox, {0.3f, 0.25f, 0.3f}, {0.85f, 0.2f, 0.3f}, Material::kCloth, 1.0f},
    {"box", PropShape::kBox, {0.4f, 0.35f, 0.4f}, {0.8f, 0.62f, 0.38f}, Material::kWood, 2.0f},
    {"skateboard", PropShape::kBoard, {0.2f, 0.1f, 0.8f}, {0.6f, 0.38f, 0.2f}, Material::kWood, 2.5f},
    {"surfboard", PropShape::kBoard, {0.55f, 0.08f, 2.1f}, {0.2f, 0.72f, 0.82f}, Material::kPlastic, 4.0f},
    {"bottle", PropShape::kCylinder, {0.07f, 0.25f, 0.07f}, {0.3f, 0.6f, 0.4f}, Material::kGlass, 0.5f},
    {"chair", PropShape::kBox, {0.45f, 0.9f, 0.45f}, {0.5f, 0.32f, 0.2f}, Material::kWood, 5.0f},
    {"guitar", PropShape::kSlab, {0.38f, 1.0f, 0.1f}, {0.7f, 0.4f, 0.15f}, Material::kWood, 2.5f},
    {"drone", PropShape::kBox, {0.35f, 0.1f, 0.35f}, {0.2f, 0.2f, 0.22f}, Material::kPlastic, 0.9f},
}};
// clang-format on

const SpeciesRow& SpeciesFor(std::string_view species) {
  const std::string lower = core::AsciiLower(species);
  for (const auto& row : kSpecies) {
    if (row.name == lower) return row;
  }
  for (const auto& row : kSpecies) {
    if (!lower.empty() && Contains(lower, row.name)) return row;
  }
  // Unknown animals get a generic mid-sized quadruped.
  static constexpr SpeciesRow kGeneric = {"animal",
                                          RigKind::kQuadruped,
                                          0.5f,
                                          1.4f,
                                          0.55f,
                                          1.0f,
                                          1.0f,
                                          0.6f,
                                          0.5f,
                                          {0.55f, 0.45f, 0.35f},
                                          {0.85f, 0.78f, 0.7f},
                                          EarShape::kPointy};
  return kGeneric;
}

const BreedRow* BreedFor(std::string_view breed, std::string_view species) {
  const std::string text = core::AsciiLower(std::string(breed) + " " + std::string(species));
  for (const auto& row : kBreeds) {
    if (Contains(text, row.keyword)) return &row;
  }
  return nullptr;
}

const ObjectRow& ObjectFor(const CastMember& m) {
  const std::string text = core::AsciiLower(m.name + " " + m.id + " " + m.species);
  for (const auto& row : kObjects) {
    if (Contains(text, row.keyword)) return row;
  }
  return kObjects[14];  // a box
}

AgeClass AgeFrom(std::string_view age) {
  const std::string a = core::AsciiLower(age);
  if (a == "child" || a == "kid" || a == "baby" || a == "toddler") return AgeClass::kChild;
  if (a == "teen" || a == "teenager") return AgeClass::kTeen;
  if (a == "elder" || a == "old" || a == "elderly" || a == "senior") return AgeClass::kElder;
  return AgeClass::kAdult;
}

bool IsTop(std::string_view item) {
  for (std::string_view w :
       {"shirt",   "hoodie",  "jacket", "coat",      "sweater",  "jumper",   "cardigan",
        "blouse",  "polo",    "vest",   "tee",       "parka",    "jersey",   "top",
        "uniform", "tuxedo",  "suit",   "dress",     "gown",     "robe",     "kimono",
        "hanbok",  "saree",   "apron",  "tracksuit", "overalls", "swimsuit", "wetsuit",
        "leotard", "costume", "cape",   "bikini"}) {
    if (Contains(item, w)) return true;
  }
  return false;
}

bool IsBottom(std::string_view item) {
  for (std::string_view w :
       {"jeans", "pants", "trousers", "shorts", "skirt", "leggings", "dress", "gown", "suit",
        "tuxedo", "overalls", "tracksuit", "uniform", "robe", "kimono", "saree", "wetsuit"}) {
    if (Contains(item, w)) return true;
  }
  return false;
}

bool IsHeadwear(std::string_view item) {
  for (std::string_view w :
       {"hat", "cap", "beanie", "helmet", "beret", "fedora", "bandana", "crown", "tiara"}) {
    if (Contains(item, w)) return true;
  }
  return false;
}

bool IsShoes(std::string_view item) {
  for (std::string_view w : {"boots", "sneakers", "shoes", "sandals", "heels", "trainers"}) {
    if (Contains(item, w)) return true;
  }
  return false;
}

void DescribePerson(const CastMember& m, uint64_t h, ParametricLook& look) {
  look.age = AgeFrom(m.looks.age);
  // Heights in metres by age class; the hash picks within the class's range.
  const float u = Unit(h, 1);
  switch (look.age) {
    case AgeClass::kChild: look.body.height = 1.05f + 0.3f * u; break;
    case AgeClass::kTeen: look.body.height = 1.52f + 0.24f * u; break;
    case AgeClass::kAdult: look.body.height = 1.62f + 0.26f * u; break;
    case AgeClass::kElder: look.body.height = 1.58f + 0.2f * u; break;
  }
  look.body.head = look.age == AgeClass::kChild  ? 1.25f
                   : look.age == AgeClass::kTeen ? 1.06f
                                                 : 1.0f;
  const uint64_t build = Mix64(h ^ 2) % 4;
  look.build = build == 0   ? BodyBuild::kSlim
               : build == 3 ? BodyBuild::kSturdy
                            : BodyBuild::kAverage;
  if (look.age == AgeClass::kChild) look.build = BodyBuild::kSlim;
  look.body.girth = look.build == BodyBuild::kSlim     ? 0.88f
                    : look.build == BodyBuild::kSturdy ? 1.18f
                                                       : 1.0f;

  look.skin = SkinToneByName(m.looks.skin).value_or(SkinToneFor(Mix64(h ^ 3)));
  const std::string hair = core::AsciiLower(m.looks.hair);
  const uint64_t hair_hash = Mix64(h ^ 4);
  look.hair_length = 0.15f + 0.85f * static_cast<float>(hair_hash % 3) / 2.0f;
  if (hair == "bald") {
    look.hair_length = 0.0f;
    look.hair = look.skin;
  } else if (auto c = ColorByName(hair)) {
    look.hair = *c;
  } else if (look.age == AgeClass::kElder && hair_hash % 3 != 0) {
    look.hair = vec3(0.78f, 0.78f, 0.8f);
  } else {
    look.hair = HairColorFor(hair_hash >> 8);
  }

  look.top = ClothingColorFor(Mix64(h ^ 5));
  look.bottom = (Mix64(h ^ 6) % 2) ? vec3(0.25f, 0.36f, 0.55f) : ClothingColorFor(Mix64(h ^ 7));
  look.shoes = (Mix64(h ^ 8) % 2) ? vec3(0.95f) : vec3(0.1f, 0.1f, 0.11f);
  bool top_set = false, bottom_set = false;
  for (const OutfitItem& item : m.looks.outfit) {
    const std::string name = core::AsciiLower(item.item);
    const auto color = ColorByName(item.color);
    if (IsHeadwear(name)) {
      look.hat = true;
      if (color) look.accessory = *color;
      continue;
    }
    if (IsShoes(name)) {
      if (color) look.shoes = *color;
      continue;
    }
    const bool full = Contains(name, "dress") || Contains(name, "gown");
    if (full) look.dress = true;
    if (IsTop(name) && !top_set) {
      if (color) look.top = *color;
      top_set = true;
      if (full && color) look.bottom = *color, bottom_set = true;
      continue;
    }
    if ((IsBottom(name) || Contains(name, "skirt")) && !bottom_set) {
      if (Contains(name, "skirt")) look.dress = true;
      if (color) look.bottom = *color;
      bottom_set = true;
    }
  }
  for (const std::string& raw : m.looks.accessories) {
    const std::string a = core::AsciiLower(raw);
    if (Contains(a, "sunglasses") || Contains(a, "goggles")) {
      look.sunglasses = true;
    } else if (Contains(a, "glasses")) {
      look.glasses = true;
    } else if (Contains(a, "gold chain") || Contains(a, "necklace")) {
      look.gold_chain = true;
      look.accessory = vec3(0.9f, 0.72f, 0.2f);
    } else if (Contains(a, "chain")) {
      look.gold_chain = true;
      look.accessory = vec3(0.75f, 0.76f, 0.78f);
    } else if (Contains(a, "crown") || Contains(a, "tiara")) {
      look.hat = true;
      look.accessory = vec3(0.9f, 0.72f, 0.2f);
    }
  }
}

void DescribeAnimal(const CastMember& m, uint64_t h, ParametricLook& look, RigKind& rig) {
  const SpeciesRow& s = SpeciesFor(m.species.empty() ? m.name : m.species);
  rig = s.rig;
  look.species = std::string(s.name);
  look.body.height = s.height;
  look.body.length = s.length;
  look.body.leg = s.leg;
  look.body.head = s.head;
  look.body.neck = s.neck;
  look.body.tail = s.tail;
  look.body.snout = s.snout;
  look.body.wingspan = s.rig == RigKind::kBird ? 1.6f : 0.0f;
  look.fur = s.fur;
  look.fur2 = s.fur2;
  look.ears = s.ears;
  if (const BreedRow* b = BreedFor(m.breed, m.species)) {
    if (b->height > 0) look.body.height = b->height;
    if (b->length > 0) look.body.length = b->length;
    if (b->leg > 0) look.body.leg = b->leg;
    look.fur = b->fur;
    look.fur2 = b->fur2;
    look.spots = b->spots;
  }
  if (look.species == "cow" || look.species == "dalmatian") look.spots = std::max(look.spots, 1.0f);
  // The planner writes an animal's coat colour into looks.hair.
  if (auto coat = ColorByName(m.looks.hair)) look.fur = *coat;
  // A little individual variation in size (±6 %).
  look.body.height *= Between(h, 11, 0.94f, 1.06f);
  look.body.girth = Between(h, 12, 0.92f, 1.1f);
  look.eyes = vec3(0.08f, 0.06f, 0.05f);
  look.has_collar =
      (s.name == "dog" || s.name == "puppy" || s.name == "cat") && (Mix64(h ^ 13) % 3 != 0);
  look.collar = ClothingColorFor(Mix64(h ^ 14));
  for (const OutfitItem& item : m.looks.outfit) {
    if (Contains(core::AsciiLower(item.item), "collar")) {
      look.has_collar = true;
      if (auto c = ColorByName(item.color)) look.collar = *c;
    }
  }
}

void DescribeObject(const CastMember& m, ParametricLook& look) {
  const ObjectRow& row = ObjectFor(m);
  look.shape = row.shape;
  look.size = row.size;
  look.color = row.color;
  look.material = row.material;
  look.mass = row.mass;
  for (const OutfitItem& item : m.looks.outfit) {
    if (auto c = ColorByName(item.color)) {
      look.color = *c;
      break;
    }
  }
  look.body.height = row.size.y;
}

}  // namespace

std::string_view Name(RigKind rig) {
  switch (rig) {
    case RigKind::kHumanoid: return "humanoid";
    case RigKind::kQuadruped: return "quadruped";
    case RigKind::kBird: return "bird";
    case RigKind::kFish: return "fish";
    case RigKind::kRigid: return "rigid";
  }
  return "unknown";
}

core::Status CheckCapturedLook(const CapturedLook& look) {
  if (look.frames.empty()) return core::InvalidArgument("captured look has no frames", "frames");
  if (look.mattes.size() != look.frames.size()) {
    return core::InvalidArgument("captured look needs one matte per frame (" +
                                     std::to_string(look.frames.size()) + " frames, " +
                                     std::to_string(look.mattes.size()) + " mattes)",
                                 "mattes");
  }
  for (size_t i = 0; i < look.frames.size(); ++i) {
    const auto& f = look.frames[i];
    const auto& m = look.mattes[i];
    const std::string path = "frames[" + std::to_string(i) + "]";
    if (f.width <= 0 || f.height <= 0 ||
        f.pixels.size() != static_cast<size_t>(f.width) * static_cast<size_t>(f.height) * 4) {
      return core::InvalidArgument(path + " has an inconsistent size", path);
    }
    if (m.width != f.width || m.height != f.height ||
        m.pixels.size() != static_cast<size_t>(m.width) * static_cast<size_t>(m.height)) {
      return core::InvalidArgument("mattes[" + std::to_string(i) + "] must be " +
                                       std::to_string(f.width) + "x" + std::to_string(f.height),
                                   "mattes[" + std::to_string(i) + "]");
    }
  }
  if (!(look.height >= 0.02f && look.height <= 20.0f)) {
    return core::InvalidArgument("captured look height must be within 0.02–20 m", "height");
  }
  return core::Ok();
}

CastAppearance AppearanceFor(const Storyboard& storyboard, const CastMember& member) {
  CastAppearance out;
  out.cast_id = member.id;
  const uint64_t h = HashOf(storyboard.seed, "look:" + member.id);
  if (member.kind == "animal") {
    DescribeAnimal(member, h, out.look, out.rig);
  } else if (member.kind == "object") {
    out.rig = RigKind::kRigid;
    DescribeObject(member, out.look);
  } else {
    out.rig = RigKind::kHumanoid;
    DescribePerson(member, h, out.look);
  }
  return out;
}

CastAppearances BuildAppearances(
    const Storyboard& storyboard,
    const std::map<std::string, std::shared_ptr<const CapturedLook>>& captured) {
  CastAppearances out;
  for (const CastMember& member : storyboard.cast) {
    CastAppearance a = AppearanceFor(storyboard, member);
    auto it = captured.find(member.id);
    if (it != captured.end() && it->second != nullptr) {
      a.captured = it->second;
      a.rig = it->second->rig;
      a.look.body.height = std::clamp(it->second->height, 0.02f, 20.0f);
    }
    out.emplace(member.id, std::move(a));
  }
  return out;
}

}  // namespace kinora::engine::world
