#include "engine/audio/speech_engines.h"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>
#include <flite/flite.h>

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <cstdlib>
#include <cstring>
#include <string>
extern "C" {
#include <flite/cst_cg.h>
cst_voice* register_cmu_us_slt(const char* voxdir);
cst_voice* register_cmu_us_rms(const char* voxdir);
cst_voice* register_cmu_us_awb(const char* voxdir);
cst_voice* register_cmu_us_kal(const char* voxdir);
}

namespace kinora::engine::audio::internal {
namespace {

// ---------------------------------------------------------------------------
// Bytes across the process boundary. Little-endian, length-prefixed.

class ByteWriter {
 public:
  void U8(uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) out_.push_back(static_cast<char>(v >> (8 * i)));
  }
  void I32(int32_t v) { U32(static_cast<uint32_t>(v)); }
  void F64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, sizeof(bits));
    U32(static_cast<uint32_t>(bits));
    U32(static_cast<uint32_t>(bits >> 32));
  }
  void Str(std::string_view s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(s);
  }
  void Samples(const std::vector<int16_t>& s) {
    U32(static_cast<uint32_t>(s.size()));
    out_.append(reinterpret_cast<const char*>(s.data()), s.size() * sizeof(int16_t));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool AtEnd() const { return pos_ == in_.size(); }

  uint8_t U8() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(in_[pos_++]);
  }
  uint32_t U32() {
    if (!Need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i)
      v |= static_cast<uint32_t>(static_cast<uint8_t>(in_[pos_++])) << (8 * i);
    return v;
  }
  int32_t I32() { return static_cast<int32_t>(U32()); }
  double F64() {
    const uint64_t lo = U32();
    const uint64_t hi = U32();
    const uint64_t bits = lo | (hi << 32);
    double v;
    std::memcpy(&v, &bits, sizeof(v));
    return v;
  }
  std::string Str() {
    const uint32_t n = U32();
    if (!Need(n)) return {};
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  std::vector<int16_t> Samples() {
    const uint32_t n = U32();
    if (!Need(static_cast<size_t>(n) * sizeof(int16_t))) return {};
    std::vector<int16_t> s(n);
    std::memcpy(s.data(), in_.data() + pos_, n * sizeof(int16_t));
    pos_ += n * sizeof(int16_t);
    return s;
  }

 private:
  bool Need(size_t n) {
    if (!ok_ || in_.size() - pos_ < n) ok_ = false;
    return ok_;
  }
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

core::Error Garbled(std::string_view what) {
  return core::Internal("garbled message from the speech worker", std::string(what));
}

// ---------------------------------------------------------------------------
// Worker-side state. It lives in the helper process; each request runs in a
// fresh fork of it, so nothing below is ever shared between threads.

struct FliteVoice {
  const char* name;
  cst_voice* (*registrar)(const char*);
  cst_voice* voice = nullptr;
  float base_stretch = 1.0f;  // the voice's own duration_stretch
  float base_stddev = 0.0f;   // the voice's own F0 standard deviation, Hz
  cst_cg_db patched_db{};     // see InitFlite
};

FliteVoice g_flite[] = {{"slt", register_cmu_us_slt},
                        {"rms", register_cmu_us_rms},
                        {"awb", register_cmu_us_awb},
                        {"kal", register_cmu_us_kal}};

bool g_espeak_ready = false;

struct EspeakCapture {
  std::vector<int16_t> samples;
  std::vector<std::pair<int, std::string>> phonemes;  // (ms, name)
};
EspeakCapture* g_capture = nullptr;

void InitFlite() {
  flite_init();
  for (FliteVoice& v : g_flite) {
    v.voice = v.registrar(nullptr);
    if (v.voice == nullptr) continue;
    v.base_stretch = get_param_float(v.voice->features, "duration_stretch", 1.0f);
    v.base_stddev = get_param_float(v.voice->features, "int_f0_target_stddev", 0.0f);
    if (feat_present(v.voice->features, "cg_db")) {
      const cst_cg_db* db = val_cg_db(feat_val(v.voice->features, "cg_db"));
      v.base_stddev = db->f0_stddev;
      // rms draws its F0 contour from the SPAM accent model, which ignores
      // f0_shift; its database is read-only, so swap in a copy without SPAM
      // so the voice's pitch can be set like the others'.
      if (db->spamf0) {
        v.patched_db = *db;
        v.patched_db.spamf0 = 0;
        v.patched_db.freeable = 0;
        feat_set(v.voice->features, "cg_db", cg_db_val(&v.patched_db));
      }
    }
  }
}

int EspeakCallback(short* wav, int count, espeak_EVENT* events) {
  if (g_capture == nullptr) return 1;
  if (wav != nullptr && count > 0)
    g_capture->samples.insert(g_capture->samples.end(), wav, wav + count);
  for (espeak_EVENT* e = events; e != nullptr && e->type != espeakEVENT_LIST_TERMINATED; ++e) {
    if (e->type == espeakEVENT_PHONEME) {
      g_capture->phonemes.emplace_back(e->audio_position,
                                       std::string(e->id.string, strnlen(e->id.string, 8)));
    }
  }
  return 0;
}

void InitEspeak(EngineInfo& info) {
  espeak_ng_InitializePath(nullptr);
  espeak_ng_ERROR_CONTEXT context = nullptr;
  const espeak_ng_STATUS status = espeak_ng_Initialize(&context);
  if (status != ENS_OK) {
    char message[512] = {};
    espeak_ng_GetStatusCodeMessage(status, message, sizeof(message));
    espeak_ng_ClearErrorContext(&context);
    info.espeak_error = std::string("espeak-ng could not start: ") + message;
    return;
  }
  // espeak_Initialize is the only way to switch phoneme events on; after the
  // check above it cannot fail on missing data.
  if (espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr,
                        espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_DONT_EXIT) <= 0) {
    info.espeak_error = "espeak-ng could not start";
    return;
  }
  espeak_SetSynthCallback(&EspeakCallback);
  for (const espeak_VOICE** v = espeak_ListVoices(nullptr); v != nullptr && *v != nullptr; ++v) {
    // `languages` is a run of (priority byte, NUL-terminated name), ended by a 0 byte.
    for (const char* p = (*v)->languages; p != nullptr && *p != 0; p += std::strlen(p) + 1) {
      ++p;
      std::string name(p);
      std::transform(name.begin(), name.end(), name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      info.espeak_languages.push_back(std::move(name));
    }
  }
  std::sort(info.espeak_languages.begin(), info.espeak_languages.end());
  info.espeak_languages.erase(
      std::unique(info.espeak_languages.begin(), info.espeak_languages.end()),
      info.espeak_languages.end());
  if (info.espeak_languages.empty()) {
    info.espeak_error = "espeak-ng found no voices (is espeak-ng-data installed?)";
    return;
  }
  g_espeak_ready = true;
}

// Flite reports errors by longjmp to cst_errjmp, or exit() when it is unset.
// Kept free of C++ objects so the jump skips no destructors.
cst_utterance* GuardedFliteSynth(const char* text, cst_voice* voice) {
  jmp_buf env;
  cst_errjmp = &env;
  if (setjmp(env) != 0) {
    cst_errjmp = nullptr;
    return nullptr;
  }
  cst_utterance* utt = flite_synth_text(text, voice);
  cst_errjmp = nullptr;
  return utt;
}

EngineResponse RunFlite(const EngineRequest& req) {
  EngineResponse out;
  FliteVoice* entry = nullptr;
  for (FliteVoice& v : g_flite) {
    if (req.voice == v.name) entry = &v;
  }
  if (entry == nullptr || entry->voice == nullptr) {
    out.error = "Flite has no voice '" + req.voice + "'";
    return out;
  }
  cst_voice* voice = entry->voice;
  feat_set_float(voice->features, "f0_shift", static_cast<float>(req.pitch));
  feat_set_float(voice->features, "duration_stretch",
                 static_cast<float>(entry->base_stretch / std::max(req.rate, 0.1)));
  if (entry->base_stddev > 0) {
    feat_set_float(voice->features, "int_f0_target_stddev",
                   static_cast<float>(entry->base_stddev * req.intonation));
  }
  // Flite's clustergen voices draw excitation noise from rand(); a fixed seed
  // makes the same request sound the same every time.
  std::srand(0x4B494E4F);
  cst_utterance* utt = GuardedFliteSynth(req.text.c_str(), voice);
  if (utt == nullptr) {
    out.error = "Flite could not synthesise the text";
    return out;
  }
  const cst_wave* wave = utt_wave(utt);
  if (wave == nullptr || cst_wave_num_samples(wave) <= 0) {
    delete_utterance(utt);
    out.error = "Flite produced no audio";
    return out;
  }
  const int channels = std::max(1, cst_wave_num_channels(wave));
  out.sample_rate = cst_wave_sample_rate(wave);
  out.samples.resize(cst_wave_num_samples(wave));
  for (size_t i = 0; i < out.samples.size(); ++i) out.samples[i] = wave->samples[i * channels];
  double previous_end = 0;
  for (const cst_item* s = relation_head(utt_relation(utt, "Segment")); s != nullptr;
       s = item_next(s)) {
    const double end = item_feat_float(s, "end");
    out.phonemes.push_back({item_feat_string(s, "name"), previous_end, end});
    previous_end = end;
  }
  delete_utterance(utt);
  return out;
}

EngineResponse RunEspeak(const EngineRequest& req) {
  EngineResponse out;
  if (!g_espeak_ready) {
    out.error = "espeak-ng is not available";
    return out;
  }
  espeak_VOICE selector{};
  selector.languages = req.voice.c_str();
  selector.gender = static_cast<unsigned char>(req.gender);
  selector.variant = static_cast<unsigned char>(req.variant);
  if (espeak_SetVoiceByProperties(&selector) != EE_OK) {
    out.error = "espeak-ng has no voice for '" + req.voice + "'";
    return out;
  }
  const auto param = [](double v, int lo, int hi) {
    return std::clamp(static_cast<int>(std::lround(v)), lo, hi);
  };
  espeak_SetParameter(espeakRATE, param(espeakRATE_NORMAL * req.rate, 80, 450), 0);
  // Measured: espeak's pitch parameter moves the voice by about one octave
  // over its whole 0..99 scale (50 = the voice's own pitch), so multipliers
  // beyond ~0.71–1.41 saturate.
  espeak_SetParameter(espeakPITCH, param(50 + 100 * std::log2(std::max(req.pitch, 0.01)), 0, 99),
                      0);
  espeak_SetParameter(espeakRANGE, param(50 * req.intonation, 0, 100), 0);
  espeak_SetParameter(espeakVOLUME, 100, 0);

  EspeakCapture capture;
  g_capture = &capture;
  const espeak_ERROR rc = espeak_Synth(req.text.c_str(), req.text.size() + 1, 0, POS_CHARACTER, 0,
                                       espeakCHARS_UTF8, nullptr, nullptr);
  g_capture = nullptr;
  if (rc != EE_OK) {
    out.error = "espeak-ng could not synthesise the text (error " + std::to_string(rc) + ")";
    return out;
  }
  out.sample_rate = espeak_ng_GetSampleRate();
  out.samples = std::move(capture.samples);
  const double total =
      out.sample_rate > 0 ? static_cast<double>(out.samples.size()) / out.sample_rate : 0;
  for (size_t i = 0; i < capture.phonemes.size(); ++i) {
    const auto& [ms, name] = capture.phonemes[i];
    if (name.empty() || name[0] == '(') continue;  // "(en)": a language switch, not a sound
    const double start = ms / 1000.0;
    const double end =
        i + 1 < capture.phonemes.size() ? capture.phonemes[i + 1].first / 1000.0 : total;
    out.phonemes.push_back({name[0] == '_' ? "pau" : name, start, std::max(start, end)});
  }
  return out;
}

}  // namespace

