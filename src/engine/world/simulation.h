// The simulated shot: everything a renderer or the sound stage needs at any
// instant of one shot, computed from a ShotScene.
//
// Creating a ShotSimulation runs the physics for the whole shot at once —
// characters' kinematic capsules follow their analytic action poses, props
// are simulated by Bullet (physics.h) — and records every prop's transform
// on the clip's frame grid, plus all events (character actions, impacts,
// splashes, crowd reactions) sorted by time in absolute clip seconds.
// Sampling afterwards is cheap and const: characters are posed analytically,
// props are interpolated between recorded frames.
//
// Deterministic: the same scene and fps give identical events and frames.
// Immutable after Create; Sample is thread-safe.
#pragma once

#include <glm/mat4x4.hpp>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/storyboard.h"
#include "engine/world/actions.h"
#include "engine/world/events.h"
#include "engine/world/look.h"
#include "engine/world/scene.h"

namespace kinora::engine::world {

struct PropFrame {
  std::string name;
  std::string cast_id;        // set for object cast members
  glm::mat4 transform{1.0f};  // prop frame (centre of mass, shape axes) → world
  bool visible = true;        // false before a thrown prop is released
};

struct WorldFrame {
  double time = 0.0;       // absolute clip seconds
  double shot_time = 0.0;  // seconds since the shot started
  // characters[i] belongs to scene().characters[i] (appearance, skeleton).
  std::vector<CharacterFrame> characters;
  // props[i] belongs to props()[i].
  std::vector<PropFrame> props;
  Environment environment;
};

class ShotSimulation {
 public:
  // InvalidArgument when fps is not within 1–240 or the scene has no duration.
  static core::Result<ShotSimulation> Create(ShotScene scene, double fps);

  ~ShotSimulation();
  ShotSimulation(ShotSimulation&&) noexcept;
  ShotSimulation& operator=(ShotSimulation&&) noexcept;

  // The world at absolute clip time `clip_time` (clamped to the shot).
  // `mouth_open` maps cast ids to the lip-sync value 0..1 (missing = closed).
  WorldFrame Sample(double clip_time, const std::map<std::string, float>& mouth_open) const;

  const ShotScene& scene() const;
  // The scene's props plus balls thrown during the shot, in WorldFrame order.
  const std::vector<PropSpec>& props() const;
  const std::vector<Performance>& performances() const;
  // Every event of the shot, sorted by time (absolute clip seconds).
  const std::vector<WorldEvent>& events() const;

 private:
  struct Impl;
  explicit ShotSimulation(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Events of every shot for the sound stage, sorted by time. InvalidArgument
// when the storyboard fails Validate.
core::Result<std::vector<WorldEvent>> SimulateEvents(const Storyboard& storyboard,
                                                     const CastAppearances& appearances);

}  // namespace kinora::engine::world
