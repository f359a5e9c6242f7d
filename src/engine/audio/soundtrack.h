// The clip's sound: every dialogue line voiced and placed on the timeline,
// the world's effects, an ambience bed and a score, mixed and mastered; plus
// a mouth-opening track per cast member for the renderer's lip sync.
//
// Buses: lines are panned slightly apart by speaker (constant power) onto
// the dialogue bus; the effects bus is synthesized from the world
// simulation's events (effects.h) and the storyboard's planned sfx; the
// ambience of each shot's setting, crossfaded over 100 ms at shot
// boundaries, is the ambience bus; the score (score.h) is the music bus.
// MixAndMaster (mix.h) ducks ambience and music under dialogue and masters
// the sum to -14 LUFS integrated loudness with true peaks at or below
// -1 dBTP.
// Deterministic: the same storyboard (seed included) gives the same samples.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/audio/mix.h"
#include "engine/audio/speech.h"
#include "engine/storyboard.h"
#include "media/image.h"

namespace kinora::engine::audio {

struct SpokenLine {
  std::string speaker;  // cast id
  double start = 0;     // absolute seconds, where the voice starts
  double end = 0;       // absolute seconds, where it ends (cut at the clip's end)
  std::string text;
};

struct Soundtrack {
  // The storyboard the sound fits: the input with shots lengthened where a
  // line needed more time than its shot had. The picture must follow it.
  Storyboard storyboard;
  media::AudioBuffer audio;  // the master: 48 kHz stereo, exactly round(duration * 48000) frames
  MixStems stems;            // the four buses after the mix and master; they sum to `audio`
  Loudness loudness;         // of `audio`, measured with libebur128
  // Every cast id → sb.FrameCount() values in [0, 1]; all zeros for the silent.
  std::map<std::string, std::vector<float>> mouth_open;
  std::vector<SpokenLine> lines;      // where each dialogue line landed, in time order
  std::vector<std::string> warnings;  // lines moved, cut or dropped, for the job log
};

// Voices every dialogue line (the speaker's cast voice, the line's language
// and emotion) and mixes the clip. A line keeps its start; one that would
// overlap the same speaker's previous line is pushed later. A shot whose
// line would run past its end is lengthened to end 0.3 s after the voice,
// moving later shots (Soundtrack::storyboard). Each of these adds a warning;
// so does a clip without world sounds (a storyboard the world cannot
// simulate) or without music (no SoundFont installed), which still has
// sound.
// Errors: InvalidArgument for a storyboard without duration or fps, a
// speaker not in the cast, a line Speak() rejects, or a line that would
// make the clip longer than kMaxClipSeconds (the detail names the line,
// e.g. "shots[1].dialogue[0].text"); Internal when synthesis fails.
// Thread-safe as far as `speech` is (it is).
struct SoundtrackOptions {
  // The sound as a listener will get it: the master through the delivery
  // codec and back (media::AacRoundTrip). When set, a master whose delivered
  // true peak would pass -1 dBTP is limited harder until it does not; lossy
  // codecs add peaks of their own, most on dense, loud programme.
  std::function<core::Result<media::AudioBuffer>(const media::AudioBuffer&)> delivery;
};

core::Result<Soundtrack> BuildSoundtrack(const Storyboard& sb, SpeechSynthesizer& speech,
                                         const SoundtrackOptions& options = {});

}  // namespace kinora::engine::audio
