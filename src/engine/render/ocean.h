// Ocean waves after Tessendorf ("Simulating Ocean Water", SIGGRAPH course
// notes 1999-2004): a periodic patch of sea surface synthesized in the
// frequency domain. Each wave vector k gets a random complex amplitude drawn
// from the Phillips spectrum for the wind,
//   P(k) = A · exp(−1 / (k·L)²) / k⁴ · |k̂·ŵ|²,  L = V² / g,
// which then evolves with the deep-water dispersion relation ω² = g·k:
//   h̃(k, t) = h̃₀(k)·e^(iωt) + conj(h̃₀(−k))·e^(−iωt),
// so the field stays real. An inverse FFT gives the heights, and the
// spectra i·k·h̃ give the exact slopes for lighting.
//
// A patch of N×N samples (N a power of two) tiles seamlessly; the renderer
// samples it as a repeating normal map on the water plane. Deterministic for
// a seed; not thread-safe (Update writes the fields).
#pragma once

#include <complex>
#include <cstdint>
#include <vector>

namespace kinora::engine::render {

struct OceanOptions {
  int size = 64;                // samples per side, a power of two (4 … 512)
  float patch_metres = 24.0f;   // side of the square patch
  float wind_speed = 6.0f;      // m/s
  float wind_direction = 0.0f;  // radians, 0 = towards +x
  float amplitude = 1.0f;       // scale of the spectrum (A), metres²-ish
  uint64_t seed = 0;
};

class Ocean {
 public:
  explicit Ocean(const OceanOptions& options);

  // Synthesizes the surface at time t (seconds).
  void Update(double t);

  int size() const { return n_; }
  float patch_metres() const { return patch_; }
  // Row-major N×N fields from the last Update: height (m), slopes ∂h/∂x, ∂h/∂z.
  const std::vector<float>& height() const { return height_; }
  const std::vector<float>& slope_x() const { return slope_x_; }
  const std::vector<float>& slope_z() const { return slope_z_; }
  // The largest |imaginary part| the last inverse FFT left in the heights;
  // zero up to rounding when the spectrum is Hermitian, as it must be.
  float imaginary_residue() const { return residue_; }
  // Σ|h̃(k, t)|² of the last Update: by Parseval, the mean squared height.
  double spectral_energy() const { return energy_; }

 private:
  int n_;
  float patch_;
  std::vector<std::complex<float>> h0_;      // h̃₀(k), k-major like the fields
  std::vector<std::complex<float>> h0_neg_;  // conj(h̃₀(−k))
  std::vector<float> omega_;
  std::vector<float> kx_, kz_;
  std::vector<float> height_, slope_x_, slope_z_;
  float residue_ = 0.0f;
  double energy_ = 0.0;
};

// In-place 2D FFT of an n×n row-major array (n a power of two), unnormalized;
// `inverse` uses e^(+i…). Exposed for tests.
void Fft2d(std::vector<std::complex<float>>& data, int n, bool inverse);

}  // namespace kinora::engine::render
