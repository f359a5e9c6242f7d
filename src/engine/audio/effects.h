// The effects bus: every sound the world makes — footsteps, impacts, splashes,
// whooshes, board noises, crowds — plus the storyboard's planned sound
// effects, synthesised (modal resonators, filtered noise, chirps) and placed
// on the clip's timeline.
//
// Timing: each sound starts at the sample of its event time (absolute clip
// seconds; planned effects at shot start + `at`). Placement: constant-power
// pan from x (±2.5 m is full left/right, the camera looks down −z), a little
// quieter the further back in z; crowds and planned effects sit in the
// centre (crowds spread wide). Levels are raw, per channel, for a sound at
// the centre: a strength-1 impact peaks near kImpactPeakDb, a walking
// footstep near kFootstepPeakDb; the mixer sets the bus gain. Dense clips are
// peak-limited to stay within [-1, 1].
//
// A planned effect is left out where the world already simulated it in the
// same shot (planned "footsteps" in a shot with footstep events, "whoosh"
// with whooshes, "impact" with impacts or landings, "splash" with splashes,
// "crowd_cheer" with crowd reactions, "applause" with crowds or claps).
//
// Deterministic: the same events, storyboard and seed give the same samples.
// Pure function; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/storyboard.h"
#include "engine/world/events.h"

namespace kinora::engine::audio {

inline constexpr double kImpactPeakDb = -6.0;     // strength-1 impact
inline constexpr double kFootstepPeakDb = -20.0;  // walking footstep (strength 0.35)

// `frames` frames of 48 kHz interleaved stereo: the effects bus for `events`
// (world::SimulateEvents, in any order) and the planned `sfx` of `sb`'s shots.
// Sounds past the end are cut; silence when there is nothing to hear.
std::vector<float> RenderEffects(const std::vector<world::WorldEvent>& events, const Storyboard& sb,
                                 size_t frames, uint64_t seed);

}  // namespace kinora::engine::audio
