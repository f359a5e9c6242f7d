// Shared motion building blocks: tracks, gaits, foot planting by inverse
// kinematics, ballistic jumps and falls.
#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/mat3x3.hpp>

#include "engine/world/motion.h"

namespace kinora::engine::world::motion {

using glm::quat;
using glm::vec3;

float Smooth(float e0, float e1, float x) {
  const float t = std::clamp((x - e0) / (e1 - e0), 0.0f, 1.0f);
  return t * t * (3.0f - 2.0f * t);
}

quat Rx(float a) { return glm::angleAxis(a, vec3(1, 0, 0)); }
quat Ry(float a) { return glm::angleAxis(a, vec3(0, 1, 0)); }
quat Rz(float a) { return glm::angleAxis(a, vec3(0, 0, 1)); }
vec3 Forward(float yaw) { return {std::sin(yaw), 0.0f, std::cos(yaw)}; }
vec3 Left(float yaw) { return {std::cos(yaw), 0.0f, -std::sin(yaw)}; }
float YawOf(vec3 d) { return std::atan2(d.x, d.z); }

float AngleLerp(float a, float b, float t) {
  const float d = std::remainder(b - a, kTau);
  return a + d * t;
}

// --- Track ---

double Track::Length() const { return 4.0 * half + 2.0 * kPi * radius; }

void Track::At(double s_in, vec3& position, float& yaw) const {
  const double len = Length();
  double s = std::fmod(s_in, len);
  if (s < 0) s += len;
  const float a = half, r = radius;
  const double turn = kPi * r;
  float u = 0, v = 0, tu = 1, tv = 0;
  if (s < a) {
    u = static_cast<float>(s);
  } else if (s < a + turn) {
    const float phi = static_cast<float>((s - a) / r);
    u = a + r * std::sin(phi);
    v = -r + r * std::cos(phi);
    tu = std::cos(phi);
    tv = -std::sin(phi);
  } else if (s < 3 * a + turn) {
    u = a - static_cast<float>(s - a - turn);
    v = -2 * r;
    tu = -1;
  } else if (s < 3 * a + 2 * turn) {
    const float phi = static_cast<float>((s - 3 * a - turn) / r);
    u = -a - r * std::sin(phi);
    v = -r - r * std::cos(phi);
    tu = -std::cos(phi);
    tv = std::sin(phi);
  } else {
    u = -a + static_cast<float>(s - 3 * a - 2 * turn);
  }
  u *= dir;
  tu *= dir;
  const vec3 l = Left(facing), f = Forward(facing);
  position = mark + u * l + v * f;
  position.y = 0.0f;
  yaw = YawOf(tu * l + tv * f);
}

// --- Paths ---

double TravelAt(const Segment& seg, double tau) {
  const double dur = std::max(1e-6, seg.end - seg.start);
  tau = std::clamp(tau, 0.0, dur);
  const double v = seg.speed;
  const double tr = std::min(0.5, dur / 3.0);
  if (tr <= 0) return v * tau;
  if (tau < tr) return v * tau * tau / (2 * tr);
  if (tau > dur - tr) {
    const double rest = dur - tau;
    return v * (dur - tr) - v * rest * rest / (2 * tr);
  }
  return v * (tau - tr / 2);
}

void PathAt(const Body& body, const Segment& seg, double t, vec3& position, float& yaw) {
  const double tau = std::clamp(t - seg.start, 0.0, std::max(0.0, seg.end - seg.start));
  float track_yaw = 0;
  body.track.At(seg.track_s + TravelAt(seg, tau), position, track_yaw);
  yaw = AngleLerp(seg.yaw, track_yaw, Smooth(0.0f, 0.4f, static_cast<float>(tau)));
  position.y = body.Ground(position);
}

float StandYaw(const Body& body, const Segment& seg, double t) {
  return AngleLerp(seg.yaw, body.stage.facing,
                   Smooth(0.0f, 0.6f, static_cast<float>(t - seg.start)));
}

void RootAt(const Body& body, const Segment& seg, double t, bool moving, vec3& position,
            float& yaw) {
  if (moving) {
    PathAt(body, seg, t, position, yaw);
  } else {
    position = seg.position;
    yaw = StandYaw(body, seg, t);
  }
}

// --- Gaits ---

GaitParams GaitFor(const Body& body, bool run) {
  GaitParams g;
  const float reach = body.leg_reach.empty() ? 0.5f : body.leg_reach[0];
  const float leg = reach + (body.sk.legs.empty() ? 0.0f : body.sk.legs[0].ground_height);
  const float grav = std::max(0.5f, body.stage.gravity);
  float froude = 0.2f, stride = 1.3f;
  switch (body.sk.kind) {
    case RigKind::kHumanoid:
      froude = run ? 1.0f : 0.15f;
      stride = run ? 2.5f : 1.3f;
      g.duty = run ? 0.35f : 0.58f;
      g.phase = {0.0f, 0.5f, 0.0f, 0.5f};
      g.lift = (run ? 0.25f : 0.09f) * leg;
      g.crouch = (run ? 0.07f : 0.03f) * leg;
      break;
    case RigKind::kQuadruped:
      froude = run ? 1.2f : 0.25f;
      stride = run ? 2.0f : 1.1f;
      g.duty = run ? 0.4f : 0.65f;
      // Legs are hind_l, hind_r, front_l, front_r: a lateral-sequence walk,
      // a diagonal trot.
      g.phase = run ? std::array<float, 4>{0.0f, 0.5f, 0.5f, 0.0f}
                    : std::array<float, 4>{0.0f, 0.5f, 0.25f, 0.75f};
      g.lift = (run ? 0.22f : 0.12f) * leg;
      g.crouch = (run ? 0.05f : 0.02f) * leg;
      break;
    default:
      froude = run ? 0.8f : 0.2f;
      stride = run ? 2.0f : 1.2f;
      g.duty = run ? 0.4f : 0.6f;
      g.phase = {0.0f, 0.5f, 0.0f, 0.5f};
      g.lift = (run ? 0.2f : 0.12f) * leg;
      g.crouch = 0.03f * leg;
      break;
  }
  g.speed = std::sqrt(froude * grav * leg);
  g.period = stride * leg / g.speed;
  return g;
}

namespace {

vec3 Anchor(const Body& body, int leg, vec3 position, float yaw) {
  const vec3 a = body.leg_anchor[static_cast<size_t>(leg)];
  vec3 p = position + a.x * Left(yaw) + a.z * Forward(yaw);
  p.y = body.Ground(p);
  return p;
}

}  // namespace

GaitStep StepAlong(const Body& body, const Segment& seg, double t, SkeletonPose& pose) {
  GaitStep step;
  step.gait = GaitFor(body, seg.run);
  PathAt(body, seg, t, step.root, step.yaw);
  pose.root_position = step.root;
  pose.root_rotation = Ry(step.yaw);
  GaitFeet(body, seg, step.gait, t, step.feet);
  return step;
}

void GaitFeet(const Body& body, const Segment& seg, const GaitParams& gait, double t, Feet& feet) {
  const size_t n_legs = std::min<size_t>(4, body.sk.legs.size());
  const double period = gait.period;
  const double stride = gait.speed * period;
  for (size_t k = 0; k < n_legs; ++k) {
    const double q = (t - seg.start) / period + gait.phase[k];
    const double n = std::floor(q);
    const double f = q - n;
    const double td = seg.start + (n - gait.phase[k]) * period;
    const double mid = td + gait.duty * period / 2;
    vec3 pos;
    float yaw;
    PathAt(body, seg, mid, pos, yaw);
    const vec3 a = Anchor(body, static_cast<int>(k), pos, yaw);
    if (f < gait.duty) {
      feet[k] = {a, yaw, true};
      continue;
    }
    vec3 pos2;
    float yaw2;
    PathAt(body, seg, mid + period, pos2, yaw2);
    const vec3 b = Anchor(body, static_cast<int>(k), pos2, yaw2);
    const float u = static_cast<float>((f - gait.duty) / (1.0 - gait.duty));
    const float moved =
        std::clamp(glm::length(b - a) / static_cast<float>(0.3 * stride + 1e-6), 0.0f, 1.0f);
    vec3 g = glm::mix(a, b, Smooth(0.0f, 1.0f, u));
    g.y += gait.lift * moved * std::sin(kPi * u);
    feet[k] = {g, AngleLerp(yaw, yaw2, Smooth(0.0f, 1.0f, u)), false};
  }
}

void StandFeet(const Body& body, vec3 position, float yaw, Feet& feet) {
  const size_t n_legs = std::min<size_t>(4, body.sk.legs.size());
  for (size_t k = 0; k < n_legs; ++k)
    feet[k] = {Anchor(body, static_cast<int>(k), position, yaw), yaw, true};
}

// --- Inverse kinematics ---

glm::quat WorldRotation(const std::vector<glm::mat4>& world, int bone) {
  return glm::normalize(glm::quat_cast(glm::mat3(world[static_cast<size_t>(bone)])));
}

namespace {

// The rotation taking direction e1 (with reference e_ref) to f1 (with f_ref).
quat FrameRotation(vec3 e1, vec3 e_ref, vec3 f1, vec3 f_ref) {
  auto basis = [](vec3 a, vec3 ref) {
    vec3 b = ref - glm::dot(ref, a) * a;
    if (glm::length(b) < 1e-6f) {
      b = std::fabs(a.y) < 0.9f ? vec3(0, 1, 0) - a.y * a : vec3(1, 0, 0) - a.x * a;
    }
    b = glm::normalize(b);
    return glm::mat3(a, b, glm::cross(a, b));
  };
  const glm::mat3 e = basis(glm::normalize(e1), e_ref);
  const glm::mat3 f = basis(glm::normalize(f1), f_ref);
  return glm::normalize(glm::quat_cast(f * glm::transpose(e)));
}

}  // namespace

void SolveLimb(const Skeleton& sk, const LimbChain& limb, const std::vector<glm::mat4>& world,
               vec3 target, vec3 pole, const quat* end_rotation, SkeletonPose& pose) {
  const Bone& upper = sk.bones[static_cast<size_t>(limb.upper)];
  const Bone& lower = sk.bones[static_cast<size_t>(limb.lower)];
  const vec3 end_offset =
      limb.end >= 0 ? sk.bones[static_cast<size_t>(limb.end)].offset : lower.tip;
  const float l1 = glm::length(lower.offset), l2 = glm::length(end_offset);
  const vec3 a = JointPosition(world, limb.upper);
  const quat qp = upper.parent >= 0 ? WorldRotation(world, upper.parent) : pose.root_rotation;
  vec3 dvec = target - a;
  float d = glm::length(dvec);
  const vec3 u = d > 1e-6f ? dvec / d : vec3(0, -1, 0);
  d = std::clamp(d, std::fabs(l1 - l2) + 1e-5f, (l1 + l2) * 0.9999f);
  const float cos_a = std::clamp((l1 * l1 + d * d - l2 * l2) / (2 * l1 * d), -1.0f, 1.0f);
  const float sin_a = std::sqrt(std::max(0.0f, 1 - cos_a * cos_a));
  vec3 w = pole - glm::dot(pole, u) * u;
  if (glm::length(w) < 1e-5f)
    w = glm::cross(u, std::fabs(u.x) < 0.9f ? vec3(1, 0, 0) : vec3(0, 0, 1));
  w = glm::normalize(w);
  const vec3 knee = a + l1 * (cos_a * u + sin_a * w);
  const vec3 end = a + d * u;
  const quat qu = FrameRotation(lower.offset, limb.bend, knee - a, w);
  const quat ql = FrameRotation(end_offset, limb.bend, end - knee, w);
  pose.local[static_cast<size_t>(limb.upper)] = glm::normalize(glm::inverse(qp) * qu);
  pose.local[static_cast<size_t>(limb.lower)] = glm::normalize(glm::inverse(qu) * ql);
  if (limb.end >= 0 && end_rotation != nullptr) {
    pose.local[static_cast<size_t>(limb.end)] = glm::normalize(glm::inverse(ql) * *end_rotation);
  }
}

void PlantFeet(const Body& body, SkeletonPose& pose, const Feet& feet, float crouch,
               Scratch& scratch) {
  const Skeleton& sk = body.sk;
  const size_t n_legs = std::min<size_t>(4, sk.legs.size());
  if (n_legs == 0) return;
  pose.root_position.y -= crouch;
  ForwardKinematics(sk, pose, scratch.world);
  float drop = 0.0f;
  for (size_t k = 0; k < n_legs; ++k) {
    const LimbChain& leg = sk.legs[k];
    const vec3 a = JointPosition(scratch.world, leg.upper);
    const vec3 t = feet[k].ground + vec3(0, leg.ground_height, 0);
    const float reach = body.leg_reach[k] * 0.9999f;
    const float dxz = glm::length(glm::vec2(t.x - a.x, t.z - a.z));
    const float allowed = t.y + std::sqrt(std::max(0.0f, reach * reach - dxz * dxz));
    drop = std::max(drop, a.y - allowed);
  }
  if (drop > 0.0f) {
    pose.root_position.y -= drop;
    ForwardKinematics(sk, pose, scratch.world);
  }
  for (size_t k = 0; k < n_legs; ++k) {
    const LimbChain& leg = sk.legs[k];
    const vec3 t = feet[k].ground + vec3(0, leg.ground_height, 0);
    const quat flat = Ry(feet[k].yaw);
    SolveLimb(sk, leg, scratch.world, t, pose.root_rotation * leg.bend, &flat, pose);
  }
}

// --- Jumps ---

const Jump* JumpAt(const Segment& seg, double t) {
  for (const Jump& j : seg.jumps) {
    if (t >= j.crouch_start && t < j.end) return &j;
  }
  return nullptr;
}

namespace {

constexpr double kCrouchDown = 0.25;
constexpr double kRecover = 0.35;
constexpr float kAbsorb = 0.6f;  // landing crouch / take-off crouch

double CycleLength(float apex, float gravity, float crouch) {
  const double v0 = std::sqrt(2.0 * gravity * apex);
  return kCrouchDown + 2.0 * crouch / v0 + 2.0 * v0 / gravity + 2.0 * kAbsorb * crouch / v0 +
         kRecover;
}

}  // namespace

std::vector<Jump> PlanJumps(double start, double end, float apex, float turns, float gravity,
                            float crouch, double first_delay, double gap) {
  const double available = std::max(0.0, end - start - first_delay);
  for (int i = 0; i < 30 && apex > 0.12f && CycleLength(apex, gravity, crouch) > available; ++i) {
    apex *= 0.85f;
  }
  apex = std::max(apex, 0.1f);
  const double cycle = CycleLength(apex, gravity, crouch);
  const int count = std::max(1, static_cast<int>(std::floor((available + gap) / (cycle + gap))));
  std::vector<Jump> jumps;
  const float v0 = std::sqrt(2.0f * gravity * apex);
  for (int i = 0; i < count; ++i) {
    Jump j;
    j.v0 = v0;
    j.crouch = crouch;
    j.turns = turns;
    j.crouch_start = start + first_delay + i * (cycle + gap);
    j.takeoff = j.crouch_start + kCrouchDown + 2.0 * crouch / v0;
    j.landing = j.takeoff + 2.0 * v0 / gravity;
    j.end = j.landing + 2.0 * kAbsorb * crouch / v0 + kRecover;
    jumps.push_back(j);
  }
  return jumps;
}

JumpState SampleJump(const Jump& j, double t, float gravity) {
  JumpState s;
  const double te = 2.0 * j.crouch / j.v0;
  const double ta = 2.0 * kAbsorb * j.crouch / j.v0;
  const double flight = j.landing - j.takeoff;
  if (t < j.crouch_start) return s;
  if (t < j.takeoff - te) {
    const float u = Smooth(0.0f, 1.0f, static_cast<float>((t - j.crouch_start) / kCrouchDown));
    s.lift = -j.crouch * u;
    s.crouch = u;
  } else if (t < j.takeoff) {
    const double tau = t - (j.takeoff - te);
    s.lift = static_cast<float>(-j.crouch + 0.5 * (j.v0 / te) * tau * tau);
    s.crouch = -s.lift / std::max(1e-6f, j.crouch);
  } else if (t < j.landing) {
    const double tau = t - j.takeoff;
    s.lift = static_cast<float>(j.v0 * tau - 0.5 * gravity * tau * tau);
    s.flight = static_cast<float>(tau / flight);
    s.angle = j.turns * kTau * s.flight;
  } else if (t < j.landing + ta) {
    const double tau = t - j.landing;
    s.lift = static_cast<float>(-j.v0 * tau + 0.5 * (j.v0 / ta) * tau * tau);
    s.crouch = -s.lift / std::max(1e-6f, j.crouch);
  } else {
    const float u = Smooth(0.0f, 1.0f, static_cast<float>((t - j.landing - ta) / kRecover));
    s.lift = -kAbsorb * j.crouch * (1.0f - u);
    s.crouch = -s.lift / std::max(1e-6f, j.crouch);
  }
  return s;
}

// --- Falls ---

double FallHitTime(float length, float gravity) {
  // A rigid rod toppling about its foot: θ'' = (3 g / 2 L) sin θ, from a stumble.
  const double k = 1.5 * std::max(0.5f, gravity) / std::max(0.05f, length);
  double theta = 0.03, omega = 0.8, t = 0.0;
  const double dt = 1e-3;
  while (theta < kPi / 2 && t < 5.0) {
    omega += k * std::sin(theta) * dt;
    theta += omega * dt;
    t += dt;
  }
  return t;
}

float FallAngle(double tau, double hit) {
  if (tau <= 0) return 0.0f;
  if (tau >= hit) return kPi / 2;
  const double u = tau / hit;
  // Accelerating like the toppling rod: slow start, fast finish.
  return static_cast<float>(kPi / 2 * (0.35 * u + 0.65 * u * u * u));
}

double ClapRate() { return 2.5; }

}  // namespace kinora::engine::world::motion