std::string EncodeRequest(const EngineRequest& r) {
  ByteWriter w;
  w.U8(static_cast<uint8_t>(r.engine));
  w.Str(r.voice);
  w.I32(r.gender);
  w.I32(r.variant);
  w.F64(r.pitch);
  w.F64(r.rate);
  w.F64(r.intonation);
  w.Str(r.text);
  return w.Take();
}

core::Result<EngineRequest> DecodeRequest(std::string_view bytes) {
  ByteReader in(bytes);
  EngineRequest r;
  const uint8_t engine = in.U8();
  r.engine = engine == 1 ? SpeechEngine::kEspeak : SpeechEngine::kFlite;
  r.voice = in.Str();
  r.gender = in.I32();
  r.variant = in.I32();
  r.pitch = in.F64();
  r.rate = in.F64();
  r.intonation = in.F64();
  r.text = in.Str();
  if (!in.ok() || !in.AtEnd() || engine > 1) return Garbled("request");
  return r;
}

std::string EncodeResponse(const EngineResponse& r) {
  ByteWriter w;
  w.Str(r.error);
  w.I32(r.sample_rate);
  w.Samples(r.samples);
  w.U32(static_cast<uint32_t>(r.phonemes.size()));
  for (const auto& p : r.phonemes) {
    w.Str(p.name);
    w.F64(p.start);
    w.F64(p.end);
  }
  return w.Take();
}

