// Daylight sky colour: the Preetham, Shirley and Smits analytic model ("A
// Practical Analytic Model for Daylight", SIGGRAPH 1999). Sky luminance and
// chromaticity in a view direction follow the Perez all-weather formula
//   F(θ, γ) = (1 + A·e^(B / cos θ)) · (1 + C·e^(D·γ) + E·cos²γ)
// (θ: the view's angle from the zenith, γ: its angle from the sun), scaled so
// the zenith takes the model's zenith values; the five coefficients for each
// of Y, x and y are linear in the atmosphere's turbidity T (2 = very clear,
// 6 = hazy, 10+ = overcast-like haze).
//
// The CPU evaluation here serves tests and the scene setup; the background
// shader evaluates the same formula per pixel from SkyUniforms. Pure values
// and functions; thread-safe.
#pragma once

#include <glm/vec3.hpp>

namespace kinora::engine::render {

// The Perez coefficients, one vec3 per letter holding the (Y, x, y) values,
// and the zenith values divided by F(0, θsun), so that
//   value(θ, γ) = zenith_over_f0 · F(θ, γ)   (component-wise).
struct SkyUniforms {
  glm::vec3 a, b, c, d, e;
  glm::vec3 zenith_over_f0;  // (Y in kcd/m², x, y)
  glm::vec3 sun;             // unit vector towards the sun
};

class PreethamSky {
 public:
  // `sun` need not be normalized; a sun below the horizon is evaluated as if
  // just above it (the model covers daylight only; callers blend to a night
  // palette). Turbidity is clamped to [1.7, 12].
  PreethamSky(glm::vec3 sun, float turbidity);

  // Zenith luminance (kcd/m²) and chromaticity for this sun and turbidity.
  float zenith_luminance() const { return zenith_.x; }
  glm::vec3 zenith_xyY() const { return {zenith_.y, zenith_.z, zenith_.x}; }

  // CIE xyY of the sky in direction `view` (need not be normalized; views
  // below the horizon are evaluated at the horizon).
  glm::vec3 xyY(glm::vec3 view) const;
  // Linear sRGB radiance in the same units (kcd/m² scale).
  glm::vec3 LinearRgb(glm::vec3 view) const;

  const SkyUniforms& uniforms() const { return uniforms_; }

 private:
  glm::vec3 zenith_;  // Y, x, y
  SkyUniforms uniforms_;
};

// CIE xyY → linear sRGB (D65), negative components clamped to zero.
glm::vec3 XyYToLinearRgb(glm::vec3 xyY);

}  // namespace kinora::engine::render
