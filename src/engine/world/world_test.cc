// The world stage end to end: appearances, scenes for every place, the
// simulated shot, events for the sound stage, determinism and bad input.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <glm/geometric.hpp>
#include <nlohmann/json.hpp>

#include "engine/plan/planner.h"
#include "engine/world/look.h"
#include "engine/world/scene.h"
#include "engine/world/simulation.h"

namespace kinora::engine::world {
namespace {

Storyboard Planned(const std::string& prompt, uint64_t seed = 7, double seconds = 8.0) {
  auto r = Plan({.prompt = prompt, .seconds = seconds, .seed = seed});
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return *r;
}

// A one-shot storyboard built by hand.
Storyboard OneShot(const std::string& place, std::vector<CastMember> cast,
                   std::vector<Action> actions, double seconds = 4.0) {
  Storyboard sb;
  sb.seed = 11;
  sb.cast = std::move(cast);
  Shot shot;
  shot.id = "s1";
  shot.duration = seconds;
  shot.setting.place = place;
  shot.actions = std::move(actions);
  sb.shots.push_back(shot);
  EXPECT_TRUE(Validate(sb).ok()) << Validate(sb).error().ToString();
  return sb;
}

CastMember Person(const std::string& id) {
  CastMember c;
  c.id = id;
  c.name = id;
  return c;
}

CastMember Animal(const std::string& id, const std::string& species) {
  CastMember c = Person(id);
  c.kind = "animal";
  c.species = species;
  return c;
}

CastMember Object(const std::string& id) {
  CastMember c = Person(id);
  c.kind = "object";
  return c;
}

const CharacterSpec* Find(const ShotScene& scene, const std::string& id) {
  for (const auto& c : scene.characters) {
    if (c.cast_id == id) return &c;
  }
  return nullptr;
}

bool SameLook(const ParametricLook& a, const ParametricLook& b) {
  return a.skin == b.skin && a.hair == b.hair && a.top == b.top && a.bottom == b.bottom &&
         a.fur == b.fur && a.body.height == b.body.height && a.body.girth == b.body.girth &&
         a.species == b.species;
}

TEST(Look, DerivedFromTheCastMember) {
  Storyboard sb = Planned("A tall man with a gold chain and sunglasses in a red hoodie talks");
  ASSERT_FALSE(sb.cast.empty());
  CastMember m = sb.cast[0];
  m.looks.outfit = {{"hoodie", "red"}, {"jeans", "navy"}};
  m.looks.accessories = {"gold chain", "sunglasses"};
  m.looks.age = "elder";
  const CastAppearance a = AppearanceFor(sb, m);
  EXPECT_EQ(a.rig, RigKind::kHumanoid);
  EXPECT_TRUE(a.look.gold_chain);
  EXPECT_TRUE(a.look.sunglasses);
  EXPECT_EQ(a.look.age, AgeClass::kElder);
  EXPECT_GT(a.look.top.r, 0.7f);
  EXPECT_LT(a.look.top.g, 0.3f);
  EXPECT_LT(a.look.bottom.b, 0.5f);
  EXPECT_GT(a.look.body.height, 1.5f);
  EXPECT_LT(a.look.body.height, 1.9f);
  m.looks.age = "child";
  EXPECT_LT(AppearanceFor(sb, m).look.body.height, 1.4f);
  // Animals by species and breed.
  CastMember dog = Animal("rex", "dog");
  dog.breed = "chihuahua";
  const CastAppearance small = AppearanceFor(sb, dog);
  dog.breed = "german shepherd";
  const CastAppearance big = AppearanceFor(sb, dog);
  EXPECT_EQ(small.rig, RigKind::kQuadruped);
  EXPECT_LT(small.look.body.height, 0.3f);
  EXPECT_GT(big.look.body.height, 0.5f);
  EXPECT_EQ(AppearanceFor(sb, Animal("b", "parrot")).rig, RigKind::kBird);
  EXPECT_EQ(AppearanceFor(sb, Animal("f", "fish")).rig, RigKind::kFish);
  EXPECT_NEAR(AppearanceFor(sb, Animal("h", "horse")).look.body.height, 1.6f, 0.12f);
}

TEST(Look, UnknownSpeciesIsAQuadrupedAndObjectsAreRigid) {
  Storyboard sb = OneShot("park", {Person("mia"), Animal("zog", "okapi"), Object("teapot")},
                          {{"zog", "walk", 0.0, 2.0}, {"teapot", "jump", 1.0, 2.0}});
  const CastAppearances looks = BuildAppearances(sb);
  EXPECT_EQ(looks.at("zog").rig, RigKind::kQuadruped);
  EXPECT_EQ(looks.at("teapot").rig, RigKind::kRigid);
  auto scene = BuildShotScene(sb, 0, looks);
  ASSERT_TRUE(scene.ok()) << scene.error().ToString();
  EXPECT_EQ(Find(*scene, "teapot"), nullptr);
  ASSERT_NE(Find(*scene, "zog"), nullptr);
  const PropSpec* teapot = nullptr;
  for (const auto& p : scene->props) {
    if (p.cast_id == "teapot") teapot = &p;
  }
  ASSERT_NE(teapot, nullptr);
  EXPECT_FALSE(teapot->kicks.empty());
  // The teapot's jump is real physics: it lands again.
  auto sim = ShotSimulation::Create(*scene, 24);
  ASSERT_TRUE(sim.ok());
  bool landed = false;
  for (const WorldEvent& e : sim->events()) {
    landed |= e.kind == EventKind::kImpact && e.cast_id == "teapot" && e.time > 1.2 &&
              e.material == Material::kGrass;
  }
  EXPECT_TRUE(landed);
}

TEST(Look, CapturedLookIsKept) {
  Storyboard sb = OneShot("studio", {Person("ana"), Animal("pip", "cat")}, {});
  auto cap = std::make_shared<CapturedLook>();
  cap->frames.emplace_back(4, 6);
  cap->mattes.push_back({4, 6, std::vector<uint8_t>(24, 255)});
  cap->height = 1.62f;
  ASSERT_TRUE(CheckCapturedLook(*cap).ok());
  const CastAppearances looks = BuildAppearances(sb, {{"ana", cap}, {"nobody", cap}});
  EXPECT_EQ(looks.at("ana").captured.get(), cap.get());
  EXPECT_FLOAT_EQ(looks.at("ana").look.body.height, 1.62f);
  EXPECT_EQ(looks.at("pip").captured, nullptr);
  EXPECT_EQ(looks.count("nobody"), 0u);
  auto scene = BuildShotScene(sb, 0, looks);
  ASSERT_TRUE(scene.ok());
  EXPECT_EQ(Find(*scene, "ana")->appearance.captured.get(), cap.get());
  EXPECT_NEAR(Find(*scene, "ana")->skeleton.height, 1.62f, 1e-5f);
  CapturedLook bad = *cap;
  bad.mattes[0].width = 5;
  EXPECT_FALSE(CheckCapturedLook(bad).ok());
}

TEST(World, SameCastMemberLooksTheSameInEveryShot) {
  const Storyboard sb =
      Planned("A golden retriever runs on the beach, then the dog does a backflip in the park");
  ASSERT_GE(sb.shots.size(), 2u);
  const CastAppearances looks = BuildAppearances(sb);
  auto a = BuildShotScene(sb, 0, looks);
  auto b = BuildShotScene(sb, 1, looks);
  ASSERT_TRUE(a.ok() && b.ok());
  const CharacterSpec* da = Find(*a, "dog");
  const CharacterSpec* db = Find(*b, "dog");
  ASSERT_TRUE(da && db);
  EXPECT_TRUE(SameLook(da->appearance.look, db->appearance.look));
  ASSERT_EQ(da->skeleton.bones.size(), db->skeleton.bones.size());
  for (size_t i = 0; i < da->skeleton.bones.size(); ++i) {
    EXPECT_EQ(da->skeleton.bones[i].offset, db->skeleton.bones[i].offset);
  }
  // Computed without the shared map, the look is the same too.
  EXPECT_TRUE(SameLook(AppearanceFor(sb, *sb.FindCast("dog")).look, da->appearance.look));
}

TEST(World, DeterministicForASeed) {
  const Storyboard sb =
      Planned("Rohan in a red hoodie does a kickflip at the skate park while a crowd cheers");
  const CastAppearances looks = BuildAppearances(sb);
  auto e1 = SimulateEvents(sb, looks);
  auto e2 = SimulateEvents(sb, looks);
  ASSERT_TRUE(e1.ok() && e2.ok());
  ASSERT_FALSE(e1->empty());
  EXPECT_EQ(*e1, *e2);
  auto s1 = ShotSimulation::Create(*BuildShotScene(sb, 0, looks), sb.fps);
  auto s2 = ShotSimulation::Create(*BuildShotScene(sb, 0, looks), sb.fps);
  ASSERT_TRUE(s1.ok() && s2.ok());
  for (double t : {0.0, 1.3, 2.0, 5.55}) {
    const WorldFrame f1 = s1->Sample(t, {{"rohan", 0.4f}});
    const WorldFrame f2 = s2->Sample(t, {{"rohan", 0.4f}});
    ASSERT_EQ(f1.characters.size(), f2.characters.size());
    for (size_t c = 0; c < f1.characters.size(); ++c)
      EXPECT_EQ(f1.characters[c].bones, f2.characters[c].bones);
    for (size_t p = 0; p < f1.props.size(); ++p)
      EXPECT_EQ(f1.props[p].transform, f2.props[p].transform);
  }
  // Another seed changes something: looks, marks or events.
  Storyboard other = sb;
  other.seed = 8;
  const CastAppearances other_looks = BuildAppearances(other);
  auto e3 = SimulateEvents(other, other_looks);
  ASSERT_TRUE(e3.ok());
  const bool looks_differ = !SameLook(looks.begin()->second.look, other_looks.begin()->second.look);
  EXPECT_TRUE(looks_differ || *e3 != *e1);
}

TEST(World, BadInputIsInvalidArgument) {
  const Storyboard sb = OneShot("studio", {Person("ana")}, {});
  const CastAppearances looks = BuildAppearances(sb);
  for (int index : {-1, 1, 100}) {
    auto r = BuildShotScene(sb, index, looks);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("out of range"), std::string::npos) << r.error().message;
  }
  Storyboard broken = sb;
  broken.fps = 0;
  auto r = BuildShotScene(broken, 0, looks);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(SimulateEvents(broken, looks).ok());
  auto scene = BuildShotScene(sb, 0, looks);
  ASSERT_TRUE(scene.ok());
  auto sim = ShotSimulation::Create(*scene, 0.0);
  ASSERT_FALSE(sim.ok());
  EXPECT_EQ(sim.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(World, EveryPlaceWeatherAndTimeBuildsAndSimulates) {
  for (std::string_view place : kPlaces) {
    Storyboard sb = OneShot(
        std::string(place), {Person("ana"), Animal("rex", "dog"), Animal("tweet", "bird")},
        {{"ana", "walk", 0.0, 1.5}, {"rex", "jump", 0.2, 1.5}, {"tweet", "fly", 0.0, 2.0}}, 2.0);
    auto scene = BuildShotScene(sb, 0, BuildAppearances(sb));
    ASSERT_TRUE(scene.ok()) << place;
    EXPECT_EQ(scene->characters.size(), 3u);
    auto sim = ShotSimulation::Create(std::move(*scene), 24);
    ASSERT_TRUE(sim.ok()) << place;
    const WorldFrame f = sim->Sample(1.0, {});
    for (const PropFrame& p : f.props) {
      ASSERT_TRUE(std::isfinite(p.transform[3][1])) << place << " " << p.name;
      EXPECT_GT(p.transform[3][1],
                f.environment.GroundHeight(p.transform[3][0], p.transform[3][2]) - 0.5f)
          << place << " " << p.name << " fell through the ground";
    }
    for (const auto& c : f.characters) ASSERT_TRUE(std::isfinite(c.bones[0][3][1])) << place;
  }
  for (std::string_view weather : kWeathers) {
    for (std::string_view time : kTimesOfDay) {
      Setting s;
      s.place = "park";
      s.weather = std::string(weather);
      s.time_of_day = std::string(time);
      const Environment env = EnvironmentFor(s, 3);
      EXPECT_NEAR(glm::length(env.sky.sun_direction), 1.0f, 1e-4f);
      EXPECT_GT(env.sky.sun_intensity, 0.0f);
      EXPECT_EQ(Name(env.weather.kind), weather);
      if (time == "night") {
        EXPECT_TRUE(env.sky.moon);
      }
      if (time == "noon") {
        EXPECT_GT(env.sky.sun_elevation, 0.9f);
      }
    }
  }
  Setting space;
  space.place = "space";
  EXPECT_LT(EnvironmentFor(space, 1).gravity, 2.0f);
  Setting beach;
  beach.place = "beach";
  EXPECT_TRUE(EnvironmentFor(beach, 1).water_level.has_value());
}

TEST(World, TricksGetCrowdsAndBoardsInTheSkatePark) {
  const Storyboard sb =
      Planned("Rohan in a red hoodie does a kickflip at the skate park while a crowd cheers");
  auto events = SimulateEvents(sb, BuildAppearances(sb));
  ASSERT_TRUE(events.ok());
  int boards = 0, crowds = 0, landings = 0;
  double last = -1;
  for (const WorldEvent& e : *events) {
    EXPECT_GE(e.time, last);
    last = e.time;
    EXPECT_GE(e.time, 0.0);
    EXPECT_LE(e.time, sb.DurationSeconds() + 1e-9);
    boards += e.kind == EventKind::kBoard;
    crowds += e.kind == EventKind::kCrowd;
    if (e.kind == EventKind::kLanding) {
      ++landings;
      bool cheer = false;
      for (const WorldEvent& c : *events)
        cheer |= c.kind == EventKind::kCrowd && c.time > e.time && c.time < e.time + 1;
      EXPECT_TRUE(cheer) << "no crowd after the landing at " << e.time;
    }
  }
  EXPECT_GE(landings, 1);
  EXPECT_GE(boards, 2);
  EXPECT_GE(crowds, 1);
}

TEST(World, ThrownBallFliesAndLands) {
  Storyboard sb = OneShot("living room", {Person("mia")}, {{"mia", "throw", 0.5, 2.0}}, 4.0);
  auto scene = BuildShotScene(sb, 0, BuildAppearances(sb));
  ASSERT_TRUE(scene.ok());
  auto sim = ShotSimulation::Create(std::move(*scene), 30);
  ASSERT_TRUE(sim.ok());
  int ball = -1;
  for (size_t i = 0; i < sim->props().size(); ++i) {
    if (sim->props()[i].name == "thrown ball") ball = static_cast<int>(i);
  }
  ASSERT_GE(ball, 0);
  const double release = sim->props()[static_cast<size_t>(ball)].spawn_time;
  EXPECT_NEAR(release, 0.5 + 0.55, 1e-9);
  EXPECT_FALSE(sim->Sample(release - 0.1, {}).props[static_cast<size_t>(ball)].visible);
  const WorldFrame up = sim->Sample(release + 0.4, {});
  EXPECT_TRUE(up.props[static_cast<size_t>(ball)].visible);
  bool whoosh = false, landed = false;
  for (const WorldEvent& e : sim->events()) {
    whoosh |= e.kind == EventKind::kWhoosh && std::fabs(e.time - release) < 1e-6;
    landed |= e.kind == EventKind::kImpact && e.time > release + 0.3 &&
              e.material == Material::kCarpet && e.other == Material::kPlastic;
  }
  EXPECT_TRUE(whoosh);
  EXPECT_TRUE(landed);
}

TEST(World, SwimmersAndDropsSplash) {
  CastMember dolphin = Animal("fin", "fish");
  dolphin.breed = "dolphin";
  Storyboard sb = OneShot("beach", {Person("kai"), dolphin},
                          {{"kai", "swim", 0.0, 4.0}, {"fin", "jump", 0.5, 3.0}}, 4.0);
  auto scene = BuildShotScene(sb, 0, BuildAppearances(sb));
  ASSERT_TRUE(scene.ok());
  const CharacterSpec* kai = Find(*scene, "kai");
  ASSERT_NE(kai, nullptr);
  ASSERT_TRUE(scene->environment.water_level.has_value());
  EXPECT_LT(kai->stage.mark.y, *scene->environment.water_level - 1.0f);  // out in the water
  auto sim = ShotSimulation::Create(std::move(*scene), 24);
  ASSERT_TRUE(sim.ok());
  int kai_splashes = 0, fin_splashes = 0;
  for (const WorldEvent& e : sim->events()) {
    if (e.kind != EventKind::kSplash) continue;
    EXPECT_EQ(e.material, Material::kWater);
    kai_splashes += e.cast_id == "kai";
    fin_splashes += e.cast_id == "fin";
  }
  EXPECT_GE(kai_splashes, 3);
  EXPECT_GE(fin_splashes, 2);  // out of the water and back in
  // The swimmer is at the surface, not walking on the sea floor.
  const WorldFrame f = sim->Sample(2.0, {});
  const float pelvis = f.characters[0].bones[0][3][1];
  EXPECT_NEAR(pelvis, *f.environment.water_level, 0.3f);
}

TEST(World, SittersGetASeat) {
  Storyboard sb = OneShot("office", {Person("ana")}, {{"ana", "sit", 0.0, 3.0}}, 3.0);
  auto scene = BuildShotScene(sb, 0, BuildAppearances(sb));
  ASSERT_TRUE(scene.ok());
  const CharacterSpec& ana = scene->characters[0];
  ASSERT_GT(ana.stage.seat_height, 0.3f);
  bool chair = false;
  for (const Structure& s : scene->structures) chair |= s.name == "chair";
  EXPECT_TRUE(chair);
  auto sim = ShotSimulation::Create(std::move(*scene), 24);
  ASSERT_TRUE(sim.ok());
  const WorldFrame f = sim->Sample(2.5, {});
  EXPECT_NEAR(f.characters[0].bones[0][3][1], ana.stage.seat_height + 0.08f * ana.skeleton.height,
              0.05f);
}

TEST(World, EveryCorpusPromptSimulates) {
  // The planner's prompt corpus: every storyboard it makes must simulate, with
  // finite poses and props above the ground and events inside the clip.
  std::ifstream in(std::string(KINORA_SOURCE_DIR) + "/src/engine/plan/testdata/plan_corpus.json");
  ASSERT_TRUE(in.good());
  const nlohmann::json corpus = nlohmann::json::parse(in);
  int shots = 0;
  for (const auto& c : corpus.at("cases")) {
    const std::string prompt = c.at("prompt");
    auto sb = Plan({.prompt = prompt, .seconds = 4.0, .seed = 7});
    ASSERT_TRUE(sb.ok()) << prompt;
    const CastAppearances looks = BuildAppearances(*sb);
    for (size_t i = 0; i < sb->shots.size(); ++i, ++shots) {
      auto scene = BuildShotScene(*sb, static_cast<int>(i), looks);
      ASSERT_TRUE(scene.ok()) << prompt;
      auto sim = ShotSimulation::Create(std::move(*scene), sb->fps);
      ASSERT_TRUE(sim.ok()) << prompt;
      const Shot& shot = sb->shots[i];
      for (const WorldEvent& e : sim->events()) {
        ASSERT_GE(e.time, shot.start - 1e-9) << prompt;
        ASSERT_LE(e.time, shot.start + shot.duration + 1e-9) << prompt;
        ASSERT_TRUE(std::isfinite(e.position.x + e.position.y + e.position.z)) << prompt;
      }
      for (double t = shot.start; t < shot.start + shot.duration; t += 0.5) {
        const WorldFrame f = sim->Sample(t, {});
        for (const CharacterFrame& ch : f.characters) {
          for (const glm::mat4& m : ch.bones) {
            ASSERT_TRUE(std::isfinite(m[3][0] + m[3][1] + m[3][2] + m[0][0] + m[1][1])) << prompt;
          }
        }
        for (const PropFrame& p : f.props) {
          const glm::vec3 at(p.transform[3]);
          ASSERT_GT(at.y, f.environment.GroundHeight(at.x, at.z) - 0.5f)
              << prompt << ": " << p.name;
        }
      }
    }
  }
  EXPECT_GT(shots, 95);
}

TEST(World, CheapToCreateAndSample) {
  // An 8 s shot with two characters, set dressing and a thrown ball.
  Storyboard sb = OneShot(
      "kitchen", {Person("chef"), Animal("rex", "dog")},
      {{"chef", "walk", 0.0, 4.0}, {"chef", "throw", 4.5, 6.0}, {"rex", "run", 0.0, 8.0}}, 8.0);
  const CastAppearances looks = BuildAppearances(sb);
  auto scene = BuildShotScene(sb, 0, looks);
  ASSERT_TRUE(scene.ok());
  EXPECT_GE(scene->props.size(), 3u);
  const auto t0 = std::chrono::steady_clock::now();
  auto sim = ShotSimulation::Create(std::move(*scene), 24);
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_TRUE(sim.ok());
  const int n = 192;
  for (int i = 0; i < n; ++i) {
    const WorldFrame f = sim->Sample(i / 24.0, {{"chef", 0.5f}});
    ASSERT_EQ(f.characters.size(), 2u);
  }
  const auto t2 = std::chrono::steady_clock::now();
  const double create_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
  const double sample_ms = std::chrono::duration<double, std::milli>(t2 - t1).count() / n;
  std::printf("[ timing ] create %.2f ms for an 8 s shot with %zu props; sample %.4f ms\n",
              create_ms, sim->props().size(), sample_ms);
  // Loose bounds (sanitizer builds are slower); the figures above are the measurement.
  EXPECT_LT(create_ms, 2000.0);
  EXPECT_LT(sample_ms, 10.0);
}

}  // namespace
}  // namespace kinora::engine::world
