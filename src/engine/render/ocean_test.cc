// Tests of the FFT ocean: the transform against a direct DFT, a real and
// energy-conserving field, and the wind's effect on the waves.
#include "engine/render/ocean.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

namespace kinora::engine::render {
namespace {

constexpr double kPi = 3.14159265358979323846;

TEST(OceanTest, FftMatchesADirectTransform) {
  const int n = 8;
  std::vector<std::complex<float>> data(n * n);
  for (int i = 0; i < n * n; ++i) data[i] = {std::sin(1.7f * i), std::cos(0.3f * i * i)};
  for (const bool inverse : {false, true}) {
    std::vector<std::complex<float>> fast = data;
    Fft2d(fast, n, inverse);
    const double sign = inverse ? 1.0 : -1.0;
    for (int u = 0; u < n; ++u) {
      for (int v = 0; v < n; ++v) {
        std::complex<double> sum = 0.0;
        for (int y = 0; y < n; ++y) {
          for (int x = 0; x < n; ++x) {
            const double a = sign * 2.0 * kPi * (u * y + v * x) / n;
            sum += std::complex<double>(data[y * n + x]) * std::polar(1.0, a);
          }
        }
        EXPECT_NEAR(fast[u * n + v].real(), sum.real(), 1e-3);
        EXPECT_NEAR(fast[u * n + v].imag(), sum.imag(), 1e-3);
      }
    }
  }
}

double MeanSquare(const std::vector<float>& v) {
  return std::inner_product(v.begin(), v.end(), v.begin(), 0.0) / static_cast<double>(v.size());
}

TEST(OceanTest, TheSurfaceIsRealAndKeepsItsEnergy) {
  Ocean ocean({.size = 64, .patch_metres = 24.0f, .wind_speed = 7.0f, .seed = 3});
  for (const double t : {0.0, 1.3, 17.25}) {
    ocean.Update(t);
    const double mean_square = MeanSquare(ocean.height());
    ASSERT_GT(mean_square, 0.0);
    // Hermitian spectrum → real heights.
    EXPECT_LT(ocean.imaginary_residue(), 1e-4 * std::sqrt(mean_square) * 64);
    // Parseval: the mean squared height equals the spectrum's energy.
    EXPECT_NEAR(mean_square, ocean.spectral_energy(), 0.01 * mean_square);
  }
}

TEST(OceanTest, SlopesAreTheHeightsGradient) {
  Ocean ocean({.size = 128, .patch_metres = 32.0f, .wind_speed = 5.0f, .seed = 9});
  ocean.Update(2.0);
  const int n = ocean.size();
  const float dx = ocean.patch_metres() / static_cast<float>(n);
  // Central differences attenuate the shortest waves (sin(k·dx)/dx < k), so
  // compare by correlation, which a wrong sign, axis or scale would break.
  double dot = 0.0, fd2 = 0.0, sp2 = 0.0;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const auto& h = ocean.height();
      const double central = (h[i * n + (j + 1) % n] - h[i * n + (j + n - 1) % n]) / (2.0 * dx);
      const double spectral = ocean.slope_x()[i * n + j];
      dot += central * spectral;
      fd2 += central * central;
      sp2 += spectral * spectral;
    }
  }
  EXPECT_GT(dot / std::sqrt(fd2 * sp2), 0.9);
  EXPECT_LT(fd2, sp2);  // differences can only lose slope, never add it
}

TEST(OceanTest, StrongerWindRaisesBiggerWavesAlongTheWind) {
  Ocean calm({.wind_speed = 4.0f, .wind_direction = 0.0f, .seed = 1});
  Ocean windy({.wind_speed = 10.0f, .wind_direction = 0.0f, .seed = 1});
  calm.Update(1.0);
  windy.Update(1.0);
  EXPECT_GT(MeanSquare(windy.height()), 4.0 * MeanSquare(calm.height()));
  // Waves run with the wind (+x): the surface slopes more along x than along z.
  EXPECT_GT(MeanSquare(windy.slope_x()), 2.0 * MeanSquare(windy.slope_z()));
}

TEST(OceanTest, DeterministicForASeedAndMovingInTime) {
  Ocean a({.seed = 5}), b({.seed = 5}), c({.seed = 6});
  a.Update(3.0);
  b.Update(3.0);
  c.Update(3.0);
  EXPECT_EQ(a.height(), b.height());
  EXPECT_NE(a.height(), c.height());
  const std::vector<float> before = a.height();
  a.Update(3.5);
  EXPECT_NE(a.height(), before);
}

TEST(OceanTest, SizesAreClampedToPowersOfTwo) {
  EXPECT_EQ(Ocean({.size = 100}).size(), 64);
  EXPECT_EQ(Ocean({.size = 0}).size(), 4);
  EXPECT_EQ(Ocean({.size = 100000}).size(), 512);
}

}  // namespace
}  // namespace kinora::engine::render
