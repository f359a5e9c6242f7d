// Upper-body gestures: hands placed by inverse kinematics in the chest's
// frame for the humanoid; heads, tails, wings and paws for animals.
#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "engine/world/motion.h"

namespace kinora::engine::world::motion {
namespace {

using glm::quat;
using glm::vec3;

// 0 → 1 → 0 over `rise` + `hold` + `rise` seconds, repeating every `period`.
float Bump(double tau, double period, double rise, double hold) {
  const double u = std::fmod(std::max(0.0, tau), period);
  if (u < rise) return Smooth(0.0f, 1.0f, static_cast<float>(u / rise));
  if (u < rise + hold) return 1.0f;
  if (u < 2 * rise + hold)
    return 1.0f - Smooth(0.0f, 1.0f, static_cast<float>((u - rise - hold) / rise));
  return 0.0f;
}

struct ArmGoal {
  bool set = false;
  vec3 hand{0.0f};  // chest frame, units of body height
  vec3 pole{0.0f};  // chest frame direction
};

}  // namespace

void ApplyHumanoidGesture(const Body& body, const GestureContext& g, SkeletonPose& pose,
                          Scratch& scratch, std::vector<HeldItem>& held) {
  if (body.sk.arms.size() < 2 || body.b.chest < 0 || g.w <= 0.0f) return;
  SkeletonPose target = pose;
  const double tau = g.tau;
  const float ft = static_cast<float>(tau);
  const float beat = ft * kTau;
  ArmGoal left, right;  // arms[0] is the left arm
  const int hand_r = body.sk.arms[1].end;
  const float s = body.h / 1.75f;
  switch (g.verb) {
    case Verb::kTalk: {
      const float w = beat * 1.3f + body.phase * kTau;
      left = {
          true, {0.12f, -0.18f + 0.04f * std::sin(w), 0.24f + 0.03f * std::cos(w)}, {1, -0.5f, -1}};
      right = {true, {-0.12f, -0.18f + 0.04f * std::sin(w + 2.0f), 0.24f}, {-1, -0.5f, -1}};
      Mul(target, body.b.head, Rx(0.06f * std::sin(2.0f * w)));
      break;
    }
    case Verb::kWave:
      right = {true, {-0.26f + 0.06f * std::sin(beat * 2.0f), 0.4f, 0.08f}, {-1, -1, 0}};
      Mul(target, body.b.head, Rz(0.08f));
      break;
    case Verb::kFistPump: {
      const float k = 0.5f + 0.5f * std::sin(beat * 1.6f);
      right = {true,
               glm::mix(vec3(-0.14f, 0.15f, 0.18f), vec3(-0.15f, 0.55f, 0.08f), k),
               {-1, 0, -0.3f}};
      left = {true, {0.16f, -0.05f, 0.2f}, {1, -0.5f, -1}};
      Mul(target, body.b.spine, Rx(-0.08f));
      break;
    }
    case Verb::kShout:
    case Verb::kBark:
      left = {true, {0.07f, 0.17f, 0.13f}, {1, -1, 0}};
      right = {true, {-0.07f, 0.17f, 0.13f}, {-1, -1, 0}};
      Mul(target, body.b.chest, Rx(0.12f));
      Mul(target, body.b.neck, Rx(-0.15f));
      break;
    case Verb::kSing:
      right = {true, {-0.03f, 0.14f, 0.15f}, {-1, -1, -0.5f}};
      left = {true, {0.45f, 0.1f + 0.05f * std::sin(beat * 0.5f), 0.25f}, {0, -1, -1}};
      Mul(target, body.b.chest, Rz(0.06f * std::sin(beat * 0.5f)));
      held.push_back({AttachmentKind::kMicrophone,
                      hand_r,
                      {0, -0.05f * s, 0.02f * s},
                      vec3(0.05f, 0.2f, 0.05f) * s});
      break;
    case Verb::kEat: {
      const float k = Bump(tau, 2.2, 0.5, 0.3);
      right = {true,
               glm::mix(vec3(-0.12f, -0.12f, 0.26f), vec3(-0.03f, 0.15f, 0.12f), k),
               {-1, -1, -0.5f}};
      left = {true, {0.1f, -0.16f, 0.3f}, {1, -1, -0.5f}};
      Mul(target, body.b.head, Rx(0.1f * k));
      held.push_back({AttachmentKind::kFood, hand_r, {0, -0.06f * s, 0.03f * s}, vec3(0.08f) * s});
      break;
    }
    case Verb::kDrink: {
      const float k = Bump(tau, 3.0, 0.6, 0.8);
      right = {true,
               glm::mix(vec3(-0.14f, -0.1f, 0.24f), vec3(-0.02f, 0.17f, 0.11f), k),
               {-1, -1, -0.5f}};
      Mul(target, body.b.head, Rx(-0.3f * k));
      held.push_back(
          {AttachmentKind::kCup, hand_r, {0, -0.06f * s, 0.03f * s}, vec3(0.08f, 0.1f, 0.08f) * s});
      break;
    }
    case Verb::kThrow: {
      const vec3 rest(-0.14f, -0.2f, 0.12f), windup(-0.18f, 0.32f, -0.22f),
          release(-0.2f, 0.3f, 0.45f), follow(-0.05f, -0.2f, 0.35f);
      vec3 hand;
      if (tau < 0.45) {
        hand = glm::mix(rest, windup, Smooth(0.0f, 0.45f, ft));
      } else if (tau < 0.6) {
        hand = glm::mix(windup, release, Smooth(0.45f, 0.6f, ft));
      } else {
        hand = glm::mix(release, follow, Smooth(0.6f, 0.9f, ft));
      }
      right = {true, hand, {-1, -0.3f, -0.6f}};
      left = {true, {0.15f, 0.15f, 0.4f}, {1, -1, 0}};
      const float twist =
          tau < 0.45 ? 0.4f * Smooth(0.0f, 0.45f, ft) : 0.4f - 0.7f * Smooth(0.45f, 0.7f, ft);
      Mul(target, body.b.chest, Ry(twist));
      if (tau < kThrowRelease) {
        held.push_back(
            {AttachmentKind::kBall, hand_r, {0, -0.07f * s, 0.02f * s}, vec3(0.22f) * s});
      }
      break;
    }
    case Verb::kCatch: {
      const bool caught = tau >= kCatchTime;
      const float y = caught ? 0.0f : 0.1f;
      const float z = caught ? 0.32f : 0.45f;
      left = {true, {0.09f, y, z}, {1, -1, -0.5f}};
      right = {true, {-0.09f, y, z}, {-1, -1, -0.5f}};
      if (caught) {
        held.push_back(
            {AttachmentKind::kBall, hand_r, {0.07f * s, -0.07f * s, 0.04f * s}, vec3(0.22f) * s});
      } else if (tau > kCatchTime - 0.8) {
        // The ball flies in from the front on a ballistic arc.
        ForwardKinematics(body.sk, target, scratch.world);
        const glm::mat4& chest = scratch.world[static_cast<size_t>(body.b.chest)];
        const vec3 catch_at = vec3(chest * glm::vec4(vec3(0, 0.1f, 0.5f) * body.h, 1.0f));
        const float dt = static_cast<float>(tau - kCatchTime);
        const vec3 v_in = glm::mat3(chest) * vec3(0.0f, 0.0f, -4.0f) + vec3(0, -2.0f, 0);
        const vec3 p = catch_at + v_in * dt + 0.5f * vec3(0, -body.stage.gravity, 0) * dt * dt;
        held.push_back({AttachmentKind::kBall, -1, p, vec3(0.22f) * s});
      }
      break;
    }
    case Verb::kPoint:
      right = {true, {-0.32f, 0.12f, 0.62f}, {-1, -1, 0}};
      Mul(target, body.b.head, Ry(-0.3f));
      break;
    case Verb::kClap: {
      const float gap =
          0.012f + 0.08f * (0.5f + 0.5f * std::cos(beat * static_cast<float>(ClapRate())));
      left = {true, {gap, -0.02f, 0.3f}, {1, -1, 0}};
      right = {true, {-gap, -0.02f, 0.3f}, {-1, -1, 0}};
      break;
    }
    case Verb::kNod: {
      const float k = std::max(0.0f, std::sin(beat * 1.4f));
      Mul(target, body.b.neck, Rx(0.12f * k));
      Mul(target, body.b.head, Rx(0.2f * k));
      break;
    }
    case Verb::kLaugh:
      Mul(target, body.b.chest, Rx(0.05f * std::sin(beat * 5.0f)));
      Mul(target, body.b.head, Rx(-0.25f + 0.05f * std::sin(beat * 5.0f)));
      left = {true, {0.06f, -0.22f, 0.2f}, {1, -1, -0.5f}};
      break;
    default: break;
  }
  if (left.set || right.set) {
    ForwardKinematics(body.sk, target, scratch.world);
    const glm::mat4& chest = scratch.world[static_cast<size_t>(body.b.chest)];
    const glm::mat3 rot(chest);
    for (int side = 0; side < 2; ++side) {
      const ArmGoal& goal = side == 0 ? left : right;
      if (!goal.set) continue;
      const vec3 hand = vec3(chest * glm::vec4(goal.hand * body.h, 1.0f));
      SolveLimb(body.sk, body.sk.arms[static_cast<size_t>(side)], scratch.world, hand,
                rot * goal.pole, nullptr, target);
    }
  }
  // Blend the upper body (everything but the legs) towards the gesture.
  std::vector<bool> leg(body.sk.bones.size(), false);
  for (const LimbChain& l : body.sk.legs) {
    for (int b : {l.upper, l.lower, l.end}) {
      if (b >= 0) leg[static_cast<size_t>(b)] = true;
    }
  }
  for (size_t i = 1; i < pose.local.size(); ++i) {
    if (!leg[i]) pose.local[i] = glm::slerp(pose.local[i], target.local[i], g.w);
  }
}

void ApplyAnimalGesture(const Body& body, const GestureContext& g, SkeletonPose& pose) {
  if (g.w <= 0.0f) return;
  SkeletonPose target = pose;
  const float ft = static_cast<float>(g.tau);
  const float beat = ft * kTau;
  const BoneMap& b = body.b;
  const RigKind rig = body.sk.kind;
  const LimbChain* paw =
      rig == RigKind::kQuadruped && body.sk.legs.size() >= 4 ? &body.sk.legs[3] : nullptr;
  const LimbChain* paw_l =
      rig == RigKind::kQuadruped && body.sk.legs.size() >= 4 ? &body.sk.legs[2] : nullptr;
  auto raise_paw = [&](const LimbChain* leg, float lift, float bend) {
    if (leg == nullptr) return;
    Mul(target, leg->upper, Rx(-lift));
    Mul(target, leg->lower, Rx(bend));
  };
  auto wing = [&](int side, float up) {
    if (b.wing[side] < 0) return;
    target.local[static_cast<size_t>(b.wing[side])] = side == 0 ? Rz(up) : Rz(-up);
    target.local[static_cast<size_t>(b.wingtip[side])] = kIdentity;
  };
  switch (g.verb) {
    case Verb::kTalk:
    case Verb::kBark:
    case Verb::kSing:
    case Verb::kShout: {
      const float pulse = std::pow(std::max(0.0f, std::sin(beat * 2.0f)), 2.0f);
      Mul(target, b.neck, Rx(-0.25f - 0.15f * pulse));
      Mul(target, b.head, Rx(0.1f * pulse));
      break;
    }
    case Verb::kWave:
      raise_paw(paw, 1.1f, 0.3f + 0.4f * std::sin(beat * 2.0f));
      wing(1, 1.0f + 0.4f * std::sin(beat * 2.0f));
      break;
    case Verb::kPoint:
      raise_paw(paw, 1.2f, 0.2f);
      Mul(target, b.neck, Rx(0.2f));
      wing(1, 0.3f);
      break;
    case Verb::kFistPump:
      Mul(target, b.neck, Rx(-0.4f));
      wing(0, 1.2f + 0.3f * std::sin(beat * 1.6f));
      wing(1, 1.2f + 0.3f * std::sin(beat * 1.6f));
      break;
    case Verb::kEat:
    case Verb::kDrink:
      Mul(target, b.neck, Rx(0.9f + 0.1f * std::sin(beat * 2.0f)));
      Mul(target, b.head, Rx(0.3f + 0.1f * std::sin(beat * 6.0f)));
      break;
    case Verb::kNod: Mul(target, b.head, Rx(0.3f * std::max(0.0f, std::sin(beat * 1.4f)))); break;
    case Verb::kLaugh: Mul(target, b.head, Rz(0.1f * std::sin(beat * 3.0f)) * Rx(-0.2f)); break;
    case Verb::kClap:
      raise_paw(std::sin(beat * 1.25f) > 0 ? paw : paw_l, 0.6f, 0.3f);
      wing(0, 0.8f * std::fabs(std::sin(beat * 1.25f)));
      wing(1, 0.8f * std::fabs(std::sin(beat * 1.25f)));
      break;
    case Verb::kThrow:
    case Verb::kCatch: {
      const float toss = Bump(g.tau, 10.0, 0.35, 0.1);
      Mul(target, b.neck, Rx(-0.6f * toss));
      break;
    }
    default: break;
  }
  if (rig == RigKind::kFish) {
    Mul(target, b.tail_fin, Ry(0.4f * std::sin(beat * 3.0f)));
  } else if (rig == RigKind::kRigid) {
    Mul(target, 0, Rz(0.05f * std::sin(beat * 1.3f)));
  }
  for (size_t i = 0; i < pose.local.size(); ++i)
    pose.local[i] = glm::slerp(pose.local[i], target.local[i], g.w);
}

}  // namespace kinora::engine::world::motion
