#include "engine/render/scene_tables.h"

#include <algorithm>
#include <array>
#include <glm/common.hpp>
#include <string>

#include "core/utf8.h"
#include "engine/world/palette.h"

namespace kinora::engine::render {
namespace {

using glm::vec3;

// Exact match first, then the first entry whose key occurs inside `name`
// ("skate park" → "park" only if "skate park" had no row of its own).
template <typename Row, size_t N, typename Key>
const Row* Find(const std::array<Row, N>& table, std::string_view name, Key key) {
  const std::string lower = core::AsciiLower(name);
  for (const Row& row : table) {
    if (key(row) == lower) return &row;
  }
  for (const Row& row : table) {
    if (!key(row).empty() && lower.find(key(row)) != std::string::npos) return &row;
  }
  return nullptr;
}

// Place → layout and palette. Rows name the storyboard vocabulary (kPlaces).
// clang-format off
constexpr std::array<PlaceLook, 21> kPlaceTable = {{
    {"studio", Layout::kStudio, Variant::kPlain, true, {0.78f, 0.78f, 0.8f}, {0.7f, 0.7f, 0.73f},
     {0.86f, 0.86f, 0.88f}, {1.0f, 0.97f, 0.9f}},
    {"beach", Layout::kBeach, Variant::kPlain, false, {0.94f, 0.83f, 0.62f}, {0.9f, 0.78f, 0.56f},
     {0.08f, 0.4f, 0.62f}, {0.3f, 0.75f, 0.8f}},
    {"park", Layout::kPark, Variant::kPlain, false, {0.4f, 0.7f, 0.3f}, {0.32f, 0.58f, 0.28f},
     {0.2f, 0.42f, 0.22f}, {0.42f, 0.29f, 0.18f}},
    {"skate park", Layout::kPark, Variant::kSkatePark, false, {0.72f, 0.72f, 0.74f},
     {0.62f, 0.62f, 0.65f}, {0.22f, 0.44f, 0.24f}, {0.55f, 0.57f, 0.62f}},
    {"forest", Layout::kForest, Variant::kPlain, false, {0.3f, 0.46f, 0.2f}, {0.22f, 0.36f, 0.18f},
     {0.12f, 0.3f, 0.16f}, {0.36f, 0.24f, 0.14f}},
    {"city street", Layout::kCity, Variant::kPlain, false, {0.3f, 0.3f, 0.33f},
     {0.4f, 0.4f, 0.42f}, {0.45f, 0.48f, 0.58f}, {1.0f, 0.84f, 0.5f}},
    {"mountains", Layout::kMountains, Variant::kPlain, false, {0.46f, 0.62f, 0.32f},
     {0.4f, 0.52f, 0.32f}, {0.42f, 0.48f, 0.62f}, {0.95f, 0.96f, 1.0f}},
    {"lake", Layout::kMountains, Variant::kLake, false, {0.42f, 0.62f, 0.3f}, {0.36f, 0.52f, 0.3f},
     {0.4f, 0.5f, 0.62f}, {0.22f, 0.5f, 0.68f}},
    {"snowfield", Layout::kMountains, Variant::kSnowfield, false, {0.95f, 0.96f, 1.0f},
     {0.84f, 0.88f, 0.95f}, {0.6f, 0.66f, 0.78f}, {0.97f, 0.98f, 1.0f}},
    {"desert", Layout::kDesert, Variant::kPlain, false, {0.92f, 0.74f, 0.5f},
     {0.86f, 0.64f, 0.42f}, {0.82f, 0.6f, 0.4f}, {0.3f, 0.55f, 0.3f}},
    {"stadium", Layout::kStadium, Variant::kPlain, false, {0.3f, 0.62f, 0.28f},
     {0.26f, 0.52f, 0.25f}, {0.3f, 0.32f, 0.4f}, {0.95f, 0.95f, 0.95f}},
    {"space", Layout::kSpace, Variant::kPlain, false, {0.58f, 0.58f, 0.6f}, {0.45f, 0.45f, 0.48f},
     {0.02f, 0.02f, 0.06f}, {0.35f, 0.55f, 0.9f}},
    {"underwater", Layout::kUnderwater, Variant::kPlain, true, {0.86f, 0.78f, 0.56f},
     {0.5f, 0.6f, 0.55f}, {0.04f, 0.3f, 0.5f}, {0.3f, 0.8f, 0.85f}},
    {"stage", Layout::kStage, Variant::kPlain, true, {0.48f, 0.32f, 0.2f}, {0.36f, 0.23f, 0.15f},
     {0.62f, 0.08f, 0.12f}, {1.0f, 0.95f, 0.8f}},
    {"kitchen", Layout::kRoom, Variant::kKitchen, true, {0.78f, 0.72f, 0.62f},
     {0.7f, 0.64f, 0.56f}, {0.94f, 0.91f, 0.83f}, {0.78f, 0.88f, 0.92f}},
    {"office", Layout::kRoom, Variant::kOffice, true, {0.4f, 0.42f, 0.48f}, {0.36f, 0.38f, 0.44f},
     {0.86f, 0.87f, 0.88f}, {0.6f, 0.62f, 0.66f}},
    {"newsroom", Layout::kRoom, Variant::kNewsroom, true, {0.2f, 0.22f, 0.3f},
     {0.16f, 0.18f, 0.25f}, {0.1f, 0.16f, 0.34f}, {0.25f, 0.58f, 0.98f}},
    {"living room", Layout::kRoom, Variant::kLivingRoom, true, {0.56f, 0.38f, 0.24f},
     {0.48f, 0.32f, 0.2f}, {0.86f, 0.78f, 0.66f}, {0.35f, 0.46f, 0.62f}},
    {"classroom", Layout::kRoom, Variant::kClassroom, true, {0.7f, 0.6f, 0.45f},
     {0.62f, 0.52f, 0.4f}, {0.9f, 0.88f, 0.76f}, {0.16f, 0.32f, 0.25f}},
    {"restaurant", Layout::kRoom, Variant::kRestaurant, true, {0.42f, 0.27f, 0.18f},
     {0.36f, 0.22f, 0.15f}, {0.62f, 0.3f, 0.24f}, {1.0f, 0.8f, 0.5f}},
    {"gym", Layout::kRoom, Variant::kGym, true, {0.82f, 0.64f, 0.42f}, {0.74f, 0.56f, 0.36f},
     {0.76f, 0.72f, 0.68f}, {0.95f, 0.95f, 0.95f}},
}};
// clang-format on

// clang-format off
constexpr std::array<SkyLook, 7> kSkyTable = {{
    {"dawn", {0.36f, 0.42f, 0.66f}, {0.98f, 0.72f, 0.6f}, {1.0f, 0.84f, 0.62f}, -0.14f, 0.06f,
     0.15f, {0.95f, 0.84f, 0.8f}, 3.0f},
    {"morning", {0.34f, 0.6f, 0.92f}, {0.78f, 0.88f, 0.98f}, {1.0f, 0.97f, 0.88f}, -0.12f, 0.3f,
     0.0f, {1.0f, 0.98f, 0.94f}, 25.0f},
    {"noon", {0.2f, 0.48f, 0.92f}, {0.68f, 0.84f, 1.0f}, {1.0f, 1.0f, 0.94f}, 0.1f, 0.46f, 0.0f,
     {1.0f, 1.0f, 1.0f}, 62.0f},
    {"afternoon", {0.26f, 0.5f, 0.88f}, {0.84f, 0.88f, 0.92f}, {1.0f, 0.94f, 0.8f}, 0.14f, 0.3f,
     0.0f, {1.0f, 0.96f, 0.9f}, 35.0f},
    {"sunset", {0.72f, 0.4f, 0.55f}, {1.0f, 0.58f, 0.28f}, {1.0f, 0.62f, 0.3f}, 0.08f, 0.07f,
     0.05f, {1.0f, 0.78f, 0.62f}, 3.0f},
    {"dusk", {0.12f, 0.15f, 0.36f}, {0.72f, 0.45f, 0.52f}, {0.95f, 0.93f, 0.86f}, -0.1f, 0.34f,
     0.55f, {0.62f, 0.6f, 0.76f}, -4.0f},
    {"night", {0.02f, 0.035f, 0.11f}, {0.07f, 0.12f, 0.26f}, {0.95f, 0.95f, 0.88f}, -0.1f, 0.36f,
     1.0f, {0.42f, 0.48f, 0.7f}, -30.0f},
}};
// clang-format on

// clang-format off
constexpr std::array<WeatherLook, 6> kWeatherTable = {{
    {"clear", 2.5f, 0, 0.3f, 0.0f, 1.0f, 0.0f, 1.0f},
    {"cloudy", 4.5f, 0, 0.85f, 0.45f, 0.86f, 0.05f, 1.0f},
    {"rain", 7.0f, 1, 1.0f, 0.7f, 0.66f, 0.2f, 1.5f},
    {"snow", 6.0f, 2, 0.9f, 0.6f, 0.88f, 0.25f, 0.7f},
    {"fog", 10.0f, 0, 0.4f, 0.6f, 0.9f, 0.75f, 0.5f},
    {"wind", 3.0f, 0, 0.55f, 0.1f, 1.0f, 0.0f, 4.0f},
}};
// clang-format on

// id: 0 realistic, 1 anime, 2 cartoon, 3 claymation, 4 noir, 5 watercolor,
// 6 painting, 7 pixel art, 8 vintage film.
// clang-format off
constexpr std::array<StyleLook, 9> kStyleTable = {{
    {"realistic", 0, false, 0.0f, 1.0f, 1.0f, 0.012f, 0.25f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.5f},
    {"anime", 1, true, 2.2f, 1.2f, 1.05f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f},
    {"cartoon", 2, true, 3.6f, 1.35f, 1.1f, 0.0f, 0.0f, 12.0f, 0.0f, 0.0f, 0.0f, 0.0f, 0.0f},
    {"claymation", 3, false, 0.0f, 1.4f, 0.95f, 0.02f, 0.3f, 0.0f, 0.0f, 0.35f, 0.0f, 0.0f, 0.0f},
    {"noir", 4, false, 0.0f, 0.0f, 1.2f, 0.06f, 0.55f, 0.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.5f},
    {"watercolor", 5, false, 0.0f, 0.8f, 0.85f, 0.0f, 0.1f, 0.0f, 0.0f, 1.0f, 0.0f, 0.0f, 0.0f},
    {"painting", 6, false, 0.0f, 1.1f, 1.0f, 0.0f, 0.2f, 0.0f, 0.0f, 0.7f, 0.0f, 0.0f, 0.0f},
    {"pixel art", 7, true, 0.0f, 1.2f, 1.05f, 0.0f, 0.0f, 7.0f, 1.0f / 160.0f, 0.0f, 0.0f, 0.0f, 0.0f},
    {"vintage film", 8, false, 0.0f, 0.6f, 1.1f, 0.08f, 0.75f, 0.0f, 0.0f, 0.0f, 0.0f, 1.0f, 0.5f},
}};
// clang-format on

// species, shape, fur, fur2, height, legs, length, ears, snout, tail, spots
// clang-format off
constexpr std::array<SpeciesLook, 19> kSpeciesTable = {{
    {"dog", AnimalShape::kQuadruped, {0.58f, 0.4f, 0.24f}, {0.9f, 0.8f, 0.66f}, 0.42f, 0.33f,
     1.45f, EarType::kFloppy, 0.6f, 0.5f, 0.0f},
    {"puppy", AnimalShape::kQuadruped, {0.7f, 0.52f, 0.32f}, {0.94f, 0.86f, 0.72f}, 0.3f, 0.3f,
     1.35f, EarType::kFloppy, 0.45f, 0.4f, 0.0f},
    {"cat", AnimalShape::kQuadruped, {0.86f, 0.56f, 0.26f}, {0.98f, 0.9f, 0.78f}, 0.3f, 0.34f,
     1.5f, EarType::kPointy, 0.25f, 0.9f, 0.0f},
    {"kitten", AnimalShape::kQuadruped, {0.7f, 0.7f, 0.72f}, {0.96f, 0.94f, 0.92f}, 0.22f, 0.3f,
     1.4f, EarType::kPointy, 0.2f, 0.8f, 0.0f},
    {"fox", AnimalShape::kQuadruped, {0.9f, 0.45f, 0.15f}, {0.98f, 0.95f, 0.9f}, 0.36f, 0.36f,
     1.6f, EarType::kPointy, 0.7f, 0.9f, 0.0f},
    {"wolf", AnimalShape::kQuadruped, {0.5f, 0.5f, 0.52f}, {0.85f, 0.85f, 0.85f}, 0.5f, 0.4f, 1.6f,
     EarType::kPointy, 0.7f, 0.7f, 0.0f},
    {"horse", AnimalShape::kQuadruped, {0.45f, 0.28f, 0.16f}, {0.2f, 0.12f, 0.08f}, 1.0f, 0.58f,
     1.5f, EarType::kPointy, 0.9f, 0.6f, 0.0f},
    {"cow", AnimalShape::kQuadruped, {0.95f, 0.95f, 0.92f}, {0.12f, 0.1f, 0.1f}, 0.85f, 0.4f, 1.7f,
     EarType::kPointy, 0.6f, 0.5f, 1.0f},
    {"sheep", AnimalShape::kQuadruped, {0.94f, 0.92f, 0.86f}, {0.2f, 0.18f, 0.18f}, 0.55f, 0.32f,
     1.5f, EarType::kFloppy, 0.4f, 0.2f, 0.0f},
    {"pig", AnimalShape::kQuadruped, {0.98f, 0.7f, 0.72f}, {0.95f, 0.6f, 0.64f}, 0.45f, 0.28f,
     1.6f, EarType::kPointy, 0.35f, 0.25f, 0.0f},
    {"rabbit", AnimalShape::kQuadruped, {0.78f, 0.74f, 0.7f}, {0.98f, 0.96f, 0.94f}, 0.22f, 0.26f,
     1.2f, EarType::kLong, 0.2f, 0.15f, 0.0f},
    {"bear", AnimalShape::kQuadruped, {0.36f, 0.23f, 0.13f}, {0.55f, 0.4f, 0.28f}, 0.8f, 0.33f,
     1.5f, EarType::kRound, 0.5f, 0.1f, 0.0f},
    {"lion", AnimalShape::kQuadruped, {0.86f, 0.66f, 0.36f}, {0.6f, 0.36f, 0.16f}, 0.8f, 0.38f,
     1.6f, EarType::kRound, 0.5f, 0.8f, 0.0f},
    {"bird", AnimalShape::kBird, {0.3f, 0.55f, 0.9f}, {0.95f, 0.85f, 0.4f}, 0.18f, 0.0f, 1.0f,
     EarType::kNone, 0.0f, 0.5f, 0.0f},
    {"parrot", AnimalShape::kBird, {0.2f, 0.75f, 0.3f}, {0.95f, 0.25f, 0.2f}, 0.22f, 0.0f, 1.0f,
     EarType::kNone, 0.0f, 0.8f, 0.0f},
    {"duck", AnimalShape::kBird, {0.98f, 0.88f, 0.3f}, {1.0f, 0.6f, 0.15f}, 0.2f, 0.0f, 1.1f,
     EarType::kNone, 0.0f, 0.3f, 0.0f},
    {"chicken", AnimalShape::kBird, {0.96f, 0.94f, 0.9f}, {0.9f, 0.2f, 0.15f}, 0.24f, 0.0f, 1.0f,
     EarType::kNone, 0.0f, 0.4f, 0.0f},
    {"penguin", AnimalShape::kBird, {0.12f, 0.12f, 0.16f}, {0.97f, 0.97f, 0.97f}, 0.35f, 0.0f,
     0.8f, EarType::kNone, 0.0f, 0.2f, 0.0f},
    {"fish", AnimalShape::kFish, {1.0f, 0.55f, 0.15f}, {1.0f, 0.92f, 0.85f}, 0.16f, 0.0f, 1.8f,
     EarType::kNone, 0.0f, 0.6f, 0.0f},
}};
// clang-format on

// clang-format off
constexpr std::array<BreedLook, 20> kBreedTable = {{
    {"golden", {0.88f, 0.64f, 0.3f}, {0.96f, 0.82f, 0.56f}, 0.0f},
    {"black lab", {0.1f, 0.1f, 0.11f}, {0.2f, 0.2f, 0.22f}, 0.0f},
    {"chocolate", {0.36f, 0.2f, 0.1f}, {0.48f, 0.3f, 0.18f}, 0.0f},
    {"labrador", {0.93f, 0.8f, 0.56f}, {0.98f, 0.9f, 0.72f}, 0.0f},
    {"husky", {0.5f, 0.52f, 0.56f}, {0.96f, 0.96f, 0.96f}, 0.0f},
    {"dalmatian", {0.96f, 0.96f, 0.95f}, {0.08f, 0.08f, 0.09f}, 1.0f},
    {"poodle", {0.96f, 0.92f, 0.84f}, {0.98f, 0.95f, 0.9f}, 0.0f},
    {"corgi", {0.88f, 0.52f, 0.22f}, {0.98f, 0.95f, 0.9f}, 0.0f},
    {"shepherd", {0.62f, 0.4f, 0.2f}, {0.14f, 0.11f, 0.1f}, 0.0f},
    {"beagle", {0.62f, 0.38f, 0.18f}, {0.97f, 0.95f, 0.9f}, 0.0f},
    {"chihuahua", {0.86f, 0.7f, 0.5f}, {0.95f, 0.86f, 0.72f}, 0.0f},
    {"pug", {0.86f, 0.74f, 0.52f}, {0.2f, 0.16f, 0.14f}, 0.0f},
    {"shiba", {0.86f, 0.5f, 0.22f}, {0.98f, 0.94f, 0.88f}, 0.0f},
    {"tabby", {0.74f, 0.5f, 0.26f}, {0.45f, 0.28f, 0.14f}, 0.0f},
    {"siamese", {0.93f, 0.87f, 0.76f}, {0.32f, 0.22f, 0.16f}, 0.0f},
    {"persian", {0.96f, 0.95f, 0.93f}, {0.9f, 0.86f, 0.82f}, 0.0f},
    {"black", {0.1f, 0.1f, 0.11f}, {0.22f, 0.22f, 0.24f}, 0.0f},
    {"white", {0.96f, 0.96f, 0.95f}, {0.9f, 0.88f, 0.86f}, 0.0f},
    {"ginger", {0.9f, 0.48f, 0.18f}, {0.98f, 0.88f, 0.75f}, 0.0f},
    {"calico", {0.96f, 0.94f, 0.9f}, {0.88f, 0.5f, 0.2f}, 1.0f},
}};
// clang-format on

// clang-format off
constexpr std::array<PropLook, 16> kPropTable = {{
    {"ball", PropShape::kBall, {0.92f, 0.3f, 0.2f}, 0.12f},
    {"balloon", PropShape::kBall, {0.95f, 0.25f, 0.35f}, 0.18f},
    {"globe", PropShape::kBall, {0.25f, 0.5f, 0.9f}, 0.2f},
    {"skateboard", PropShape::kBoard, {0.6f, 0.38f, 0.2f}, 0.06f},
    {"surfboard", PropShape::kBoard, {0.2f, 0.72f, 0.82f}, 0.06f},
    {"car", PropShape::kCar, {0.85f, 0.15f, 0.15f}, 0.38f},
    {"truck", PropShape::kCar, {0.2f, 0.4f, 0.8f}, 0.48f},
    {"cup", PropShape::kCup, {0.95f, 0.95f, 0.93f}, 0.12f},
    {"mug", PropShape::kCup, {0.9f, 0.3f, 0.25f}, 0.12f},
    {"coffee", PropShape::kCup, {0.95f, 0.95f, 0.93f}, 0.12f},
    {"phone", PropShape::kSlab, {0.15f, 0.15f, 0.18f}, 0.14f},
    {"book", PropShape::kSlab, {0.62f, 0.2f, 0.2f}, 0.16f},
    {"laptop", PropShape::kSlab, {0.7f, 0.72f, 0.75f}, 0.15f},
    {"sign", PropShape::kSlab, {0.95f, 0.9f, 0.7f}, 0.5f},
    {"gift", PropShape::kBox, {0.85f, 0.2f, 0.3f}, 0.2f},
    {"box", PropShape::kBox, {0.8f, 0.62f, 0.38f}, 0.22f},
}};
// clang-format on

struct VerbRow {
  std::string_view verb;
  Motion motion;
};

// clang-format off
constexpr std::array<VerbRow, 30> kVerbTable = {{
    {"idle", Motion::kIdle},
    {"talk", Motion::kTalk},
    {"walk", Motion::kWalk},
    {"run", Motion::kRun},
    {"jump", Motion::kJump},
    {"backflip", Motion::kFlip},
    {"kickflip", Motion::kJump},
    {"wakeboard", Motion::kRide},
    {"surf", Motion::kRide},
    {"gymnastics", Motion::kFlip},
    {"dance", Motion::kDance},
    {"wave", Motion::kWave},
    {"fist-pump", Motion::kCheer},
    {"shout", Motion::kCheer},
    {"eat", Motion::kEat},
    {"drink", Motion::kEat},
    {"sit", Motion::kSit},
    {"fall", Motion::kFall},
    {"throw", Motion::kThrow},
    {"catch", Motion::kThrow},
    {"swim", Motion::kSwim},
    {"fly", Motion::kFly},
    {"bark", Motion::kTalk},
    {"sing", Motion::kTalk},
    {"point", Motion::kPoint},
    {"clap", Motion::kClap},
    {"nod", Motion::kNod},
    {"laugh", Motion::kLaugh},
    {"skate", Motion::kRide},
    {"ride", Motion::kRide},
}};
// clang-format on

}  // namespace

std::optional<glm::vec3> ColorByName(std::string_view name) { return world::ColorByName(name); }

glm::vec3 SkinTone(std::string_view skin) {
  return world::SkinToneByName(skin).value_or(glm::vec3(0.94f, 0.76f, 0.62f));
}

const PlaceLook& LookForPlace(std::string_view place) {
  const PlaceLook* row = Find(kPlaceTable, place, [](const PlaceLook& r) { return r.place; });
  return row != nullptr ? *row : kPlaceTable[0];
}

const SkyLook& LookForTimeOfDay(std::string_view time_of_day) {
  const SkyLook* row = Find(kSkyTable, time_of_day, [](const SkyLook& r) { return r.time_of_day; });
  return row != nullptr ? *row : kSkyTable[2];
}

const WeatherLook& LookForWeather(std::string_view weather) {
  const WeatherLook* row =
      Find(kWeatherTable, weather, [](const WeatherLook& r) { return r.weather; });
  return row != nullptr ? *row : kWeatherTable[0];
}

const StyleLook& LookForStyle(std::string_view style) {
  const StyleLook* row = Find(kStyleTable, style, [](const StyleLook& r) { return r.style; });
  return row != nullptr ? *row : kStyleTable[0];
}

const SpeciesLook& LookForSpecies(std::string_view species) {
  const SpeciesLook* row =
      Find(kSpeciesTable, species, [](const SpeciesLook& r) { return r.species; });
  return row != nullptr ? *row : kSpeciesTable[0];
}

const BreedLook* LookForBreed(std::string_view breed) {
  if (breed.empty()) return nullptr;
  return Find(kBreedTable, breed, [](const BreedLook& r) { return r.keyword; });
}

const PropLook& LookForProp(std::string_view name) {
  const PropLook* row = Find(kPropTable, name, [](const PropLook& r) { return r.keyword; });
  return row != nullptr ? *row : kPropTable.back();
}

Motion MotionForVerb(std::string_view verb) {
  const VerbRow* row = Find(kVerbTable, verb, [](const VerbRow& r) { return r.verb; });
  return row != nullptr ? row->motion : Motion::kIdle;
}

}  // namespace kinora::engine::render
