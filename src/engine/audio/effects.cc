// The effects bus (see effects.h): gives every world event and every
// planned sound effect its sound and seed, places each on the clip's
// timeline and in the stereo field, and keeps the mixed bus within range.
// The sounds themselves are in effects_world.cc and effects_planned.cc.
#include "engine/audio/effects.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/audio/dsp.h"
#include "engine/audio/effects_sounds.h"
#include "engine/audio/effects_synth.h"
#include "engine/world/scene.h"

namespace kinora::engine::audio {
namespace {

using dsp::Rng;
using effects_internal::Board;
using effects_internal::BoardSoundOf;
using effects_internal::Coincides;
using effects_internal::CoveredByWorld;
using effects_internal::Crowd;
using effects_internal::Footstep;
using effects_internal::Impact;
using effects_internal::kRate;
using effects_internal::Landing;
using effects_internal::Mono;
using effects_internal::PeakOf;
using effects_internal::RenderPlanned;
using effects_internal::Sound;
using effects_internal::Splash;
using effects_internal::Takeoff;
using effects_internal::Whoosh;
using world::EventKind;
using world::Material;
using world::WorldEvent;

constexpr double kLongestSound = 6.0;  // seconds; every sound here is shorter

// Adds a sound starting at clip time `time`: constant-power pan from x (±2.5 m
// is full left/right, unity per channel at the centre), −6 dB per 8 m back.
void Place(std::vector<float>& bus, const Sound& sound, double time, glm::vec3 position) {
  const size_t frames = bus.size() / 2;
  const long long start = std::llround(time * kRate);
  const double x = std::isfinite(position.x) ? position.x : 0.0;
  const double z = std::isfinite(position.z) ? position.z : 0.0;
  auto [gl, gr] = dsp::ConstantPowerPan(std::clamp(x / 2.5, -1.0, 1.0));
  const auto distance =
      static_cast<float>(std::sqrt(2.0) * std::clamp(std::exp2(z / 8.0), 0.3, 1.0));
  gl *= distance, gr *= distance;
  const Mono& right = sound.right.empty() ? sound.left : sound.right;
  for (size_t i = start < 0 ? static_cast<size_t>(-start) : 0; i < sound.left.size(); ++i) {
    const auto f = static_cast<size_t>(start + static_cast<long long>(i));
    if (f >= frames) break;
    bus[2 * f] += gl * sound.left[i];
    bus[2 * f + 1] += gr * right[i];
  }
}

uint64_t Bits(double v) {
  uint64_t b = 0;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

// A seed from the event itself, so that adding one event changes no other.
uint64_t EventSeed(uint64_t seed, const WorldEvent& e) {
  uint64_t h = dsp::MixSeed(seed, Bits(e.time));
  h = dsp::MixSeed(h, static_cast<uint64_t>(e.kind) * 64 + static_cast<uint64_t>(e.material) * 8 +
                          static_cast<uint64_t>(e.other));
  h = dsp::MixSeed(h, Bits(e.position.x) ^ (Bits(e.position.z) << 1) ^ Bits(e.strength));
  return dsp::MixSeed(h, dsp::HashString(e.cast_id));
}

// A seed for a body's pitch: the same cast member or floor keeps its voice;
// anonymous props get one per event.
Rng BodyRng(uint64_t seed, std::string_view id, Material m, uint64_t fallback) {
  if (id.empty()) return Rng(dsp::MixSeed(fallback, static_cast<uint64_t>(m) + 101));
  return Rng(dsp::MixSeed(dsp::MixSeed(seed, dsp::HashString(id)), static_cast<uint64_t>(m)));
}

Sound RenderEvent(const WorldEvent& e, const std::vector<WorldEvent>& all, uint64_t seed) {
  const uint64_t key = EventSeed(seed, e);
  Rng rng(key);
  const double s = std::isfinite(e.strength) ? std::clamp<double>(e.strength, 0.0, 1.0) : 0.0;
  const Rng floor = BodyRng(seed, "floor", e.material, key);
  // Feet that push off from or come down on a board are heard in the board's
  // pop or landing clack, not as steps on the ground.
  const bool on_board = Coincides(e, EventKind::kBoard, all);
  switch (e.kind) {
    case EventKind::kFootstep: return {Footstep(e.material, e.other, s, rng, floor)};
    case EventKind::kTakeoff:
      return on_board ? Sound{} : Sound{Takeoff(e.material, e.other, s, rng, floor)};
    case EventKind::kLanding:
      return on_board ? Sound{} : Sound{Landing(e.material, e.other, s, rng, floor)};
    case EventKind::kImpact:
      return {
          Impact(e.material, e.other, s, rng, floor, BodyRng(seed, e.cast_id, e.other, key ^ 1))};
    case EventKind::kSplash: return {Splash(s, rng)};
    case EventKind::kWhoosh: return {Whoosh(s, e.other == Material::kPlastic, rng)};
    case EventKind::kCrowd: return Crowd(s, true, 2.8, rng);
    case EventKind::kBoard:
      return {Board(BoardSoundOf(e, all), s, rng,
                    BodyRng(seed, e.cast_id + ":board", e.material, key))};
  }
  return {};
}

}  // namespace

std::vector<float> RenderEffects(const std::vector<world::WorldEvent>& events, const Storyboard& sb,
                                 size_t frames, uint64_t seed) {
  std::vector<float> bus(frames * 2, 0.0f);
  const double end = static_cast<double>(frames) / kRate;
  for (const WorldEvent& e : events) {
    if (!std::isfinite(e.time) || e.time >= end || e.time < -kLongestSound) continue;
    // An audience is all around, and its claps are spread already: no pan.
    const glm::vec3 where = e.kind == EventKind::kCrowd ? glm::vec3(0.0f) : e.position;
    Place(bus, RenderEvent(e, events, seed), e.time, where);
  }
  for (size_t s = 0; s < sb.shots.size(); ++s) {
    const Shot& shot = sb.shots[s];
    const Material ground = world::EnvironmentFor(shot.setting, sb.seed).ground;
    for (const SoundEffect& fx : shot.sfx) {
      const double t = shot.start + fx.at;
      if (!std::isfinite(t) || t >= end || CoveredByWorld(fx.kind, shot, events)) continue;
      Rng rng(
          dsp::MixSeed(dsp::MixSeed(seed, dsp::HashString(fx.kind)), s * 1000003 + Bits(fx.at)));
      const Rng floor = BodyRng(seed, "floor", ground, 0);
      Place(bus, RenderPlanned(fx.kind, ground, shot.duration - fx.at, rng, floor), t,
            glm::vec3(0.0f));
    }
  }
  // Raw levels can pile up where many sounds meet; keep the bus within range.
  if (PeakOf(bus) > 0.98f) bus = dsp::LimitPeaks(std::move(bus), 2, 0.98f);
  return bus;
}

}  // namespace kinora::engine::audio
