// Tests of the draw plan: shader variants and draw rectangles per frame.

#include "engine/render/draw_plan.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kinora::engine::render {
namespace {

Storyboard Board(const std::string& place, const std::string& time_of_day,
                 const std::string& style) {
  Storyboard sb;
  sb.style = style;
  Shot shot;
  shot.id = "s1";
  shot.duration = 2.0;
  shot.setting.place = place;
  shot.setting.time_of_day = time_of_day;
  sb.shots.push_back(shot);
  CastMember ana;
  ana.id = "ana";
  ana.looks.accessories = {"sunglasses"};
  sb.cast.push_back(ana);
  CastMember rex;
  rex.id = "rex";
  rex.kind = "animal";
  rex.species = "dog";
  sb.cast.push_back(rex);
  CastMember box;
  box.id = "ball";
  box.kind = "object";
  box.name = "ball";
  sb.cast.push_back(box);
  return sb;
}

bool Has(const std::string& defines, const std::string& flag) {
  return defines.find("#define " + flag) != std::string::npos;
}

bool Inside(glm::vec4 inner, glm::vec4 outer) {
  return inner.x >= outer.x && inner.y >= outer.y && inner.z <= outer.z && inner.w <= outer.w;
}

TEST(DrawPlanTest, OutdoorBackgroundSplitsAtTheHorizon) {
  const SceneState s = ComputeSceneState(Board("beach", "night", "realistic"), 0.5, {});
  const auto draws = PlanBackground(s, 0.5625f);
  ASSERT_EQ(draws.size(), 2u);
  EXPECT_TRUE(Has(draws[0].defines, "PART_UPPER"));
  EXPECT_TRUE(Has(draws[1].defines, "PART_LOWER"));
  for (const auto& d : draws) {
    EXPECT_TRUE(Has(d.defines, "LAYOUT " + std::to_string(static_cast<int>(Layout::kBeach))));
    EXPECT_TRUE(Has(d.defines, "STARS"));
    EXPECT_TRUE(Has(d.defines, "MOON"));
  }
  // Together the two rectangles cover the frame, overlapping only near the split.
  EXPECT_FLOAT_EQ(draws[0].ndc_rect.w, 1.0f);
  EXPECT_FLOAT_EQ(draws[1].ndc_rect.y, -1.0f);
  EXPECT_LE(draws[0].ndc_rect.y, draws[1].ndc_rect.w);
  EXPECT_LT(draws[1].ndc_rect.w - draws[0].ndc_rect.y, 0.05f);
}

TEST(DrawPlanTest, StudioIsOneDrawAndDayHasNoStars) {
  const SceneState s = ComputeSceneState(Board("studio", "noon", "realistic"), 0.5, {});
  const auto draws = PlanBackground(s, 0.5625f);
  ASSERT_EQ(draws.size(), 1u);
  EXPECT_FALSE(Has(draws[0].defines, "STARS"));
  EXPECT_FALSE(Has(draws[0].defines, "PART_UPPER"));
}

TEST(DrawPlanTest, FiguresDrawInPartsWithTheirTraits) {
  const SceneState s = ComputeSceneState(Board("park", "noon", "anime"), 0.5, {});
  ASSERT_EQ(s.figures.size(), 3u);
  for (const FigureState& f : s.figures) {
    const auto draws = PlanFigure(f, *s.style);
    for (const auto& d : draws) {
      EXPECT_TRUE(Has(d.defines, "OUTLINE"));  // anime inks its figures
      EXPECT_LT(d.bounds.x, d.bounds.z);
      EXPECT_LT(d.bounds.y, d.bounds.w);
    }
    if (f.kind == FigureKind::kPerson) {
      ASSERT_EQ(draws.size(), 3u);
      EXPECT_TRUE(Has(draws[0].defines, "PART_BODY"));
      EXPECT_TRUE(Has(draws[1].defines, "SUNGLASSES"));
      EXPECT_TRUE(Has(draws[2].defines, "PART_FACE"));
      EXPECT_TRUE(Inside(draws[2].bounds, draws[1].bounds));  // the face lies on the head
      const glm::vec4 face = draws[2].bounds;
      EXPECT_TRUE(f.face.x > face.x && f.face.x < face.z && f.face.y > face.y && f.face.y < face.w);
      // The feet stand inside the body's rectangle.
      EXPECT_LT(draws[0].bounds.y, f.feet.y);
    } else if (f.kind == FigureKind::kQuadruped) {
      ASSERT_EQ(draws.size(), 2u);
      EXPECT_TRUE(Has(draws[1].defines, "EARS"));
    } else {
      ASSERT_EQ(draws.size(), 1u);
      EXPECT_TRUE(
          Has(draws[0].defines, "PROP " + std::to_string(static_cast<int>(PropShape::kBall))));
      EXPECT_FALSE(Has(draws[0].defines, "FACE"));  // it never speaks
    }
  }
}

TEST(DrawPlanTest, FlipsWidenTheRectangles) {
  Storyboard sb = Board("park", "noon", "realistic");
  sb.shots[0].actions.push_back({"ana", "backflip", 0.0, 2.0});
  const SceneState still = ComputeSceneState(Board("park", "noon", "realistic"), 0.5, {});
  const SceneState flip = ComputeSceneState(sb, 0.5, {});
  auto width = [](const SceneState& s) {
    for (const auto& f : s.figures) {
      if (f.kind == FigureKind::kPerson) {
        const glm::vec4 b = PlanFigure(f, *s.style)[0].bounds;
        return (b.z - b.x) / f.height;
      }
    }
    return 0.0f;
  };
  EXPECT_GT(width(flip), width(still) * 1.3f);
}

TEST(DrawPlanTest, CompositeFollowsStyleAndWeather) {
  Storyboard sb = Board("city street", "noon", "noir");
  sb.shots[0].setting.weather = "rain";
  EXPECT_TRUE(Has(CompositeDefines(ComputeSceneState(sb, 0.5, {}), 1280), "GREY"));
  EXPECT_TRUE(Has(CompositeDefines(ComputeSceneState(sb, 0.5, {}), 1280), "RAIN"));
  sb.shots[0].setting.place = "kitchen";  // no rain indoors
  EXPECT_FALSE(Has(CompositeDefines(ComputeSceneState(sb, 0.5, {}), 1280), "RAIN"));
  sb.style = "pixel art";
  const std::string pixel = CompositeDefines(ComputeSceneState(sb, 0.5, {}), 1280);
  EXPECT_TRUE(Has(pixel, "PIXEL"));
  EXPECT_FALSE(Has(pixel, "GREY"));
}

TEST(DrawPlanTest, DaylightSkiesUseThePhysicalModel) {
  auto defines = [](const std::string& time_of_day) {
    const Storyboard sb = Board("beach", time_of_day, "realistic");
    return PlanBackground(ComputeSceneState(sb, 1.0, {}), 9.0f / 16.0f).front().defines;
  };
  EXPECT_TRUE(Has(defines("noon"), "PHYSICAL_SKY"));
  EXPECT_TRUE(Has(defines("sunset"), "PHYSICAL_SKY"));
  EXPECT_FALSE(Has(defines("night"), "PHYSICAL_SKY"));
}

TEST(DrawPlanTest, PhysicalSkyFollowsTheTimeOfDayAndMetersTheView) {
  const SceneState noon = ComputeSceneState(Board("beach", "noon", "realistic"), 1.0, {});
  const SceneState sunset = ComputeSceneState(Board("beach", "sunset", "realistic"), 1.0, {});
  const PhysicalSky a = PhysicalSkyFor(noon);
  const PhysicalSky b = PhysicalSkyFor(sunset);
  EXPECT_GT(a.model.uniforms().sun.y, 0.8f);  // the sun high at noon …
  EXPECT_LT(b.model.uniforms().sun.y, 0.1f);  // … and low at sunset
  // Metering: the same band of sky lands on the same mid-tone whatever its
  // absolute brightness, so the exposure × mean luminance is fixed.
  const glm::vec3 band(0.0f, 0.12f, 1.2f);
  const float noon_level = a.exposure * a.model.xyY(band).z;
  const float sunset_level = b.exposure * b.model.xyY(band).z;
  EXPECT_GT(noon_level, 0.2f);
  EXPECT_LT(noon_level, 2.0f);
  EXPECT_GT(sunset_level, 0.2f);
  EXPECT_LT(sunset_level, 2.0f);
}

TEST(DrawPlanTest, PhotographicCloseUpsBlurTheSetBehindTheCast) {
  auto radius = [](const std::string& style, const std::string& framing) {
    Storyboard sb = Board("park", "noon", style);
    sb.shots[0].camera.framing = framing;
    sb.shots[0].camera.subject = "ana";
    return DepthOfFieldRadius(ComputeSceneState(sb, 0.5, {}), 1280);
  };
  EXPECT_GT(radius("realistic", "close-up"), radius("realistic", "medium"));
  EXPECT_GE(radius("realistic", "close-up"), 2.0f);
  EXPECT_EQ(radius("realistic", "wide"), 0.0f);
  EXPECT_EQ(radius("anime", "close-up"), 0.0f);
  Storyboard sb = Board("park", "noon", "realistic");
  sb.shots[0].camera.framing = "close-up";
  sb.shots[0].camera.subject = "ana";
  EXPECT_TRUE(Has(CompositeDefines(ComputeSceneState(sb, 0.5, {}), 1280), "DOF"));
}

TEST(DrawPlanTest, CameraBlurIsHowFarTheSetMovedOnScreen) {
  CameraState now;
  now.focus = {0.5f, 0.4f};
  now.zoom = 2.0f;
  EXPECT_NEAR(CameraBlurPixels(now, now, 0.5625f, 1280), 0.0f, 1e-3f);
  CameraState panned = now;
  panned.focus.x -= 0.004f;  // 0.008 frame heights at zoom 2
  EXPECT_NEAR(CameraBlurPixels(now, panned, 0.5625f, 1280), 0.008f * 1280.0f, 0.01f);
  // A zoom or a roll moves the corners most.
  CameraState zoomed = now;
  zoomed.zoom = 2.02f;
  const float corner = std::sqrt(0.5f * 0.5f + 0.28125f * 0.28125f);
  EXPECT_NEAR(CameraBlurPixels(now, zoomed, 0.5625f, 1280), corner * 0.01f * 1280.0f, 0.05f);
  CameraState rolled = now;
  rolled.roll = 0.01f;
  EXPECT_NEAR(CameraBlurPixels(now, rolled, 0.5625f, 1280), corner * 0.01f * 1280.0f, 0.05f);
  EXPECT_TRUE(Has(CompositeDefines(ComputeSceneState(Board("park", "noon", "realistic"), 0.5, {}),
                                   1280, {.camera = true, .bodies = true}),
                  "BODY_BLUR"));
}

}  // namespace
}  // namespace kinora::engine::render
