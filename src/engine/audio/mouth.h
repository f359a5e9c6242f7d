// Lip-sync signals: how far a speaker's mouth is open on each video frame.
//
// LipSyncTrackAt is the one the soundtrack uses: mouth shapes from the clip's
// phonemes (visemes.h), falling back to the loudness envelope for a clip
// without phoneme timings.
//
// MouthOpenTrack(At) follow the loudness envelope alone: the short-time RMS
// of the clip (a Hann window 1.5 frames wide, centred on the frame),
// normalised to the clip's 95th percentile of active frames, with a small
// gate so silence is exactly 0 and a one-frame lead on onsets (the mouth
// opens a frame before the sound, as real lips do).
// Pure functions; thread-safe.
#pragma once

#include <vector>

#include "engine/audio/speech.h"

namespace kinora::engine::audio {

// One value in [0, 1] per video frame k at time k / fps from the clip's
// start, covering the whole clip: ceil(clip.seconds() * fps) values.
std::vector<float> MouthOpenTrack(const SpeechClip& clip, double fps);

// The same signal on a clip timeline: `frame_count` values for frames at
// k / fps, where the clip starts at `start_seconds`; 0 outside the clip.
std::vector<float> MouthOpenTrackAt(const SpeechClip& clip, double fps, double start_seconds,
                                    int frame_count);

// The same contract from the clip's visemes: `frame_count` values for frames
// at k / fps, where the clip starts at `start_seconds`; 0 outside the clip
// (but for the 40 ms the mouth takes to open and close around it).
std::vector<float> LipSyncTrackAt(const SpeechClip& clip, double fps, double start_seconds,
                                  int frame_count);

}  // namespace kinora::engine::audio
