#include "engine/render/figure_pose.h"

#include <algorithm>
#include <cmath>

namespace kinora::engine::render {
namespace {

constexpr float kPi = 3.14159265f;
constexpr float kTau = 6.28318531f;

float Smooth(float edge0, float edge1, float x) {
  const float t = std::clamp((x - edge0) / (edge1 - edge0), 0.0f, 1.0f);
  return t * t * (3.0f - 2.0f * t);
}

// Idle life every figure has: breathing, a slow sway, resting arms.
Pose IdlePose(double time, float phase) {
  Pose p;
  const float t = static_cast<float>(time);
  p.breathe = std::sin(t * kTau / 3.6f + phase * kTau);
  p.arm_l = 0.12f + 0.02f * std::sin(t * 1.1f + phase * 5.0f);
  p.arm_r = 0.12f + 0.02f * std::sin(t * 1.3f + phase * 3.0f);
  p.head_tilt = 0.03f * std::sin(t * 0.7f + phase * 9.0f);
  p.tail = 0.25f * std::sin(t * 2.2f + phase * kTau);
  return p;
}

void Travel(MotionSample& s, float elapsed, float range, float speed) {
  // Back and forth around the mark so a figure never walks out of the shot.
  const float w = speed / range;
  s.travel = range * std::sin(elapsed * w);
  s.heading = std::cos(elapsed * w) >= 0.0f ? 1.0f : -1.0f;
}

void Gait(MotionSample& s, float elapsed, float hertz, float lift, float bounce) {
  const float step = std::sin(elapsed * kTau * hertz);
  s.pose.lift_l = std::max(0.0f, step) * lift;
  s.pose.lift_r = std::max(0.0f, -step) * lift;
  s.pose.offset.y += bounce * std::abs(step);
  s.pose.arm_l = 0.15f + 0.25f * lift * step;
  s.pose.arm_r = 0.15f - 0.25f * lift * step;
  s.pose.gait = elapsed * kTau * hertz;
  s.pose.gait_amp = 0.25f + 0.35f * lift;
}

void Hop(MotionSample& s, float elapsed, float period, float peak) {
  const float ph = std::fmod(elapsed, period) / period;
  s.pose.offset.y = 4.0f * ph * (1.0f - ph) * peak;
  const bool airborne = ph > 0.05f && ph < 0.95f;
  s.pose.arm_l = s.pose.arm_r = airborne ? 2.4f : 0.6f;
  s.pose.lift_l = s.pose.lift_r = airborne ? 0.35f : 0.0f;
  s.pose.gait_amp = airborne ? 0.6f : 0.0f;
  s.pose.gait = kPi * 0.5f;
}

void ApplyMotion(MotionSample& s, Motion motion, float e, float phase) {
  Pose& p = s.pose;
  switch (motion) {
    case Motion::kIdle: break;
    case Motion::kTalk:
      p.arm_r = 0.45f + 0.25f * std::sin(e * 3.1f + phase);
      p.elbow_r = 0.9f;
      p.head_tilt += 0.05f * std::sin(e * 2.3f);
      p.tail = 0.5f * std::sin(e * 9.0f);
      break;
    case Motion::kWalk:
      Gait(s, e, 1.7f, 0.45f, 0.015f);
      Travel(s, e, 0.35f, 0.45f);
      break;
    case Motion::kRun:
      Gait(s, e, 2.8f, 0.9f, 0.04f);
      p.elbow_l = p.elbow_r = 1.2f;
      Travel(s, e, 0.6f, 1.3f);
      break;
    case Motion::kJump: Hop(s, e, 0.9f, 0.35f); break;
    case Motion::kFlip: {
      Hop(s, e, 1.2f, 0.55f);
      const float ph = std::fmod(e, 1.2f) / 1.2f;
      p.angle = kTau * Smooth(0.12f, 0.88f, ph);
      break;
    }
    case Motion::kRide:
      p.angle = 0.1f * std::sin(e * 1.7f);
      p.arm_l = p.arm_r = 1.3f;
      p.sit = 0.2f;
      Travel(s, e, 0.45f, 0.5f);
      break;
    case Motion::kDance: {
      const float beat = std::sin(e * kTau);
      p.offset.x = 0.05f * std::sin(e * kPi);
      p.offset.y = 0.03f * std::abs(beat);
      p.arm_l = 1.5f + 1.0f * beat;
      p.arm_r = 1.5f - 1.0f * beat;
      p.angle = 0.08f * std::sin(e * kPi);
      p.lift_l = std::max(0.0f, beat) * 0.3f;
      p.lift_r = std::max(0.0f, -beat) * 0.3f;
      p.tail = 0.8f * beat;
      p.gait = e * kTau;
      p.gait_amp = 0.3f;
      break;
    }
    case Motion::kWave:
      p.arm_r = 2.55f + 0.35f * std::sin(e * kTau * 2.0f);
      p.elbow_r = -0.25f;
      p.tail = 0.6f * std::sin(e * 10.0f);
      break;
    case Motion::kCheer:
      p.arm_r = 2.3f + 0.5f * std::max(0.0f, std::sin(e * kTau * 1.6f));
      p.elbow_r = -0.6f;
      p.offset.y = 0.02f * std::abs(std::sin(e * kTau * 1.6f));
      break;
    case Motion::kEat:
      p.arm_r = 0.5f + 0.2f * std::sin(e * 2.0f);
      p.elbow_r = 2.3f;
      break;
    case Motion::kSit: p.sit = 1.0f; break;
    case Motion::kFall: p.angle = -1.45f * Smooth(0.0f, 0.7f, e); break;
    case Motion::kThrow: {
      const float ph = std::fmod(e, 1.5f) / 1.5f;
      p.arm_r = 0.3f + 2.6f * Smooth(0.0f, 0.25f, ph) * (1.0f - Smooth(0.35f, 0.8f, ph));
      break;
    }
    case Motion::kSwim:
      p.arm_l = kPi + kPi * std::sin(e * 3.0f);
      p.arm_r = kPi - kPi * std::sin(e * 3.0f);
      p.offset.y = 0.02f * std::sin(e * 2.0f);
      Travel(s, e, 0.4f, 0.5f);
      break;
    case Motion::kFly:
      p.offset.y = 0.3f + 0.05f * std::sin(e * 2.0f);
      p.arm_l = p.arm_r = 1.5f + 0.3f * std::sin(e * 9.0f);
      p.tail = 0.9f * std::sin(e * 18.0f);
      p.lift_l = p.lift_r = 0.25f;
      break;
    case Motion::kPoint:
      p.arm_r = 1.55f;
      p.elbow_r = 0.0f;
      break;
    case Motion::kClap: {
      const float clap = 0.25f * std::sin(e * kTau * 3.0f);
      p.arm_l = p.arm_r = 0.5f;
      p.elbow_l = p.elbow_r = 1.9f + clap;
      break;
    }
    case Motion::kNod:
      p.head_bob = -0.012f * std::abs(std::sin(e * kTau * 1.4f));
      p.tail = 0.4f * std::sin(e * 6.0f);
      break;
    case Motion::kLaugh:
      p.offset.y = 0.008f * std::sin(e * kTau * 5.0f);
      p.head_tilt = 0.12f;
      p.arm_l = p.arm_r = 0.35f;
      p.elbow_l = p.elbow_r = 1.6f;
      p.tail = 0.7f * std::sin(e * 12.0f);
      break;
  }
}

}  // namespace

MotionSample SampleMotion(FigureKind kind, Motion motion, double elapsed, double time,
                          float phase) {
  MotionSample s;
  s.pose = IdlePose(time, phase);
  ApplyMotion(s, motion, static_cast<float>(elapsed), phase);
  if (kind == FigureKind::kObject) {
    // Props do not walk or wave; they bounce when told to move at all.
    const Pose keep = s.pose;
    s.pose = Pose{};
    s.pose.offset.y = std::max(0.0f, keep.offset.y);
    s.pose.angle = motion == Motion::kFall ? keep.angle : 0.0f;
  }
  return s;
}

float BlinkAt(double time, float phase) {
  const double period = 2.8 + 2.2 * phase;
  const double t = std::fmod(time + phase * 7.0, period);
  constexpr double kBlink = 0.16;
  if (t >= kBlink) return 0.0f;
  return static_cast<float>(1.0 - std::abs(2.0 * t / kBlink - 1.0));
}

}  // namespace kinora::engine::render
