#include "engine/render/ocean.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <random>

namespace kinora::engine::render {
namespace {

constexpr float kGravity = 9.81f;
constexpr float kPi = 3.14159265f;

// Iterative radix-2 FFT over `count` values spaced `stride` apart.
void Fft1d(std::complex<float>* data, int count, int stride, bool inverse) {
  for (int i = 1, j = 0; i < count; ++i) {
    int bit = count >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(data[i * stride], data[j * stride]);
  }
  for (int len = 2; len <= count; len <<= 1) {
    const float angle = (inverse ? 2.0f : -2.0f) * kPi / static_cast<float>(len);
    const std::complex<float> step(std::cos(angle), std::sin(angle));
    for (int i = 0; i < count; i += len) {
      std::complex<float> w(1.0f, 0.0f);
      for (int k = 0; k < len / 2; ++k) {
        std::complex<float>& a = data[(i + k) * stride];
        std::complex<float>& b = data[(i + k + len / 2) * stride];
        const std::complex<float> t = b * w;
        b = a - t;
        a += t;
        w *= step;
      }
    }
  }
}

// The signed wave number of FFT bin i (0, 1, … n/2 − 1, −n/2, … −1).
int Signed(int i, int n) { return i < n / 2 ? i : i - n; }

}  // namespace

void Fft2d(std::vector<std::complex<float>>& data, int n, bool inverse) {
  for (int row = 0; row < n; ++row)
    Fft1d(data.data() + static_cast<ptrdiff_t>(row) * n, n, 1, inverse);
  for (int col = 0; col < n; ++col) Fft1d(data.data() + col, n, n, inverse);
}

Ocean::Ocean(const OceanOptions& options)
    : n_(std::clamp(
          static_cast<int>(std::bit_floor(static_cast<unsigned>(std::max(options.size, 4)))), 4,
          512)),
      patch_(std::max(options.patch_metres, 0.1f)) {
  const size_t count = static_cast<size_t>(n_) * n_;
  h0_.resize(count);
  h0_neg_.resize(count);
  omega_.resize(count);
  kx_.resize(count);
  kz_.resize(count);
  height_.resize(count);
  slope_x_.resize(count);
  slope_z_.resize(count);

  const float wind = std::max(options.wind_speed, 0.1f);
  const float big_l = wind * wind / kGravity;  // the largest wave the wind raises
  const float small_l = big_l / 1000.0f;       // damp ripples far below that
  const float wx = std::cos(options.wind_direction), wz = std::sin(options.wind_direction);
  auto phillips = [&](float kx, float kz) {
    const float k2 = kx * kx + kz * kz;
    if (k2 < 1e-12f) return 0.0f;
    const float cosine = (kx * wx + kz * wz) / std::sqrt(k2);
    return options.amplitude * std::exp(-1.0f / (k2 * big_l * big_l)) / (k2 * k2) * cosine *
           cosine * std::exp(-k2 * small_l * small_l);
  };
  // Gaussian draws from the seed, in a fixed order: deterministic everywhere
  // (std::normal_distribution is not, so Box-Muller over the raw engine).
  std::mt19937_64 rng(options.seed ^ 0x6f6365616eULL);
  auto uniform = [&] { return (static_cast<double>(rng() >> 11) + 0.5) * 0x1.0p-53; };
  auto gaussian_pair = [&] {
    const double r = std::sqrt(-2.0 * std::log(uniform()));
    const double a = 2.0 * 3.14159265358979323846 * uniform();
    return std::complex<float>(static_cast<float>(r * std::cos(a)),
                               static_cast<float>(r * std::sin(a)));
  };
  const float dk = 2.0f * kPi / patch_;
  std::vector<std::complex<float>> h0(count);
  for (int i = 0; i < n_; ++i) {
    for (int j = 0; j < n_; ++j) {
      const size_t at = static_cast<size_t>(i) * n_ + j;
      const float kz = dk * static_cast<float>(Signed(i, n_));
      const float kx = dk * static_cast<float>(Signed(j, n_));
      kx_[at] = kx;
      kz_[at] = kz;
      omega_[at] = std::sqrt(kGravity * std::sqrt(kx * kx + kz * kz));
      h0[at] = gaussian_pair() * std::sqrt(phillips(kx, kz) * 0.5f);
    }
  }
  for (int i = 0; i < n_; ++i) {
    for (int j = 0; j < n_; ++j) {
      const size_t at = static_cast<size_t>(i) * n_ + j;
      const size_t neg =
          static_cast<size_t>((n_ - i) % n_) * n_ + static_cast<size_t>((n_ - j) % n_);
      h0_[at] = h0[at];
      h0_neg_[at] = std::conj(h0[neg]);
    }
  }
  // The Nyquist row and column have no partner of opposite sign that FFT
  // symmetry can pair them with; silence them so the field stays real.
  for (int i = 0; i < n_; ++i) {
    for (const size_t at :
         {static_cast<size_t>(i) * n_ + n_ / 2, static_cast<size_t>(n_ / 2) * n_ + i}) {
      h0_[at] = h0_neg_[at] = {0.0f, 0.0f};
    }
  }
}

void Ocean::Update(double t) {
  const size_t count = static_cast<size_t>(n_) * n_;
  std::vector<std::complex<float>> h(count), sx(count), sz(count);
  energy_ = 0.0;
  for (size_t at = 0; at < count; ++at) {
    const double phase =
        std::fmod(static_cast<double>(omega_[at]) * t, 2.0 * 3.14159265358979323846);
    const std::complex<float> e(static_cast<float>(std::cos(phase)),
                                static_cast<float>(std::sin(phase)));
    const std::complex<float> value = h0_[at] * e + h0_neg_[at] * std::conj(e);
    h[at] = value;
    sx[at] = std::complex<float>(0.0f, kx_[at]) * value;
    sz[at] = std::complex<float>(0.0f, kz_[at]) * value;
    energy_ += std::norm(value);
  }
  Fft2d(h, n_, true);
  Fft2d(sx, n_, true);
  Fft2d(sz, n_, true);
  residue_ = 0.0f;
  for (size_t at = 0; at < count; ++at) {
    height_[at] = h[at].real();
    slope_x_[at] = sx[at].real();
    slope_z_[at] = sz[at].real();
    residue_ = std::max(residue_, std::abs(h[at].imag()));
  }
}

}  // namespace kinora::engine::render
