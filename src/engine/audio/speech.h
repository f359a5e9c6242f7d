// Dialogue speech synthesis: a line of text and a cast member's Voice become
// mono 48 kHz audio with phoneme timings.
//
// English ("en", "en-*") is spoken by Flite with the voices slt (female, the
// default), rms (male), awb (Scottish male) and kal (male, diphone); every
// other language by espeak-ng, whose voice gender follows the same names.
// Output is trimmed to the voice: at most ~50 ms of silence before the first
// and after the last sound, so placing a clip at time t means the voice
// starts at t. Levels are normalised: active speech sits near -20 dBFS RMS,
// then the emotion's gain applies (shouting louder, whispering softer).
//
// Same text, voice and emotion ⇒ bit-identical samples, in any process and
// regardless of earlier calls: the engines run in an isolated helper process
// that forks a pristine copy for every call (isolated_worker.h).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "engine/storyboard.h"

namespace kinora::engine::audio {

inline constexpr int kSpeechSampleRate = 48000;

namespace internal {
class IsolatedWorker;
}

struct PhonemeTiming {
  std::string phoneme;  // engine symbol (Flite: "hh", "ow"; espeak-ng: "o", "t_s\"); pauses "pau"
  double start = 0;     // seconds from the start of the clip
  double end = 0;
};

struct SpeechClip {
  std::vector<float> samples;  // mono, nominally within [-1, 1]
  int sample_rate = kSpeechSampleRate;
  std::vector<PhonemeTiming> phonemes;  // in order, non-overlapping, within [0, seconds()]

  double seconds() const;
};

// Thread-safe: one instance serves every generation in the process. Calls into
// the engines are serialised; the work around them (resampling, trimming,
// emotion effects) runs on the calling thread.
class SpeechSynthesizer {
 public:
  // Starts the engine helper process (Flite voices, espeak-ng). Call it early,
  // at startup. Fails with Internal when the helper cannot start; espeak-ng
  // trouble alone does not fail it (English keeps working, other languages
  // then fail in Speak()).
  static core::Result<std::unique_ptr<SpeechSynthesizer>> Create();
  ~SpeechSynthesizer();
  SpeechSynthesizer(const SpeechSynthesizer&) = delete;
  SpeechSynthesizer& operator=(const SpeechSynthesizer&) = delete;

  // Speaks `utf8_text` (any bytes: malformed UTF-8 and control characters are
  // cleaned first) in `voice.language` with `voice.voice`, scaled by
  // `voice.pitch` and `voice.rate` (each clamped to 0.5–2.0; espeak-ng can
  // only shift pitch by about ×0.71–×1.41 and saturates beyond) and coloured by
  // `emotion` (neutral | excited | shouting | whispering | sad | calm).
  // Errors: InvalidArgument for an empty line ("dialogue line is empty"), an
  // over-long line (more than kMaxLineBytes), an unsupported language
  // ("unsupported language 'xx'"), an unknown voice name or emotion, or
  // English text with nothing Flite can read; Internal when an engine fails.
  // A line of punctuation only ("...") yields an empty clip.
  core::Result<SpeechClip> Speak(std::string_view utf8_text, const Voice& voice,
                                 std::string_view emotion = "neutral");

  // Whether Speak() accepts this BCP 47 language tag.
  bool SupportsLanguage(std::string_view bcp47) const;

  static constexpr size_t kMaxLineBytes = 4096;

 private:
  SpeechSynthesizer(std::unique_ptr<internal::IsolatedWorker> worker, std::string espeak_error,
                    std::set<std::string> espeak_languages);

  const std::unique_ptr<internal::IsolatedWorker> worker_;
  const std::string espeak_error_;                // why espeak-ng is unavailable, if it is
  const std::set<std::string> espeak_languages_;  // lower-case names espeak-ng offers
};

}  // namespace kinora::engine::audio
