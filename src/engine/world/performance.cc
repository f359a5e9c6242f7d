// Performance: plans a character's segments, gestures and events for a shot
// and samples its pose (actions.h).
#include <algorithm>
#include <array>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "engine/world/actions.h"
#include "engine/world/hash.h"
#include "engine/world/motion.h"
#include "engine/world/performance_impl.h"

namespace kinora::engine::world {

using namespace motion;  // NOLINT: the motion building blocks are this file's vocabulary
using glm::quat;
using glm::vec3;

namespace {

constexpr std::array<std::string_view, kVerbCount> kVerbNames = {
    "idle",  "talk",       "walk",  "run",   "jump",      "backflip", "kickflip", "wakeboard",
    "surf",  "gymnastics", "dance", "wave",  "fist-pump", "shout",    "eat",      "drink",
    "sit",   "fall",       "throw", "catch", "swim",      "fly",      "bark",     "sing",
    "point", "clap",       "nod",   "laugh", "skate",     "ride"};

}  // namespace

Verb VerbByName(std::string_view name) {
  for (size_t i = 0; i < kVerbNames.size(); ++i) {
    if (kVerbNames[i] == name) return static_cast<Verb>(i);
  }
  return Verb::kIdle;
}

std::string_view Name(Verb verb) {
  const auto i = static_cast<size_t>(verb);
  return i < kVerbNames.size() ? kVerbNames[i] : "idle";
}

bool IsGesture(Verb verb) {
  switch (verb) {
    case Verb::kTalk:
    case Verb::kWave:
    case Verb::kFistPump:
    case Verb::kShout:
    case Verb::kEat:
    case Verb::kDrink:
    case Verb::kThrow:
    case Verb::kCatch:
    case Verb::kBark:
    case Verb::kSing:
    case Verb::kPoint:
    case Verb::kClap:
    case Verb::kNod:
    case Verb::kLaugh: return true;
    default: return false;
  }
}

std::string_view Name(AttachmentKind kind) {
  switch (kind) {
    case AttachmentKind::kSkateboard: return "skateboard";
    case AttachmentKind::kSurfboard: return "surfboard";
    case AttachmentKind::kWakeboard: return "wakeboard";
    case AttachmentKind::kBike: return "bike";
    case AttachmentKind::kBall: return "ball";
    case AttachmentKind::kCup: return "cup";
    case AttachmentKind::kFood: return "food";
    case AttachmentKind::kMicrophone: return "microphone";
  }
  return "unknown";
}

// --- Setup ---

void Performance::Impl::Setup(Skeleton skeleton, Stage stage) {
  Body& b = body;
  b.sk = std::move(skeleton);
  b.stage = std::move(stage);
  b.h = b.sk.height;
  b.hash = HashOf(b.stage.seed, "perform:" + b.stage.cast_id);
  b.phase = Unit(b.hash, 1);
  const Skeleton& sk = b.sk;
  BoneMap& m = b.b;
  m.root = 0;
  m.pelvis = sk.Find("pelvis") >= 0 ? sk.Find("pelvis") : 0;
  m.spine = sk.Find("spine");
  m.chest = sk.Find("chest");
  m.neck = sk.Find("neck");
  m.head = sk.Find("head");
  m.jaw = sk.Find("jaw");
  if (sk.kind == RigKind::kFish) {
    m.tail = {sk.Find("tail1"), sk.Find("tail2"), -1};
  } else if (sk.kind == RigKind::kBird) {
    m.tail = {sk.Find("tail"), -1, -1};
  } else {
    m.tail = {sk.Find("tail1"), sk.Find("tail2"), sk.Find("tail3")};
  }
  m.wing = {sk.Find("wing_l"), sk.Find("wing_r")};
  m.wingtip = {sk.Find("wingtip_l"), sk.Find("wingtip_r")};
  m.fin = {sk.Find("fin_l"), sk.Find("fin_r")};
  m.shoulder = {sk.Find("shoulder_l"), sk.Find("shoulder_r")};
  m.tail_fin = sk.Find("tail_fin");
  m.fin_dorsal = sk.Find("fin_dorsal");

  Scratch scratch;
  ForwardKinematics(sk, RestPose(sk), scratch.world);
  b.com_height = sk.bones.empty() ? 0.0f : sk.bones[0].offset.y;
  switch (sk.kind) {
    case RigKind::kQuadruped:
      b.com = 0.5f * (JointPosition(scratch.world, 0) +
                      JointPosition(scratch.world, std::max(0, m.chest)));
      break;
    case RigKind::kRigid: b.com = vec3(0, 0.5f * b.h, 0); break;
    default: b.com = sk.bones.empty() ? vec3(0) : JointPosition(scratch.world, 0); break;
  }
  for (const LimbChain& leg : sk.legs) {
    vec3 a = JointPosition(scratch.world, leg.upper);
    b.leg_anchor.push_back({a.x, 0.0f, a.z});
    const vec3 end = leg.end >= 0 ? sk.bones[static_cast<size_t>(leg.end)].offset
                                  : sk.bones[static_cast<size_t>(leg.lower)].tip;
    b.leg_reach.push_back(glm::length(sk.bones[static_cast<size_t>(leg.lower)].offset) +
                          glm::length(end));
  }
  float scale = b.h;
  switch (sk.kind) {
    case RigKind::kQuadruped: scale = 1.8f * b.h; break;
    case RigKind::kBird: scale = 0.8f * b.h; break;
    case RigKind::kFish: scale = 0.6f * b.h; break;
    default: break;
  }
  const float mass = 70.0f * std::pow(scale / 1.75f, 3.0f);
  b.size = std::clamp(std::pow(mass / 70.0f, 0.25f), 0.15f, 1.3f);
  b.stage.mark.y = b.Ground(b.stage.mark);
  if (b.stage.water_level) {
    const float depth = *b.stage.water_level - b.stage.mark.y;
    if (depth > 0.6f) b.water = depth < 5.0f ? Water::kSurface : Water::kDeep;
  }
}

Mode Performance::Impl::ModeFor(Verb verb) const {
  const RigKind rig = body.sk.kind;
  switch (verb) {
    case Verb::kWalk:
    case Verb::kRun: return Mode::kLocomote;
    case Verb::kJump:
    case Verb::kBackflip:
    case Verb::kGymnastics: return Mode::kBallistic;
    case Verb::kKickflip:
      return rig == RigKind::kHumanoid || rig == RigKind::kQuadruped ? Mode::kKickflip
                                                                     : Mode::kBallistic;
    case Verb::kSkate:
    case Verb::kSurf:
    case Verb::kWakeboard:
    case Verb::kRide:
      if (rig == RigKind::kFish) return Mode::kSwim;
      if (rig == RigKind::kBird && verb == Verb::kRide) return Mode::kLocomote;
      return rig == RigKind::kRigid ? Mode::kLocomote : Mode::kRide;
    case Verb::kDance: return Mode::kDance;
    case Verb::kSit: return Mode::kSit;
    case Verb::kFall: return Mode::kFall;
    case Verb::kSwim: return Mode::kSwim;
    case Verb::kFly:
      if (rig == RigKind::kBird) return Mode::kFly;
      return Mode::kBallistic;
    default: return Mode::kStand;
  }
}

float Performance::Impl::SpeedFor(const Segment& seg) const {
  const RigKind rig = body.sk.kind;
  const float s = std::sqrt(std::max(0.05f, body.h) / 1.75f);
  const bool wet = body.water != Water::kNone;
  switch (seg.mode) {
    case Mode::kLocomote:
    case Mode::kSwim:
      if (rig == RigKind::kFish)
        return body.water == Water::kNone ? 0.4f : std::min(3.0f, 0.5f + 0.8f * body.h);
      if (rig == RigKind::kRigid) return seg.run ? 2.5f : 1.0f;
      if (wet) return rig == RigKind::kHumanoid ? 0.9f * s : 0.5f;
      if (seg.mode == Mode::kSwim)
        return rig == RigKind::kHumanoid ? 0.0f : GaitFor(body, false).speed;
      return GaitFor(body, seg.run).speed;
    case Mode::kRide:
      if (rig != RigKind::kHumanoid) return 2.0f;
      switch (seg.verb) {
        case Verb::kSurf: return 3.5f;
        case Verb::kWakeboard: return 6.0f;
        case Verb::kRide: return 4.5f;
        default: return 3.0f;
      }
    case Mode::kKickflip: return rig == RigKind::kHumanoid ? 3.0f : 2.0f;
    case Mode::kFly: return 2.5f * std::clamp(std::sqrt(body.h / 0.3f), 0.6f, 2.0f);
    default: return 0.0f;
  }
}

Segment Performance::Impl::MakeSegment(Verb verb, double start, double end,
                                       const Segment* previous) const {
  Segment seg;
  seg.verb = verb;
  seg.mode = ModeFor(verb);
  seg.start = start;
  seg.end = std::max(end, start + 0.05);
  seg.run = verb == Verb::kRun;
  if (previous != nullptr) {
    seg.blend = previous->mode == Mode::kFall ? 1.0 : 0.3;
    // Where the previous segment left the root.
    const double t = previous->end;
    float yaw = previous->yaw;
    vec3 pos = previous->position;
    if (previous->speed > 0.0f) {
      PathAt(body, *previous, t, pos, yaw);
      seg.track_s = previous->track_s + TravelAt(*previous, t - previous->start);
    } else {
      yaw = previous->mode == Mode::kFall ? previous->yaw : StandYaw(body, *previous, t);
      seg.track_s = previous->track_s;
    }
    seg.position = pos;
    seg.yaw = yaw;
  } else {
    seg.blend = 0.0;
    seg.position = body.stage.mark;
    seg.yaw = body.stage.facing;
  }
  seg.speed = SpeedFor(seg);
  const RigKind rig = body.sk.kind;
  const float g = body.stage.gravity;
  const float s = std::clamp(body.h / 1.75f, 0.4f, 1.3f);
  if (seg.mode == Mode::kBallistic || seg.mode == Mode::kKickflip) {
    float apex = 0.45f * s, turns = 0.0f,
          crouch = 0.28f * (body.leg_reach.empty() ? 0.3f * body.h : body.leg_reach[0]);
    double delay = 0.05, gap = 0.5;
    bool layout = false, board = false;
    switch (verb) {
      case Verb::kBackflip: apex = 0.75f * s, turns = -1.0f; break;
      case Verb::kGymnastics: apex = 0.95f * s, turns = -1.0f, layout = true; break;
      case Verb::kKickflip:
        apex = 0.35f * s, board = true, delay = std::min(1.0, 0.2 * (seg.end - seg.start)),
        gap = 1.6;
        if (seg.mode == Mode::kBallistic) turns = 1.0f;  // rigs without a board turn themselves
        break;
      case Verb::kFly: apex = 0.25f * s, gap = 0.15; break;
      default: break;
    }
    if (rig == RigKind::kQuadruped) {
      apex = (turns != 0.0f ? 0.8f : 0.5f) * body.h + 0.15f;
      if (verb == Verb::kKickflip) apex = 0.25f * body.h + 0.05f;
      crouch = 0.2f * body.com_height;
    } else if (rig == RigKind::kBird) {
      apex = (turns != 0.0f ? 1.0f : 0.3f) * body.h + 0.05f;
      crouch = 0.15f * body.com_height;
    } else if (rig == RigKind::kFish) {
      apex = body.water == Water::kSurface ? 0.4f * body.h + 0.6f : 0.6f;
      if (body.water == Water::kDeep && turns == 0.0f) turns = verb == Verb::kJump ? 0.0f : -1.0f;
      crouch = 0.05f * body.h;
    } else if (rig == RigKind::kRigid) {
      apex = turns != 0.0f ? 0.8f : 0.4f;
      crouch = 0.05f * body.h;
    }
    crouch = std::max(crouch, 0.01f);
    seg.jumps = PlanJumps(seg.start, seg.end, apex, turns, g, crouch, delay, gap);
    for (Jump& j : seg.jumps) {
      j.layout = layout;
      j.board = board;
    }
    if (!seg.jumps.empty()) seg.end = std::max(seg.end, seg.jumps.back().end);
  }
  if (seg.mode == Mode::kFall) {
    float length = body.h;
    if (rig == RigKind::kQuadruped) length = 1.2f * body.com_height;
    if (rig == RigKind::kBird) length = 0.5f * body.h;
    seg.fall_hit = rig == RigKind::kFish ? 1.2 : FallHitTime(length, g);
  }
  return seg;
}

void Performance::Impl::Plan(const std::vector<ScheduledAction>& actions) {
  const double duration = std::max(0.05, body.stage.duration);
  std::vector<ScheduledAction> base;
  for (const ScheduledAction& a : actions) {
    if (!(a.end > a.start) || !std::isfinite(a.start) || !std::isfinite(a.end)) continue;
    ScheduledAction c = a;
    c.start = std::clamp(c.start, 0.0, duration);
    c.end = std::clamp(c.end, 0.0, duration);
    if (c.end - c.start < 1e-3) continue;
    (IsGesture(a.verb) ? gestures : base).push_back(c);
  }
  std::stable_sort(
      base.begin(), base.end(),
      [](const ScheduledAction& a, const ScheduledAction& b) { return a.start < b.start; });
  std::stable_sort(
      gestures.begin(), gestures.end(),
      [](const ScheduledAction& a, const ScheduledAction& b) { return a.start < b.start; });
  // Walkers need a track that fits their fastest pace.
  float fastest = 0.0f;
  for (const ScheduledAction& a : base) {
    Segment probe;
    probe.verb = a.verb;
    probe.mode = ModeFor(a.verb);
    probe.run = a.verb == Verb::kRun;
    fastest = std::max(fastest, SpeedFor(probe));
  }
  Track& track = body.track;
  track.mark = body.stage.mark;
  track.facing = body.stage.facing;
  track.half = std::clamp(1.2f * fastest, 0.8f, 6.0f);
  track.radius = std::clamp(0.45f * fastest, 0.5f, 3.0f);
  track.dir = (Mix64(body.hash ^ 0x7a) & 1) ? 1.0f : -1.0f;
  if (body.h < 0.5f) {
    track.half = std::min(track.half, std::max(0.8f, 4.0f * body.h));
    track.radius = std::min(track.radius, std::max(0.5f, 2.0f * body.h));
  }
  // The farthest the track gets from the mark (on a turn or a back corner),
  // plus room for sway.
  const float a = track.half, r = track.radius;
  float far2 = a * a + 4 * r * r;
  for (int i = 0; i <= 64; ++i) {
    const float phi = kPi * static_cast<float>(i) / 64.0f;
    const float u = a + r * std::sin(phi), v = r * (1.0f - std::cos(phi));
    far2 = std::max(far2, u * u + v * v);
  }
  region = std::sqrt(far2) + 0.02f * body.h + 0.05f;

  double cursor = 0.0;
  auto push = [&](Verb verb, double start, double end) {
    const Segment* prev = segments.empty() ? nullptr : &segments.back();
    Segment seg = MakeSegment(verb, start, end, prev);
    cursor = seg.end;
    segments.push_back(std::move(seg));
  };
  // A base action that starts while another runs interrupts it; the earlier
  // one resumes when the later ends ("skate 0–8 s" with "kickflip 2–3 s").
  std::vector<double> cuts;
  for (const ScheduledAction& a : base) cuts.insert(cuts.end(), {a.start, a.end});
  std::sort(cuts.begin(), cuts.end());
  std::vector<ScheduledAction> timeline;
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    if (cuts[i + 1] - cuts[i] < 1e-6) continue;
    const double mid = 0.5 * (cuts[i] + cuts[i + 1]);
    const ScheduledAction* active = nullptr;
    for (const ScheduledAction& a : base) {
      if (a.start <= mid && mid < a.end && (active == nullptr || a.start >= active->start))
        active = &a;
    }
    if (active == nullptr) continue;
    if (!timeline.empty() && timeline.back().verb == active->verb &&
        std::fabs(timeline.back().end - cuts[i]) < 1e-6 &&
        timeline.back().start >= active->start - 1e-9) {
      timeline.back().end = cuts[i + 1];
    } else {
      timeline.push_back({active->verb, cuts[i], cuts[i + 1]});
    }
  }
  for (const ScheduledAction& a : timeline) {
    if (a.end <= cursor + 0.05) continue;
    const double start = std::max(a.start, cursor);
    if (start > cursor + 1e-6) push(Verb::kIdle, cursor, start);
    push(a.verb, start, a.end);
  }
  if (cursor < duration - 1e-6 || segments.empty())
    push(Verb::kIdle, cursor, std::max(duration, cursor + 0.05));

