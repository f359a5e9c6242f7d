// What one frame shows, computed on the CPU from the storyboard and the time:
// the current shot's place, sky, weather and style, where each cast member
// stands and how it moves, and the camera. The renderer turns a SceneState
// into shader uniforms; nothing here touches GL, so it is unit-testable.
//
// World space: x to the right, y up, units of "frame heights in a wide shot";
// the ground's horizon is at y = kHorizon and figures stand near y = 0.1.
// A figure's local space has its feet at the origin and height 1.
//
// Deterministic: the same storyboard, time and mouth values give the same
// state; randomness comes from hashes of Storyboard::seed. Thread-safe (pure).
#pragma once

#include <cstdint>
#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <glm/vec4.hpp>
#include <map>
#include <string>
#include <vector>

#include "engine/render/scene_tables.h"
#include "engine/storyboard.h"

namespace kinora::engine::render {

inline constexpr float kHorizon = 0.4f;        // world y of the horizon / back wall foot
inline constexpr float kFrontRow = 0.1f;       // world y where the front row of figures stands
inline constexpr float kPersonHeight = 0.34f;  // an adult, in world units
inline constexpr int kMaxFigures = 6;

enum class FigureKind : int { kPerson = 0, kQuadruped = 1, kBird = 2, kFish = 3, kObject = 4 };

// A figure's body configuration at one instant. Angles in radians, lengths in
// the figure's local units (fractions of its height).
struct Pose {
  glm::vec2 offset{0.0f};  // added to the feet position (jumps, bobbing)
  float angle = 0.0f;      // whole-body rotation about the body centre (flips, falls)
  float sit = 0.0f;        // 0 standing … 1 sitting
  float arm_l = 0.12f;     // person: shoulder angle from hanging down, outward positive
  float arm_r = 0.12f;
  float elbow_l = 0.0f;  // person: forearm bend, inward positive
  float elbow_r = 0.0f;
  float lift_l = 0.0f;  // person: foot lift 0..1
  float lift_r = 0.0f;
  float gait = 0.0f;      // animals: gait phase (radians) …
  float gait_amp = 0.0f;  // … and leg swing amplitude (radians)
  float head_tilt = 0.0f;
  float head_bob = 0.0f;
  float tail = 0.0f;     // tail wag / wing flap angle
  float breathe = 0.0f;  // -1..1 chest scale phase
  float blink = 0.0f;    // 0 eyes open … 1 closed
};

struct FigureState {
  std::string cast_id;
  FigureKind kind = FigureKind::kPerson;
  int shape = 0;                 // PropShape for objects, 0 otherwise
  glm::vec2 feet{0.0f};          // world position of the feet (pose offset not included)
  glm::vec2 mark{0.0f};          // where the figure stands before any travel
  float depth = 1.0f;            // perspective scale of its row (1 = front row)
  float height = kPersonHeight;  // world units
  float facing = 1.0f;           // +1 faces right (side-view animals), -1 left
  float mouth_open = 0.0f;       // 0..1
  bool has_face = true;          // props get a face only when they speak
  Motion motion = Motion::kIdle;
  Pose pose;
  // Colours. Person: skin, hair, top, bottom, accent (shoes / accessory).
  // Animal: fur, fur2, nose/eyes, collar, unused. Object: body, trim, …
  glm::vec3 color[5] = {};
  // Person: glasses (1, 2 = sunglasses), hat, chain, long hair (1, -1 = bald).
  // Animal: EarType, spots, collar, 0.
  glm::vec4 traits{0.0f};
  // Person: head scale, dress, age (0 child … 1 elder), 0.
  // Animal: leg length, body length, snout, tail (see SpeciesLook).
  glm::vec4 build{0.0f};
  glm::vec2 face{0.0f};    // world position of the face centre (camera close-ups)
  float face_size = 0.0f;  // world radius of the head
};

struct CameraState {
  glm::vec2 focus{0.0f, 0.37f};  // world point at the frame centre
  float zoom = 1.0f;             // frame height = 1 / zoom world units
  float roll = 0.0f;             // radians, handheld wobble
};

struct SceneState {
  const Shot* shot = nullptr;
  double local_time = 0.0;  // seconds since the shot started
  float time = 0.0f;        // absolute seconds, for shader animation
  uint32_t seed = 0;        // 32-bit mix of Storyboard::seed

  const PlaceLook* place = nullptr;
  const SkyLook* sky = nullptr;
  const WeatherLook* weather = nullptr;
  const StyleLook* style = nullptr;
  bool indoor = false;
  glm::vec3 light{1.0f};  // lighting multiplier for the lit world (time of day × weather)

  CameraState camera;
  std::vector<FigureState> figures;  // in draw order, back to front
};

// Where composition point `world` lands in the frame seen by `camera`, in
// frame heights from the frame's centre (y up; the shaders' mapping), and
// the inverse.
glm::vec2 ToFrame(const CameraState& camera, glm::vec2 world);
glm::vec2 FromFrame(const CameraState& camera, glm::vec2 frame);
// The same point in a width x height framebuffer (pixels, GL orientation).
glm::vec2 ToPixels(const CameraState& camera, glm::vec2 world, int width, int height);

// Computes the state at absolute time `time`. `mouth_open` maps cast ids to
// 0..1 (missing ids are closed). Requires at least one shot.
SceneState ComputeSceneState(const Storyboard& storyboard, double time,
                             const std::map<std::string, float>& mouth_open);

// The camera for `state`'s shot, framing its figures as they stand now. The
// renderer calls it again after the world simulation moves the figures.
CameraState FrameCamera(const Storyboard& storyboard, const SceneState& state);

// Deterministic hashing shared by the scene code.
uint32_t Hash32(uint32_t x);
uint32_t HashString(std::string_view text, uint32_t seed);
float Hash01(uint32_t seed, uint32_t salt);  // [0, 1)

}  // namespace kinora::engine::render
