// The score: a small procedural composer and its FluidSynth performance.
//
// ComposeScore turns the storyboard's music (mood, tempo, key, instruments),
// style, shot timing and seed into timed MIDI-like note events: melody,
// chords, pad, bass, an accent part (stings, hits) and General MIDI drums on
// channel 10. Every shot starts a new section on its first frame; a section
// that ends at a cut closes with a half cadence and, where the style has
// drums, a fill; the last section ends on the tonic and every note is off
// kReleaseSeconds before the clip's end so the instruments ring out.
//
// RenderScore plays the events through FluidSynth with a General MIDI
// SoundFont, offline (no audio or MIDI driver is ever opened): 48 kHz
// interleaved stereo, normalised to kMusicLufs (BS.1770 integrated
// loudness) and limited to -1 dBFS.
//
// Deterministic: the same storyboard (seed included) and SoundFont give the
// same samples. Thread-safe: each call owns its synthesizer. The first render
// in a process routes FluidSynth's log messages into the returned errors
// instead of the terminal (process-wide, since FluidSynth's logger is).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/storyboard.h"

namespace kinora::engine::audio {

// The music bus level before the mixer's bus gain, in LUFS.
inline constexpr double kMusicLufs = -20.0;
// The last note-off comes this long before the clip's end (shorter clips:
// a fifth of their length), and the render fades out over the same span.
inline constexpr double kReleaseSeconds = 0.4;
// MIDI channel 10, counted from zero as FluidSynth does.
inline constexpr int kDrumChannel = 9;

enum class Part { kMelody, kChords, kPad, kBass, kAccent, kDrums };

// One note. On kDrumChannel the key is a General MIDI percussion sound.
struct NoteEvent {
  double start = 0;     // seconds from the clip's start
  double duration = 0;  // seconds until the note-off; > 0
  int channel = 0;      // 0–15
  int key = 60;         // MIDI note number, 0–127
  int velocity = 100;   // 1–127
  Part part = Part::kMelody;
};

// What plays on one channel; set before the first note.
struct Track {
  Part part = Part::kMelody;
  int channel = 0;
  int program = 0;   // General MIDI program, 0–127 (drum kit number on kDrumChannel)
  int volume = 100;  // CC 7
  int pan = 64;      // CC 10; 0 left, 64 centre, 127 right
  int reverb = 40;   // CC 91 send
  // Added to the SoundFont's release time, in timecents (-1200 halves it):
  // short notes get short tails, which keeps them crisp and the voice count low.
  int release_cents = 0;
};

// One shot's stretch of music. Bars are counted from the section's start.
struct Section {
  double start = 0;  // seconds; exactly the shot's start
  double end = 0;
  int shot = 0;            // index into Storyboard::shots
  char label = 'A';        // 'A' the main theme, 'B' the contrasting one
  double intensity = 0.5;  // 0–1; scales velocities and drum density
  double beat = 0.5;       // seconds per beat here (the tempo, nudged so the cut lands on a beat)
};

struct Score {
  // "jingle", "news-sting", "sports-epic", "ambient", "anime-opening",
  // "tense", "sad", "playful", "romantic" or "mysterious".
  std::string character;
  int tempo_bpm = 100;
  int tonic = 0;  // pitch class, 0 = C
  bool minor = false;
  std::vector<int> progression;  // the main theme's chords, as scale degrees 0–6
  double intensity = 0.5;        // 0–1, the piece's overall energy
  double duration = 0;           // seconds, the clip's length
  std::vector<Track> tracks;
  std::vector<Section> sections;  // one per shot, in order
  std::vector<NoteEvent> notes;   // sorted by start
};

struct ScoreOptions {
  // A SoundFont (.sf2/.sf3) to use instead of the installed General MIDI
  // ones (/usr/share/sounds/sf2/TimGM6mb.sf2, then default-GM.sf2, …).
  std::string soundfont;
  double loudness_lufs = kMusicLufs;
};

// The note events for the storyboard. Pure and deterministic in the seed;
// a storyboard without shots gives a score without notes.
Score ComposeScore(const Storyboard& sb);

// The SoundFont a render would use: options.soundfont when set, else the
// first installed General MIDI one. Unavailable when there is none (the
// detail names the paths tried) or the file is not a SoundFont.
core::Result<std::string> FindSoundFont(const ScoreOptions& options = {});

// Exactly `frames` frames of 48 kHz interleaved stereo: the score played
// from frame 0, silence after its end. Errors: Unavailable when no SoundFont
// can be found or loaded; Internal when FluidSynth cannot be set up.
core::Result<std::vector<float>> RenderScore(const Score& score, size_t frames,
                                             const ScoreOptions& options = {});
// ComposeScore, then render.
core::Result<std::vector<float>> RenderScore(const Storyboard& sb, size_t frames,
                                             const ScoreOptions& options = {});

}  // namespace kinora::engine::audio
