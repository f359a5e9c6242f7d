// The clip's mixer and master: four stereo buses in, a mastered programme
// and its four stems out.
//
// Buses (48 kHz interleaved stereo, each exactly `frames` frames or empty
// for a silent bus):
//   dialogue  the voices, panned. Levelled to kBusReferenceLufs (integrated
//             loudness, within ±12 dB), so the balance below does not depend
//             on how loud the speech engine came out.
//   effects   sound effects, at the level they were designed for against
//             dialogue at kBusReferenceLufs; not levelled, not ducked.
//   ambience  the bed, at about kAmbienceLufs (ambience.h); not levelled.
//   music     the score, levelled to kBusReferenceLufs like dialogue.
// Each bus then gets its fader (MixSettings::*_gain_db). While anyone
// speaks, a sidechain from the dialogue bus ducks ambience and music
// (look-ahead, hold, attack, release; see MixSettings). With the default
// faders dialogue sits 15 dB over the bed and 6 dB over the music between
// lines, 25 and 16 dB over them under a line.
//
// Master: a 25 Hz high-pass against infrasonic drift, one gain that brings
// the programme to kTargetLufs integrated loudness (BS.1770-4 / EBU R128,
// measured with libebur128), and a look-ahead true-peak limiter (4x
// oversampled detection) so the true peak stays at or below
// kTruePeakCeilingDbtp. The gain is capped at max_master_gain_db, so
// silence stays silence and near-silence is not pumped into noise; a
// programme below the -70 LUFS absolute gate gets no gain at all. Clips
// shorter than one 400 ms gating block are measured as one block.
//
// Stems are post-fader, post-duck and post-master: each has had the
// high-pass, the normalising gain and the limiter's gain (one gain per
// frame, shared by all buses) applied, and the master is their sum
// (sample by sample, in float).
//
// Pure functions of their inputs: deterministic and thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include "core/result.h"
#include "media/image.h"

namespace kinora::engine::audio {

inline constexpr int kMixSampleRate = 48000;
inline constexpr double kTargetLufs = -14.0;
inline constexpr double kTruePeakCeilingDbtp = -1.0;
inline constexpr double kBusReferenceLufs = -20.0;

// One clip's sound, bus by bus (see above). Empty vectors are silent buses.
struct MixBuses {
  std::vector<float> dialogue;
  std::vector<float> effects;
  std::vector<float> ambience;
  std::vector<float> music;
};

// Levels in dB, times in seconds. The defaults are the house mix.
struct MixSettings {
  // Faders, after levelling.
  double dialogue_gain_db = 0.0;
  double effects_gain_db = -4.0;
  double ambience_gain_db = -5.0;
  double music_gain_db = -6.0;
  // Sidechain ducking from the dialogue bus: full depth once the dialogue
  // is duck_threshold_db + 10 dB (RMS, dBFS, after levelling), reached
  // duck_lookahead before the voice; it holds through pauses shorter than
  // duck_hold and recovers with duck_release.
  double ambience_duck_db = -10.0;
  double music_duck_db = -10.0;
  double duck_threshold_db = -50.0;
  double duck_lookahead = 0.08;
  double duck_attack = 0.02;
  double duck_hold = 0.25;
  double duck_release = 0.35;
  // Master.
  double highpass_hz = 25.0;
  double target_lufs = kTargetLufs;
  double true_peak_ceiling_dbtp = kTruePeakCeilingDbtp;
  double max_master_gain_db = 24.0;
  double limiter_lookahead = 0.005;
  double limiter_release = 0.1;
};

// Loudness of a stereo 48 kHz programme, measured with libebur128.
// -inf (never NaN) for silence: integrated loudness when nothing passes
// the -70 LUFS absolute gate, true peak when every sample is zero.
struct Loudness {
  double integrated_lufs = 0;
  double true_peak_dbtp = 0;
};

// The four post-master stems, each 48 kHz stereo and as long as the master
// (all zeros for a silent bus).
struct MixStems {
  media::AudioBuffer dialogue;
  media::AudioBuffer effects;
  media::AudioBuffer ambience;
  media::AudioBuffer music;
};

struct MixedAudio {
  media::AudioBuffer master;  // 48 kHz stereo, `frames` frames
  MixStems stems;             // sum to `master`
  Loudness loudness;          // of `master`
  double master_gain_db = 0;  // the normalising gain applied (0 for silence)
};

// Mixes and masters `frames` frames of the buses (see above). Takes them by
// value; pass them with std::move. Non-finite samples are treated as zero.
// Errors: InvalidArgument when a non-empty bus is not 2 * frames values
// long (the detail names the bus); Internal when libebur128 fails.
core::Result<MixedAudio> MixAndMaster(MixBuses buses, size_t frames,
                                      const MixSettings& settings = {});

// Integrated loudness and true peak of 48 kHz interleaved stereo, with
// libebur128 (BS.1770-4 gating; true peak 4x oversampled). Audio shorter
// than a 400 ms block is measured as one block, gated only at -70 LUFS.
// Errors: Internal when libebur128 cannot be set up.
core::Result<Loudness> MeasureLoudness(const std::vector<float>& stereo);

}  // namespace kinora::engine::audio
