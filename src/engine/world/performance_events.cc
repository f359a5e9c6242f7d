// Performance events: what a character's motion sounds like — footfalls,
// take-offs and landings, whooshes, board noises, splashes, claps, crowds —
// planned from the same segments and timings the poses come from.
#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>

#include "engine/world/motion.h"
#include "engine/world/performance_impl.h"

namespace kinora::engine::world {

using namespace motion;  // NOLINT: the motion building blocks are this file's vocabulary
using glm::vec3;

// --- Events ---

void Performance::Impl::AddEvent(double t, EventKind kind, Material material, Material other,
                                 float strength, vec3 at) {
  if (t < 0.0 || t > body.stage.duration + 1e-9) return;
  WorldEvent e;
  e.time = body.stage.clip_offset + t;
  e.kind = kind;
  e.cast_id = body.stage.cast_id;
  e.material = material;
  e.other = other;
  e.strength = std::clamp(strength, 0.0f, 1.0f);
  e.position = at;
  events.push_back(std::move(e));
}

void Performance::Impl::PlanEvents() {
  const Stage& st = body.stage;
  const RigKind rig = body.sk.kind;
  const Material foot = rig == RigKind::kHumanoid ? Material::kPlastic : Material::kFlesh;
  const bool wet = body.water != Water::kNone;
  const float size = body.size;
  auto ride_events = [&](const Segment& seg) {
    vec3 p;
    float yaw;
    PathAt(body, seg, seg.start, p, yaw);
    const bool board_on_water = (seg.verb == Verb::kSurf || seg.verb == Verb::kWakeboard) &&
                                st.water_level && *st.water_level > body.Ground(p);
    const Material surface = board_on_water ? Material::kWater : st.ground;
    if (seg.verb != Verb::kRide || rig != RigKind::kHumanoid) {
      if (seg.mode == Mode::kRide) {
        AddEvent(seg.start + 0.05, EventKind::kBoard, surface,
                 board_on_water ? Material::kPlastic : Material::kWood, 0.4f, p);
      }
    }
    if (board_on_water) {
      for (double t = seg.start + 1.2; t < seg.end; t += 2.4) {
        PathAt(body, seg, t, p, yaw);
        p.y = *st.water_level;
        AddEvent(t, EventKind::kSplash, Material::kWater, Material::kPlastic,
                 seg.verb == Verb::kWakeboard ? 0.7f : 0.5f, p);
      }
    } else if (rig == RigKind::kHumanoid &&
               (seg.verb == Verb::kSkate || seg.mode == Mode::kKickflip)) {
      // Pushes: the back foot plants on the ground, the wheels roll on.
      for (double since = 0.0; seg.start + 0.8 + since < seg.end; since += 2.4) {
        const double plant = seg.start + 0.8 + since + 0.6 * 0.2149;
        if (JumpAt(seg, plant) != nullptr) continue;
        PathAt(body, seg, plant, p, yaw);
        p.y = body.Ground(p);
        AddEvent(plant, EventKind::kFootstep, st.ground, foot, 0.3f * size, p);
        AddEvent(plant + 0.1, EventKind::kBoard, st.ground, Material::kWood, 0.3f, p);
      }
    }
  };
  for (const Segment& seg : segments) {
    const vec3 here(seg.position.x, body.Ground(seg.position), seg.position.z);
    switch (seg.mode) {
      case Mode::kLocomote:
      case Mode::kSwim: {
        if (wet || rig == RigKind::kFish || rig == RigKind::kRigid || seg.speed <= 0.0f) {
          if (wet && body.water == Water::kSurface && rig != RigKind::kFish &&
              rig != RigKind::kBird) {
            // Strokes and paddles slap the surface.
            const double every = rig == RigKind::kHumanoid ? 1.0 / 1.5 : 1.0 / 2.2;
            for (double t = seg.start + every / 2; t < seg.end; t += every) {
              vec3 p;
              float yaw;
              PathAt(body, seg, t, p, yaw);
              p.y = *st.water_level;
              AddEvent(t, EventKind::kSplash, Material::kWater, Material::kFlesh,
                       (rig == RigKind::kHumanoid ? 0.3f : 0.15f) * size,
                       p + 0.4f * body.h * Forward(yaw));
            }
          }
          break;
        }
        const GaitParams gait = GaitFor(body, seg.run);
        const float strength = (seg.run ? 0.7f : 0.35f) * size;
        for (size_t k = 0; k < body.sk.legs.size() && k < 4; ++k) {
          const double ph = gait.phase[k];
          for (int n = 0; n < 10000; ++n) {
            const double td = seg.start + (n - ph) * gait.period;
            if (td >= seg.end) break;
            if (td < seg.start) continue;
            Feet a, b;
            GaitFeet(body, seg, gait, td + 1e-6, a);
            GaitFeet(body, seg, gait, td - gait.period + 0.5 * gait.duty * gait.period, b);
            if (glm::length(a[k].ground - b[k].ground) < 0.01f) continue;
            AddEvent(td, EventKind::kFootstep, st.ground, foot, strength, a[k].ground);
          }
        }
        break;
      }
      case Mode::kBallistic:
      case Mode::kKickflip:
        for (const Jump& j : seg.jumps) {
          const float flight = static_cast<float>(j.landing - j.takeoff);
          const float s = std::clamp(j.v0 / 5.0f, 0.1f, 1.0f) * size;
          vec3 at = here;
          float yaw = StandYaw(body, seg, j.takeoff);
          if (seg.mode == Mode::kKickflip) PathAt(body, seg, j.takeoff, at, yaw);
          vec3 land = at;
          if (seg.mode == Mode::kKickflip) PathAt(body, seg, j.landing, land, yaw);
          Flight f;
          f.verb = seg.verb;
          f.takeoff = j.takeoff;
          f.landing = j.landing;
          f.v0 = j.v0;
          f.apex = j.v0 * j.v0 / (2.0f * st.gravity);
          f.rotation = j.turns * kTau;
          f.axis = j.board ? Forward(yaw) : Left(yaw);
          f.com_takeoff = at + Ry(yaw) * body.com;
          flights.push_back(f);
          const bool fish = rig == RigKind::kFish;
          if (fish || wet) {
            // Crossing the surface on the way up and down.
            if (body.water == Water::kSurface) {
              const float depth = fish ? 0.4f * body.h : 0.8f * body.h - body.com_height;
              const float rise = std::max(0.0f, depth);
              const float disc = j.v0 * j.v0 - 2.0f * st.gravity * rise;
              if (disc > 0) {
                const double up = (j.v0 - std::sqrt(disc)) / st.gravity;
                const double down = (j.v0 + std::sqrt(disc)) / st.gravity;
                vec3 p = here;
                p.y = *st.water_level;
                AddEvent(j.takeoff + up, EventKind::kSplash, Material::kWater, Material::kFlesh,
                         0.4f * s, p);
                AddEvent(j.takeoff + down, EventKind::kSplash, Material::kWater, Material::kFlesh,
                         s, p);
              }
            }
          } else {
            AddEvent(j.takeoff, EventKind::kTakeoff, st.ground, foot, s, at);
            AddEvent(j.landing, EventKind::kLanding, st.ground, foot, s, land);
            if (j.board) {
              AddEvent(j.takeoff, EventKind::kBoard, st.ground, Material::kWood, 0.8f, at);
              AddEvent(j.landing, EventKind::kBoard, st.ground, Material::kWood, 0.9f, land);
            }
          }
          if (j.turns != 0.0f || j.board) {
            const float omega = kTau * std::max(1.0f, std::fabs(j.turns)) / std::max(0.05f, flight);
            AddEvent(j.takeoff + 0.35 * flight, EventKind::kWhoosh, Material::kCloth,
                     Material::kCloth,
                     std::clamp(0.2f + omega / 12.0f, 0.0f, 1.0f) * (j.board ? 0.6f : 1.0f),
                     at + vec3(0, f.apex + body.com_height, 0));
          }
          const bool trick = seg.verb == Verb::kBackflip || seg.verb == Verb::kGymnastics ||
                             seg.verb == Verb::kKickflip;
          if (st.crowd && trick) {
            AddEvent(j.landing + 0.3, EventKind::kCrowd, Material::kCloth, Material::kCloth, 0.8f,
                     land);
          }
        }
        if (seg.mode == Mode::kKickflip) ride_events(seg);
        break;
      case Mode::kRide: ride_events(seg); break;
      case Mode::kDance: {
        if (!body.legged()) break;
        const double beat = 60.0 / std::clamp(st.tempo_bpm, 40.0f, 220.0f);
        for (double t = seg.start + 0.6 * beat; t < seg.end; t += beat) {
          AddEvent(t, EventKind::kFootstep, st.ground, foot, 0.3f * size, here);
        }
        break;
      }
      case Mode::kSit:
        if (rig == RigKind::kHumanoid || rig == RigKind::kQuadruped) {
          AddEvent(seg.start + 0.6, EventKind::kImpact, st.seat_height > 0 ? st.seat : st.ground,
                   Material::kCloth, 0.25f * size, here);
        }
        break;
      case Mode::kFall: {
        const double hit = seg.start + 0.15 + seg.fall_hit;
        const float len = rig == RigKind::kQuadruped ? 1.2f * body.com_height : body.h;
        const float omega = std::sqrt(0.64f + 3.0f * st.gravity / std::max(0.05f, len));
        const float speed = rig == RigKind::kFish ? 0.5f : omega * 0.5f * len;
        const Material self = rig == RigKind::kRigid ? Material::kPlastic : Material::kFlesh;
        AddEvent(hit, EventKind::kImpact, st.ground, self,
                 std::clamp(speed / 5.0f, 0.05f, 1.0f) * size,
                 here - 0.4f * body.h * Forward(seg.yaw));
        break;
      }
      case Mode::kFly: {
        const double dur = seg.end - seg.start;
        AddEvent(seg.start + 0.1, EventKind::kTakeoff, st.ground, Material::kFlesh, 0.3f * size,
                 here);
        vec3 p;
        float yaw;
        PathAt(body, seg, seg.end, p, yaw);
        AddEvent(seg.end - 0.15, EventKind::kLanding, st.ground, Material::kFlesh, 0.3f * size, p);
        if (body.h >= 0.25f) {
          const double rate = std::clamp(3.0 / std::sqrt(body.h / 0.3), 2.0, 12.0);
          int count = 0;
          for (double t = seg.start + 0.25 / rate; t < seg.start + dur - 0.9 && count < 60;
               t += 1.0 / rate, ++count) {
            PathAt(body, seg, t, p, yaw);
            AddEvent(t, EventKind::kWhoosh, Material::kCloth, Material::kCloth, 0.15f * size, p);
          }
        }
        break;
      }
      case Mode::kStand: break;
    }
  }
}

void Performance::Impl::PlanGestureEvents() {
  const Stage& st = body.stage;
  Scratch scratch;
  for (const ScheduledAction& g : gestures) {
    const double len = g.end - g.start;
    switch (g.verb) {
      case Verb::kClap: {
        if (body.sk.kind != RigKind::kHumanoid) break;
        const double rate = ClapRate();
        for (double t = g.start + 0.5 / rate; t < g.end - 0.1; t += 1.0 / rate) {
          if (t - g.start < 0.2) continue;
          const CharacterFrame f = SampleAt(t, 0.0f);
          const int hand = body.sk.arms[0].end;
          AddEvent(t, EventKind::kImpact, Material::kFlesh, Material::kFlesh, 0.5f,
                   JointPosition(f.bones, hand));
        }
        break;
      }
      case Verb::kThrow: {
        if (len < kThrowRelease + 0.05) break;
        const double t = g.start + kThrowRelease;
        const CharacterFrame f = SampleAt(t, 0.0f);
        vec3 from = JointPosition(f.bones, 0) + vec3(0, 0.5f * body.h, 0);
        if (body.sk.kind == RigKind::kHumanoid)
          from = TipPosition(body.sk, f.bones, body.sk.arms[1].end);
        else if (body.b.jaw >= 0)
          from = TipPosition(body.sk, f.bones, body.b.jaw);
        AddEvent(t, EventKind::kWhoosh, Material::kCloth, Material::kPlastic, 0.5f, from);
        if (body.sk.kind == RigKind::kHumanoid || body.sk.kind == RigKind::kQuadruped) {
          // Towards the middle of the frame, up and a little away from the camera.
          const float side = st.mark.x > 0.01f ? -1.0f : 1.0f;
          const float s = body.sk.kind == RigKind::kHumanoid ? 1.0f : 0.5f;
          releases.push_back({t, from, s * vec3(2.5f * side, 5.0f, -1.0f), 0.11f});
        }
        break;
      }
      case Verb::kCatch:
        if (body.sk.kind == RigKind::kHumanoid && len > kCatchTime) {
          const CharacterFrame f = SampleAt(g.start + kCatchTime, 0.0f);
          AddEvent(g.start + kCatchTime, EventKind::kImpact, Material::kFlesh, Material::kPlastic,
                   0.4f, JointPosition(f.bones, body.sk.arms[1].end));
        }
        break;
      case Verb::kFistPump:
        if (st.crowd) {
          AddEvent(g.start + std::min(0.5, len), EventKind::kCrowd, Material::kCloth,
                   Material::kCloth, 0.7f, st.mark);
        }
        break;
      default: break;
    }
  }
}

}  // namespace kinora::engine::world