  // Blinks every 2–5.5 s.
  double t = Between(body.hash, 3, 0.3f, 2.5f);
  for (int i = 0; t < duration + 1.0 && i < 200; ++i) {
    blinks.push_back(t);
    t += Between(body.hash, 100 + static_cast<uint64_t>(i), 2.0f, 5.5f);
  }
}

// --- Sampling ---

void Performance::Impl::SampleBase(const Segment& seg, double t, SkeletonPose& pose,
                                   BaseExtras& extras, Scratch& scratch) const {
  pose.local.assign(body.sk.bones.size(), kIdentity);
  pose.root_position = seg.position;
  pose.root_rotation = Ry(seg.yaw);
  switch (body.sk.kind) {
    case RigKind::kHumanoid: SampleHumanoid(body, seg, t, pose, extras, scratch); break;
    case RigKind::kQuadruped: SampleQuadruped(body, seg, t, pose, extras, scratch); break;
    case RigKind::kBird: SampleBird(body, seg, t, pose, extras, scratch); break;
    case RigKind::kFish: SampleFish(body, seg, t, pose, extras, scratch); break;
    case RigKind::kRigid: SampleRigid(body, seg, t, pose, extras, scratch); break;
  }
}

float Performance::Impl::BlinkAt(double t) const {
  if (body.sk.kind == RigKind::kFish || body.sk.kind == RigKind::kRigid) return 0.0f;
  constexpr double kLength = 0.16;
  auto it = std::upper_bound(blinks.begin(), blinks.end(), t);
  if (it == blinks.begin()) return 0.0f;
  const double since = t - *(it - 1);
  if (since >= kLength) return 0.0f;
  return static_cast<float>(1.0 - std::fabs(2.0 * since / kLength - 1.0));
}