core::Result<EngineResponse> DecodeResponse(std::string_view bytes) {
  ByteReader in(bytes);
  EngineResponse r;
  r.error = in.Str();
  r.sample_rate = in.I32();
  r.samples = in.Samples();
  const uint32_t n = in.U32();
  for (uint32_t i = 0; i < n && in.ok(); ++i) {
    EnginePhoneme p;
    p.name = in.Str();
    p.start = in.F64();
    p.end = in.F64();
    r.phonemes.push_back(std::move(p));
  }
  if (!in.ok() || !in.AtEnd()) return Garbled("response");
  return r;
}

std::string EncodeInfo(const EngineInfo& info) {
  ByteWriter w;
  w.Str(info.espeak_error);
  w.U32(static_cast<uint32_t>(info.espeak_languages.size()));
  for (const auto& l : info.espeak_languages) w.Str(l);
  return w.Take();
}

core::Result<EngineInfo> DecodeInfo(std::string_view bytes) {
  ByteReader in(bytes);
  EngineInfo info;
  info.espeak_error = in.Str();
  const uint32_t n = in.U32();
  for (uint32_t i = 0; i < n && in.ok(); ++i) info.espeak_languages.push_back(in.Str());
  if (!in.ok() || !in.AtEnd()) return Garbled("hello");
  return info;
}

std::string InitEnginesInWorker() {
  EngineInfo info;
  InitFlite();
  InitEspeak(info);
  return EncodeInfo(info);
}

std::string RunEngineInWorker(std::string_view request_bytes) {
  EngineResponse out;
  auto request = DecodeRequest(request_bytes);
  if (!request) {
    out.error = request.error().ToString();
  } else if (request->engine == SpeechEngine::kFlite) {
    out = RunFlite(*request);
  } else {
    out = RunEspeak(*request);
  }
  return EncodeResponse(out);
}

}  // namespace kinora::engine::audio::internal
