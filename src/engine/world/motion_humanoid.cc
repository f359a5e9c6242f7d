// Whole-body motions of the humanoid rig: standing, gaits, riding, jumps and
// flips, dancing, sitting, falling and swimming.
#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "engine/world/motion.h"

namespace kinora::engine::world::motion {
namespace {

using glm::quat;
using glm::vec3;

// Arms hanging a little away from the body; `swing` > 0 swings forward.
void Arms(const Body& body, SkeletonPose& pose, float swing_l, float swing_r, float elbow_l,
          float elbow_r, float out = 0.1f) {
  const auto& arms = body.sk.arms;
  if (arms.size() < 2) return;
  Set(pose, arms[0].upper, Rz(out) * Rx(-swing_l));
  Set(pose, arms[1].upper, Rz(-out) * Rx(-swing_r));
  Set(pose, arms[0].lower, Rx(-elbow_l));
  Set(pose, arms[1].lower, Rx(-elbow_r));
}

// Breathing, a slow sway of the head and the spine: life under every motion.
void Life(const Body& body, double t, SkeletonPose& pose, BaseExtras& extras) {
  const float ft = static_cast<float>(t);
  const float ph = body.phase * kTau;
  extras.breath = std::sin(ft * kTau / 3.8f + ph);
  Mul(pose, body.b.chest, Rx(-0.02f * extras.breath));
  Mul(pose, body.b.spine, Rz(0.012f * std::sin(ft * 0.7f + ph)));
  Mul(pose, body.b.head,
      Ry(0.12f * std::sin(ft * 0.31f + 2.0f * ph)) * Rx(0.03f * std::sin(ft * 0.53f + ph)));
}

float ForwardOffset(const FootState& foot, vec3 hip, float yaw) {
  return glm::dot(foot.ground - hip, Forward(yaw));
}

void Stand(const Body& body, const Segment& seg, double t, SkeletonPose& pose, Scratch& scratch) {
  const float yaw = StandYaw(body, seg, t);
  const float ft = static_cast<float>(t);
  vec3 p = seg.position;
  if (body.water != Water::kNone) {
    // Treading water: upright, head above a surface, legs cycling slowly.
    const float bob = 0.02f * body.h * std::sin(ft * 2.2f + body.phase * kTau);
    p.y = body.water == Water::kSurface ? *body.stage.water_level - 0.8f * body.h + bob
                                        : body.Ground(p) + 0.5f + bob;
    pose.root_position = p;
    pose.root_rotation = Ry(yaw);
    for (size_t k = 0; k < body.sk.legs.size(); ++k) {
      const float s = std::sin(ft * 3.0f + static_cast<float>(k) * kPi);
      Set(pose, body.sk.legs[k].upper, Rx(-0.35f - 0.25f * s));
      Set(pose, body.sk.legs[k].lower, Rx(0.6f + 0.3f * s));
    }
    const float scull = 0.35f * std::sin(ft * 3.4f);
    Arms(body, pose, 0.6f, 0.6f, 0.4f, 0.4f, 0.5f + scull);
    return;
  }
  // Weight shifts slowly from foot to foot.
  p += Left(yaw) * (0.008f * body.h * std::sin(ft * 0.45f + body.phase * kTau));
  pose.root_position = {p.x, body.Ground(seg.position), p.z};
  pose.root_rotation = Ry(yaw);
  Arms(body, pose, 0.04f, 0.04f, 0.12f, 0.12f);
  Feet feet;
  StandFeet(body, seg.position, yaw, feet);
  PlantFeet(body, pose, feet, 0.0f, scratch);
}

void Swim(const Body& body, const Segment& seg, double t, SkeletonPose& pose, BaseExtras& extras) {
  vec3 p;
  float yaw;
  PathAt(body, seg, t, p, yaw);
  const float ft = static_cast<float>(t - seg.start);
  const float y =
      body.water == Water::kSurface ? *body.stage.water_level - 0.12f : body.Ground(p) + 1.2f;
  const quat r = Ry(yaw) * Rx(kPi / 2 - 0.12f);
  pose.root_rotation = r;
  pose.root_position = vec3(p.x, y, p.z) - r * vec3(0, body.com_height, 0);
  const float phi = ft * kTau * 0.75f;  // strokes per second per arm
  const auto& arms = body.sk.arms;
  if (arms.size() >= 2) {
    Set(pose, arms[0].upper, Rz(0.15f) * Rx(-phi));
    Set(pose, arms[1].upper, Rz(-0.15f) * Rx(-phi - kPi));
    Set(pose, arms[0].lower, Rx(-0.35f));
    Set(pose, arms[1].lower, Rx(-0.35f));
  }
  for (size_t k = 0; k < body.sk.legs.size(); ++k) {
    const float kick = std::sin(ft * kTau * 2.0f + static_cast<float>(k) * kPi);
    Set(pose, body.sk.legs[k].upper, Rx(0.25f * kick));
    Set(pose, body.sk.legs[k].lower, Rx(0.2f + 0.15f * kick));
    Set(pose, body.sk.legs[k].end, Rx(0.9f));
  }
  Mul(pose, body.b.head, Rx(-0.5f) * Ry(0.5f * std::max(0.0f, std::sin(phi * 0.5f))));
  extras.gestures = 0.0f;
}

void Locomote(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
              Scratch& scratch) {
  const GaitStep step = StepAlong(body, seg, t, pose);
  const GaitParams& gait = step.gait;
  const Feet& feet = step.feet;
  const vec3 p = step.root;
  const float yaw = step.yaw;
  const float half = 0.5f * gait.speed * static_cast<float>(gait.period) * gait.duty + 1e-4f;
  const float fl = std::clamp(ForwardOffset(feet[0], p, yaw) / half, -1.5f, 1.5f);
  const float fr = std::clamp(ForwardOffset(feet[1], p, yaw) / half, -1.5f, 1.5f);
  const float swing = seg.run ? 0.7f : 0.35f;
  Arms(body, pose, swing * fr, swing * fl, seg.run ? 1.4f : 0.25f, seg.run ? 1.4f : 0.25f);
  const float twist = 0.07f * (fl - fr);
  Set(pose, body.b.pelvis, Ry(twist));
  Set(pose, body.b.spine, Rx(seg.run ? 0.16f : 0.04f));
  Set(pose, body.b.chest, Ry(-1.6f * twist));
  Set(pose, body.b.head, Ry(0.6f * twist));
  PlantFeet(body, pose, feet, gait.crouch, scratch);
}

// The surface a board rides on at p: water where there is some, else ground.
float RideSurface(const Body& body, vec3 p) {
  const float ground = body.Ground(p);
  if (body.stage.water_level && *body.stage.water_level > ground) return *body.stage.water_level;
  return ground;
}

AttachmentKind BoardKind(Verb verb) {
  switch (verb) {
    case Verb::kSurf: return AttachmentKind::kSurfboard;
    case Verb::kWakeboard: return AttachmentKind::kWakeboard;
    case Verb::kRide: return AttachmentKind::kBike;
    default: return AttachmentKind::kSkateboard;
  }
}

vec3 BoardSize(AttachmentKind kind, float h) {
  const float s = h / 1.75f;
  switch (kind) {
    case AttachmentKind::kSurfboard: return vec3(0.55f, 0.08f, 2.1f) * s;
    case AttachmentKind::kWakeboard: return vec3(0.42f, 0.05f, 1.4f) * s;
    case AttachmentKind::kBike: return vec3(0.6f, 1.05f, 1.75f) * s;
    default: return vec3(0.21f, 0.1f, 0.8f) * s;
  }
}

void Bike(const Body& body, const Segment& seg, double t, vec3 p, float yaw, SkeletonPose& pose,
          BaseExtras& extras, Scratch& scratch) {
  const float s = body.h / 1.75f;
  const vec3 size = BoardSize(AttachmentKind::kBike, body.h);
  extras.board = Attachment{AttachmentKind::kBike,
                            glm::translate(glm::mat4(1.0f), p) * glm::mat4_cast(Ry(yaw)), size};
  const vec3 fwd = Forward(yaw), left = Left(yaw);
  // Sit on the saddle: move the root so the pelvis is at saddle height.
  const float saddle = 0.88f * s;
  pose.root_rotation = Ry(yaw);
  pose.root_position = p + vec3(0, saddle - body.com_height, 0) - 0.18f * s * fwd;
  Set(pose, body.b.spine, Rx(0.35f));
  Set(pose, body.b.chest, Rx(0.1f));
  Set(pose, body.b.head, Rx(-0.35f));
  // Pedal: feet on a crank circle, opposite phases.
  const float crank = static_cast<float>(t - seg.start) * kTau * 1.1f;
  const vec3 hub = p + 0.05f * s * fwd + vec3(0, 0.3f * s, 0);
  ForwardKinematics(body.sk, pose, scratch.world);
  for (size_t k = 0; k < std::min<size_t>(2, body.sk.legs.size()); ++k) {
    const float a = crank + static_cast<float>(k) * kPi;
    const float side = body.sk.legs[k].left ? 1.0f : -1.0f;
    const vec3 pedal = hub + 0.17f * s * (std::cos(a) * fwd + std::sin(a) * vec3(0, 1, 0)) +
                       side * 0.12f * s * left;
    const quat flat = Ry(yaw);
    SolveLimb(body.sk, body.sk.legs[k], scratch.world,
              pedal + vec3(0, body.sk.legs[k].ground_height, 0), fwd, &flat, pose);
  }
  for (size_t k = 0; k < std::min<size_t>(2, body.sk.arms.size()); ++k) {
    const float side = body.sk.arms[k].left ? 1.0f : -1.0f;
    const vec3 grip = p + 0.5f * s * fwd + vec3(0, 1.0f * s, 0) + side * 0.24f * s * left;
    SolveLimb(body.sk, body.sk.arms[k], scratch.world, grip, vec3(0, -1, 0) - fwd + side * left,
              nullptr, pose);
  }
}

// Riding a board (skate, surf, wakeboard) or a bike along the track; the
// kickflip's ollies lift rider and board together.
void Ride(const Body& body, const Segment& seg, double t, SkeletonPose& pose, BaseExtras& extras,
          Scratch& scratch) {
  vec3 p;
  float yaw;
  PathAt(body, seg, t, p, yaw);
  if (seg.verb == Verb::kRide) {
    Bike(body, seg, t, p, yaw, pose, extras, scratch);
    return;
  }
  const AttachmentKind kind =
      seg.mode == Mode::kKickflip ? AttachmentKind::kSkateboard : BoardKind(seg.verb);
  const vec3 size = BoardSize(kind, body.h);
  const float ft = static_cast<float>(t);
  const bool water = kind != AttachmentKind::kSkateboard;
  float surface = RideSurface(body, p);
  if (water) surface += 0.04f * body.h * std::sin(ft * 1.7f + body.phase * kTau);
  JumpState js;
  if (const Jump* j = JumpAt(seg, t)) js = SampleJump(*j, t, body.stage.gravity);
  const bool air = js.flight >= 0.0f;
  const float board_lift = air ? std::max(0.0f, js.lift) : 0.0f;
  // Board: along the direction of travel, with a kickflip turning it about its long axis.
  const vec3 fwd = Forward(yaw);
  glm::mat4 board =
      glm::translate(glm::mat4(1.0f), vec3(p.x, surface + 0.5f * size.y + board_lift, p.z)) *
      glm::mat4_cast(Ry(yaw));
  if (air) board = board * glm::mat4_cast(Rz(kTau * js.flight));
  const float carve = water ? 0.12f * std::sin(ft * 0.9f) : 0.0f;
  board = board * glm::mat4_cast(Rz(carve));
  extras.board = Attachment{kind, board, size};
  // Rider: sideways on the board, facing the travel direction's left.
  const float body_yaw = yaw + kPi / 2;
  const float top = surface + size.y;
  pose.root_rotation = Ry(body_yaw) * Rz(-0.6f * carve);
  pose.root_position = vec3(p.x, top + js.lift, p.z);
  const float crouch = (water ? 0.16f : 0.1f) * body.leg_reach[0];
  if (seg.verb == Verb::kWakeboard) {
    Arms(body, pose, 0.0f, 0.0f, 0.2f, 0.2f, 0.1f);
    Set(pose, body.b.spine, Rx(-0.15f));
  } else {
    Arms(body, pose, 0.2f, 0.2f, 0.3f, 0.3f, 1.1f + 0.1f * std::sin(ft * 1.3f));
    Set(pose, body.b.spine, Rx(0.18f));
  }
  Set(pose, body.b.head, Ry(-0.9f));  // look where the board goes
  if (air) {
    // Feet stay with the board; the knees tuck up a little.
    const float tuck = std::sin(kPi * js.flight);
    for (const LimbChain& leg : body.sk.legs) {
      Set(pose, leg.upper, Rx(-0.9f * tuck));
      Set(pose, leg.lower, Rx(1.5f * tuck));
    }
    extras.gestures = 0.0f;
    return;
  }
  Feet feet;
  const float span = 0.2f * body.h;
  for (size_t k = 0; k < std::min<size_t>(2, body.sk.legs.size()); ++k) {
    // The left hip is on the body's +x, which points against travel here.
    const float along = body.sk.legs[k].left ? -span : span;
    feet[k] = {vec3(p.x, top, p.z) + along * fwd, body_yaw, true};
  }
  // Skaters push with the back foot every couple of seconds.
  if (kind == AttachmentKind::kSkateboard && seg.speed > 0 && JumpAt(seg, t) == nullptr) {
    const double since = t - seg.start - 0.8;
    const double cycle = 2.4, push = 0.6;
    if (since > 0 && std::fmod(since, cycle) < push) {
      const double u = std::fmod(since, cycle) / push;
      const double plant = seg.start + 0.8 + std::floor(since / cycle) * cycle + 0.3;
      vec3 q;
      float qy;
      PathAt(body, seg, plant, q, qy);
      vec3 ground = vec3(q.x, body.Ground(q), q.z) - 0.1f * body.h * Forward(body_yaw);
      // Off the board, planted on the ground while the body rolls past, back on.
      const float m = std::min(1.0f, 1.6f * static_cast<float>(std::sin(kPi * u)));
      // The pushing foot stays within a stride of the board: at speed the body
      // rolls on past the planted spot, and a foot left behind would have to
      // drag the hips down to reach it.
      vec3 reach = ground - feet[0].ground;
      reach.y = 0.0f;
      const float stride = 0.3f * body.h;
      if (glm::length(reach) > stride) ground -= reach - glm::normalize(reach) * stride;
      feet[0].ground = glm::mix(feet[0].ground, ground, m);
      feet[0].ground.y += 0.06f * body.h * std::sin(kPi * m);
    }
  }
  pose.root_position.y = top + std::min(0.0f, js.lift);
  PlantFeet(body, pose, feet, crouch + std::max(0.0f, js.crouch * 0.5f * crouch), scratch);
}

void Jumping(const Body& body, const Segment& seg, double t, SkeletonPose& pose, BaseExtras& extras,
             Scratch& scratch) {
  const float yaw = StandYaw(body, seg, t);
  const vec3 base = seg.position;
  const Jump* j = JumpAt(seg, t);
  const JumpState js = j ? SampleJump(*j, t, body.stage.gravity) : JumpState{};
  const bool hops = seg.verb == Verb::kFly;
  if (js.flight >= 0.0f) {
    extras.gestures = 0.0f;
    const vec3 axis = Left(yaw);
    const quat r = glm::angleAxis(js.angle, axis) * Ry(yaw);
    const vec3 com = base + vec3(0, body.com_height + js.lift, 0);
    pose.root_rotation = r;
    pose.root_position = com - r * vec3(0, body.com_height, 0);
    const float tuck = j->turns != 0.0f && !j->layout ? std::pow(std::sin(kPi * js.flight), 0.6f)
                                                      : 0.35f * std::sin(kPi * js.flight);
    for (const LimbChain& leg : body.sk.legs) {
      Set(pose, leg.upper, Rx(-1.9f * tuck));
      Set(pose, leg.lower, Rx(2.3f * tuck));
    }
    if (hops) {
      const float flap = std::sin(static_cast<float>(t) * kTau * 3.0f);
      Arms(body, pose, 0.0f, 0.0f, 0.1f, 0.1f, 1.3f + 0.5f * flap);
    } else if (j->layout) {
      Arms(body, pose, 2.9f, 2.9f, 0.05f, 0.05f, 0.2f);
    } else if (j->turns != 0.0f) {
      Arms(body, pose, 1.1f * tuck + 2.4f * (1 - tuck), 1.1f * tuck + 2.4f * (1 - tuck),
           0.9f * tuck, 0.9f * tuck, 0.25f);
    } else {
      Arms(body, pose, 2.6f, 2.6f, 0.2f, 0.2f, 0.3f);
    }
    return;
  }
  pose.root_rotation = Ry(yaw);
  pose.root_position = vec3(base.x, body.Ground(base) + js.lift, base.z);
  // Arms swing back while crouching and up through the push.
  const float back = js.crouch;
  const bool pushing = j != nullptr && t < j->takeoff;
  const float up =
      pushing ? std::clamp(1.0f - back, 0.0f, 1.0f) * (t > j->crouch_start + 0.25 ? 1.0f : 0.0f)
              : 0.0f;
  const float arm = -0.7f * back + 2.6f * up;
  if (hops) {
    Arms(body, pose, 0.1f, 0.1f, 0.1f, 0.1f, 0.3f + 1.0f * back);
  } else {
    Arms(body, pose, arm, arm, 0.2f + 0.3f * back, 0.2f + 0.3f * back);
  }
  Set(pose, body.b.spine, Rx(0.35f * back));
  if (j != nullptr) extras.gestures = 0.0f;
  Feet feet;
  StandFeet(body, base, yaw, feet);
  PlantFeet(body, pose, feet, 0.0f, scratch);
}

void Dance(const Body& body, const Segment& seg, double t, SkeletonPose& pose, Scratch& scratch) {
  const float yaw = StandYaw(body, seg, t);
  const double beat = 60.0 / std::clamp(body.stage.tempo_bpm, 40.0f, 220.0f);
  const double tau = t - seg.start;
  const float b = static_cast<float>(tau / beat);
  const float sway = std::sin(kPi * b);
  vec3 p = seg.position + Left(yaw) * (0.05f * body.h * sway);
  pose.root_position = vec3(p.x, body.Ground(seg.position), p.z);
  pose.root_rotation = Ry(yaw);
  Set(pose, body.b.pelvis, Ry(0.18f * sway));
  Set(pose, body.b.chest, Ry(-0.25f * sway) * Rz(0.08f * sway));
  Set(pose, body.b.head, Rx(0.1f * std::fabs(std::sin(kTau * b))));
  const bool style = (body.hash >> 7) % 2 == 0;
  const float up_l = std::max(0.0f, std::sin(kPi * b));
  const float up_r = std::max(0.0f, -std::sin(kPi * b));
  if (style) {
    Arms(body, pose, 0.3f, 0.3f, 1.2f, 1.2f, 0.3f);
    Set(pose, body.sk.arms[0].upper, Rz(0.3f + 2.2f * up_l) * Rx(-0.3f));
    Set(pose, body.sk.arms[1].upper, Rz(-0.3f - 2.2f * up_r) * Rx(-0.3f));
  } else {
    Arms(body, pose, 0.8f + 1.2f * up_l, 0.8f + 1.2f * up_r, 1.6f, 1.6f, 0.35f);
  }
  Feet feet;
  StandFeet(body, seg.position, yaw, feet);
  // One foot steps on each beat, alternating.
  const int n = static_cast<int>(std::floor(b));
  const float u = b - static_cast<float>(n);
  const size_t k = static_cast<size_t>(n % 2);
  if (n >= 0 && u < 0.6f && k < body.sk.legs.size()) {
    feet[k].ground.y += 0.08f * body.h * std::sin(kPi * u / 0.6f);
  }
  const float bounce = 0.03f * body.h * (0.5f + 0.5f * std::cos(kTau * b));
  PlantFeet(body, pose, feet, bounce, scratch);
}

void Sit(const Body& body, const Segment& seg, double t, SkeletonPose& pose, Scratch& scratch) {
  const float yaw = StandYaw(body, seg, t);
  const float u = Smooth(0.0f, 0.7f, static_cast<float>(t - seg.start));
  const vec3 fwd = Forward(yaw);
  const float ground = body.Ground(seg.position);
  const bool seat = body.stage.seat_height > 0.0f;
  const float pelvis_y = ground + (seat ? body.stage.seat_height + 0.08f * body.h : 0.08f * body.h);
  const float back = seat ? 0.14f * body.h : 0.05f * body.h;
  vec3 root = seg.position - back * u * fwd;
  root.y = ground + (pelvis_y - ground - body.com_height) * u;
  pose.root_position = root;
  pose.root_rotation = Ry(yaw);
  Set(pose, body.b.spine, Rx(seat ? -0.08f * u : -0.2f * u));
  Feet feet;
  StandFeet(body, seg.position + (seat ? 0.1f : 0.42f) * body.h * u * fwd, yaw, feet);
  if (seat) {
    Arms(body, pose, 0.55f * u, 0.55f * u, 0.9f * u, 0.9f * u, 0.12f);
  } else {
    Arms(body, pose, -0.5f * u, -0.5f * u, 0.0f, 0.0f, 0.25f);
  }
  PlantFeet(body, pose, feet, 0.0f, scratch);
}

void Fall(const Body& body, const Segment& seg, double t, SkeletonPose& pose) {
  const float yaw = seg.yaw;
  const double tau = t - seg.start - 0.15;
  const float theta = FallAngle(tau, seg.fall_hit);
  const float k = theta / (kPi / 2);
  const float chest_r =
      body.b.chest >= 0 ? body.sk.bones[static_cast<size_t>(body.b.chest)].radius : 0.1f * body.h;
  pose.root_rotation = Ry(yaw) * Rx(-theta);
  pose.root_position =
      seg.position + vec3(0, body.Ground(seg.position) - seg.position.y + chest_r * k, 0);
  const float flail =
      tau > 0 && tau < seg.fall_hit ? std::sin(static_cast<float>(tau) * 14.0f) : 0.0f;
  Arms(body, pose, 0.9f * k + 0.3f * flail, 0.7f * k - 0.3f * flail, 0.5f * k, 0.4f * k,
       0.2f + 0.9f * k);
  for (const LimbChain& leg : body.sk.legs) {
    const float bend = 0.5f * std::sin(kPi * k);
    Set(pose, leg.upper, Rx(-bend));
    Set(pose, leg.lower, Rx(1.2f * bend));
  }
  Set(pose, body.b.neck, Rx(0.4f * std::sin(kPi * k)));
}

}  // namespace

void SampleHumanoid(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                    BaseExtras& extras, Scratch& scratch) {
  switch (seg.mode) {
    case Mode::kStand: Stand(body, seg, t, pose, scratch); break;
    case Mode::kLocomote:
      if (body.water != Water::kNone) {
        Swim(body, seg, t, pose, extras);
      } else {
        Locomote(body, seg, t, pose, scratch);
      }
      break;
    case Mode::kSwim:
      if (body.water != Water::kNone) {
        Swim(body, seg, t, pose, extras);
      } else {
        // No water: swimming strokes standing up.
        Stand(body, seg, t, pose, scratch);
        const float phi = static_cast<float>(t - seg.start) * kTau * 0.75f;
        if (body.sk.arms.size() >= 2) {
          Set(pose, body.sk.arms[0].upper, Rz(0.2f) * Rx(-phi));
          Set(pose, body.sk.arms[1].upper, Rz(-0.2f) * Rx(-phi - kPi));
        }
      }
      break;
    case Mode::kRide:
    case Mode::kKickflip: Ride(body, seg, t, pose, extras, scratch); break;
    case Mode::kBallistic:
    case Mode::kFly: Jumping(body, seg, t, pose, extras, scratch); break;
    case Mode::kDance: Dance(body, seg, t, pose, scratch); break;
    case Mode::kSit: Sit(body, seg, t, pose, scratch); break;
    case Mode::kFall:
      Fall(body, seg, t, pose);
      extras.gestures = 0.0f;
      break;
  }
  Life(body, t, pose, extras);
}

}  // namespace kinora::engine::world::motion
