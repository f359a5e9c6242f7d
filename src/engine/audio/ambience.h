// Ambience beds: the quiet background that keeps a clip from ever being dead
// silent — surf on a beach, traffic on a street, wind and birds in a park,
// room tone indoors. Everything is synthesised (filtered noise, sine chirps)
// from a seed, so the same storyboard always sounds the same.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/storyboard.h"

namespace kinora::engine::audio {

// Loudness of a rendered bed, before the mix ducks it under dialogue.
inline constexpr double kAmbienceLufs = -30.0;

// Relative levels (0 = absent, 1 = typical) of the layers that make a bed.
struct AmbienceLayers {
  float room = 0;     // indoor room tone
  float surf = 0;     // breaking sea waves
  float lapping = 0;  // small waves on a lake shore
  float traffic = 0;  // street rumble and passing cars
  float wind = 0;
  float birds = 0;     // chirping songs (daytime)
  float crickets = 0;  // night insects
  float crowd = 0;     // a murmur of voices with a roar under it
  float rain = 0;
  float underwater = 0;  // muffled rumble and bubbles
  float hum = 0;         // low mains/engine drone

  bool operator==(const AmbienceLayers&) const = default;
};

// The bed for a shot's setting (place, time of day, weather, indoor).
AmbienceLayers AmbienceFor(const Setting& setting);

// `frames` frames of 48 kHz interleaved stereo at about kAmbienceLufs
// (silence when every layer is 0). Deterministic in `seed`.
std::vector<float> RenderAmbience(const AmbienceLayers& layers, size_t frames, uint64_t seed);

}  // namespace kinora::engine::audio
