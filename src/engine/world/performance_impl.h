// Internals of Performance (actions.h): the planned segments, gestures,
// events and blinks of one character in one shot. Shared by
// performance.cc (planning, sampling) and performance_events.cc (events).
#pragma once

#include <vector>

#include "engine/world/actions.h"
#include "engine/world/motion.h"

namespace kinora::engine::world {

struct Performance::Impl {
  motion::Body body;
  std::vector<motion::Segment> segments;
  std::vector<ScheduledAction> gestures;
  std::vector<WorldEvent> events;
  std::vector<Flight> flights;
  std::vector<Release> releases;
  std::vector<double> blinks;  // blink start times, shot-local
  float region = 1.0f;

  void Setup(Skeleton skeleton, Stage stage);
  motion::Mode ModeFor(Verb verb) const;
  float SpeedFor(const motion::Segment& seg) const;
  void Plan(const std::vector<ScheduledAction>& actions);
  motion::Segment MakeSegment(Verb verb, double start, double end,
                              const motion::Segment* previous) const;
  void PlanEvents();
  void PlanGestureEvents();
  void AddEvent(double t, EventKind kind, Material material, Material other, float strength,
                glm::vec3 at);
  void SampleBase(const motion::Segment& seg, double t, SkeletonPose& pose,
                  motion::BaseExtras& extras, motion::Scratch& scratch) const;
  CharacterFrame SampleAt(double t, float mouth_open) const;
  float BlinkAt(double t) const;
};

}  // namespace kinora::engine::world
