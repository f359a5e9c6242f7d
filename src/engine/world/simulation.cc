#include "engine/world/simulation.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

#include "engine/world/physics.h"

namespace kinora::engine::world {
namespace {

struct RigidPose {
  glm::vec3 position{0.0f};
  glm::quat rotation{1.0f, 0.0f, 0.0f, 0.0f};
};

RigidPose Mix(const RigidPose& a, const RigidPose& b, float t) {
  return {glm::mix(a.position, b.position, t), glm::slerp(a.rotation, b.rotation, t)};
}

// Kinematic capsules are sampled at this rate and interpolated between.
constexpr double kCapsuleRate = 60.0;

}  // namespace

struct ShotSimulation::Impl {
  ShotScene scene;
  double fps = 24.0;
  std::vector<Performance> performances;
  std::vector<PropSpec> props;
  long first_frame = 0;
  int frame_count = 0;
  std::vector<RigidPose> track;  // frame-major: track[j * props.size() + p]
  std::vector<WorldEvent> events;

  double FrameTime(int j) const {
    const double t = static_cast<double>(first_frame + j) / fps - scene.start;
    return std::clamp(t, 0.0, scene.duration);
  }

  void Simulate();
};

void ShotSimulation::Impl::Simulate() {
  const Environment& env = scene.environment;
  PhysicsOptions options;
  options.gravity = env.gravity;
  options.terrain = env.terrain;
  options.ground = env.ground;
  options.water_level = env.water_level;
  PhysicsWorld world(options);
  // Who each body is, for event attribution.
  std::vector<std::string> body_cast(1);
  for (const Structure& s : scene.structures) {
    BodyDesc d;
    d.name = s.name;
    d.shape = ShapeKind::kBox;
    d.half_extents = s.half_extents;
    d.mass = 0.0f;
    d.material = s.material;
    d.position = s.center;
    d.rotation = s.rotation;
    world.AddBody(d);
    body_cast.emplace_back();
  }
  // Characters: kinematic capsules following their poses.
  const int capsule_samples = static_cast<int>(std::ceil(scene.duration * kCapsuleRate)) + 2;
  std::vector<std::vector<BodyCapsule>> capsules(performances.size());
  std::vector<int> capsule_ids;
  for (size_t c = 0; c < performances.size(); ++c) {
    auto& samples = capsules[c];
    samples.reserve(static_cast<size_t>(capsule_samples));
    for (int k = 0; k < capsule_samples; ++k)
      samples.push_back(performances[c].Capsule(k / kCapsuleRate));
    BodyDesc d;
    d.name = performances[c].stage().cast_id;
    d.shape = ShapeKind::kCapsule;
    d.half_extents = {samples[0].radius, samples[0].half_height, samples[0].radius};
    d.kinematic = true;
    d.mass = 0.0f;
    d.material = Material::kFlesh;
    d.position = samples[0].center;
    d.rotation = samples[0].rotation;
    capsule_ids.push_back(world.AddBody(d));
    body_cast.push_back(d.name);
  }
  auto capsule_at = [&](size_t c, double t) {
    const double u = std::clamp(t * kCapsuleRate, 0.0, static_cast<double>(capsule_samples - 1));
    const int k = std::min(static_cast<int>(u), capsule_samples - 2);
    const float a = static_cast<float>(u - k);
    const BodyCapsule& p = capsules[c][static_cast<size_t>(k)];
    const BodyCapsule& q = capsules[c][static_cast<size_t>(k) + 1];
    return RigidPose{glm::mix(p.center, q.center, a), glm::slerp(p.rotation, q.rotation, a)};
  };

  const size_t n = props.size();
  std::vector<int> ids(n, -1);
  std::vector<RigidPose> before(n), after(n);
  for (size_t p = 0; p < n; ++p) before[p] = after[p] = {props[p].position, props[p].rotation};
  auto spawn = [&](double now) {
    for (size_t p = 0; p < n; ++p) {
      if (ids[p] < 0 && props[p].spawn_time <= now + 1e-9) {
        ids[p] = world.AddBody(BodyFor(props[p]));
        body_cast.push_back(props[p].cast_id);
      }
    }
  };
  spawn(0.0);
  track.assign(static_cast<size_t>(frame_count) * n, RigidPose{});
  int next_frame = 0;
  auto record_until = [&](double t0, double t1) {
    while (next_frame < frame_count && FrameTime(next_frame) <= t1 + 1e-9) {
      const float a =
          static_cast<float>(std::clamp((FrameTime(next_frame) - t0) / (t1 - t0), 0.0, 1.0));
      for (size_t p = 0; p < n; ++p)
        track[static_cast<size_t>(next_frame) * n + p] = Mix(before[p], after[p], a);
      ++next_frame;
    }
  };
  record_until(-1.0, 0.0);
  const int steps = static_cast<int>(std::ceil(scene.duration / PhysicsWorld::kStep)) + 1;
  for (int i = 0; i < steps && next_frame < frame_count; ++i) {
    const double t0 = world.time();
    const double t1 = t0 + PhysicsWorld::kStep;
    spawn(t0);
    for (size_t p = 0; p < n; ++p) {
      if (ids[p] < 0) continue;
      for (const PropKick& k : props[p].kicks) {
        if (k.time >= t0 && k.time < t1) world.Kick(ids[p], k.velocity, k.spin);
      }
    }
    for (size_t c = 0; c < performances.size(); ++c) {
      const RigidPose pose = capsule_at(c, t1);
      world.SetKinematicPose(capsule_ids[c], pose.position, pose.rotation);
    }
    world.Step();
    for (size_t p = 0; p < n; ++p) {
      before[p] = after[p];
      if (ids[p] < 0) continue;
      const BodyState s = world.State(ids[p]);
      after[p] = {s.position, s.rotation};
    }
    record_until(t0, t1);
  }
  while (next_frame < frame_count) record_until(world.time(), world.time() + 1.0);

  for (const Contact& c : world.TakeContacts()) {
    WorldEvent e;
    e.time = scene.start + c.time;
    e.kind = EventKind::kImpact;
    const std::string& who_b = body_cast[static_cast<size_t>(c.b)];
    const std::string& who_a = body_cast[static_cast<size_t>(c.a)];
    e.cast_id = !who_a.empty() ? who_a : who_b;
    e.material = c.material_a;
    e.other = c.material_b;
    e.strength = c.strength;
    e.position = c.position;
    events.push_back(std::move(e));
  }
  for (const Splash& s : world.TakeSplashes()) {
    WorldEvent e;
    e.time = scene.start + s.time;
    e.kind = EventKind::kSplash;
    e.cast_id = body_cast[static_cast<size_t>(s.body)];
    e.material = Material::kWater;
    e.other = world.MaterialOf(s.body);
    e.strength = s.strength;
    e.position = s.position;
    events.push_back(std::move(e));
  }
}

ShotSimulation::ShotSimulation(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ShotSimulation::~ShotSimulation() = default;
ShotSimulation::ShotSimulation(ShotSimulation&&) noexcept = default;
ShotSimulation& ShotSimulation::operator=(ShotSimulation&&) noexcept = default;

core::Result<ShotSimulation> ShotSimulation::Create(ShotScene scene, double fps) {
  if (!(fps >= 1.0 && fps <= 240.0)) {
    return core::InvalidArgument("fps must be within 1–240 (got " + std::to_string(fps) + ")",
                                 "fps");
  }
  if (!(scene.duration > 0.0) || !std::isfinite(scene.duration)) {
    return core::InvalidArgument("the shot has no duration", "duration");
  }
  auto impl = std::make_unique<Impl>();
  Impl& m = *impl;
  m.scene = std::move(scene);
  m.fps = fps;
  for (const CharacterSpec& c : m.scene.characters) {
    m.performances.emplace_back(c.skeleton, c.stage, c.actions);
  }
  m.props = m.scene.props;
  for (const Performance& p : m.performances) {
    for (const Release& r : p.releases()) {
      PropSpec ball;
      ball.name = "thrown ball";
      ball.shape = PropShape::kBall;
      ball.size = glm::vec3(2.0f * r.radius);
      ball.material = Material::kPlastic;
      ball.mass = 0.43f;
      ball.color = {0.92f, 0.3f, 0.2f};
      ball.position = r.position;
      ball.velocity = r.velocity;
      ball.spawn_time = r.time;
      m.props.push_back(std::move(ball));
    }
  }
  m.first_frame = static_cast<long>(std::floor(m.scene.start * fps + 1e-9));
  const long last = static_cast<long>(std::ceil((m.scene.start + m.scene.duration) * fps - 1e-9));
  m.frame_count = static_cast<int>(std::max(1L, last - m.first_frame + 1));
  if (!m.props.empty()) m.Simulate();
  for (const Performance& p : m.performances) {
    m.events.insert(m.events.end(), p.events().begin(), p.events().end());
  }
  std::stable_sort(m.events.begin(), m.events.end(),
                   [](const WorldEvent& a, const WorldEvent& b) { return a.time < b.time; });
  return ShotSimulation(std::move(impl));
}

WorldFrame ShotSimulation::Sample(double clip_time,
                                  const std::map<std::string, float>& mouth_open) const {
  const Impl& m = *impl_;
  WorldFrame f;
  const double local = std::clamp(clip_time - m.scene.start, 0.0, m.scene.duration);
  f.time = m.scene.start + local;
  f.shot_time = local;
  f.environment = m.scene.environment;
  f.characters.reserve(m.performances.size());
  for (const Performance& p : m.performances) {
    auto it = mouth_open.find(p.stage().cast_id);
    f.characters.push_back(p.Sample(local, it != mouth_open.end() ? it->second : 0.0f));
  }
  const size_t n = m.props.size();
  f.props.reserve(n);
  const double u = std::clamp((m.scene.start + local) * m.fps - static_cast<double>(m.first_frame),
                              0.0, static_cast<double>(m.frame_count - 1));
  const int j0 = static_cast<int>(std::floor(u));
  const int j1 = std::min(j0 + 1, m.frame_count - 1);
  const float a = static_cast<float>(u - j0);
  for (size_t p = 0; p < n; ++p) {
    const PropSpec& spec = m.props[p];
    RigidPose pose{spec.position, spec.rotation};
    if (!m.track.empty()) {
      pose = Mix(m.track[static_cast<size_t>(j0) * n + p], m.track[static_cast<size_t>(j1) * n + p],
                 a);
    }
    PropFrame pf;
    pf.name = spec.name;
    pf.cast_id = spec.cast_id;
    pf.transform = glm::translate(glm::mat4(1.0f), pose.position) * glm::mat4_cast(pose.rotation);
    pf.visible = local + 1e-9 >= spec.spawn_time;
    f.props.push_back(std::move(pf));
  }
  return f;
}

const ShotScene& ShotSimulation::scene() const { return impl_->scene; }
const std::vector<PropSpec>& ShotSimulation::props() const { return impl_->props; }
const std::vector<Performance>& ShotSimulation::performances() const { return impl_->performances; }
const std::vector<WorldEvent>& ShotSimulation::events() const { return impl_->events; }

core::Result<std::vector<WorldEvent>> SimulateEvents(const Storyboard& storyboard,
                                                     const CastAppearances& appearances) {
  KINORA_RETURN_IF_ERROR(Validate(storyboard));
  std::vector<WorldEvent> all;
  for (size_t i = 0; i < storyboard.shots.size(); ++i) {
    KINORA_ASSIGN_OR_RETURN(ShotScene scene,
                            BuildShotScene(storyboard, static_cast<int>(i), appearances));
    KINORA_ASSIGN_OR_RETURN(ShotSimulation sim,
                            ShotSimulation::Create(std::move(scene), storyboard.fps));
    all.insert(all.end(), sim.events().begin(), sim.events().end());
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const WorldEvent& a, const WorldEvent& b) { return a.time < b.time; });
  return all;
}

}  // namespace kinora::engine::world
