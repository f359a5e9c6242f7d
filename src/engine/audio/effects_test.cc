// The effects bus: every sound starts on its event, pans by position, rings
// as its material does, scales with strength, stays finite and in range, and
// follows the world simulation end to end.
#include "engine/audio/effects.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "engine/audio/audio_test_util.h"
#include "engine/audio/dsp.h"
#include "engine/world/look.h"
#include "engine/world/simulation.h"

namespace kinora::engine::audio {
namespace {

using world::EventKind;
using world::Material;
using world::WorldEvent;

constexpr double kRate = dsp::kSampleRate;
constexpr double kFrame = 1.0 / 24.0;
constexpr double kWindow = 0.001;  // envelope resolution, seconds

WorldEvent Event(EventKind kind, double time, Material material = Material::kConcrete,
                 Material other = Material::kPlastic, float strength = 0.7f,
                 glm::vec3 position = glm::vec3(0.0f)) {
  WorldEvent e;
  e.kind = kind;
  e.time = time;
  e.cast_id = "ana";
  e.material = material;
  e.other = other;
  e.strength = strength;
  e.position = position;
  return e;
}

size_t Frames(double seconds) { return static_cast<size_t>(std::lround(seconds * kRate)); }

std::vector<float> Render(const std::vector<WorldEvent>& events, double seconds = 3.0,
                          uint64_t seed = 5, const Storyboard& sb = Storyboard{}) {
  return RenderEffects(events, sb, Frames(seconds), seed);
}

// Peak of either channel over consecutive 1 ms windows.
std::vector<double> Envelope(const std::vector<float>& bus) {
  const size_t step = Frames(kWindow);
  std::vector<double> env((bus.size() / 2 + step - 1) / step, 0.0);
  for (size_t i = 0; i < bus.size(); ++i) {
    env[i / 2 / step] = std::max(env[i / 2 / step], static_cast<double>(std::fabs(bus[i])));
  }
  return env;
}

double Peak(const std::vector<float>& bus) {
  double p = 0;
  for (float v : bus) p = std::max(p, static_cast<double>(std::fabs(v)));
  return p;
}

double PeakIn(const std::vector<float>& bus, double from, double to) {
  double p = 0;
  for (size_t f = Frames(std::max(0.0, from)); f < Frames(to) && 2 * f + 1 < bus.size(); ++f) {
    p = std::max({p, static_cast<double>(std::fabs(bus[2 * f])),
                  static_cast<double>(std::fabs(bus[2 * f + 1]))});
  }
  return p;
}

// Where the envelope first reaches `fraction` of its peak (−26 dB by default).
double Onset(const std::vector<float>& bus, double fraction = 0.05) {
  const std::vector<double> env = Envelope(bus);
  const double peak = *std::max_element(env.begin(), env.end());
  for (size_t i = 0; i < env.size(); ++i) {
    if (env[i] >= fraction * peak) return static_cast<double>(i) * kWindow;
  }
  return -1;
}

// Seconds from the peak until the envelope last exceeds −40 dB of it.
double DecaySeconds(const std::vector<float>& bus) {
  const std::vector<double> env = Envelope(bus);
  const auto top = std::max_element(env.begin(), env.end());
  size_t last = static_cast<size_t>(top - env.begin());
  for (size_t i = last; i < env.size(); ++i) {
    if (env[i] > 0.01 * *top) last = i;
  }
  return static_cast<double>(last - static_cast<size_t>(top - env.begin())) * kWindow;
}

// Share of energy in the first difference: a rough brightness measure.
double Brightness(const std::vector<float>& bus) {
  double e = 0, d = 0;
  for (size_t i = 2; i < bus.size(); i += 2) {
    e += static_cast<double>(bus[i]) * bus[i];
    const double diff = bus[i] - bus[i - 2];
    d += diff * diff;
  }
  return e > 0 ? d / e : 0;
}

double ChannelRms(const std::vector<float>& bus, int channel) {
  double sum = 0;
  for (size_t i = static_cast<size_t>(channel); i < bus.size(); i += 2) sum += bus[i] * bus[i];
  return std::sqrt(sum / static_cast<double>(bus.size() / 2));
}

std::string Describe(const WorldEvent& e) {
  return std::string(world::Name(e.kind)) + " " + std::string(world::Name(e.material)) + "/" +
         std::string(world::Name(e.other)) + " " + std::to_string(e.strength);
}

TEST(Effects, SilenceWithoutEvents) {
  Storyboard sb;
  Shot shot;
  shot.id = "s1";
  shot.duration = 2.0;
  sb.shots.push_back(shot);
  const std::vector<float> bus = RenderEffects({}, sb, Frames(2.0), 3);
  ASSERT_EQ(bus.size(), 2 * Frames(2.0));
  EXPECT_EQ(Peak(bus), 0.0);
  EXPECT_TRUE(RenderEffects({}, sb, 0, 3).empty());
  // An event past the end adds nothing either.
  EXPECT_EQ(Peak(Render({Event(EventKind::kImpact, 5.0)}, 2.0)), 0.0);
}

TEST(Effects, EveryEventKindStartsAtItsTime) {
  const double t = 0.5 + 1.0 / 7.0;  // between frames and samples on purpose
  std::vector<std::vector<WorldEvent>> cases;
  for (Material ground : {Material::kConcrete, Material::kGrass, Material::kSand, Material::kSnow,
                          Material::kWood, Material::kCarpet, Material::kWater}) {
    cases.push_back({Event(EventKind::kFootstep, t, ground, Material::kPlastic, 0.35f)});
    cases.push_back({Event(EventKind::kFootstep, t, ground, Material::kFlesh, 0.7f)});
  }
  for (Material m : {Material::kWood, Material::kMetal, Material::kStone, Material::kConcrete,
                     Material::kGlass, Material::kPlastic, Material::kFlesh, Material::kCloth,
                     Material::kWater, Material::kGrass}) {
    cases.push_back({Event(EventKind::kImpact, t, m, Material::kPlastic, 0.8f)});
    cases.push_back({Event(EventKind::kImpact, t, Material::kCarpet, m, 0.3f)});
  }
  cases.push_back({Event(EventKind::kImpact, t, Material::kFlesh, Material::kFlesh, 0.5f)});
  cases.push_back({Event(EventKind::kSplash, t, Material::kWater, Material::kFlesh, 0.8f)});
  cases.push_back({Event(EventKind::kSplash, t, Material::kWater, Material::kFlesh, 0.1f)});
  cases.push_back({Event(EventKind::kWhoosh, t, Material::kCloth, Material::kCloth, 1.0f)});
  cases.push_back({Event(EventKind::kWhoosh, t, Material::kCloth, Material::kCloth, 0.15f)});
  cases.push_back({Event(EventKind::kWhoosh, t, Material::kCloth, Material::kPlastic, 0.5f)});
  cases.push_back({Event(EventKind::kCrowd, t, Material::kCloth, Material::kCloth, 0.8f)});
  cases.push_back({Event(EventKind::kTakeoff, t, Material::kConcrete, Material::kPlastic, 0.6f)});
  cases.push_back({Event(EventKind::kLanding, t, Material::kSand, Material::kPlastic, 0.6f)});
  cases.push_back({Event(EventKind::kBoard, t, Material::kConcrete, Material::kWood, 0.3f)});
  cases.push_back({Event(EventKind::kBoard, t, Material::kWater, Material::kPlastic, 0.4f)});
  cases.push_back({Event(EventKind::kBoard, t, Material::kConcrete, Material::kWood, 0.8f),
                   Event(EventKind::kTakeoff, t, Material::kConcrete, Material::kPlastic, 0.8f)});
  cases.push_back({Event(EventKind::kBoard, t, Material::kConcrete, Material::kWood, 0.9f),
                   Event(EventKind::kLanding, t, Material::kConcrete, Material::kPlastic, 0.8f)});
  for (const auto& events : cases) {
    const std::vector<float> bus = Render(events, 4.0);
    const std::string what = Describe(events[0]);
    ASSERT_GT(Peak(bus), 1e-3) << what;
    // Nothing before the event, the sound within a frame of it (a few ms for hits).
    EXPECT_EQ(PeakIn(bus, 0, t - 1.0 / kRate), 0.0) << what;
    const double onset = Onset(bus);
    EXPECT_GE(onset, t - kWindow) << what;
    EXPECT_LT(onset, t + kFrame) << what;
    // Hits and steps within a few ms; swelling and rolling sounds within the frame.
    const bool swells = events[0].kind == EventKind::kWhoosh ||
                        (events[0].kind == EventKind::kBoard && events.size() == 1 &&
                         events[0].strength < 0.6f && events[0].material != Material::kWater);
    if (!swells) {
      EXPECT_LT(onset, t + 0.004) << what;
    }
  }
}

TEST(Effects, EveryPlannedKindStartsAtItsTime) {
  for (std::string_view kind : kSfxKinds) {
    Storyboard sb;
    sb.shots.resize(2);
    sb.shots[0].id = "s1";
    sb.shots[0].duration = 1.0;
    sb.shots[1].id = "s2";
    sb.shots[1].start = 1.0;
    sb.shots[1].duration = 5.0;
    sb.shots[1].setting.place = "park";
    sb.shots[1].sfx.push_back({std::string(kind), 0.37});
    const std::vector<float> bus = RenderEffects({}, sb, Frames(6.0), 9);
    ASSERT_GT(Peak(bus), 0.01) << kind;
    EXPECT_EQ(PeakIn(bus, 0, 1.37 - 1.0 / kRate), 0.0) << kind;
    const double onset = Onset(bus);
    EXPECT_GE(onset, 1.37 - kWindow) << kind;
    EXPECT_LT(onset, 1.37 + kFrame) << kind;
    EXPECT_LE(Peak(bus), 1.0) << kind;
    test_util::MaybeDumpWav("effects_" + std::string(kind), bus, 2, dsp::kSampleRate);
  }
}

TEST(Effects, PansByPositionAndFadesWithDistance) {
  const auto at = [](float x, float z) {
    return Render({Event(EventKind::kImpact, 0.2, Material::kWood, Material::kPlastic, 0.8f,
                         glm::vec3(x, 0.0f, z))},
                  1.5);
  };
  const std::vector<float> left = at(-2.5f, 0), right = at(2.5f, 0), centre = at(0, 0);
  const std::vector<float> near_left = at(-1.0f, 0), far = at(0, -8.0f);
  EXPECT_GT(ChannelRms(left, 0), 100 * ChannelRms(left, 1));
  EXPECT_GT(ChannelRms(right, 1), 100 * ChannelRms(right, 0));
  EXPECT_NEAR(ChannelRms(centre, 0) / ChannelRms(centre, 1), 1.0, 1e-3);
  const double ratio = ChannelRms(near_left, 0) / ChannelRms(near_left, 1);
  EXPECT_GT(ratio, 1.5);
  EXPECT_LT(ratio, 10.0);
  // Further back is quieter (about −6 dB at 8 m), and beyond 2.5 m is just full left.
  EXPECT_NEAR(Peak(far) / Peak(centre), 0.5, 0.1);
  EXPECT_GT(ChannelRms(at(-6.0f, 0), 0), 100 * ChannelRms(at(-6.0f, 0), 1));
}

TEST(Effects, MetalRingsLongerThanWood) {
  const auto hit = [](Material a, Material b) {
    return Render({Event(EventKind::kImpact, 0.1, a, b, 0.8f)}, 4.0);
  };
  const double metal = DecaySeconds(hit(Material::kMetal, Material::kMetal));
  const double wood = DecaySeconds(hit(Material::kWood, Material::kWood));
  const double glass = DecaySeconds(hit(Material::kGlass, Material::kStone));
  const double plastic = DecaySeconds(hit(Material::kPlastic, Material::kStone));
  const double cloth = DecaySeconds(hit(Material::kCloth, Material::kCarpet));
  std::printf(
      "[ decay ] −40 dB after: metal %.3f s, glass %.3f s, wood %.3f s, plastic %.3f s, "
      "cloth %.3f s\n",
      metal, glass, wood, plastic, cloth);
  EXPECT_GT(metal, 0.8);
  EXPECT_GT(metal, 4 * wood);
  EXPECT_GT(glass, 2 * plastic);
  EXPECT_GT(wood, cloth);
  EXPECT_LT(cloth, 0.15);
  // A metal can on grass rings less than on concrete: the soft ground soaks it up.
  EXPECT_LT(DecaySeconds(hit(Material::kGrass, Material::kMetal)),
            0.7 * DecaySeconds(hit(Material::kConcrete, Material::kMetal)));
}

TEST(Effects, StrongerIsLouderAndLevelsFollowTheConvention) {
  double last = 0;
  for (float s : {0.1f, 0.3f, 0.6f, 1.0f}) {
    const double peak =
        Peak(Render({Event(EventKind::kImpact, 0.1, Material::kWood, Material::kStone, s)}, 1.0));
    EXPECT_GT(peak, 1.2 * last) << s;
    last = peak;
  }
  EXPECT_NEAR(dsp::GainToDb(last), kImpactPeakDb, 1.0);
  const std::vector<float> walk = Render(
      {Event(EventKind::kFootstep, 0.1, Material::kConcrete, Material::kPlastic, 0.35f)}, 1.0);
  const std::vector<float> run = Render(
      {Event(EventKind::kFootstep, 0.1, Material::kConcrete, Material::kPlastic, 0.7f)}, 1.0);
  EXPECT_NEAR(dsp::GainToDb(Peak(walk)), kFootstepPeakDb, 1.0);
  // A run lands harder: louder and brighter.
  EXPECT_GT(Peak(run), 1.3 * Peak(walk));
  EXPECT_GT(Brightness(run), Brightness(walk));
}

TEST(Effects, SurfacesSoundDifferent) {
  const auto step = [](Material ground) {
    return Render({Event(EventKind::kFootstep, 0.1, ground, Material::kPlastic, 0.5f)}, 1.0);
  };
  const std::vector<float> concrete = step(Material::kConcrete), carpet = step(Material::kCarpet);
  const std::vector<float> snow = step(Material::kSnow), grass = step(Material::kGrass);
  const std::vector<float> wood = step(Material::kWood);
  std::printf("[ steps ] brightness concrete %.3f carpet %.3f grass %.3f snow %.3f wood %.3f\n",
              Brightness(concrete), Brightness(carpet), Brightness(grass), Brightness(snow),
              Brightness(wood));
  EXPECT_GT(Brightness(concrete), 2 * Brightness(carpet));
  EXPECT_GT(Brightness(grass), 2 * Brightness(carpet));
  EXPECT_GT(DecaySeconds(snow), DecaySeconds(concrete));
  EXPECT_GT(DecaySeconds(wood), DecaySeconds(carpet));
}

TEST(Effects, DeterministicForASeed) {
  const std::vector<WorldEvent> events = {
      Event(EventKind::kFootstep, 0.2), Event(EventKind::kImpact, 0.5, Material::kMetal),
      Event(EventKind::kCrowd, 0.7, Material::kCloth, Material::kCloth, 0.8f),
      Event(EventKind::kSplash, 1.1, Material::kWater, Material::kFlesh, 0.6f)};
  Storyboard sb;
  sb.shots.resize(1);
  sb.shots[0].id = "s1";
  sb.shots[0].duration = 3.0;
  sb.shots[0].sfx = {{"bark", 0.3}, {"thunder", 1.0}};
  const std::vector<float> a = RenderEffects(events, sb, Frames(3.0), 42);
  EXPECT_EQ(a, RenderEffects(events, sb, Frames(3.0), 42));
  EXPECT_NE(a, RenderEffects(events, sb, Frames(3.0), 43));
  // Event order does not matter, and one more event leaves the others alone.
  std::vector<WorldEvent> reversed(events.rbegin(), events.rend());
  const std::vector<float> r = RenderEffects(reversed, sb, Frames(3.0), 42);
  ASSERT_EQ(r.size(), a.size());
  for (size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(r[i], a[i], 1e-6f) << i;
  std::vector<WorldEvent> more = events;
  more.push_back(Event(EventKind::kWhoosh, 2.5, Material::kCloth, Material::kCloth, 0.5f));
  const std::vector<float> b = RenderEffects(more, sb, Frames(3.0), 42);
  EXPECT_TRUE(std::equal(a.begin(), a.begin() + static_cast<long>(2 * Frames(2.5)), b.begin()));
}

// CPU milliseconds for one call: the figure should not depend on what else the
// machine runs at the same time.
template <typename F>
double CpuMs(F&& f) {
  const std::clock_t c0 = std::clock();
  f();
  return 1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
}

TEST(Effects, BusyClipIsCheap) {
  // 8 s in a stadium: two runners, a skater's tricks with a crowd after each,
  // a thrown ball bouncing, a bin knocked over, clapping, and two planned effects.
  std::vector<WorldEvent> events;
  for (double t = 0.1; t < 8.0; t += 0.3) {
    events.push_back(Event(EventKind::kFootstep, t, Material::kConcrete, Material::kPlastic, 0.7f,
                           glm::vec3(-1.5f, 0, 0)));
    events.push_back(Event(EventKind::kFootstep, t + 0.15, Material::kGrass, Material::kPlastic,
                           0.7f, glm::vec3(1.2f, 0, -2)));
  }
  events.push_back(Event(EventKind::kBoard, 0.5, Material::kConcrete, Material::kWood, 0.4f));
  for (double jump : {2.0, 5.0}) {
    for (EventKind k : {EventKind::kTakeoff, EventKind::kBoard}) {
      events.push_back(Event(k, jump, Material::kConcrete, Material::kWood, 0.8f));
      events.push_back(Event(k == EventKind::kTakeoff ? EventKind::kLanding : k, jump + 0.6,
                             Material::kConcrete, Material::kWood, 0.9f));
    }
    events.push_back(Event(EventKind::kWhoosh, jump + 0.2, Material::kCloth, Material::kCloth));
    events.push_back(
        Event(EventKind::kCrowd, jump + 0.9, Material::kCloth, Material::kCloth, 0.8f));
  }
  events.push_back(Event(EventKind::kWhoosh, 3.0, Material::kCloth, Material::kPlastic, 0.5f));
  float bounce = 0.8f;
  for (double t : {3.8, 4.3, 4.7, 5.0}) {
    events.push_back(Event(EventKind::kImpact, t, Material::kConcrete, Material::kPlastic, bounce));
    bounce *= 0.6f;
  }
  events.push_back(Event(EventKind::kImpact, 6.2, Material::kConcrete, Material::kMetal, 0.9f));
  for (double t = 7.0; t < 7.9; t += 0.25) {
    events.push_back(Event(EventKind::kImpact, t, Material::kFlesh, Material::kFlesh, 0.5f));
  }
  Storyboard sb;
  sb.shots.resize(1);
  sb.shots[0].id = "s1";
  sb.shots[0].duration = 8.0;
  sb.shots[0].setting.place = "stadium";
  sb.shots[0].sfx = {{"horn", 1.0}, {"drumroll", 4.0}};
  std::vector<float> bus;
  double best = 1e9;
  for (int run = 0; run < 3; ++run) {
    best = std::min(best, CpuMs([&] { bus = RenderEffects(events, sb, Frames(8.0), 1); }));
  }
  std::printf("[ timing ] %.1f ms CPU for an 8 s clip with %zu events and 2 planned effects\n",
              best, events.size());
  test_util::MaybeDumpWav("effects_busy", bus, 2, dsp::kSampleRate);
  EXPECT_LE(Peak(bus), 1.0);
  // Loose bound (sanitizer builds are slower); the figure above is the measurement.
  EXPECT_LT(best, 500.0);
}

TEST(Effects, CrowdedClipStaysFiniteAndInRange) {
  // Dozens of random events of every kind, eight full-strength metal hits at
  // once, and every planned effect on top.
  dsp::Rng rng(77);
  std::vector<WorldEvent> events;
  const Material materials[] = {Material::kWood,  Material::kMetal,   Material::kStone,
                                Material::kGlass, Material::kPlastic, Material::kConcrete,
                                Material::kGrass, Material::kSnow,    Material::kFlesh};
  for (int i = 0; i < 60; ++i) {
    const auto kind = static_cast<EventKind>(rng.Int(0, 7));
    events.push_back(Event(kind, rng.Range(0, 8), materials[rng.Int(0, 8)],
                           materials[rng.Int(0, 8)], static_cast<float>(rng.Range(0.2, 1.0)),
                           glm::vec3(rng.Range(-3, 3), 0, rng.Range(-6, 1))));
  }
  for (int i = 0; i < 8; ++i) {
    events.push_back(Event(EventKind::kImpact, 4.0, Material::kMetal, Material::kMetal, 1.0f));
  }
  Storyboard sb;
  sb.shots.resize(1);
  sb.shots[0].id = "s1";
  sb.shots[0].duration = 8.0;
  for (size_t k = 0; k < kSfxKinds.size(); ++k) {
    sb.shots[0].sfx.push_back({std::string(kSfxKinds[k]), 0.5 * static_cast<double>(k)});
  }
  std::vector<float> bus;
  const double ms = CpuMs([&] { bus = RenderEffects(events, sb, Frames(8.0), 1); });
  std::printf("[ timing ] %.1f ms CPU for an 8 s clip with %zu events and %zu planned effects\n",
              ms, events.size(), sb.shots[0].sfx.size());
  ASSERT_EQ(bus.size(), 2 * Frames(8.0));
  for (float v : bus) {
    ASSERT_TRUE(std::isfinite(v));
    ASSERT_LE(std::fabs(v), 1.0f);
  }
  EXPECT_GT(Peak(bus), 0.5);
  test_util::MaybeDumpWav("effects_crowded", bus, 2, dsp::kSampleRate);
}

TEST(Effects, OddEventsAreHarmless) {
  WorldEvent nan = Event(EventKind::kImpact, 0.3);
  nan.strength = std::nanf("");
  nan.position = glm::vec3(std::nanf(""));
  WorldEvent early = Event(EventKind::kCrowd, -0.5, Material::kCloth, Material::kCloth, 0.8f);
  WorldEvent late = Event(EventKind::kImpact, 0.99, Material::kMetal, Material::kMetal, 1.0f);
  WorldEvent never = Event(EventKind::kFootstep, std::nan(""));
  const std::vector<float> bus = Render({nan, early, late, never}, 1.0);
  for (float v : bus) ASSERT_TRUE(std::isfinite(v));
  EXPECT_GT(PeakIn(bus, 0, 0.1), 0.0);  // the crowd that began before the clip carries on
}

TEST(Effects, PlannedEffectsTheWorldMadeAreLeftOut) {
  Storyboard planned;
  planned.shots.resize(1);
  planned.shots[0].id = "s1";
  planned.shots[0].duration = 4.0;
  planned.shots[0].sfx = {{"footsteps", 0.5}, {"bark", 2.0}};
  Storyboard bark_only = planned;
  bark_only.shots[0].sfx = {{"bark", 2.0}};
  const std::vector<WorldEvent> steps = {Event(EventKind::kFootstep, 0.6),
                                         Event(EventKind::kFootstep, 1.1)};
  EXPECT_EQ(RenderEffects(steps, planned, Frames(4.0), 2),
            RenderEffects(steps, bark_only, Frames(4.0), 2));
  EXPECT_NE(RenderEffects({}, planned, Frames(4.0), 2),
            RenderEffects({}, bark_only, Frames(4.0), 2));
}

TEST(Effects, WorldEventsEndToEnd) {
  Storyboard sb;
  sb.seed = 11;
  CastMember ana;
  ana.id = ana.name = "ana";
  CastMember rex;
  rex.id = rex.name = "rex";
  rex.kind = "animal";
  rex.species = "dog";
  sb.cast = {ana, rex};
  Shot shot;
  shot.id = "s1";
  shot.duration = 4.0;
  shot.setting.place = "skate park";
  shot.actions = {
      {"ana", "walk", 0.5, 1.8}, {"ana", "kickflip", 2.0, 3.2}, {"rex", "run", 0.3, 3.5}};
  sb.shots.push_back(shot);
  ASSERT_TRUE(Validate(sb).ok()) << Validate(sb).error().ToString();
  auto events = world::SimulateEvents(sb, world::BuildAppearances(sb));
  ASSERT_TRUE(events.ok()) << events.error().ToString();
  ASSERT_GE(events->size(), 5u);
  const std::vector<float> bus =
      RenderEffects(*events, sb, static_cast<size_t>(sb.DurationSeconds() * kRate), sb.seed);
  test_util::MaybeDumpWav("effects_world", bus, 2, dsp::kSampleRate);
  double first = 1e9;
  int kinds = 0;
  bool seen[8] = {};
  for (const WorldEvent& e : *events) {
    first = std::min(first, e.time);
    if (!seen[static_cast<int>(e.kind)]) ++kinds, seen[static_cast<int>(e.kind)] = true;
    if (e.time > sb.DurationSeconds() - kFrame) continue;
    // Sound within a frame of every event, a clear rise over what came just before.
    const double after = PeakIn(bus, e.time, e.time + kFrame);
    EXPECT_GT(after, 1e-3) << Describe(e) << " at " << e.time;
  }
  EXPECT_GE(kinds, 3);
  EXPECT_TRUE(seen[static_cast<int>(EventKind::kFootstep)]);
  EXPECT_TRUE(seen[static_cast<int>(EventKind::kBoard)]);
  EXPECT_EQ(PeakIn(bus, 0, first - 1.0 / kRate), 0.0);
  for (float v : bus) ASSERT_LE(std::fabs(v), 1.0f);
}

}  // namespace
}  // namespace kinora::engine::audio
