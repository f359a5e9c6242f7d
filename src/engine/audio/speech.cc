#include "engine/audio/speech.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <utility>

#include "engine/audio/dsp.h"
#include "engine/audio/isolated_worker.h"
#include "engine/audio/speech_engines.h"
#include "engine/audio/speech_text.h"

namespace kinora::engine::audio {
namespace {

using internal::EngineRequest;
using internal::SpeechEngine;

constexpr double kTargetSpeechRms = 0.1;  // -20 dBFS over active speech
constexpr double kKeepSilenceSeconds = 0.05;
constexpr int kCallTimeoutSeconds = 30;

struct EmotionStyle {
  std::string_view name;
  double pitch;       // multiplies the voice's pitch
  double rate;        // multiplies the voice's rate
  double intonation;  // multiplies the pitch range
  double gain_db;
  bool whisper;
};

constexpr std::array<EmotionStyle, 6> kEmotionStyles = {{
    {"neutral", 1.00, 1.00, 1.00, 0.0, false},
    {"excited", 1.15, 1.10, 1.35, 2.0, false},
    {"shouting", 1.22, 1.05, 1.25, 6.0, false},
    {"whispering", 1.00, 0.95, 0.80, -9.0, true},
    {"sad", 0.90, 0.88, 0.60, -2.0, false},
    {"calm", 0.97, 0.92, 0.80, -1.0, false},
}};

// Flite voice names double as the character of an espeak-ng voice.
struct VoiceStyle {
  std::string_view name;
  int espeak_gender;   // 1 male, 2 female
  int espeak_variant;  // picks among espeak's variants of that gender
};

constexpr std::array<VoiceStyle, 4> kVoiceStyles = {{
    {"slt", 2, 0},
    {"rms", 1, 0},
    {"awb", 1, 2},
    {"kal", 1, 4},
}};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (c == '_') c = '-';
  }
  return out;
}

