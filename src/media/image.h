// In-memory pictures and sound shared by the engine and the codecs.
// Plain value types; thread-compatible.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace kinora::media {

// 8-bit RGBA, rows top to bottom, no padding (stride = width * 4).
struct RgbaImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;

  RgbaImage() = default;
  RgbaImage(int w, int h) : width(w), height(h), pixels(static_cast<size_t>(w) * h * 4) {}
  uint8_t* Row(int y) { return pixels.data() + static_cast<size_t>(y) * width * 4; }
  const uint8_t* Row(int y) const { return pixels.data() + static_cast<size_t>(y) * width * 4; }
};

// Interleaved 32-bit float PCM in [-1, 1].
struct AudioBuffer {
  int sample_rate = 48000;
  int channels = 2;
  std::vector<float> samples;  // frames * channels values

  size_t frames() const { return channels ? samples.size() / channels : 0; }
  double seconds() const { return sample_rate ? static_cast<double>(frames()) / sample_rate : 0; }
};

}  // namespace kinora::media