CharacterFrame Performance::Impl::SampleAt(double t, float mouth_open) const {
  t = std::clamp(t, 0.0, std::max(0.0, body.stage.duration));
  Scratch scratch;
  CharacterFrame frame;
  frame.cast_id = body.stage.cast_id;
  // The base segment at t, crossfaded from the previous one.
  size_t i = 0;
  while (i + 1 < segments.size() && segments[i + 1].start <= t) ++i;
  const Segment& seg = segments[i];
  BaseExtras extras;
  SampleBase(seg, t, frame.pose, extras, scratch);
  const double since = t - seg.start;
  if (i > 0 && since < seg.blend) {
    const float w = Smooth(0.0f, 1.0f, static_cast<float>(since / seg.blend));
    SkeletonPose prev;
    BaseExtras prev_extras;
    SampleBase(segments[i - 1], t, prev, prev_extras, scratch);
    SkeletonPose& p = frame.pose;
    p.root_position = glm::mix(prev.root_position, p.root_position, w);
    p.root_rotation = glm::slerp(prev.root_rotation, p.root_rotation, w);
    for (size_t k = 0; k < p.local.size(); ++k)
      p.local[k] = glm::slerp(prev.local[k], p.local[k], w);
    extras.gestures = prev_extras.gestures + (extras.gestures - prev_extras.gestures) * w;
    if (!extras.board && w < 0.5f) extras.board = prev_extras.board;
  }
  // Gestures over the base.
  std::vector<HeldItem> held;
  for (const ScheduledAction& g : gestures) {
    if (t < g.start || t >= g.end) continue;
    const double tau = t - g.start;
    const double len = g.end - g.start;
    const float fade = std::min(Smooth(0.0f, 0.25f, static_cast<float>(tau)),
                                Smooth(0.0f, 0.25f, static_cast<float>(len - tau)));
    GestureContext ctx{g.verb, tau, len, fade * extras.gestures};
    if (body.sk.kind == RigKind::kHumanoid) {
      ApplyHumanoidGesture(body, ctx, frame.pose, scratch, held);
    } else {
      ApplyAnimalGesture(body, ctx, frame.pose);
    }
  }
  // The jaw follows the lip-sync input, nothing else.
  frame.mouth_open = std::clamp(std::isfinite(mouth_open) ? mouth_open : 0.0f, 0.0f, 1.0f);
  if (body.b.jaw >= 0) {
    const float open = body.sk.kind == RigKind::kHumanoid ? 0.35f : 0.5f;
    auto& jaw = frame.pose.local[static_cast<size_t>(body.b.jaw)];
    jaw = jaw * Rx(open * frame.mouth_open);
  }
  frame.blink = BlinkAt(t);
  frame.breath = extras.breath;
  ForwardKinematics(body.sk, frame.pose, frame.bones);
  if (extras.board) frame.attachments.push_back(*extras.board);
  for (const HeldItem& item : held) {
    glm::mat4 m(1.0f);
    if (item.bone >= 0) {
      m = frame.bones[static_cast<size_t>(item.bone)] *
          glm::translate(glm::mat4(1.0f),
                         body.sk.bones[static_cast<size_t>(item.bone)].tip + item.offset);
    } else {
      m = glm::translate(glm::mat4(1.0f), item.offset);
    }
    frame.attachments.push_back({item.kind, m, item.size});
  }
  return frame;
}

