// Tests of the CPU half of the renderer: vocabulary tables, figure placement,
// motion and camera framing.

#include "engine/render/scene_state.h"

#include <gtest/gtest.h>

#include "engine/render/figure_pose.h"

namespace kinora::engine::render {
namespace {

Storyboard OneShot(const std::string& framing) {
  Storyboard sb;
  sb.seed = 42;
  Shot shot;
  shot.id = "s1";
  shot.duration = 4.0;
  shot.setting.place = "beach";
  shot.camera.framing = framing;
  sb.shots.push_back(shot);
  CastMember ana;
  ana.id = "ana";
  ana.looks.outfit.push_back({"hoodie", "red"});
  sb.cast.push_back(ana);
  CastMember rocket;
  rocket.id = "rocket";
  rocket.kind = "animal";
  rocket.species = "dog";
  rocket.breed = "Golden Retriever";
  sb.cast.push_back(rocket);
  return sb;
}

const FigureState* Find(const SceneState& s, const std::string& id) {
  for (const auto& f : s.figures) {
    if (f.cast_id == id) return &f;
  }
  return nullptr;
}

TEST(SceneTablesTest, LooksUpVocabularyWithFallbacks) {
  EXPECT_EQ(LookForPlace("beach").layout, Layout::kBeach);
  EXPECT_EQ(LookForPlace("newsroom").variant, Variant::kNewsroom);
  EXPECT_EQ(LookForPlace("somewhere odd").layout, Layout::kStudio);
  EXPECT_GT(LookForTimeOfDay("night").night, 0.9f);
  EXPECT_EQ(LookForTimeOfDay("teatime").time_of_day, "noon");
  EXPECT_EQ(LookForStyle("noir").grey, 1.0f);
  EXPECT_EQ(LookForSpecies("parrot").shape, AnimalShape::kBird);
  EXPECT_EQ(LookForSpecies("axolotl").species, "dog");
  EXPECT_EQ(MotionForVerb("walk"), Motion::kWalk);
  EXPECT_EQ(MotionForVerb("ponder"), Motion::kIdle);
}

TEST(SceneTablesTest, ParsesColourNames) {
  ASSERT_TRUE(ColorByName("Navy").has_value());
  EXPECT_LT(ColorByName("navy")->r, 0.2f);
  EXPECT_GT(ColorByName("light blue")->r, ColorByName("blue")->r);
  EXPECT_LT(ColorByName("dark green")->g, ColorByName("green")->g);
  auto hex = ColorByName("#ff8000");
  ASSERT_TRUE(hex.has_value());
  EXPECT_FLOAT_EQ(hex->r, 1.0f);
  EXPECT_NEAR(hex->g, 0.5f, 0.01f);
  EXPECT_FALSE(ColorByName("plaid").has_value());
}

TEST(SceneStateTest, DescribesCastFromLooks) {
  const SceneState s = ComputeSceneState(OneShot("wide"), 1.0, {{"ana", 0.7f}});
  ASSERT_EQ(s.figures.size(), 2u);
  const FigureState* ana = Find(s, "ana");
  const FigureState* dog = Find(s, "rocket");
  ASSERT_NE(ana, nullptr);
  ASSERT_NE(dog, nullptr);
  EXPECT_EQ(ana->kind, FigureKind::kPerson);
  EXPECT_GT(ana->color[2].r, 0.7f);  // red hoodie
  EXPECT_FLOAT_EQ(ana->mouth_open, 0.7f);
  EXPECT_EQ(dog->kind, FigureKind::kQuadruped);
  EXPECT_GT(dog->color[0].r, dog->color[0].b + 0.3f);  // golden fur
  EXPECT_FLOAT_EQ(dog->mouth_open, 0.0f);
  EXPECT_LT(dog->height, ana->height);
  EXPECT_NE(ana->feet.x, dog->feet.x);
}

TEST(SceneStateTest, FramingZoomsOnTheSubject) {
  Storyboard wide = OneShot("wide");
  Storyboard medium = OneShot("medium");
  Storyboard close = OneShot("close-up");
  close.shots[0].camera.subject = "ana";
  const SceneState w = ComputeSceneState(wide, 1.0, {});
  const SceneState m = ComputeSceneState(medium, 1.0, {});
  const SceneState c = ComputeSceneState(close, 1.0, {});
  EXPECT_LT(w.camera.zoom, m.camera.zoom);
  EXPECT_LT(m.camera.zoom, c.camera.zoom);
  const FigureState* ana = Find(c, "ana");
  ASSERT_NE(ana, nullptr);
  EXPECT_NEAR(c.camera.focus.x, ana->face.x, 1e-4);
  // The face fills a good part of a close-up frame.
  EXPECT_GT(ana->face_size * c.camera.zoom, 0.12f);
}

TEST(SceneStateTest, ActionsMoveFigures) {
  Storyboard sb = OneShot("wide");
  sb.shots[0].actions.push_back({"ana", "walk", 0.0, 4.0});
  sb.shots[0].actions.push_back({"rocket", "jump", 1.0, 2.0});
  const SceneState a = ComputeSceneState(sb, 0.0, {});
  const SceneState b = ComputeSceneState(sb, 1.2, {});
  EXPECT_NE(Find(a, "ana")->feet.x, Find(b, "ana")->feet.x);
  EXPECT_EQ(Find(a, "rocket")->pose.offset.y, 0.0f);
  EXPECT_GT(Find(b, "rocket")->pose.offset.y, 0.05f);
  EXPECT_EQ(Find(b, "ana")->motion, Motion::kWalk);
}

TEST(SceneStateTest, OnlyCastTheShotMentions) {
  Storyboard sb = OneShot("medium");
  sb.shots[0].dialogue.push_back({"rocket", "Woof!", "en", 0.5, "excited"});
  const SceneState s = ComputeSceneState(sb, 1.0, {});
  ASSERT_EQ(s.figures.size(), 1u);
  EXPECT_EQ(s.figures[0].cast_id, "rocket");
}

TEST(SceneStateTest, DeterministicAndSeeded) {
  Storyboard sb = OneShot("wide");
  sb.shots[0].camera.move = "handheld";
  const SceneState a = ComputeSceneState(sb, 2.0, {});
  const SceneState b = ComputeSceneState(sb, 2.0, {});
  EXPECT_EQ(a.camera.focus, b.camera.focus);
  EXPECT_EQ(a.figures[0].feet, b.figures[0].feet);
  sb.seed = 43;
  const SceneState c = ComputeSceneState(sb, 2.0, {});
  EXPECT_NE(a.seed, c.seed);
  EXPECT_NE(a.camera.focus, c.camera.focus);
}

TEST(FigurePoseTest, BlinksBriefly) {
  int closed = 0;
  for (int i = 0; i < 1000; ++i) closed += BlinkAt(i * 0.01, 0.3f) > 0.5f ? 1 : 0;
  EXPECT_GT(closed, 0);
  EXPECT_LT(closed, 100);
}

TEST(FigurePoseTest, WaveRaisesTheArm) {
  const MotionSample idle = SampleMotion(FigureKind::kPerson, Motion::kIdle, 0.0, 1.0, 0.1f);
  const MotionSample wave = SampleMotion(FigureKind::kPerson, Motion::kWave, 0.3, 1.0, 0.1f);
  EXPECT_LT(idle.pose.arm_r, 0.5f);
  EXPECT_GT(wave.pose.arm_r, 2.0f);
}

}  // namespace
}  // namespace kinora::engine::render
