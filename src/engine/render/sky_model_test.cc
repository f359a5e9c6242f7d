// Tests of the analytic daylight model against its published formulas and
// the qualities of a real sky.
#include "engine/render/sky_model.h"

#include <gtest/gtest.h>

#include <cmath>

namespace kinora::engine::render {
namespace {

constexpr float kDeg = 3.14159265f / 180.0f;

glm::vec3 Direction(float elevation_deg, float azimuth_deg) {
  const float e = elevation_deg * kDeg, a = azimuth_deg * kDeg;
  return {std::cos(e) * std::sin(a), std::sin(e), std::cos(e) * std::cos(a)};
}

float BlueRatio(glm::vec3 rgb) { return rgb.b / std::max(rgb.r, 1e-6f); }

TEST(PreethamSkyTest, ZenithValuesFollowThePublishedFit) {
  // T = 2, sun 30° from the zenith: χ = (4/9 − 2/120)(π − π/3),
  // Y = (4.0453·2 − 4.9710)·tan χ − 0.2155·2 + 2.4192 ≈ 5.887 kcd/m².
  const PreethamSky sky(Direction(60.0f, 0.0f), 2.0f);
  EXPECT_NEAR(sky.zenith_luminance(), 5.887f, 0.005f);
  // Straight up, the model returns exactly its zenith values.
  const glm::vec3 up = sky.xyY({0.0f, 1.0f, 0.0f});
  EXPECT_NEAR(up.z, sky.zenith_luminance(), 1e-3f);
  EXPECT_NEAR(up.x, sky.zenith_xyY().x, 1e-5f);
  // A clear zenith is bluish: chromaticity left of and below white (0.3127, 0.329).
  EXPECT_LT(up.x, 0.3127f);
  EXPECT_LT(up.y, 0.329f);
}

TEST(PreethamSkyTest, ClearNoonSkyIsBlueAboveAndPaleAtTheHorizon) {
  const PreethamSky sky(Direction(60.0f, 0.0f), 2.5f);
  const glm::vec3 zenith = sky.LinearRgb({0.0f, 1.0f, 0.0f});
  const glm::vec3 horizon = sky.LinearRgb(Direction(2.0f, 180.0f));
  EXPECT_GT(BlueRatio(zenith), 1.3f);
  EXPECT_GT(BlueRatio(zenith), BlueRatio(horizon));
  EXPECT_GT(horizon.g, zenith.g);  // the horizon is brighter
}

TEST(PreethamSkyTest, TheSkyGlowsAroundTheSun) {
  const PreethamSky sky(Direction(30.0f, 0.0f), 3.0f);
  const float near = sky.xyY(Direction(33.0f, 3.0f)).z;
  const float far = sky.xyY(Direction(30.0f, 100.0f)).z;
  EXPECT_GT(near, 2.0f * far);
}

TEST(PreethamSkyTest, LowSunReddensTheHorizonTowardsIt) {
  const PreethamSky sunset(Direction(2.0f, 0.0f), 3.0f);
  const PreethamSky noon(Direction(65.0f, 0.0f), 3.0f);
  const glm::vec3 towards = sunset.LinearRgb(Direction(3.0f, 10.0f));
  const glm::vec3 away = sunset.LinearRgb(Direction(3.0f, 180.0f));
  const glm::vec3 noon_horizon = noon.LinearRgb(Direction(3.0f, 10.0f));
  EXPECT_GT(towards.r / towards.b, noon_horizon.r / noon_horizon.b);
  EXPECT_GT(towards.r / towards.b, away.r / away.b);
  // The zenith darkens as the sun sets.
  EXPECT_LT(sunset.zenith_luminance(), 0.5f * noon.zenith_luminance());
}

TEST(PreethamSkyTest, HazeWashesOutTheColour) {
  const glm::vec3 view = Direction(20.0f, 120.0f);
  const glm::vec3 clear = PreethamSky(Direction(45.0f, 0.0f), 2.0f).LinearRgb(view);
  const glm::vec3 hazy = PreethamSky(Direction(45.0f, 0.0f), 9.0f).LinearRgb(view);
  EXPECT_LT(BlueRatio(hazy), BlueRatio(clear));
}

TEST(PreethamSkyTest, DegenerateInputsStayFinite) {
  for (const glm::vec3 sun : {Direction(-20.0f, 0.0f), Direction(90.0f, 0.0f)}) {
    const PreethamSky sky(sun, 40.0f);
    for (const glm::vec3 view : {Direction(-30.0f, 0.0f), Direction(90.0f, 0.0f), sun}) {
      const glm::vec3 rgb = sky.LinearRgb(view);
      EXPECT_TRUE(std::isfinite(rgb.r) && std::isfinite(rgb.g) && std::isfinite(rgb.b));
      EXPECT_GE(rgb.r, 0.0f);
    }
  }
}

}  // namespace
}  // namespace kinora::engine::render
