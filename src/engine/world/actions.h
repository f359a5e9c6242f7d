// The action library: how each storyboard verb moves a rig over time.
//
// A Performance is one character's motion through one shot: the verbs the
// storyboard schedules for it (times relative to the shot start), played on
// its skeleton from its mark. It plans everything when it is constructed —
// gait footfalls, ballistic jumps and flips (take-off speed v0 = sqrt(2 g h)
// for apex height h, airtime 2 v0 / g, flips turning exactly 2π about the
// centre of mass at a constant rate), falls, throws — together with the
// events they cause, and samples a pose for any instant afterwards.
//
// Layers: one whole-body ("base") verb at a time — idle, walk, run, jumps,
// flips, riding, dance, sit, fall, swim, fly — with upper-body gestures
// (talk, wave, point, clap, eat, drink, throw, …) laid over it, breathing,
// idle sway and blinking under everything, and the jaw driven by a
// mouth-open value supplied by the audio stage at sampling time. Root motion
// stays on a closed track around the mark (walk there and back), so nobody
// leaves the shot.
//
// Units: metres, seconds, radians; y up; yaw 0 faces +z. Deterministic for
// (skeleton, stage, actions). Immutable after construction; Sample is const
// and thread-safe.
#pragma once

#include <array>
#include <glm/mat4x4.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/world/events.h"
#include "engine/world/rig.h"
#include "engine/world/terrain.h"

namespace kinora::engine::world {

// Every verb of engine::kVerbs, in that order.
enum class Verb {
  kIdle,
  kTalk,
  kWalk,
  kRun,
  kJump,
  kBackflip,
  kKickflip,
  kWakeboard,
  kSurf,
  kGymnastics,
  kDance,
  kWave,
  kFistPump,
  kShout,
  kEat,
  kDrink,
  kSit,
  kFall,
  kThrow,
  kCatch,
  kSwim,
  kFly,
  kBark,
  kSing,
  kPoint,
  kClap,
  kNod,
  kLaugh,
  kSkate,
  kRide,
};
inline constexpr int kVerbCount = 30;

Verb VerbByName(std::string_view name);  // unknown words → kIdle
std::string_view Name(Verb verb);
// Upper-body gestures layered over the whole-body verb (talk, wave, clap …).
bool IsGesture(Verb verb);

struct ScheduledAction {
  Verb verb = Verb::kIdle;
  double start = 0.0;  // seconds from the shot start
  double end = 0.0;    // > start
};

// Where and how a character performs.
struct Stage {
  std::string cast_id;
  uint64_t seed = 0;     // Storyboard::seed
  glm::vec3 mark{0.0f};  // the ground point the character starts on
  float facing = 0.0f;   // yaw of the mark, radians; 0 faces +z (towards the camera)
  Terrain terrain;
  Material ground = Material::kConcrete;
  std::optional<float> water_level;  // world y of a water surface, if any
  float gravity = 9.81f;             // m/s²
  float seat_height = 0.0f;          // > 0: a seat this high stands behind the mark
  Material seat = Material::kWood;
  float tempo_bpm = 110.0f;  // the beat dancers follow
  bool crowd = false;        // an audience reacts to tricks and cheers
  double duration = 4.0;     // shot length, seconds
  double clip_offset = 0.0;  // shot start in the clip: added to event times
};

// A thing a character holds or stands on, for the renderer.
enum class AttachmentKind {
  kSkateboard,
  kSurfboard,
  kWakeboard,
  kBike,
  kBall,
  kCup,
  kFood,
  kMicrophone
};
std::string_view Name(AttachmentKind kind);

struct Attachment {
  AttachmentKind kind = AttachmentKind::kBall;
  glm::mat4 transform{1.0f};  // object frame → world; boards: long axis +z, top face +y
  glm::vec3 size{0.1f};       // full extents in the object frame, metres
};

struct CharacterFrame {
  std::string cast_id;
  SkeletonPose pose;
  std::vector<glm::mat4> bones;  // ForwardKinematics(skeleton, pose)
  float blink = 0.0f;            // eyelids: 0 open … 1 closed
  float mouth_open = 0.0f;       // the lip-sync input as applied (0..1)
  float breath = 0.0f;           // −1..1 breathing phase (chest)
  std::vector<Attachment> attachments;
};

// A jump's ballistic flight, as planned (shot-local seconds).
struct Flight {
  Verb verb = Verb::kJump;
  double takeoff = 0.0;
  double landing = 0.0;   // takeoff + airtime
  float v0 = 0.0f;        // vertical take-off speed, m/s
  float apex = 0.0f;      // rise of the centre of mass, m
  float rotation = 0.0f;  // signed body rotation over the flight, radians (±2π for flips)
  glm::vec3 axis{1.0f, 0.0f, 0.0f};  // world rotation axis
  glm::vec3 com_takeoff{0.0f};       // centre of mass at take-off (world)
};

// A ball leaving a hand (throws); the simulation turns it into a prop.
struct Release {
  double time = 0.0;  // shot-local
  glm::vec3 position{0.0f};
  glm::vec3 velocity{0.0f};
  float radius = 0.11f;
};

// The kinematic capsule physics uses for a character's body at an instant.
struct BodyCapsule {
  glm::vec3 center{0.0f};
  glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f};  // capsule axis = local y
  float radius = 0.2f;
  float half_height = 0.3f;  // of the cylindrical part
};

class Performance {
 public:
  Performance(Skeleton skeleton, Stage stage, std::vector<ScheduledAction> actions);
  ~Performance();
  Performance(Performance&&) noexcept;
  Performance& operator=(Performance&&) noexcept;

  // The character at shot-local time `t` (clamped to the shot), with its
  // jaw opened by `mouth_open` (0..1, from the audio stage).
  CharacterFrame Sample(double t, float mouth_open) const;
  BodyCapsule Capsule(double t) const;

  const Skeleton& skeleton() const;
  const Stage& stage() const;
  // Events the motion causes, sorted by time, in absolute clip seconds.
  const std::vector<WorldEvent>& events() const;
  const std::vector<Flight>& flights() const;
  const std::vector<Release>& releases() const;
  // Every root position stays within this distance (xz) of the mark.
  float region_radius() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kinora::engine::world
