// The cast's appearance: what each cast member looks like and which skeleton
// drives it, computed once per storyboard so a character looks identical in
// every shot (continuity).
//
// Two kinds of look share one interface:
//   - ParametricLook: colours, traits and proportions derived from the
//     CastMember's words (age, hair, skin, outfit colours, accessories,
//     species, breed) and, for whatever the storyboard leaves open, from
//     hash(Storyboard::seed, cast id). Always present.
//   - CapturedLook: appearance supplied from outside the engine (a cameo of
//     a real person or pet): a few RGBA frames with mattes, the subject's
//     height and rig. Optional; shared read-only between threads.
//
// Units: metres. Colours are sRGB in [0, 1]. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <glm/vec3.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/storyboard.h"
#include "engine/world/events.h"
#include "media/image.h"

namespace kinora::engine::world {

// Which skeleton (rig.h) drives a cast member.
enum class RigKind { kHumanoid, kQuadruped, kBird, kFish, kRigid };
std::string_view Name(RigKind rig);

enum class AgeClass { kChild, kTeen, kAdult, kElder };
enum class BodyBuild { kSlim, kAverage, kSturdy };
enum class EarShape { kNone, kFloppy, kPointy, kLong, kRound };
// Shapes of rigid props (cast objects and set dressing).
enum class PropShape { kBox, kBall, kCylinder, kBoard, kSlab, kCar };

// Body measurements a skeleton is built from. Which length `height` means
// depends on the rig: standing height (humanoid, bird), shoulder height
// (quadruped), nose-to-tail length (fish), overall height (rigid).
struct Proportions {
  float height = 1.75f;   // metres, see above
  float length = 1.3f;    // quadruped body length / shoulder height
  float girth = 1.0f;     // width multiplier (1 = average build)
  float leg = 0.55f;      // quadruped: leg length / shoulder height
  float head = 1.0f;      // head size multiplier (children have bigger heads)
  float neck = 1.0f;      // neck length multiplier (a giraffe ≈ 3)
  float tail = 0.6f;      // tail length, 0 (none) … 1.5 (long)
  float snout = 0.5f;     // muzzle length 0..1
  float wingspan = 1.6f;  // birds: one wing's length / height
};

struct ParametricLook {
  // People: skin, hair, top, bottom, shoes, accessory (hat, chain, glasses).
  glm::vec3 skin{0.94f, 0.76f, 0.62f};
  glm::vec3 hair{0.25f, 0.15f, 0.08f};
  glm::vec3 top{0.18f, 0.38f, 0.85f};
  glm::vec3 bottom{0.25f, 0.36f, 0.55f};
  glm::vec3 shoes{0.95f, 0.95f, 0.95f};
  glm::vec3 accessory{0.9f, 0.72f, 0.2f};
  bool glasses = false;
  bool sunglasses = false;
  bool hat = false;
  bool gold_chain = false;
  bool dress = false;        // the bottom is a skirt or a dress
  float hair_length = 0.3f;  // 0 bald … 1 long
  AgeClass age = AgeClass::kAdult;
  BodyBuild build = BodyBuild::kAverage;

  // Animals: fur, second fur (belly, muzzle, wings), eyes/nose, collar.
  std::string species;  // resolved species ("dog", "cat", …); empty for people and objects
  glm::vec3 fur{0.58f, 0.4f, 0.24f};
  glm::vec3 fur2{0.9f, 0.8f, 0.66f};
  glm::vec3 eyes{0.08f, 0.06f, 0.05f};
  glm::vec3 collar{0.85f, 0.15f, 0.15f};
  bool has_collar = false;
  float spots = 0.0f;  // 0..1 patches of fur2 (dalmatian, cow)
  EarShape ears = EarShape::kNone;

  // Objects: shape, full extents in metres, colour, material and mass.
  PropShape shape = PropShape::kBox;
  glm::vec3 size{0.4f};
  glm::vec3 color{0.8f, 0.62f, 0.38f};
  Material material = Material::kWood;
  float mass = 2.0f;  // kilograms

  Proportions body;
};

// An 8-bit single-channel image (a matte: 255 = subject, 0 = background).
struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // width * height, rows top to bottom
};

// Appearance captured from outside the engine (a cameo). Frames are views of
// the subject (front first); mattes[i] cuts frames[i] out and has its size.
struct CapturedLook {
  std::vector<media::RgbaImage> frames;
  std::vector<GrayImage> mattes;
  float height = 1.75f;  // metres, measured the way Proportions::height is for `rig`
  RigKind rig = RigKind::kHumanoid;
};

// InvalidArgument when the look has no frames, a matte is missing or has the
// wrong size, or the height is outside 0.02–20 m.
core::Status CheckCapturedLook(const CapturedLook& look);

struct CastAppearance {
  std::string cast_id;
  RigKind rig = RigKind::kHumanoid;
  ParametricLook look;                           // always filled, also for captured looks
  std::shared_ptr<const CapturedLook> captured;  // null = parametric
};

// Cast id → appearance. Built once per storyboard.
using CastAppearances = std::map<std::string, CastAppearance>;

// The parametric appearance of one cast member (no captured look).
CastAppearance AppearanceFor(const Storyboard& storyboard, const CastMember& member);

// Every cast member's appearance. A captured look supplied for a cast id
// replaces the parametric one's rig and height and is kept as given (check
// it first with CheckCapturedLook); entries for ids not in the cast are
// ignored.
CastAppearances BuildAppearances(
    const Storyboard& storyboard,
    const std::map<std::string, std::shared_ptr<const CapturedLook>>& captured = {});

}  // namespace kinora::engine::world