// BCP 47 shape: a 2–3 letter primary subtag, then alphanumeric subtags.
bool WellFormedTag(std::string_view tag) {
  size_t i = 0;
  while (i < tag.size() && tag[i] >= 'a' && tag[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  while (i < tag.size()) {
    if (tag[i] != '-') return false;
    size_t j = ++i;
    while (j < tag.size() && (std::isalnum(static_cast<unsigned char>(tag[j])) != 0)) ++j;
    if (j == i || j - i > 8) return false;
    i = j;
  }
  return true;
}

struct EngineChoice {
  SpeechEngine engine;
  std::string espeak_language;
};

core::Result<EngineChoice> ResolveLanguage(std::string_view bcp47,
                                           const std::set<std::string>& espeak_languages) {
  const std::string tag = Lower(bcp47);
  const auto unsupported = [&] {
    return core::InvalidArgument("unsupported language '" + std::string(bcp47) + "'", "language");
  };
  if (!WellFormedTag(tag)) return unsupported();
  const std::string primary = tag.substr(0, tag.find('-'));
  if (primary == "en") return EngineChoice{SpeechEngine::kFlite, {}};

  std::string wanted = tag;
  if (primary == "zh" || primary == "cmn") {
    const bool cantonese = tag == "zh-hk" || tag == "zh-mo" || tag == "zh-yue";
    // The plain "cmn" voice reads the pinyin it derives from hanzi with
    // English rules; the pinyin voice pronounces it as Mandarin.
    wanted = cantonese ? "yue" : "cmn-latn-pinyin";
  } else if (primary == "yue") {
    wanted = "yue";
  } else if (primary == "iw") {
    wanted = "he";
  } else if (primary == "in") {
    wanted = "id";
  } else if (primary == "no") {
    wanted = "nb";
  }
  if (espeak_languages.count(wanted) != 0) return EngineChoice{SpeechEngine::kEspeak, wanted};
  if (espeak_languages.count(primary) != 0) return EngineChoice{SpeechEngine::kEspeak, primary};
  return unsupported();
}

double SafeFactor(double v) { return std::isfinite(v) ? std::clamp(v, 0.5, 2.0) : 1.0; }

// RMS of consecutive 10 ms frames.
std::vector<double> FrameRms(const std::vector<float>& x, size_t frame) {
  std::vector<double> rms;
  for (size_t i = 0; i < x.size(); i += frame) {
    const size_t end = std::min(x.size(), i + frame);
    double sum = 0;
    for (size_t j = i; j < end; ++j) sum += static_cast<double>(x[j]) * x[j];
    rms.push_back(std::sqrt(sum / static_cast<double>(end - i)));
  }
  return rms;
}

// Cuts silence beyond kKeepSilenceSeconds at both ends and shifts phonemes.
SpeechClip TrimSilence(std::vector<float> samples, std::vector<PhonemeTiming> phonemes) {
  constexpr size_t kFrame = kSpeechSampleRate / 100;
  const std::vector<double> rms = FrameRms(samples, kFrame);
  const double peak = rms.empty() ? 0 : *std::max_element(rms.begin(), rms.end());
  const double threshold = std::max(peak * dsp::DbToGain(-40), 1e-4);
  const auto first = std::find_if(rms.begin(), rms.end(), [&](double r) { return r > threshold; });
  if (first == rms.end()) return {};
  const auto last = std::find_if(rms.rbegin(), rms.rend(), [&](double r) { return r > threshold; });
  const auto keep = static_cast<size_t>(kKeepSilenceSeconds * kSpeechSampleRate);
  const size_t first_sample = static_cast<size_t>(first - rms.begin()) * kFrame;
  const size_t last_sample =
      std::min(samples.size(), static_cast<size_t>(rms.rend() - last) * kFrame);
  const size_t begin = first_sample > keep ? first_sample - keep : 0;
  const size_t end = std::min(samples.size(), last_sample + keep);

  SpeechClip clip;
  clip.samples.assign(samples.begin() + static_cast<long>(begin),
                      samples.begin() + static_cast<long>(end));
  const double offset = static_cast<double>(begin) / kSpeechSampleRate;
  const double duration = clip.seconds();
  double cursor = 0;
  for (auto& p : phonemes) {
    const double start = std::clamp(p.start - offset, cursor, duration);
    const double stop = std::clamp(p.end - offset, start, duration);
    if (stop - start < 1e-6) continue;
    clip.phonemes.push_back({std::move(p.phoneme), start, stop});
    cursor = stop;
  }
  return clip;
}

// Scales so that active speech (frames within 30 dB of the loudest) has
// kTargetSpeechRms.
void NormalizeSpeechLevel(std::vector<float>& x) {
  const std::vector<double> rms = FrameRms(x, kSpeechSampleRate / 100);
  if (rms.empty()) return;
  const double peak = *std::max_element(rms.begin(), rms.end());
  double sum = 0;
  int count = 0;
  for (double r : rms) {
    if (r > peak * dsp::DbToGain(-30)) sum += r * r, ++count;
  }
  if (count == 0 || sum <= 0) return;
  const auto gain = static_cast<float>(kTargetSpeechRms / std::sqrt(sum / count));
  for (float& s : x) s *= gain;
}

float SoftClip(float x) {
  const float a = std::fabs(x);
  if (a <= 0.9f) return x;
  return std::copysign(0.9f + 0.1f * std::tanh((a - 0.9f) / 0.1f), x);
}

}  // namespace

double SpeechClip::seconds() const {
  return sample_rate > 0 ? static_cast<double>(samples.size()) / sample_rate : 0.0;
}

SpeechSynthesizer::SpeechSynthesizer(std::unique_ptr<internal::IsolatedWorker> worker,
                                     std::string espeak_error,
                                     std::set<std::string> espeak_languages)
    : worker_(std::move(worker)),
      espeak_error_(std::move(espeak_error)),
      espeak_languages_(std::move(espeak_languages)) {}

SpeechSynthesizer::~SpeechSynthesizer() = default;

core::Result<std::unique_ptr<SpeechSynthesizer>> SpeechSynthesizer::Create() {
  KINORA_ASSIGN_OR_RETURN(auto worker, internal::IsolatedWorker::Start(
                                           &internal::InitEnginesInWorker,
                                           &internal::RunEngineInWorker, kCallTimeoutSeconds));
  KINORA_ASSIGN_OR_RETURN(auto info, internal::DecodeInfo(worker->hello()));
  std::set<std::string> languages(info.espeak_languages.begin(), info.espeak_languages.end());
  return std::unique_ptr<SpeechSynthesizer>(
      new SpeechSynthesizer(std::move(worker), std::move(info.espeak_error), std::move(languages)));
}

bool SpeechSynthesizer::SupportsLanguage(std::string_view bcp47) const {
  auto choice = ResolveLanguage(bcp47, espeak_languages_);
  return choice.ok() && (choice->engine == SpeechEngine::kFlite || espeak_error_.empty());
}

core::Result<SpeechClip> SpeechSynthesizer::Speak(std::string_view utf8_text, const Voice& voice,
                                                  std::string_view emotion) {
  const auto style = std::find_if(kEmotionStyles.begin(), kEmotionStyles.end(),
                                  [&](const EmotionStyle& s) { return s.name == emotion; });
  if (style == kEmotionStyles.end()) {
    return core::InvalidArgument("unknown emotion '" + std::string(emotion) + "'", "emotion");
  }
  if (utf8_text.size() > kMaxLineBytes) {
    return core::InvalidArgument("dialogue line is too long (" + std::to_string(utf8_text.size()) +
                                     " bytes; the limit is " + std::to_string(kMaxLineBytes) + ")",
                                 "text");
  }
  const std::string cleaned = internal::SpeakableUtf8(utf8_text);
  if (cleaned.empty()) return core::InvalidArgument("dialogue line is empty", "text");
  KINORA_ASSIGN_OR_RETURN(EngineChoice choice, ResolveLanguage(voice.language, espeak_languages_));
  const std::string voice_name = voice.voice.empty() ? "slt" : Lower(voice.voice);
  const auto voice_style = std::find_if(kVoiceStyles.begin(), kVoiceStyles.end(),
                                        [&](const VoiceStyle& v) { return v.name == voice_name; });
  if (voice_style == kVoiceStyles.end()) {
    return core::InvalidArgument("unknown voice '" + voice.voice + "' (use slt, rms, awb or kal)",
                                 "voice");
  }

  EngineRequest request;
  request.engine = choice.engine;
  request.pitch = SafeFactor(voice.pitch) * style->pitch;
  request.rate = SafeFactor(voice.rate) * style->rate;
  request.intonation = style->intonation;
  if (choice.engine == SpeechEngine::kFlite) {
    request.voice = voice_name;
    request.text = internal::SpeakableAscii(cleaned);
    if (!internal::HasWordCharacters(request.text)) {
      if (internal::HasWordCharacters(cleaned)) {
        return core::InvalidArgument("dialogue line has no text that can be spoken as English",
                                     "text");
      }
      return SpeechClip{};  // punctuation only: a silent beat
    }
  } else {
    if (!espeak_error_.empty()) return core::Internal("speech synthesis failed", espeak_error_);
    request.voice = choice.espeak_language;
    request.gender = voice_style->espeak_gender;
    request.variant = voice_style->espeak_variant;
    request.text = cleaned;
    if (!internal::HasWordCharacters(request.text)) return SpeechClip{};
  }

  KINORA_ASSIGN_OR_RETURN(const std::string reply, worker_->Call(internal::EncodeRequest(request)));
  KINORA_ASSIGN_OR_RETURN(internal::EngineResponse response, internal::DecodeResponse(reply));
  if (!response.error.empty()) return core::Internal("speech synthesis failed", response.error);
  if (response.samples.empty() || response.sample_rate <= 0) return SpeechClip{};

  std::vector<float> raw(response.samples.size());
  for (size_t i = 0; i < raw.size(); ++i) raw[i] = response.samples[i] / 32768.0f;
  KINORA_ASSIGN_OR_RETURN(std::vector<float> resampled,
                          dsp::ResampleMono(raw, response.sample_rate, kSpeechSampleRate));
  std::vector<PhonemeTiming> phonemes;
  for (auto& p : response.phonemes) phonemes.push_back({std::move(p.name), p.start, p.end});
  SpeechClip clip = TrimSilence(std::move(resampled), std::move(phonemes));
  if (clip.samples.empty()) return clip;

  NormalizeSpeechLevel(clip.samples);
  if (style->whisper) {
    const std::vector<float> breath = dsp::Whisperize(
        clip.samples, dsp::MixSeed(dsp::HashString(cleaned), dsp::HashString(voice_name)));
    for (size_t i = 0; i < clip.samples.size(); ++i) {
      clip.samples[i] = 0.9f * breath[i] + 0.1f * clip.samples[i];
    }
    NormalizeSpeechLevel(clip.samples);
  }
  const auto gain = static_cast<float>(dsp::DbToGain(style->gain_db));
  for (float& s : clip.samples) s = SoftClip(s * gain);
  return clip;
}

}  // namespace kinora::engine::audio
