#include "engine/render/sky_model.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>

namespace kinora::engine::render {
namespace {

constexpr float kPi = 3.14159265f;
constexpr float kMinCos = 0.01f;  // views at or below the horizon

glm::vec3 Perez(const SkyUniforms& u, float cos_theta, float gamma) {
  const float cos_gamma = std::cos(gamma);
  const glm::vec3 one(1.0f);
  const glm::vec3 ab = one + u.a * glm::exp(u.b / std::max(cos_theta, kMinCos));
  const glm::vec3 cde = one + u.c * glm::exp(u.d * gamma) + u.e * (cos_gamma * cos_gamma);
  return ab * cde;
}

// A cubic in the sun's zenith angle, for the zenith chromaticity fit.
float Cubic(float t, float c3, float c2, float c1, float c0) {
  return ((c3 * t + c2) * t + c1) * t + c0;
}

}  // namespace

glm::vec3 XyYToLinearRgb(glm::vec3 xyY) {
  const float x = xyY.x, y = std::max(xyY.y, 1e-4f), luminance = xyY.z;
  const float X = x / y * luminance;
  const float Z = (1.0f - x - y) / y * luminance;
  const float Y = luminance;
  const glm::vec3 rgb(3.2406f * X - 1.5372f * Y - 0.4986f * Z,
                      -0.9689f * X + 1.8758f * Y + 0.0415f * Z,
                      0.0557f * X - 0.2040f * Y + 1.0570f * Z);
  return glm::max(rgb, glm::vec3(0.0f));
}

PreethamSky::PreethamSky(glm::vec3 sun, float turbidity) {
  const float t = std::clamp(turbidity, 1.7f, 12.0f);
  sun = glm::normalize(sun);
  sun.y = std::max(sun.y, kMinCos);
  sun = glm::normalize(sun);
  const float theta_s = std::acos(sun.y);

  SkyUniforms& u = uniforms_;
  u.a = {0.1787f * t - 1.4630f, -0.0193f * t - 0.2592f, -0.0167f * t - 0.2608f};
  u.b = {-0.3554f * t + 0.4275f, -0.0665f * t + 0.0008f, -0.0950f * t + 0.0092f};
  u.c = {-0.0227f * t + 5.3251f, -0.0004f * t + 0.2125f, -0.0079f * t + 0.2102f};
  u.d = {0.1206f * t - 2.5771f, -0.0641f * t - 0.8989f, -0.0441f * t - 1.6537f};
  u.e = {-0.0670f * t + 0.3703f, -0.0033f * t + 0.0452f, -0.0109f * t + 0.0529f};
  u.sun = sun;

  const float chi = (4.0f / 9.0f - t / 120.0f) * (kPi - 2.0f * theta_s);
  const float luminance = (4.0453f * t - 4.9710f) * std::tan(chi) - 0.2155f * t + 2.4192f;
  const float x = t * t * Cubic(theta_s, 0.00166f, -0.00375f, 0.00209f, 0.0f) +
                  t * Cubic(theta_s, -0.02903f, 0.06377f, -0.03202f, 0.00394f) +
                  Cubic(theta_s, 0.11693f, -0.21196f, 0.06052f, 0.25886f);
  const float y = t * t * Cubic(theta_s, 0.00275f, -0.00610f, 0.00317f, 0.0f) +
                  t * Cubic(theta_s, -0.04214f, 0.08970f, -0.04153f, 0.00516f) +
                  Cubic(theta_s, 0.15346f, -0.26756f, 0.06670f, 0.26688f);
  zenith_ = {std::max(luminance, 0.0f), x, y};
  u.zenith_over_f0 = zenith_ / Perez(u, 1.0f, theta_s);
}

glm::vec3 PreethamSky::xyY(glm::vec3 view) const {
  view = glm::normalize(view);
  const float cos_theta = std::max(view.y, kMinCos);
  const float gamma = std::acos(std::clamp(glm::dot(view, uniforms_.sun), -1.0f, 1.0f));
  const glm::vec3 value = uniforms_.zenith_over_f0 * Perez(uniforms_, cos_theta, gamma);
  return {value.y, value.z, value.x};
}

glm::vec3 PreethamSky::LinearRgb(glm::vec3 view) const { return XyYToLinearRgb(xyY(view)); }

}  // namespace kinora::engine::render
