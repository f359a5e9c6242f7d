// The sounds of world events (see effects_sounds.h): how each material rings
// when struck, impacts and claps, footsteps by surface and gait, takeoffs and
// landings, whooshes, splashes, skateboard pops, landings and rolls, and
// crowds. Each is synthesised from the building blocks in effects_synth.h at
// a raw level set by kImpactPeakDb and kFootstepPeakDb; placing it on the
// clip is effects.cc's job.
#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

#include "engine/audio/dsp.h"
#include "engine/audio/effects.h"
#include "engine/audio/effects_sounds.h"
#include "engine/audio/effects_synth.h"

namespace kinora::engine::audio::effects_internal {
namespace {

using world::EventKind;
using world::Material;
using world::WorldEvent;

double ImpactPeak(double strength) {
  return dsp::DbToGain(kImpactPeakDb) * std::pow(std::max(strength, 0.02), 0.8);
}
double StepPeak(double strength) {
  return dsp::DbToGain(kFootstepPeakDb) * std::sqrt(std::max(strength, 0.02) / 0.35);
}

// --- materials -----------------------------------------------------------------

struct Partial {
  double ratio, t60, gain;
};

// How a body rings when struck.
struct Timbre {
  double lo_hz, hi_hz;  // range of the lowest mode; each body picks one
  std::vector<Partial> partials;
  double hardness;      // 0 soft … 1 hard: contact time, brightness, how long others ring
  double noise;         // share of a filtered-noise thud (soft bodies are mostly this)
  double noise_cutoff;  // Hz, low-pass
  double noise_decay;   // seconds
  double grain;         // crackle of that noise
};

Timbre TimbreOf(Material m) {
  // Fields: lowest-mode range (Hz), partials {ratio, t60 s, gain}, hardness,
  // noise share, noise cutoff (Hz), noise decay (s), grain.
  // clang-format off
  switch (m) {
    case Material::kWood:  // a knock: a few bar-like modes ringing for tenths of a second
      return {180, 320, {{1, 0.3, 1}, {2.6, 0.18, 0.7}, {4.1, 0.12, 0.5}, {5.9, 0.08, 0.35},
                         {8.3, 0.05, 0.2}},
              0.7, 0.25, 2500, 0.006, 0};
    case Material::kMetal:  // a long inharmonic ring, with near-unison pairs that beat
      return {320, 650, {{1, 2.4, 1}, {1.004, 2.2, 0.5}, {1.63, 1.9, 0.8}, {2.76, 1.6, 0.7},
                         {2.769, 1.5, 0.35}, {3.93, 1.3, 0.55}, {5.4, 1.0, 0.45},
                         {6.98, 0.8, 0.35}, {8.93, 0.6, 0.25}},
              1.0, 0.08, 6000, 0.003, 0};
    case Material::kStone:  // a dead click over gritty noise
      return {260, 480, {{1, 0.06, 1}, {1.9, 0.045, 0.8}, {3.1, 0.035, 0.6}, {4.4, 0.025, 0.5}},
              0.9, 0.5, 3500, 0.01, 0.3};
    case Material::kConcrete:
      return {130, 260, {{1, 0.05, 1}, {2.1, 0.035, 0.7}, {3.4, 0.025, 0.5}, {5.2, 0.02, 0.4}},
              0.9, 0.6, 2500, 0.012, 0.4};
    case Material::kGlass:  // high, bright, ringing
      return {1300, 2300, {{1, 0.9, 1}, {2.32, 0.7, 0.7}, {3.86, 0.5, 0.5}, {5.1, 0.35, 0.4},
                           {7.3, 0.25, 0.3}},
              1.0, 0.15, 8000, 0.003, 0};
    case Material::kPlastic:  // hollow and short
      return {300, 650, {{1, 0.12, 1}, {1.8, 0.08, 0.7}, {2.9, 0.06, 0.5}, {4.3, 0.04, 0.35}},
              0.6, 0.3, 3000, 0.006, 0};
    // Soft bodies: one dull mode under mostly filtered noise.
    case Material::kFlesh:
      return {90, 150, {{1, 0.05, 1}, {2.3, 0.03, 0.4}}, 0.15, 0.8, 900, 0.012, 0};
    case Material::kCloth:  return {100, 180, {{1, 0.03, 1}}, 0.1, 0.9, 700, 0.01, 0};
    case Material::kCarpet: return {70, 110, {{1, 0.04, 1}}, 0.1, 0.85, 500, 0.01, 0};
    case Material::kGrass:  return {70, 120, {{1, 0.05, 1}}, 0.15, 0.9, 2500, 0.04, 0.6};
    case Material::kSand:   return {60, 100, {{1, 0.04, 1}}, 0.1, 0.9, 1500, 0.05, 0.8};
    case Material::kSnow:   return {60, 100, {{1, 0.03, 1}}, 0.1, 0.9, 2500, 0.06, 1.0};
    case Material::kWater:  return {80, 140, {{1, 0.05, 1}}, 0.0, 0.9, 1500, 0.04, 0.5};
  }
  // clang-format on
  return TimbreOf(Material::kConcrete);
}

// The modes of one body: its pitch comes from `body` (a stable seed for a
// cast member or a floor, so it keeps its voice), damped by a soft partner.
void AddBody(std::vector<Mode>& modes, const Timbre& t, const Timbre& partner, Rng body,
             double weight, double ring = 1.0) {
  const double f0 = body.Range(t.lo_hz, t.hi_hz);
  const double damp = (0.35 + 0.65 * partner.hardness) * ring;
  for (const Partial& p : t.partials) {
    modes.push_back({f0 * p.ratio * body.Range(0.99, 1.01), p.t60 * damp,
                     p.gain * weight * body.Range(0.7, 1.0)});
  }
}

// Hands (or paws) meeting: a short band of noise with the cupped hands' ring.
Mono Clap(Rng& rng, double s, double decay) {
  Mono out(Samples(decay * 7 + 0.01));
  AddNoise(out, rng, {.decay = decay, .cutoff = rng.Range(900, 1700) * (0.8 + 0.4 * s), .q = 1.3});
  AddNoise(out, rng, {.decay = decay * 0.5, .band = Band::kHigh, .cutoff = 2500, .gain = 0.3});
  return out;
}

// --- feet and wheels on the ground ---------------------------------------------

// How a surface answers a foot.
struct Ground {
  double thud_cutoff, thud_decay;  // the step's low body: Hz, seconds
  Noise texture;                   // grit, rustle or crunch
  double click;                    // a hard heel's click (0 on soft ground)
  double ring;                     // share of the surface's own modes
  bool heel_toe;                   // heel and toe heard apart (shoes on hard floors)
};

Ground GroundOf(Material m) {
  const auto texture = [](double cutoff, double q, double decay, double grain, double gain,
                          Band band = Band::kBand, double attack = 0.001) {
    return Noise{.attack = attack,
                 .decay = decay,
                 .band = band,
                 .cutoff = cutoff,
                 .q = q,
                 .grain = grain,
                 .gain = gain};
  };
  switch (m) {
    case Material::kConcrete:
      return {250, 0.02, texture(3000, 0.8, 0.012, 0.4, 0.5), 0.8, 0.3, true};
    case Material::kStone: return {300, 0.02, texture(3500, 0.8, 0.01, 0.4, 0.4), 0.9, 0.4, true};
    case Material::kWood: return {300, 0.03, texture(2500, 0.8, 0.01, 0.2, 0.3), 0.6, 0.9, true};
    case Material::kMetal: return {300, 0.02, texture(4000, 1.0, 0.01, 0.1, 0.2), 0.6, 0.7, true};
    case Material::kGlass: return {300, 0.02, texture(4500, 1.0, 0.01, 0.1, 0.2), 0.6, 0.5, true};
    case Material::kPlastic: return {300, 0.02, texture(3000, 0.8, 0.01, 0.2, 0.3), 0.5, 0.6, true};
    case Material::kGrass: return {200, 0.03, texture(4000, 0.7, 0.05, 0.6, 1.0), 0, 0, false};
    case Material::kSand:
      return {180, 0.035, texture(1500, 0.7, 0.05, 0.8, 0.9, Band::kLow, 0.004), 0, 0, false};
    case Material::kSnow:
      return {200, 0.03, texture(2200, 0.9, 0.07, 1.0, 1.1, Band::kBand, 0.012), 0, 0, false};
    case Material::kCarpet:
    case Material::kCloth:
    case Material::kFlesh:
    case Material::kWater: return {350, 0.025, texture(1500, 0.7, 0.012, 0, 0.25), 0, 0, false};
  }
  return GroundOf(Material::kConcrete);
}

// One foot meeting the ground at `at` seconds: a low thud, the surface's
// texture and, for a shoe on a hard floor, a heel click ringing the floor.
void AddTouch(Mono& out, double at, double level, Material surface, bool shoe, double s, Rng& rng,
              const Rng& floor) {
  const Ground g = GroundOf(surface);
  const size_t i0 = Samples(at);
  const double soft_foot = shoe ? 1.0 : 0.5;  // paws are duller than soles
  Mono thud(Samples(g.thud_decay * 7 + 0.01));
  AddNoise(thud, rng,
           {.attack = 0.001,
            .decay = g.thud_decay,
            .band = Band::kLow,
            .cutoff = g.thud_cutoff * (0.8 + 0.6 * s)});
  AddScaled(out, std::move(thud), level, i0);
  Noise tex = g.texture;
  tex.cutoff *= (0.8 + 0.4 * s) * (shoe ? 1.0 : 0.7);
  Mono texture(Samples(tex.attack + tex.decay * 7 + 0.01));
  AddNoise(texture, rng, tex);
  AddScaled(out, std::move(texture), level * g.texture.gain * (0.7 + 0.6 * s), i0);
  if (g.click > 0) {
    std::vector<Mode> modes;
    const Timbre sole = TimbreOf(shoe ? Material::kPlastic : Material::kFlesh);
    AddBody(modes, TimbreOf(surface), sole, floor, 1.0, 0.4);
    const Mono burst = ContactBurst(rng, shoe ? 0.0006 : 0.003, (3000 + 9000 * s) * soft_foot);
    Mono ring(burst.size() + Samples(LongestRing(modes)));
    AddModes(ring, 0, burst, modes);
    Mono click(ring.size());
    AddScaled(click, std::move(ring), g.ring);
    AddScaled(click, burst, 1.0 - g.ring);
    AddScaled(out, std::move(click), level * g.click * (0.5 + s) * soft_foot, i0);
  }
}

// Urethane wheels on the ground: low rumble, a wobble at the wheels' turning
// rate and the tick of each crack in the pavement.
Mono Roll(double seconds, Rng& rng) {
  const size_t n = Samples(seconds);
  Mono out(n);
  Biquad lp, bearing;
  lp.Set(Band::kLow, rng.Range(180, 260), 0.8);
  bearing.Set(Band::kBand, rng.Range(1200, 1800), 8);
  WhiteNoise noise(rng);
  Phasor wobble(rng.Range(7, 11));
  const size_t attack = Samples(0.01), release = Samples(0.35);
  for (size_t i = 0; i < n; ++i) {
    const double env =
        std::min({1.0, static_cast<double>(i) / attack, static_cast<double>(n - i) / release});
    const float x = noise.Bipolar();
    const float y = lp.Process(x) * (1.0f + 0.2f * wobble.Next()) + 0.05f * bearing.Process(x);
    out[i] = static_cast<float>(env) * y;
  }
  ScalePeak(out, 1.0);
  Mono ticks(n);
  for (double t = rng.Range(0.1, 0.3); t < seconds - 0.2; t += rng.Range(0.15, 0.4)) {
    AddNoise(ticks, rng, {.at = t, .decay = 0.006, .cutoff = 1800, .q = 1.2});
  }
  AddScaled(out, std::move(ticks), 0.4);
  return out;
}

}  // namespace

// --- world sounds ----------------------------------------------------------------

Mono Impact(Material a, Material b, double s, Rng& rng, Rng body_a, Rng body_b) {
  if (a == Material::kWater || b == Material::kWater) return Splash(s, rng);
  if (a == Material::kFlesh && b == Material::kFlesh) {
    Mono clap = Clap(rng, s, 0.011);
    ScalePeak(clap, ImpactPeak(s));
    return clap;
  }
  const Timbre ta = TimbreOf(a), tb = TimbreOf(b);
  const double hard = std::min(ta.hardness, tb.hardness);  // the softer body sets the contact
  // Hard pairs touch for a fraction of a millisecond, soft ones for several.
  const double contact = (0.0002 + 0.009 * (1 - hard) * (1 - hard)) * (1.4 - 0.6 * s);
  const double bright = (800 + 13000 * hard * hard) * (0.35 + 0.65 * s);
  std::vector<Mode> modes;
  AddBody(modes, ta, tb, body_a, 0.3 + ta.hardness);
  AddBody(modes, tb, ta, body_b, 0.3 + tb.hardness);
  const Mono burst = ContactBurst(rng, contact, bright);
  Mono tone(burst.size() + Samples(LongestRing(modes)));
  AddModes(tone, 0, burst, modes);
  const Timbre& soft = ta.hardness <= tb.hardness ? ta : tb;
  Mono thud(Samples(soft.noise_decay * 8 + contact));
  AddNoise(thud, rng,
           {.attack = contact * 0.5,
            .decay = soft.noise_decay * (0.7 + 0.6 * s),
            .band = Band::kLow,
            .cutoff = soft.noise_cutoff * (0.6 + 0.8 * s),
            .grain = soft.grain});
  Mono out(std::max(tone.size(), thud.size()));
  AddScaled(out, std::move(tone), 1.0 - 0.8 * soft.noise);
  AddScaled(out, std::move(thud), soft.noise);
  ScalePeak(out, ImpactPeak(s));
  return out;
}

// A footfall by surface and gait: a run (higher strength) lands harder,
// brighter and rolls from heel to toe faster than a walk.
Mono Footstep(Material surface, Material foot, double s, Rng& rng, const Rng& floor) {
  if (surface == Material::kWater) {
    Mono wade = Splash(0.4 * s, rng);
    ScalePeak(wade, StepPeak(s));
    return wade;
  }
  const bool shoe = foot != Material::kFlesh;
  Mono out(Samples(0.32));
  AddTouch(out, 0, 1.0, surface, shoe, s, rng, floor);
  if (shoe && GroundOf(surface).heel_toe) {
    AddTouch(out, 0.075 - 0.045 * s, 0.45, surface, shoe, s * 0.7, rng, floor);
  }
  ScalePeak(out, StepPeak(s));
  return out;
}

// Feet pushing off: a step with a scuff of the surface dragged behind it.
Mono Takeoff(Material surface, Material foot, double s, Rng& rng, const Rng& floor) {
  Mono out = Footstep(surface, foot, 0.8 * s, rng, floor);
  out.resize(Samples(0.35));
  Noise scuff = GroundOf(surface).texture;
  scuff.attack = 0.01, scuff.decay = 0.05, scuff.grain = std::max(0.3, scuff.grain);
  Mono drag(Samples(0.35));
  AddNoise(drag, rng, scuff);
  AddScaled(out, std::move(drag), StepPeak(s) * 0.6);
  ScalePeak(out, StepPeak(s) * 1.2);
  return out;
}

// Both feet coming down from a jump, and the body's weight behind them.
Mono Landing(Material surface, Material foot, double s, Rng& rng, const Rng& floor) {
  if (surface == Material::kWater) return Splash(s, rng);
  const bool shoe = foot != Material::kFlesh;
  Mono out(Samples(0.4));
  AddTouch(out, 0, 1.0, surface, shoe, s, rng, floor);
  AddTouch(out, 0.012, 0.8, surface, shoe, s, rng, floor);
  const Mono burst = ContactBurst(rng, 0.006, 400);
  Mono body(Samples(0.3));
  AddModes(body, 0, burst, {{rng.Range(55, 85), 0.15, 1.0}, {rng.Range(120, 160), 0.08, 0.5}});
  AddScaled(out, std::move(body), 0.8);
  ScalePeak(out, StepPeak(s) * 2.0);
  return out;
}

// Air torn by a fast limb, a flip or a thrown ball: band-passed noise whose
// centre rises and falls with the speed, under a swelling envelope.
Mono Whoosh(double s, bool thrown, Rng& rng) {
  const double seconds = thrown ? 0.22 + 0.1 * s : 0.16 + 0.4 * s;
  const double lo = (thrown ? 500.0 : 200.0 + 150.0 * s) * rng.Range(0.85, 1.15);
  const double hi = lo * (thrown ? 4.0 : 2.5 + 3.0 * s);
  const size_t n = Samples(seconds), attack = Samples(seconds * 0.35);
  Mono out(n);
  Biquad bp;
  WhiteNoise noise(rng);
  double env = 0, env_step = 0;
  for (size_t i = 0; i < n; ++i) {
    if (i % kControl == 0) {
      // Envelope and sweep: a sine rise to the peak speed (audible from the
      // start), a cos² fall after it.
      const auto at = [&](size_t k) {
        return k < attack ? std::sin(0.5 * kPi * k / attack)
                          : std::pow(std::cos(0.5 * kPi * (k - attack) / (n - attack)), 2);
      };
      const double now = at(i);
      env = now, env_step = (at(std::min(n - 1, i + kControl)) - now) / kControl;
      bp.Set(Band::kBand, lo * std::pow(hi / lo, now), 1.4);
    }
    out[i] = static_cast<float>(env) * bp.Process(noise.Bipolar());
    env += env_step;
  }
  ScalePeak(out, 0.25 * std::pow(std::max(s, 0.02), 0.7));
  return out;
}

// Something breaking the water: a slap, spray with droplets, the plunge's
// low thump and a scatter of rising bubbles.
Mono Splash(double s, Rng& rng) {
  const double seconds = 0.35 + 0.6 * s;
  Mono out(Samples(seconds + 0.2));
  Mono slap(Samples(0.12));
  AddNoise(slap, rng, {.decay = 0.015, .band = Band::kLow, .cutoff = 2500 + 4000 * s});
  AddScaled(out, std::move(slap), 1.0);
  Mono spray(out.size());
  AddNoise(spray, rng,
           {.attack = 0.02, .decay = 0.06 + 0.14 * s, .cutoff = 3500, .q = 0.6, .grain = 0.7});
  AddScaled(out, std::move(spray), 0.45);
  Mono plunge(Samples(0.3));
  AddModes(plunge, 0, ContactBurst(rng, 0.005, 500), {{rng.Range(60, 100), 0.15, 1.0}});
  AddScaled(out, std::move(plunge), 0.5 * s);
  Mono bubbles(out.size());
  const int count = 6 + static_cast<int>(30 * s);
  for (int k = 0; k < count; ++k) {
    const double at = std::min(seconds, 0.01 - 0.12 * std::log(1.0 - rng.Uniform()) * seconds);
    const double hz = rng.Range(400, 2600) * (1.2 - 0.4 * s);  // big splashes trap big bubbles
    AddBubble(bubbles, Samples(at), hz, rng.Range(0.008, 0.03), rng.Range(0.2, 1.0));
  }
  AddScaled(out, std::move(bubbles), 0.35);
  FadeOut(out, 0.15);
  ScalePeak(out, 0.35 * std::pow(std::max(s, 0.02), 0.7));
  return out;
}

// Whether `all` has an event of `kind` by the same cast member at the same instant.
bool Coincides(const WorldEvent& e, EventKind kind, const std::vector<WorldEvent>& all) {
  return std::any_of(all.begin(), all.end(), [&](const WorldEvent& o) {
    return o.kind == kind && o.cast_id == e.cast_id && std::fabs(o.time - e.time) <= 1e-3;
  });
}

// What a board event is: the tail popping for a jump, the deck coming down,
// or wheels rolling; the feet's takeoff or landing at the same instant tells.
BoardSound BoardSoundOf(const WorldEvent& e, const std::vector<WorldEvent>& all) {
  if (e.material == Material::kWater) return BoardSound::kWater;
  if (Coincides(e, EventKind::kTakeoff, all)) return BoardSound::kPop;
  if (Coincides(e, EventKind::kLanding, all)) return BoardSound::kLanding;
  return e.strength >= 0.6f ? BoardSound::kLanding : BoardSound::kRoll;
}

Mono Board(BoardSound kind, double s, Rng& rng, const Rng& deck) {
  Mono out;
  std::vector<Mode> modes;
  switch (kind) {
    case BoardSound::kPop:
    case BoardSound::kLanding: {
      const bool landing = kind == BoardSound::kLanding;
      Rng d = deck;
      // A thin maple deck rings higher than a floor; trucks add a metal rattle.
      const double f0 = d.Range(landing ? 350 : 500, landing ? 550 : 800);
      for (const Partial& p :
           {Partial{1, 0.08, 1}, Partial{2.3, 0.05, 0.6}, Partial{3.7, 0.04, 0.4}}) {
        modes.push_back({f0 * p.ratio, p.t60, p.gain});
      }
      if (landing) {
        for (double hz : {1900.0, 2650.0, 3400.0})
          modes.push_back({hz * d.Range(0.95, 1.05), 0.08, 0.25});
        modes.push_back({rng.Range(65, 85), 0.1, 0.8});
      }
      const Mono burst = ContactBurst(rng, 0.0003, 10000);
      out.resize(Samples(landing ? 0.7 : 0.25));
      AddModes(out, 0, burst, modes);
      ScalePeak(out, 1.0);
      Mono grip(Samples(0.2));
      AddNoise(grip, rng, {.decay = 0.025, .band = Band::kHigh, .cutoff = 5000, .grain = 0.5});
      AddScaled(out, std::move(grip), 0.25);
      if (landing) AddScaled(out, Roll(0.6, rng), 0.1);
      ScalePeak(out, ImpactPeak(s));
      return out;
    }
    case BoardSound::kRoll:
      out = Roll(1.4, rng);
      ScalePeak(out, 0.3 * std::max(s, 0.05));
      return out;
    case BoardSound::kWater:
      out.resize(Samples(0.9));
      AddNoise(out, rng, {.decay = 0.02, .band = Band::kLow, .cutoff = 2000, .gain = 1.0});
      AddNoise(
          out, rng,
          {.attack = 0.03, .decay = 0.22, .cutoff = 1800, .q = 0.6, .grain = 0.4, .gain = 0.6});
      ScalePeak(out, 0.3 * std::max(s, 0.05));
      return out;
  }
  return out;
}

// An audience: many claps, each a short noise burst from its own seat, and
// for a cheer a band of voices (formant-shaped noise, a few rising "woo"s).
Sound Crowd(double s, bool cheer, double seconds, Rng& rng) {
  const size_t n = Samples(seconds);
  Sound out{Mono(n), Mono(n)};
  std::array<Mono, 8> claps;
  for (Mono& c : claps) {
    c = Clap(rng, rng.Range(0.3, 1.0), rng.Range(0.006, 0.012));
    ScalePeak(c, 1.0);
  }
  // Clapping swells within a beat, holds, then thins out.
  const auto clapping = [&](double t) {
    const double rise = std::min(1.0, 0.5 + t / 0.3);
    const double fade = t < 0.5 * seconds ? 1.0 : 1.0 - (t - 0.5 * seconds) / (0.5 * seconds);
    return rise * std::max(0.0, fade);
  };
  const double rate = 40 + 60 * s;  // claps per second at full swing
  for (double t = 0; t < seconds;) {
    const Mono& c = claps[static_cast<size_t>(rng.Int(0, 7))];
    const double g = (t == 0 ? 1.0 : rng.Range(0.3, 1.0)) * clapping(t);
    const auto [gl, gr] = dsp::ConstantPowerPan(rng.Range(-0.8, 0.8));
    const size_t at = Samples(t);
    for (size_t i = 0; i < c.size() && at + i < n; ++i) {
      out.left[at + i] += static_cast<float>(g * gl) * c[i];
      out.right[at + i] += static_cast<float>(g * gr) * c[i];
    }
    t += -std::log(1.0 - rng.Uniform()) / (rate * std::max(0.05, clapping(t)));
  }
  if (cheer) {
    Sound voices{Mono(n), Mono(n)};
    const std::array<double, 3> formants = {rng.Range(500, 700), rng.Range(1000, 1300),
                                            rng.Range(2400, 2800)};
    const std::array<float, 3> weights = {1.0f, 0.7f, 0.35f};
    const size_t rise = Samples(0.3), hold = Samples(0.4 * seconds);
    const double fall = std::exp(-1.0 / (0.25 * seconds * kRate));
    const int control_rate = static_cast<int>(kRate) / static_cast<int>(kControl);
    for (Mono* channel : {&voices.left, &voices.right}) {
      Mono& ch = *channel;
      std::array<Biquad, 3> bands;
      WhiteNoise noise(rng);
      std::array<dsp::Wander, 3> swell = {dsp::Wander(rng.Next(), 0.12, control_rate),
                                          dsp::Wander(rng.Next(), 0.15, control_rate),
                                          dsp::Wander(rng.Next(), 0.1, control_rate)};
      std::array<float, 3> level{};
      for (size_t b = 0; b < 3; ++b) bands[b].Set(Band::kBand, formants[b], 2.5);
      double env = 0;
      for (size_t i = 0; i < n; ++i) {
        if (i % kControl == 0) {
          for (size_t b = 0; b < 3; ++b) level[b] = weights[b] * (0.4f + swell[b].Next());
        }
        const double a = static_cast<double>(i) / rise;
        env = i < rise ? a * a : i < hold ? 1.0 : env * fall;
        const float x = noise.Bipolar();
        const float y = level[0] * bands[0].Process(x) + level[1] * bands[1].Process(x) +
                        level[2] * bands[2].Process(x);
        ch[i] = static_cast<float>(env) * y;
      }
    }
    // A few voices whooping upward.
    for (int v = 0; v < 3; ++v) {
      const double base = rng.Range(600, 1000), start = rng.Range(0.05, 0.4);
      const double length = rng.Range(0.6, 1.2);
      const auto [gl, gr] = dsp::ConstantPowerPan(rng.Range(-0.7, 0.7));
      Phasor tone(base), swell(0.5 / length), vibrato(rng.Range(5, 6.5) / kControl);
      const size_t begin = Samples(start), count = Samples(length);
      for (size_t i = 0; i < count && begin + i < n; ++i) {
        if (i % kControl == 0) {
          const double t = static_cast<double>(i) / count;
          tone.SetFrequency(base * (1.0 + 0.3 * std::min(1.0, 3 * t)) *
                            (1.0 + 0.03 * vibrato.Next()));
        }
        const float env = swell.Next();  // sin(πt) over the whoop
        const float y = 0.12f * env * env * tone.Next();
        voices.left[begin + i] += gl * y;
        voices.right[begin + i] += gr * y;
      }
    }
    const float peak = std::max(PeakOf(voices.left), PeakOf(voices.right));
    const float g = peak > 0 ? 0.8f / peak : 0.0f;
    for (size_t i = 0; i < n; ++i) {
      out.left[i] += g * voices.left[i];
      out.right[i] += g * voices.right[i];
    }
  }
  FadeOut(out.left, 0.5);
  FadeOut(out.right, 0.5);
  const float peak = std::max(PeakOf(out.left), PeakOf(out.right));
  const float g = peak > 0 ? static_cast<float>(0.3 * s) / peak : 0.0f;
  for (size_t i = 0; i < n; ++i) out.left[i] *= g, out.right[i] *= g;
  return out;
}

}  // namespace kinora::engine::audio::effects_internal
