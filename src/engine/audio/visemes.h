// Visemes: the mouth shapes a speaker makes, from the phonemes speech
// synthesis returns, and the mouth opening the renderer draws from them.
//
// The shapes are the Preston Blair set as Rhubarb Lip Sync names them, A–H
// plus X for rest. Phonemes come as Flite's US English symbols (ARPAbet-like:
// "hh", "ow", "pau") or as espeak-ng mnemonics ("a", "E:", "tS", "aI"); stress
// and length marks are ignored. A track holds the shapes in time with
// anticipation (lips close or round ~50 ms before a bilabial or a rounded
// vowel sounds), and the opening is tweened between shapes by an 80 ms
// raised-cosine blend, so it moves smoothly and short shapes undershoot as
// real lips do.
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "engine/audio/speech.h"

namespace kinora::engine::audio {

enum class Viseme : uint8_t {
  kA,  // lips pressed together: M, B, P
  kB,  // slightly open, teeth near together: most consonants, EE
  kC,  // open: EH, AE, AH
  kD,  // wide open: AA
  kE,  // slightly rounded: AO, ER
  kF,  // puckered: UW, OW, W
  kG,  // upper teeth on the lower lip: F, V
  kH,  // tongue raised behind the upper teeth: L
  kX,  // rest: pauses and silence
};

// 'A' … 'H', or 'X'.
char VisemeLetter(Viseme shape);

// How far the jaw opens for `shape`, 0 (shut) … 1 (wide open): the value
// the renderer's mouth_open takes.
float VisemeOpening(Viseme shape);

// Whose symbols a phoneme list uses. Speech synthesis does not say which
// engine spoke, so DetectPhonemeSet tells them apart: Flite uses a closed set
// of lower-case ARPAbet symbols, while any espeak-ng line has vowels outside it.
enum class PhonemeSet : uint8_t { kArpabet, kEspeak };
PhonemeSet DetectPhonemeSet(std::span<const PhonemeTiming> phonemes);

// The shapes one phoneme passes through, in order: one for most, two or three
// for diphthongs (ARPAbet "ay" → D, B; espeak "aU" → D, F). Empty for symbols
// that make no sound of their own (an espeak stress mark, a syllable break).
// Pauses give X; symbols neither table knows give B.
std::vector<Viseme> VisemesOf(std::string_view symbol, PhonemeSet set);

struct VisemeSpan {
  Viseme shape = Viseme::kX;
  double start = 0;  // seconds from the start of the clip
  double end = 0;
};

// The clip's shapes in time: contiguous spans from the first phoneme to the
// last, adjacent shapes distinct. Beyond VisemesOf it applies context: /h/
// takes the shape of the sound after it, and A, E and F spans begin up to
// 50 ms early (at most half the span before them). Empty when the clip has no
// phoneme timings.
std::vector<VisemeSpan> VisemeTrack(const SpeechClip& clip);

// The tweened mouth opening (0 … 1) at clip time `t` seconds; 0 well outside
// the track.
float OpeningAt(std::span<const VisemeSpan> track, double t);

// The opening on a clip timeline, with MouthOpenTrackAt's contract:
// `frame_count` values for the instants k / fps, where the track's clip
// starts at `start_seconds`; 0 outside the clip.
std::vector<float> VisemeOpenTrackAt(std::span<const VisemeSpan> track, double fps,
                                     double start_seconds, int frame_count);

}  // namespace kinora::engine::audio
