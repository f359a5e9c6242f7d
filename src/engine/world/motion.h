// Internals of the action library (actions.h): the planned segments of a
// performance, the character context they are evaluated in, and the motion
// building blocks (tracks, gaits, ballistic jumps, inverse kinematics) shared
// by the per-rig motion files. Not part of the world's public API.
#pragma once

#include <array>
#include <glm/gtc/quaternion.hpp>
#include <glm/vec3.hpp>
#include <optional>
#include <vector>

#include "engine/world/actions.h"

namespace kinora::engine::world::motion {

inline constexpr float kPi = 3.14159265358979f;
inline constexpr float kTau = 6.28318530717959f;

float Smooth(float e0, float e1, float x);  // smoothstep; e0 > e1 allowed
glm::quat Rx(float a);
glm::quat Ry(float a);
glm::quat Rz(float a);
glm::vec3 Forward(float yaw);  // (sin yaw, 0, cos yaw)
glm::vec3 Left(float yaw);     // (cos yaw, 0, −sin yaw): the character's left
float YawOf(glm::vec3 direction);
float AngleLerp(float a, float b, float t);  // along the shorter way
inline const glm::quat kIdentity{1.0f, 0.0f, 0.0f, 0.0f};

// Sets / post-multiplies bone `bone`'s local rotation; a missing bone (-1),
// which a rig without that part reports, is ignored.
inline void Set(SkeletonPose& pose, int bone, glm::quat q) {
  if (bone >= 0) pose.local[static_cast<size_t>(bone)] = q;
}
inline void Mul(SkeletonPose& pose, int bone, glm::quat q) {
  if (bone >= 0) pose.local[static_cast<size_t>(bone)] = pose.local[static_cast<size_t>(bone)] * q;
}

// A closed loop around the mark: a front straight through the mark across
// the view, turns of `radius` at both ends and a back straight behind.
struct Track {
  glm::vec3 mark{0.0f};
  float facing = 0.0f;
  float half = 1.5f;    // half the straight's length
  float radius = 0.6f;  // turn radius
  float dir = 1.0f;     // +1 sets off to the character's left, −1 to its right
  double Length() const;
  // Ground position (y = 0) and heading at arc length `s`.
  void At(double s, glm::vec3& position, float& yaw) const;
  float Reach() const { return half + 2.0f * radius; }
};

enum class Mode {
  kStand,      // idle and gestures; treads water when in water
  kLocomote,   // walk, run (swims in water)
  kRide,       // skate, surf, wakeboard, ride
  kBallistic,  // jump, backflip, gymnastics, hops
  kKickflip,   // skating with ollies and a board flip
  kDance,
  kSit,
  kFall,
  kFly,   // birds in flight
  kSwim,  // swimming (at the surface, under water, or slithering on land)
};

enum class Water { kNone, kSurface, kDeep };

struct Jump {
  double crouch_start = 0, takeoff = 0, landing = 0, end = 0;
  float v0 = 0;         // m/s
  float crouch = 0;     // how far the centre of mass sinks before take-off, m
  float turns = 0;      // signed body rotations over the flight (−1 = a backflip)
  bool board = false;   // a kickflip: the board turns, the body does not
  bool layout = false;  // gymnastics: a straight body and arms up
};

struct Segment {
  Verb verb = Verb::kIdle;
  Mode mode = Mode::kStand;
  double start = 0, end = 0;  // shot-local, effective
  double blend = 0.25;        // crossfade from the previous segment
  // Root at the segment's start.
  glm::vec3 position{0.0f};
  float yaw = 0.0f;
  double track_s = 0.0;
  float speed = 0.0f;  // m/s along the track
  bool run = false;
  std::vector<Jump> jumps;
  double fall_hit = 0.0;  // seconds after start when a fall hits the ground
};

// Indices of the bones motions use; −1 when the rig has none.
struct BoneMap {
  int root = 0, pelvis = -1, spine = -1, chest = -1, neck = -1, head = -1, jaw = -1;
  std::array<int, 3> tail{-1, -1, -1};
  std::array<int, 2> wing{-1, -1}, wingtip{-1, -1}, fin{-1, -1}, shoulder{-1, -1};
  int tail_fin = -1, fin_dorsal = -1;
};

struct GaitParams {
  float speed = 1.2f;   // m/s
  double period = 1.0;  // s per full cycle
  float duty = 0.6f;    // fraction of the cycle a foot is on the ground
  std::array<float, 4> phase{0.0f, 0.5f, 0.0f, 0.5f};
  float lift = 0.1f;    // swing height, m
  float crouch = 0.0f;  // nominal lowering of the hips, m
};

struct FootState {
  glm::vec3 ground{0.0f};  // where the foot's sole is (world)
  float yaw = 0.0f;
  bool stance = true;
};
using Feet = std::array<FootState, 4>;

// Everything a motion needs to know about the character and its stage.
struct Body {
  Skeleton sk;
  BoneMap b;
  Stage stage;
  Track track;
  float h = 1.75f;                    // skeleton height
  float com_height = 1.0f;            // rest height of the root bone's joint above the root
  glm::vec3 com{0.0f};                // rest centre of mass in the root frame (flips turn about it)
  std::vector<glm::vec3> leg_anchor;  // rest xz of each leg's hip (y = 0)
  std::vector<float> leg_reach;       // two-bone length of each leg
  float size = 1.0f;                  // loudness factor from body mass, 0.15..1.3
  Water water = Water::kNone;
  uint64_t hash = 0;   // hash(seed, cast id)
  float phase = 0.0f;  // per-character [0, 1) offset for idle motions

