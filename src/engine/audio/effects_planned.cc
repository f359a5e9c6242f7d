// The storyboard's planned sound effects (see effects_sounds.h): animal and
// human voices (bark, meow, laugh) from a glottal source through moving
// formants, birdsong, thunder, a bell, a car horn and a drum roll, plus the
// planned kinds that reuse a world sound (crowds, whoosh, impact, splash, a
// short walk). None has a position: the bus places them in the centre. Also
// decides which planned effects the simulated world already made.
#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>
#include <vector>

#include "engine/audio/dsp.h"
#include "engine/audio/effects_sounds.h"
#include "engine/audio/effects_synth.h"

namespace kinora::engine::audio::effects_internal {
namespace {

using world::EventKind;
using world::Material;
using world::WorldEvent;

// A voiced sound (bark, meow, laugh): a sawtooth glottal source gliding in
// pitch through three formant band-passes that move from one vowel to another.
struct Voice {
  double at = 0, length = 0.2;       // seconds
  double f0_start, f0_peak, f0_end;  // Hz; the peak at `peak_at` of the length
  double peak_at = 0.3;
  std::array<double, 3> from, to;        // formants, Hz
  double breath = 0.2;                   // share of noise in the source
  double attack = 0.01, release = 0.04;  // seconds
};

void AddVoice(Mono& out, Rng& rng, const Voice& v) {
  const size_t begin = Samples(v.at), n = Samples(v.length);
  const size_t attack = std::max<size_t>(1, Samples(v.attack));
  const size_t release = std::max<size_t>(1, Samples(v.release));
  std::array<Biquad, 3> formant;
  WhiteNoise noise(rng);
  double phase = 0;
  for (size_t i = 0; i < n && begin + i < out.size(); ++i) {
    const double t = static_cast<double>(i) / n;
    const double f0 =
        t < v.peak_at ? v.f0_start + (v.f0_peak - v.f0_start) * t / v.peak_at
                      : v.f0_peak + (v.f0_end - v.f0_peak) * (t - v.peak_at) / (1.0 - v.peak_at);
    if (i % kControl == 0) {
      for (size_t k = 0; k < 3; ++k) {
        formant[k].Set(Band::kBand, v.from[k] + (v.to[k] - v.from[k]) * t, 6);
      }
    }
    const double dt = f0 / kRate;
    phase += dt;
    if (phase >= 1) phase -= 1;
    // PolyBLEP takes the edge off the saw's reset, so high voices do not alias.
    double saw = 2 * phase - 1;
    if (phase < dt) {
      const double x = phase / dt;
      saw -= x + x - x * x - 1;
    } else if (phase > 1 - dt) {
      const double x = (phase - 1) / dt;
      saw -= x * x + x + x + 1;
    }
    const double src = (1 - v.breath) * saw + v.breath * noise.Bipolar();
    const auto x = static_cast<float>(src);
    const float y =
        formant[0].Process(x) + 0.6f * formant[1].Process(x) + 0.3f * formant[2].Process(x);
    const double env =
        std::min({1.0, static_cast<double>(i) / attack, static_cast<double>(n - i) / release});
    out[begin + i] += static_cast<float>(env) * y;
  }
}

Mono Bark(Rng& rng) {
  const double size = rng.Range(0.75, 1.3);  // bigger dogs bark lower
  const int barks = rng.Int(1, 3);
  Mono out(Samples(0.3 * barks + 0.2));
  for (int k = 0; k < barks; ++k) {
    const double f0 = rng.Range(450, 560) / size;
    AddVoice(out, rng,
             {.at = k * rng.Range(0.22, 0.3),
              .length = rng.Range(0.11, 0.16),
              .f0_start = f0,
              .f0_peak = f0 * 1.1,
              .f0_end = f0 * 0.7,
              .peak_at = 0.2,
              .from = {800 / std::sqrt(size), 1500, 2700},
              .to = {600 / std::sqrt(size), 1200, 2500},
              .breath = 0.3,
              .attack = 0.004,
              .release = 0.05});
  }
  ScalePeak(out, 0.35);
  return out;
}

Mono Meow(Rng& rng) {
  const double f0 = rng.Range(480, 600);
  Mono out(Samples(1.0));
  AddVoice(out, rng,
           {.length = rng.Range(0.6, 0.85),
            .f0_start = f0,
            .f0_peak = f0 * 1.4,
            .f0_end = f0 * 0.85,
            .peak_at = 0.35,
            .from = {350, 2200, 3000},
            .to = {650, 950, 2600},
            .breath = 0.1,
            .attack = 0.02,
            .release = 0.15});
  ScalePeak(out, 0.3);
  return out;
}

Mono Laugh(Rng& rng) {
  const int syllables = rng.Int(4, 7);
  const double gap = rng.Range(0.14, 0.17), f0 = rng.Range(200, 290);
  Mono out(Samples(gap * syllables + 0.2));
  for (int k = 0; k < syllables; ++k) {
    const double at = k * gap, pitch = f0 * (1.0 - 0.03 * k);
    AddNoise(out, rng, {.at = at, .decay = 0.012, .cutoff = 1500, .q = 0.5, .gain = 0.3});
    AddVoice(out, rng,
             {.at = at + 0.01,
              .length = 0.09,
              .f0_start = pitch * 1.05,
              .f0_peak = pitch,
              .f0_end = pitch * 0.9,
              .peak_at = 0.3,
              .from = {780, 1250, 2600},
              .to = {720, 1200, 2500},
              .breath = 0.35,
              .attack = 0.005,
              .release = 0.04});
  }
  ScalePeak(out, 0.3);
  return out;
}

// Songbirds: a few phrases of fast sine chirps sweeping up or down.
Mono Birds(Rng& rng) {
  Mono out(Samples(2.0));
  double t = 0;
  for (int phrase = rng.Int(2, 3); phrase > 0; --phrase) {
    const double base = rng.Range(2500, 4500);
    for (int c = rng.Int(3, 6); c > 0; --c) {
      const double length = rng.Range(0.04, 0.09), sweep = rng.Range(0.6, 1.5);
      Phasor osc(base);
      const size_t begin = Samples(t), count = Samples(length);
      for (size_t i = 0; i < count && begin + i < out.size(); ++i) {
        const double x = static_cast<double>(i) / count;
        if (i % kControl == 0) osc.SetFrequency(base * (1.0 + (sweep - 1.0) * x));
        const double env = std::min(1.0, 4 * x) * (1.0 - x);
        out[begin + i] += static_cast<float>(env) * osc.Next();
      }
      t += length + rng.Range(0.03, 0.08);
    }
    t += rng.Range(0.15, 0.35);
  }
  ScalePeak(out, 0.2);
  return out;
}

// A crack of broadband noise, then a long low rumble that rolls and fades.
Mono Thunder(Rng& rng) {
  const double seconds = rng.Range(3.5, 5.0);
  Mono out(Samples(seconds));
  Mono crack(Samples(0.4));
  AddNoise(crack, rng, {.attack = 0.002, .decay = 0.05, .cutoff = 2500, .q = 0.5});
  Mono rumble(out.size());
  Biquad low;
  low.Set(Band::kBand, rng.Range(80, 120), 0.6);  // a band, not a low-pass: no infrasound
  dsp::Wander roll(rng.Next(), 0.25, static_cast<int>(kRate / kControl));
  WhiteNoise noise(rng);
  float rolling = 0;
  const size_t attack = Samples(0.15);
  const double fall = std::exp(-1.0 / (1.1 * kRate));
  double env = 0, brown = 0;
  for (size_t i = 0; i < rumble.size(); ++i) {
    env = i < attack ? static_cast<double>(i) / attack : env * fall;
    if (i % kControl == 0) rolling = 0.4f + roll.Next();
    brown = 0.995 * brown + 0.1 * noise.Bipolar();
    rumble[i] = static_cast<float>(env * rolling) * low.Process(static_cast<float>(brown));
  }
  AddScaled(out, std::move(crack), 0.6);
  AddScaled(out, std::move(rumble), 1.0);
  FadeOut(out, 1.0);
  ScalePeak(out, 0.5);
  return out;
}

// A church-style bell: the classic hum, prime, tierce, quint and nominal
// partials, ringing for seconds.
Mono Bell(Rng& rng) {
  const double f0 = rng.Range(440, 620);
  const std::vector<Mode> modes = {
      {f0 * 0.5, 4.0, 0.6},  {f0, 3.0, 1.0},        {f0 * 1.19, 2.5, 0.7},
      {f0 * 1.5, 2.0, 0.5},  {f0 * 2.0, 1.8, 0.8},  {f0 * 2.51, 1.2, 0.4},
      {f0 * 2.66, 1.0, 0.3}, {f0 * 3.01, 0.8, 0.3}, {f0 * 4.1, 0.6, 0.2}};
  const Mono burst = ContactBurst(rng, 0.0006, 8000);
  Mono out(burst.size() + Samples(LongestRing(modes)));
  AddModes(out, 0, burst, modes);
  ScalePeak(out, 0.4);
  return out;
}

// A car horn: two saturated tones a major third apart through the horn's body.
Mono Horn(Rng& rng) {
  const double f1 = rng.Range(380, 440), seconds = rng.Range(0.4, 0.6);
  const size_t n = Samples(seconds), attack = Samples(0.006), release = Samples(0.025);
  Mono out(n);
  Phasor a(f1), b(f1 * 1.26);
  Biquad body;
  body.Set(Band::kBand, 1500, 0.7);
  const auto drive = [](float x) { return 3 * x / (1 + std::fabs(3 * x)); };
  for (size_t i = 0; i < n; ++i) {
    const double env =
        std::min({1.0, static_cast<double>(i) / attack, static_cast<double>(n - i) / release});
    out[i] = static_cast<float>(env) * body.Process(drive(a.Next()) + drive(b.Next()));
  }
  ScalePeak(out, 0.35);
  return out;
}

// A snare roll that swells into an accent and a cymbal crash.
Mono Drumroll(Rng& rng) {
  const double seconds = rng.Range(1.5, 2.0), rate = rng.Range(18, 22);
  Mono out(Samples(seconds + 2.5));
  std::array<Mono, 4> strokes;
  for (Mono& st : strokes) {
    st.assign(Samples(0.25), 0.0f);
    const Mono burst = ContactBurst(rng, 0.0008, 6000);
    AddModes(st, 0, burst, {{rng.Range(180, 210), 0.1, 1.0}, {rng.Range(320, 350), 0.06, 0.6}});
    ScalePeak(st, 1.0);
    AddNoise(st, rng, {.decay = 0.05, .cutoff = 5000, .q = 0.6, .gain = 3.0});
    ScalePeak(st, 1.0);
  }
  const auto place = [&](double t, double g) {
    const Mono& st = strokes[static_cast<size_t>(rng.Int(0, 3))];
    const size_t at = Samples(t);
    for (size_t i = 0; i < st.size() && at + i < out.size(); ++i)
      out[at + i] += static_cast<float>(g) * st[i];
  };
  for (double t = 0; t < seconds; t += 1.0 / rate) {
    place(t + (t > 0 ? rng.Range(-0.002, 0.002) : 0.0), 0.3 + 0.4 * t / seconds);
  }
  place(seconds, 1.0);
  Mono crash(out.size());
  AddNoise(crash, rng, {.at = seconds, .decay = 0.35, .band = Band::kHigh, .cutoff = 5000});
  AddNoise(crash, rng, {.at = seconds, .decay = 0.6, .cutoff = 3500, .q = 0.8, .gain = 0.7});
  AddScaled(out, std::move(crash), 0.8, 0);
  FadeOut(out, 0.5);
  ScalePeak(out, 0.4);
  return out;
}

}  // namespace

// Whether the world already made the sound a planned effect names, in its shot.
bool CoveredByWorld(std::string_view kind, const Shot& shot,
                    const std::vector<WorldEvent>& events) {
  for (const WorldEvent& e : events) {
    if (e.time < shot.start - 1e-9 || e.time > shot.start + shot.duration + 1e-9) continue;
    const bool clap = e.kind == EventKind::kImpact && e.material == Material::kFlesh &&
                      e.other == Material::kFlesh;
    if ((kind == "footsteps" && e.kind == EventKind::kFootstep) ||
        (kind == "whoosh" && e.kind == EventKind::kWhoosh) ||
        (kind == "impact" && (e.kind == EventKind::kImpact || e.kind == EventKind::kLanding)) ||
        (kind == "splash" && e.kind == EventKind::kSplash) ||
        (kind == "crowd_cheer" && e.kind == EventKind::kCrowd) ||
        (kind == "applause" && (e.kind == EventKind::kCrowd || clap))) {
      return true;
    }
  }
  return false;
}

// A planned effect; `ground` is the floor of its shot's place.
Sound RenderPlanned(std::string_view kind, Material ground, double room, Rng& rng,
                    const Rng& floor) {
  if (kind == "crowd_cheer") return Crowd(0.8, true, 3.0, rng);
  if (kind == "applause") return Crowd(0.7, false, 3.5, rng);
  if (kind == "whoosh") return {Whoosh(0.6, false, rng)};
  if (kind == "impact") {
    return {Impact(ground, Material::kWood, 0.8, rng, floor, Rng(rng.Next()))};
  }
  if (kind == "splash") return {Splash(0.7, rng)};
  if (kind == "footsteps") {
    // A short walk: steps every half second, a little left and right.
    const int steps = std::clamp(static_cast<int>(room / 0.5), 1, 6);
    Sound out{Mono(Samples(0.5 * steps + 0.3)), Mono(Samples(0.5 * steps + 0.3))};
    for (int k = 0; k < steps; ++k) {
      const Mono step = Footstep(ground, Material::kPlastic, 0.35, rng, floor);
      const auto [gl, gr] = dsp::ConstantPowerPan(k % 2 == 0 ? -0.1 : 0.1);
      const size_t at = Samples(0.5 * k);
      for (size_t i = 0; i < step.size() && at + i < out.left.size(); ++i) {
        out.left[at + i] += static_cast<float>(std::sqrt(2.0) * gl) * step[i];
        out.right[at + i] += static_cast<float>(std::sqrt(2.0) * gr) * step[i];
      }
    }
    return out;
  }
  if (kind == "bark") return {Bark(rng)};
  if (kind == "meow") return {Meow(rng)};
  if (kind == "birds") return {Birds(rng)};
  if (kind == "thunder") return {Thunder(rng)};
  if (kind == "bell") return {Bell(rng)};
  if (kind == "horn") return {Horn(rng)};
  if (kind == "laugh") return {Laugh(rng)};
  if (kind == "drumroll") return {Drumroll(rng)};
  return {};
}

}  // namespace kinora::engine::audio::effects_internal