// --- Public ---

Performance::Performance(Skeleton skeleton, Stage stage, std::vector<ScheduledAction> actions)
    : impl_(std::make_unique<Impl>()) {
  impl_->Setup(std::move(skeleton), std::move(stage));
  impl_->Plan(actions);
  impl_->PlanEvents();
  impl_->PlanGestureEvents();
  std::stable_sort(impl_->events.begin(), impl_->events.end(),
                   [](const WorldEvent& a, const WorldEvent& b) { return a.time < b.time; });
}

Performance::~Performance() = default;
Performance::Performance(Performance&&) noexcept = default;
Performance& Performance::operator=(Performance&&) noexcept = default;

CharacterFrame Performance::Sample(double t, float mouth_open) const {
  return impl_->SampleAt(t, mouth_open);
}

BodyCapsule Performance::Capsule(double t) const {
  const Impl& m = *impl_;
  const CharacterFrame f = m.SampleAt(t, 0.0f);
  const Skeleton& sk = m.body.sk;
  vec3 a, b;
  float radius;
  switch (sk.kind) {
    case RigKind::kHumanoid:
      a = JointPosition(f.bones, m.body.b.pelvis);
      b = JointPosition(f.bones, m.body.b.neck >= 0 ? m.body.b.neck : 0);
      radius = sk.bones[static_cast<size_t>(std::max(0, m.body.b.chest))].radius;
      break;
    case RigKind::kQuadruped:
      a = JointPosition(f.bones, 0);
      b = TipPosition(sk, f.bones, std::max(0, m.body.b.chest));
      radius = sk.bones[static_cast<size_t>(std::max(0, m.body.b.spine))].radius;
      break;
    case RigKind::kFish:
      a = TipPosition(sk, f.bones, std::max(0, m.body.b.tail[1]));
      b = TipPosition(sk, f.bones, std::max(0, m.body.b.head));
      radius = sk.bones[0].radius;
      break;
    default:
      a = JointPosition(f.bones, 0);
      b = TipPosition(sk, f.bones, 0);
      radius = sk.bones[0].radius;
      break;
  }
  BodyCapsule c;
  const vec3 axis = b - a;
  const float len = glm::length(axis);
  c.center = 0.5f * (a + b);
  c.radius = std::max(0.01f, radius);
  c.half_height = std::max(0.005f, 0.5f * len);
  const vec3 dir = len > 1e-6f ? axis / len : vec3(0, 1, 0);
  const vec3 up(0, 1, 0);
  const float d = glm::dot(up, dir);
  if (d < -0.9999f) {
    c.rotation = glm::angleAxis(kPi, vec3(1, 0, 0));
  } else {
    const vec3 x = glm::cross(up, dir);
    c.rotation = glm::normalize(quat(1.0f + d, x.x, x.y, x.z));
  }
  return c;
}

const Skeleton& Performance::skeleton() const { return impl_->body.sk; }
const Stage& Performance::stage() const { return impl_->body.stage; }
const std::vector<WorldEvent>& Performance::events() const { return impl_->events; }
const std::vector<Flight>& Performance::flights() const { return impl_->flights; }
const std::vector<Release>& Performance::releases() const { return impl_->releases; }
float Performance::region_radius() const { return impl_->region; }

}  // namespace kinora::engine::world
