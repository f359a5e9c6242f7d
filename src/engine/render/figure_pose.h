// Poses for the verbs of the storyboard vocabulary: simple procedural motion
// (walk cycles, jumps, waves) evaluated at an instant. Pure functions;
// thread-safe; deterministic.
#pragma once

#include "engine/render/scene_state.h"

namespace kinora::engine::render {

struct MotionSample {
  Pose pose;
  float travel = 0.0f;   // sideways displacement in figure heights (walks, rides, swims)
  float heading = 0.0f;  // +1 / -1 while travelling right / left, 0 when standing
};

// `elapsed`: seconds since the action began (0 for idle); `time`: absolute
// seconds (breathing, tail wags); `phase`: a per-figure constant in [0, 1)
// that keeps several figures from moving in lockstep.
MotionSample SampleMotion(FigureKind kind, Motion motion, double elapsed, double time, float phase);

// Blink amount 0..1 at `time` for a figure whose blinks are offset by `phase`.
float BlinkAt(double time, float phase);

}  // namespace kinora::engine::render
