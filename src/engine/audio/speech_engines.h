// The raw speech engines, Flite and espeak-ng, as they run inside the
// IsolatedWorker's helper process (internal to engine_audio).
//
// SpeechSynthesizer (speech.h) decides engine, voice and prosody; these
// functions only drive the C libraries and move results across the process
// boundary as bytes. InitEnginesInWorker() and RunEngineInWorker() touch
// process-global library state and must only be called inside the worker;
// the encode/decode functions are pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kinora::engine::audio::internal {

enum class SpeechEngine : uint8_t { kFlite = 0, kEspeak = 1 };

struct EngineRequest {
  SpeechEngine engine = SpeechEngine::kFlite;
  std::string voice;        // Flite: slt | rms | awb | kal. espeak-ng: a language name ("es").
  int gender = 0;           // espeak-ng only: 0 any, 1 male, 2 female
  int variant = 0;          // espeak-ng only: voice variant number within the gender
  double pitch = 1.0;       // multiplier of the voice's mean pitch
  double rate = 1.0;        // multiplier of the speaking rate
  double intonation = 1.0;  // multiplier of the pitch range (expressiveness)
  std::string text;         // already cleaned (speech_text.h): ASCII for Flite, UTF-8 for espeak
};

struct EnginePhoneme {
  std::string name;  // engine-specific symbol; pauses are "pau"
  double start = 0;  // seconds from the start of `samples`
  double end = 0;
};

struct EngineResponse {
  std::string error;  // non-empty when the engine refused or failed
  int sample_rate = 0;
  std::vector<int16_t> samples;  // mono
  std::vector<EnginePhoneme> phonemes;
};

struct EngineInfo {
  std::string espeak_error;                   // non-empty when espeak-ng could not start
  std::vector<std::string> espeak_languages;  // lower-case language names espeak-ng offers
};

std::string EncodeRequest(const EngineRequest& request);
core::Result<EngineRequest> DecodeRequest(std::string_view bytes);
std::string EncodeResponse(const EngineResponse& response);
core::Result<EngineResponse> DecodeResponse(std::string_view bytes);
std::string EncodeInfo(const EngineInfo& info);
core::Result<EngineInfo> DecodeInfo(std::string_view bytes);

// Worker side. Registers the Flite voices and initialises espeak-ng; returns
// an encoded EngineInfo.
std::string InitEnginesInWorker();
// Worker side. Decodes a request, synthesises, returns an encoded EngineResponse.
std::string RunEngineInWorker(std::string_view request_bytes);

}  // namespace kinora::engine::audio::internal
