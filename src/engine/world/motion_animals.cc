// Whole-body motions of the quadruped, bird, fish and rigid rigs.
#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "engine/world/motion.h"

namespace kinora::engine::world::motion {
namespace {

using glm::quat;
using glm::vec3;

float Radius(const Body& body, int bone) {
  return bone >= 0 ? body.sk.bones[static_cast<size_t>(bone)].radius : 0.1f * body.h;
}

// Tail wag, breathing, head look: life under every animal motion.
void AnimalLife(const Body& body, double t, float wag_rate, SkeletonPose& pose,
                BaseExtras& extras) {
  const float ft = static_cast<float>(t);
  const float ph = body.phase * kTau;
  extras.breath = std::sin(ft * kTau / 2.5f + ph);
  Mul(pose, body.b.spine, Rx(-0.01f * extras.breath));
  for (size_t i = 0; i < body.b.tail.size(); ++i) {
    const float lag = static_cast<float>(i) * 0.6f;
    Mul(pose, body.b.tail[i], Ry(0.35f * std::sin(ft * kTau * wag_rate - lag + ph)) * Rx(0.1f));
  }
  Mul(pose, body.b.head,
      Ry(0.2f * std::sin(ft * 0.37f + ph)) * Rx(0.06f * std::sin(ft * 0.61f + ph)));
}

void FoldWings(const Body& body, SkeletonPose& pose, float open) {
  // Rest wings point sideways; folded they lie back along the body.
  const float fold = 1.5f * (1.0f - open);
  Set(pose, body.b.wing[0], Ry(fold));
  Set(pose, body.b.wing[1], Ry(-fold));
  Set(pose, body.b.wingtip[0], Ry(2.9f * (1.0f - open)));
  Set(pose, body.b.wingtip[1], Ry(-2.9f * (1.0f - open)));
}

void Flap(const Body& body, SkeletonPose& pose, float phase, float amplitude) {
  const float a = amplitude * std::sin(phase);
  const float b = 0.5f * amplitude * std::sin(phase - 0.8f);
  Set(pose, body.b.wing[0], Rz(a) * Ry(0.1f));
  Set(pose, body.b.wing[1], Rz(-a) * Ry(-0.1f));
  Set(pose, body.b.wingtip[0], Rz(b));
  Set(pose, body.b.wingtip[1], Rz(-b));
}

float SurfaceOrGround(const Body& body, vec3 p) {
  const float ground = body.Ground(p);
  if (body.stage.water_level && *body.stage.water_level > ground) return *body.stage.water_level;
  return ground;
}

void Stand(const Body& body, const Segment& seg, double t, SkeletonPose& pose, Scratch& scratch) {
  const float yaw = StandYaw(body, seg, t);
  pose.root_rotation = Ry(yaw);
  pose.root_position = vec3(seg.position.x, body.Ground(seg.position), seg.position.z);
  Feet feet;
  StandFeet(body, seg.position, yaw, feet);
  PlantFeet(body, pose, feet, 0.0f, scratch);
}

// Paddling: legs cycling under a body held at the water surface (or
// hovering under water).
void Paddle(const Body& body, const Segment& seg, double t, bool moving, SkeletonPose& pose) {
  vec3 p;
  float yaw;
  RootAt(body, seg, t, moving, p, yaw);
  const float ft = static_cast<float>(t);
  const float sink = body.sk.kind == RigKind::kBird
                         ? 0.35f * body.com_height
                         : body.com_height + 0.2f * Radius(body, body.b.spine);
  const float y =
      body.water == Water::kSurface ? *body.stage.water_level - sink : body.Ground(p) + 0.8f;
  pose.root_rotation = Ry(yaw);
  pose.root_position = vec3(p.x, y + 0.01f * body.h * std::sin(ft * 2.0f), p.z);
  const float rate = moving ? 2.2f : 1.2f;
  for (size_t k = 0; k < body.sk.legs.size(); ++k) {
    const float s = std::sin(ft * kTau * rate + static_cast<float>(k) * kPi * 0.5f);
    Set(pose, body.sk.legs[k].upper, Rx(-0.6f * s));
    Set(pose, body.sk.legs[k].lower, Rx(0.5f + 0.4f * s));
  }
  Set(pose, body.b.neck, Rx(-0.35f));
  FoldWings(body, pose, 0.0f);
}

void Walk(const Body& body, const Segment& seg, double t, SkeletonPose& pose, Scratch& scratch) {
  const GaitStep step = StepAlong(body, seg, t, pose);
  const GaitParams& gait = step.gait;
  const float cycle = static_cast<float>((t - seg.start) / gait.period) * kTau;
  // Birds bob their heads with each step; four-legged animals nod gently.
  const float bob = body.sk.kind == RigKind::kBird ? 0.35f : 0.08f;
  Set(pose, body.b.neck, Rx(bob * std::sin(2.0f * cycle)));
  if (seg.run) Set(pose, body.b.spine, Rx(0.05f * std::sin(2.0f * cycle)));
  FoldWings(body, pose, seg.run && body.sk.kind == RigKind::kBird ? 0.3f : 0.0f);
  PlantFeet(body, pose, step.feet, gait.crouch, scratch);
}

// Standing on a board that rides along the track; kickflips lift it.
void BoardRide(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
               BaseExtras& extras, Scratch& scratch) {
  vec3 p;
  float yaw;
  PathAt(body, seg, t, p, yaw);
  const bool water = seg.verb == Verb::kSurf || seg.verb == Verb::kWakeboard;
  const AttachmentKind kind = water ? AttachmentKind::kSurfboard : AttachmentKind::kSkateboard;
  const float len = std::max(
      0.5f, 1.3f * glm::length(body.leg_anchor.front() - body.leg_anchor.back()) + 0.3f * body.h);
  const vec3 size = water ? vec3(0.5f * len, 0.07f, 1.6f * len) : vec3(0.3f * len, 0.08f, len);
  const float surface = water ? SurfaceOrGround(body, p) : body.Ground(p);
  JumpState js;
  if (const Jump* j = JumpAt(seg, t)) js = SampleJump(*j, t, body.stage.gravity);
  const bool air = js.flight >= 0.0f;
  const float lift = air ? std::max(0.0f, js.lift) : 0.0f;
  glm::mat4 board =
      glm::translate(glm::mat4(1.0f), vec3(p.x, surface + 0.5f * size.y + lift, p.z)) *
      glm::mat4_cast(Ry(yaw));
  if (air) board = board * glm::mat4_cast(Rz(kTau * js.flight));
  extras.board = Attachment{kind, board, size};
  const float top = surface + size.y;
  pose.root_rotation = Ry(yaw);
  pose.root_position = vec3(p.x, top + js.lift, p.z);
  if (air) {
    extras.gestures = 0.0f;
    for (const LimbChain& leg : body.sk.legs)
      Set(pose, leg.lower, Rx(0.6f * std::sin(kPi * js.flight)));
    return;
  }
  Feet feet;
  StandFeet(body, vec3(p.x, top, p.z), yaw, feet);
  for (size_t k = 0; k < std::min<size_t>(4, body.sk.legs.size()); ++k) feet[k].ground.y = top;
  PlantFeet(body, pose, feet, 0.06f * body.com_height + std::max(0.0f, -js.lift), scratch);
}

// Jumps, flips and hops of any rig: the centre of mass follows the planned
// ballistic flight and the body turns about it.
void Leap(const Body& body, const Segment& seg, double t, SkeletonPose& pose, BaseExtras& extras,
          Scratch& scratch) {
  const Jump* j = JumpAt(seg, t);
  const JumpState js = j ? SampleJump(*j, t, body.stage.gravity) : JumpState{};
  float yaw = StandYaw(body, seg, t);
  vec3 base = seg.position;
  const bool fish = body.sk.kind == RigKind::kFish;
  if (fish) {
    // Fish leap from where they swim.
    const float depth = body.water == Water::kSurface ? *body.stage.water_level - 0.4f * body.h
                        : body.water == Water::kDeep
                            ? body.Ground(base) + 1.5f
                            : body.Ground(base) + Radius(body, body.b.root);
    base.y = depth;
  } else {
    base.y = body.Ground(base);
  }
  if (js.flight >= 0.0f) {
    extras.gestures = 0.0f;
    const vec3 axis = j->board ? Forward(yaw) : Left(yaw);
    float angle = js.angle;
    if (j->turns == 0.0f && body.sk.kind == RigKind::kQuadruped)
      angle = 0.3f * std::sin(kTau * js.flight) * -1.0f;
    const quat r = glm::angleAxis(angle, axis) * Ry(yaw);
    const vec3 com = base + vec3(0, js.lift, 0) + Ry(yaw) * body.com;
    pose.root_rotation = r;
    pose.root_position = com - r * body.com;
    const float stretch = std::sin(kPi * js.flight);
    for (const LimbChain& leg : body.sk.legs) {
      const bool front = body.sk.bones[static_cast<size_t>(leg.upper)].parent != body.b.root;
      if (body.sk.kind == RigKind::kQuadruped) {
        Set(pose, leg.upper, Rx((front ? -0.8f : 0.7f) * stretch));
        Set(pose, leg.lower, Rx((front ? 0.6f : -0.4f) * stretch));
      } else {
        Set(pose, leg.upper, Rx(0.8f * stretch));
        Set(pose, leg.lower, Rx(-0.8f * stretch));
      }
    }
    if (body.sk.kind == RigKind::kBird) Flap(body, pose, static_cast<float>(t) * kTau * 4.0f, 1.0f);
    if (fish) {
      for (size_t i = 0; i < body.b.tail.size(); ++i) {
        Set(pose, body.b.tail[i],
            Ry(0.5f * std::sin(static_cast<float>(t) * 14.0f - static_cast<float>(i))));
      }
    }
    return;
  }
  pose.root_rotation = Ry(yaw);
  pose.root_position = base + vec3(0, js.lift, 0);
  if (j != nullptr) extras.gestures = 0.0f;
  if (body.legged() && !fish) {
    Feet feet;
    StandFeet(body, base, yaw, feet);
    PlantFeet(body, pose, feet, 0.0f, scratch);
  }
  FoldWings(body, pose, 0.25f * js.crouch);
}

void Dance(const Body& body, const Segment& seg, double t, SkeletonPose& pose, Scratch& scratch) {
  const float yaw = StandYaw(body, seg, t);
  const double beat = 60.0 / std::clamp(body.stage.tempo_bpm, 40.0f, 220.0f);
  const float b = static_cast<float>((t - seg.start) / beat);
  pose.root_rotation = Ry(yaw + 0.15f * std::sin(kPi * b));
  pose.root_position = vec3(seg.position.x, body.Ground(seg.position), seg.position.z);
  Set(pose, body.b.head, Rx(0.2f * std::fabs(std::sin(kPi * b))));
  FoldWings(body, pose, 0.4f + 0.3f * std::fabs(std::sin(kPi * b)));
  Feet feet;
  StandFeet(body, seg.position, yaw, feet);
  const int n = static_cast<int>(std::floor(b));
  const float u = b - static_cast<float>(n);
  // Quadrupeds lift a front paw on each beat, birds step.
  const size_t first = body.sk.kind == RigKind::kQuadruped ? 2 : 0;
  const size_t k = first + static_cast<size_t>(n % 2);
  if (n >= 0 && u < 0.6f && k < body.sk.legs.size()) {
    feet[k].ground.y += 0.15f * body.com_height * std::sin(kPi * u / 0.6f);
  }
  PlantFeet(body, pose, feet, 0.06f * body.com_height * (0.5f + 0.5f * std::cos(kTau * b)),
            scratch);
}

void Sit(const Body& body, const Segment& seg, double t, SkeletonPose& pose, Scratch& scratch) {
  const float yaw = StandYaw(body, seg, t);
  const float u = Smooth(0.0f, 0.7f, static_cast<float>(t - seg.start));
  const float ground = body.Ground(seg.position);
  Feet feet;
  StandFeet(body, seg.position, yaw, feet);
  if (body.sk.kind == RigKind::kQuadruped && body.sk.legs.size() >= 4) {
    // Haunches down, chest up: pitch the body about its hind hips.
    const float theta = 0.55f * u;
    const quat r = Ry(yaw) * Rx(-theta);
    const vec3 hip =
        body.sk.bones[static_cast<size_t>(body.sk.legs[0].upper)].offset + body.sk.bones[0].offset;
    // Pivot about the hind hips: they sink straight down, the chest rises.
    const float target = ground + (0.3f + 0.7f * (1.0f - u)) * (hip.y);
    const vec3 hip_at = seg.position + Ry(yaw) * vec3(hip.x, 0.0f, hip.z);
    pose.root_rotation = r;
    pose.root_position = vec3(hip_at.x, target, hip_at.z) - r * hip;
    for (size_t k = 0; k < 2; ++k) feet[k].ground += 0.25f * body.leg_reach[k] * u * Forward(yaw);
  } else {
    // Birds and others settle down onto their bellies.
    pose.root_rotation = Ry(yaw);
    pose.root_position =
        vec3(seg.position.x, ground - 0.7f * u * body.leg_reach[0], seg.position.z);
  }
  PlantFeet(body, pose, feet, 0.0f, scratch);
  FoldWings(body, pose, 0.0f);
}

void Fall(const Body& body, const Segment& seg, double t, SkeletonPose& pose) {
  const double tau = t - seg.start - 0.1;
  const float theta = FallAngle(tau, seg.fall_hit);
  const float k = theta / (kPi / 2);
  const float yaw = seg.yaw;
  vec3 base = seg.position;
  base.y = body.Ground(base);
  if (body.sk.kind == RigKind::kRigid) {
    // Tip over backwards about the back edge of the base.
    const float r = Radius(body, 0);
    const vec3 pivot_local(0, 0, -r);
    const quat q = Ry(yaw) * Rx(-theta);
    pose.root_rotation = q;
    pose.root_position = base + Ry(yaw) * pivot_local - q * pivot_local;
    return;
  }
  if (body.sk.kind == RigKind::kFish) {
    // Sink to the bottom and settle on one side.
    const float from = body.water == Water::kSurface ? *body.stage.water_level - 0.4f * body.h
                       : body.water == Water::kDeep  ? base.y + 1.5f
                                                     : base.y + Radius(body, 0);
    const float to = base.y + 0.6f * Radius(body, 0);
    pose.root_rotation = Ry(yaw) * Rz(theta);
    pose.root_position = vec3(base.x, from + (to - from) * k, base.z);
    return;
  }
  // Roll onto the right side; the trunk comes to rest on the ground.
  const float trunk = Radius(body, body.b.spine >= 0 ? body.b.spine : 0);
  const quat q = Ry(yaw) * Rz(theta);
  pose.root_rotation = q;
  const float side = body.leg_anchor.empty() ? 0.0f : std::fabs(body.leg_anchor[0].x);
  const vec3 pivot_local(-side, 0, 0);
  pose.root_position =
      base + Ry(yaw) * pivot_local - q * pivot_local + vec3(0, (trunk - side) * k, 0);
  for (const LimbChain& leg : body.sk.legs) Set(pose, leg.lower, Rx(0.3f * k));
  FoldWings(body, pose, 0.5f * k);
}

void Fly(const Body& body, const Segment& seg, double t, SkeletonPose& pose, BaseExtras& extras,
         Scratch& scratch) {
  vec3 p;
  float yaw;
  PathAt(body, seg, t, p, yaw);
  const float tau = static_cast<float>(t - seg.start);
  const float dur = static_cast<float>(seg.end - seg.start);
  const float altitude = std::clamp(6.0f * body.h + 1.0f, 1.2f, 4.0f);
  const float up = Smooth(0.0f, 0.8f, tau) * (1.0f - Smooth(dur - 0.9f, dur - 0.1f, tau));
  const float ground = body.Ground(p);
  pose.root_rotation = Ry(yaw) * Rx(0.15f * up);
  pose.root_position =
      vec3(p.x, ground + altitude * up + 0.05f * body.h * std::sin(tau * 3.0f), p.z);
  const float rate = std::clamp(3.0f / std::sqrt(body.h / 0.3f), 2.0f, 12.0f);
  if (up > 0.02f) {
    Flap(body, pose, tau * kTau * rate, 1.1f);
    for (const LimbChain& leg : body.sk.legs)
      Set(pose, leg.upper, Rx(1.1f * Smooth(0.0f, 0.3f, up)));
    extras.gestures = 0.0f;
    return;
  }
  Feet feet;
  StandFeet(body, p, yaw, feet);
  PlantFeet(body, pose, feet, 0.0f, scratch);
  FoldWings(body, pose, 0.0f);
}

void FishSwim(const Body& body, const Segment& seg, double t, bool moving, SkeletonPose& pose) {
  vec3 p;
  float yaw;
  RootAt(body, seg, t, moving, p, yaw);
  const float ft = static_cast<float>(t);
  const float r = Radius(body, 0);
  float y = body.Ground(p) + r;  // on land: lying on its belly
  if (body.water == Water::kSurface) {
    y = std::max(body.Ground(p) + r, *body.stage.water_level - std::max(0.4f * body.h, 2.0f * r));
  } else if (body.water == Water::kDeep) {
    y = body.Ground(p) + 1.5f;
  }
  if (body.water != Water::kNone) y += 0.03f * body.h * std::sin(ft * 1.3f + body.phase * kTau);
  pose.root_rotation = Ry(yaw);
  pose.root_position = vec3(p.x, y, p.z);
  const float rate = moving ? 2.5f : 0.9f;
  const float amp = moving ? 0.45f : 0.18f;
  const float w = ft * kTau * rate + body.phase * kTau;
  Set(pose, body.b.head, Ry(-0.15f * amp * std::sin(w)));
  Set(pose, body.b.tail[0], Ry(amp * 0.5f * std::sin(w - 0.5f)));
  Set(pose, body.b.tail[1], Ry(amp * std::sin(w - 1.2f)));
  Set(pose, body.b.tail_fin, Ry(amp * 1.2f * std::sin(w - 2.0f)));
  Set(pose, body.b.fin[0], Rz(0.3f * std::sin(w * 0.7f)));
  Set(pose, body.b.fin[1], Rz(-0.3f * std::sin(w * 0.7f)));
}

void Rigid(const Body& body, const Segment& seg, double t, SkeletonPose& pose, BaseExtras& extras,
           Scratch& scratch) {
  switch (seg.mode) {
    case Mode::kLocomote:
    case Mode::kRide:
    case Mode::kSwim: {
      vec3 p;
      float yaw;
      PathAt(body, seg, t, p, yaw);
      pose.root_position = p;
      pose.root_rotation = Ry(yaw);
      return;
    }
    case Mode::kBallistic:
    case Mode::kKickflip:
    case Mode::kFly: Leap(body, seg, t, pose, extras, scratch); return;
    case Mode::kFall: Fall(body, seg, t, pose); return;
    default: break;
  }
  const float yaw = StandYaw(body, seg, t);
  pose.root_rotation = Ry(yaw);
  pose.root_position = vec3(seg.position.x, body.Ground(seg.position), seg.position.z);
  if (seg.mode == Mode::kDance) {
    const double beat = 60.0 / std::clamp(body.stage.tempo_bpm, 40.0f, 220.0f);
    pose.root_rotation =
        pose.root_rotation * Rz(0.1f * std::sin(static_cast<float>(kPi * (t - seg.start) / beat)));
  }
}

}  // namespace

void SampleQuadruped(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                     BaseExtras& extras, Scratch& scratch) {
  const bool wet = body.water != Water::kNone;
  float wag = 1.2f;
  switch (seg.mode) {
    case Mode::kStand:
    case Mode::kFly:
      if (seg.mode == Mode::kFly) {
        Leap(body, seg, t, pose, extras, scratch);
      } else if (wet) {
        Paddle(body, seg, t, false, pose);
      } else {
        Stand(body, seg, t, pose, scratch);
      }
      break;
    case Mode::kLocomote:
    case Mode::kSwim:
      if (wet) {
        Paddle(body, seg, t, true, pose);
        extras.gestures = 0.3f;
      } else {
        Walk(body, seg, t, pose, scratch);
        wag = 2.5f;
      }
      break;
    case Mode::kRide:
    case Mode::kKickflip: BoardRide(body, seg, t, pose, extras, scratch); break;
    case Mode::kBallistic: Leap(body, seg, t, pose, extras, scratch); break;
    case Mode::kDance:
      Dance(body, seg, t, pose, scratch);
      wag = 3.0f;
      break;
    case Mode::kSit: Sit(body, seg, t, pose, scratch); break;
    case Mode::kFall:
      Fall(body, seg, t, pose);
      extras.gestures = 0.0f;
      wag = 0.2f;
      break;
  }
  AnimalLife(body, t, wag, pose, extras);
}

void SampleBird(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                BaseExtras& extras, Scratch& scratch) {
  const bool wet = body.water != Water::kNone;
  switch (seg.mode) {
    case Mode::kStand:
      if (wet) {
        Paddle(body, seg, t, false, pose);
      } else {
        Stand(body, seg, t, pose, scratch);
        FoldWings(body, pose, 0.0f);
      }
      break;
    case Mode::kLocomote:
    case Mode::kSwim:
      if (wet) {
        Paddle(body, seg, t, true, pose);
      } else {
        Walk(body, seg, t, pose, scratch);
      }
      break;
    case Mode::kRide:
    case Mode::kKickflip:
      BoardRide(body, seg, t, pose, extras, scratch);
      FoldWings(body, pose, 0.5f);
      break;
    case Mode::kBallistic: Leap(body, seg, t, pose, extras, scratch); break;
    case Mode::kFly: Fly(body, seg, t, pose, extras, scratch); break;
    case Mode::kDance: Dance(body, seg, t, pose, scratch); break;
    case Mode::kSit: Sit(body, seg, t, pose, scratch); break;
    case Mode::kFall:
      Fall(body, seg, t, pose);
      extras.gestures = 0.0f;
      break;
  }
  AnimalLife(body, t, 0.8f, pose, extras);
}

void SampleFish(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                BaseExtras& extras, Scratch& scratch) {
  switch (seg.mode) {
    case Mode::kBallistic:
    case Mode::kKickflip:
    case Mode::kFly: Leap(body, seg, t, pose, extras, scratch); break;
    case Mode::kFall:
      Fall(body, seg, t, pose);
      extras.gestures = 0.0f;
      break;
    case Mode::kLocomote:
    case Mode::kSwim:
    case Mode::kRide:
    case Mode::kDance: FishSwim(body, seg, t, true, pose); break;
    default: FishSwim(body, seg, t, false, pose); break;
  }
  extras.breath = std::sin(static_cast<float>(t) * 3.0f);
}

void SampleRigid(const Body& body, const Segment& seg, double t, SkeletonPose& pose,
                 BaseExtras& extras, Scratch& scratch) {
  Rigid(body, seg, t, pose, extras, scratch);
}

}  // namespace kinora::engine::world::motion