  float Ground(glm::vec3 p) const { return stage.terrain.Height(p.x, p.z); }
  bool legged() const { return !sk.legs.empty(); }
};

struct Scratch {
  std::vector<glm::mat4> world;
};

// What a base sample adds besides the pose.
struct BaseExtras {
  float gestures = 1.0f;  // how much upper-body gestures may show (0 in flight)
  std::optional<Attachment> board;
  float breath = 0.0f;
};

// --- Shared building blocks (motion_common.cc) ---

double TravelAt(const Segment& seg, double tau);  // metres along the track after tau seconds
// Root ground position and yaw of a moving segment at shot time t (clamped to the segment).
void PathAt(const Body& body, const Segment& seg, double t, glm::vec3& position, float& yaw);
// Yaw of a stationary segment at time t: turning to face the mark's direction.
float StandYaw(const Body& body, const Segment& seg, double t);
// The root's ground position and yaw: along the track when `moving`, else at
// the segment's position turning to face the mark's direction.
void RootAt(const Body& body, const Segment& seg, double t, bool moving, glm::vec3& position,
            float& yaw);
GaitParams GaitFor(const Body& body, bool run);
// Foot targets of every leg at time t in a moving segment.
void GaitFeet(const Body& body, const Segment& seg, const GaitParams& gait, double t, Feet& feet);
// A gait at time t of a moving segment: its parameters, the root on the
// track (also set as `pose`'s root) and every foot's target.
struct GaitStep {
  GaitParams gait;
  glm::vec3 root{0.0f};
  float yaw = 0.0f;
  Feet feet;
};
GaitStep StepAlong(const Body& body, const Segment& seg, double t, SkeletonPose& pose);
// Standing feet under the hips of a root at (position, yaw).
void StandFeet(const Body& body, glm::vec3 position, float yaw, Feet& feet);
// Lowers the root until every leg reaches its foot, then solves each leg by
// two-bone IK with the feet level. `crouch` lowers the hips further (m).
void PlantFeet(const Body& body, SkeletonPose& pose, const Feet& feet, float crouch,
               Scratch& scratch);
// Solves a two-bone chain so its end reaches `target` with the middle joint
// bending towards `pole` (world); the end bone, if any, takes world rotation
// `end_rotation`. Expects `world` to hold the FK of `pose`.
void SolveLimb(const Skeleton& sk, const LimbChain& limb, const std::vector<glm::mat4>& world,
               glm::vec3 target, glm::vec3 pole, const glm::quat* end_rotation, SkeletonPose& pose);
glm::quat WorldRotation(const std::vector<glm::mat4>& world, int bone);

// Ballistic jump sampling: centre-of-mass height offset (from standing),
// flight fraction (−1 on the ground) and body rotation angle at time t.
struct JumpState {
  float lift = 0.0f;     // m, centre of mass above standing height (negative = crouched)
  float flight = -1.0f;  // 0..1 while airborne, −1 otherwise
  float angle = 0.0f;    // body rotation so far
  float crouch = 0.0f;   // 0..1 how crouched the legs are (ground phases)
};
const Jump* JumpAt(const Segment& seg, double t);
JumpState SampleJump(const Jump& jump, double t, float gravity);
// Plans `count` jumps of apex `apex` turning `turns` each inside [start, end].
std::vector<Jump> PlanJumps(double start, double end, float apex, float turns, float gravity,
                            float crouch, double first_delay, double gap);

// Falls: body tilt angle at `tau` seconds after the start of a fall from
// upright to lying (π/2), and the time it hits the ground.
float FallAngle(double tau, double hit);
double FallHitTime(float length, float gravity);

// --- Per-rig motions (motion_humanoid.cc, motion_animals.cc) ---

void SampleHumanoid(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                    BaseExtras& extras, Scratch& scratch);
void SampleQuadruped(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                     BaseExtras& extras, Scratch& scratch);
void SampleBird(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                BaseExtras& extras, Scratch& scratch);
void SampleFish(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                BaseExtras& extras, Scratch& scratch);
void SampleRigid(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                 BaseExtras& extras, Scratch& scratch);

// Gestures: upper-body overrides blended with weight `w` (0..1) at `tau`
// seconds into the gesture. `world` holds the FK of the base pose.
struct GestureContext {
  Verb verb = Verb::kTalk;
  double tau = 0.0;
  double length = 1.0;
  float w = 1.0f;
};
// Something held by a bone (offset in the bone's frame) or, with bone −1,
// flying free at `offset` in world space.
struct HeldItem {
  AttachmentKind kind = AttachmentKind::kBall;
  int bone = -1;
  glm::vec3 offset{0.0f};
  glm::vec3 size{0.1f};
};
void ApplyHumanoidGesture(const Body& body, const GestureContext& g, SkeletonPose& pose,
                          Scratch& scratch, std::vector<HeldItem>& held);
void ApplyAnimalGesture(const Body& body, const GestureContext& g, SkeletonPose& pose);

// Gesture timing shared with the event planner.
inline constexpr double kThrowRelease = 0.55;  // seconds into a throw
inline constexpr double kCatchTime = 0.7;      // seconds into a catch
double ClapRate();                             // claps per second

}  // namespace kinora::engine::world::motion
