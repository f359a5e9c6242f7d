// Tests of speech synthesis, the lip-sync signal and the mixed soundtrack.
#include <gtest/gtest.h>

#include <cmath>
#include <iostream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include "engine/audio/ambience.h"
#include "engine/audio/audio_test_util.h"
#include "engine/audio/dsp.h"
#include "engine/audio/mouth.h"
#include "engine/audio/soundtrack.h"
#include "engine/audio/speech.h"
#include "engine/audio/speech_text.h"

namespace kinora::engine::audio {
namespace {

using test_util::EstimateF0;
using test_util::MaybeDumpWav;
using test_util::MonoRms;

using test_util::Speech;

Voice MakeVoice(std::string language, std::string name = "", double pitch = 1.0,
                double rate = 1.0) {
  Voice v;
  v.language = std::move(language);
  v.voice = std::move(name);
  v.pitch = pitch;
  v.rate = rate;
  return v;
}

SpeechClip SpeakOrDie(std::string_view text, const Voice& voice,
                      std::string_view emotion = "neutral") {
  auto clip = Speech().Speak(text, voice, emotion);
  EXPECT_TRUE(clip.ok()) << (clip.ok() ? "" : clip.error().ToString());
  return clip.ok() ? std::move(*clip) : SpeechClip{};
}

void ExpectWellFormedPhonemes(const SpeechClip& clip) {
  ASSERT_FALSE(clip.phonemes.empty());
  double previous_end = 0;
  for (const PhonemeTiming& p : clip.phonemes) {
    EXPECT_FALSE(p.phoneme.empty());
    EXPECT_GE(p.start, previous_end - 1e-9);
    EXPECT_GT(p.end, p.start);
    EXPECT_LE(p.end, clip.seconds() + 1e-9);
    previous_end = p.end;
  }
  const bool any_sound = std::any_of(clip.phonemes.begin(), clip.phonemes.end(),
                                     [](const PhonemeTiming& p) { return p.phoneme != "pau"; });
  EXPECT_TRUE(any_sound);
}

// --- speech ----------------------------------------------------------------

TEST(SpeechTest, EnglishHelloWorldThroughFlite) {
  const SpeechClip clip = SpeakOrDie("Hello world", MakeVoice("en"));
  EXPECT_EQ(clip.sample_rate, 48000);
  EXPECT_GT(clip.seconds(), 0.4);
  EXPECT_LT(clip.seconds(), 3.0);
  EXPECT_GT(MonoRms(clip.samples), 0.03);  // active speech is normalised to ~0.1
  ExpectWellFormedPhonemes(clip);
  // "hh ax l ow w er l d" are in there, in order.
  std::string names;
  for (const auto& p : clip.phonemes) names += p.phoneme + " ";
  EXPECT_NE(names.find("hh ax l ow w er l d"), std::string::npos) << names;
  // Trimmed: at most ~50 ms of silence, then the voice (a soft "h", then the
  // vowel) is under way within 150 ms.
  EXPECT_LT(MonoRms(clip.samples, 0, 480), 0.005);
  size_t onset = 0;
  while (onset + 480 < clip.samples.size() && MonoRms(clip.samples, onset, onset + 480) < 0.01) {
    onset += 480;
  }
  EXPECT_LT(onset, 48000 * 0.15);
  float peak = 0;
  for (float s : clip.samples) peak = std::max(peak, std::fabs(s));
  EXPECT_LT(peak, 1.0f);
  MaybeDumpWav("speech_hello_slt", clip.samples, 1, 48000);
}

TEST(SpeechTest, FliteVoicesSoundDifferent) {
  const SpeechClip slt = SpeakOrDie("Hello world, how are you today?", MakeVoice("en", "slt"));
  const SpeechClip rms = SpeakOrDie("Hello world, how are you today?", MakeVoice("en", "rms"));
  const SpeechClip awb = SpeakOrDie("Hello world, how are you today?", MakeVoice("en", "awb"));
  const SpeechClip kal = SpeakOrDie("Hello world, how are you today?", MakeVoice("en", "kal"));
  EXPECT_NE(slt.samples, rms.samples);
  EXPECT_NE(awb.samples, kal.samples);
  const double f_slt = EstimateF0(slt.samples, 48000);
  const double f_rms = EstimateF0(rms.samples, 48000);
  EXPECT_GT(f_slt, 1.3 * f_rms) << "slt " << f_slt << " Hz, rms " << f_rms << " Hz";
  EXPECT_GT(f_slt, 140);
  EXPECT_LT(f_rms, 140);
  MaybeDumpWav("speech_rms", rms.samples, 1, 48000);
  MaybeDumpWav("speech_awb", awb.samples, 1, 48000);
  MaybeDumpWav("speech_kal", kal.samples, 1, 48000);
}

class PitchTest : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(PitchTest, HigherPitchGivesHigherFundamental) {
  const auto& [language, voice] = GetParam();
  const std::string text =
      language == "en" ? "Hello world, how are you today?" : "Hola, ¿cómo estás hoy?";
  const SpeechClip low = SpeakOrDie(text, MakeVoice(language, voice, 0.8));
  const SpeechClip high = SpeakOrDie(text, MakeVoice(language, voice, 1.3));
  const double f_low = EstimateF0(low.samples, 48000);
  const double f_high = EstimateF0(high.samples, 48000);
  EXPECT_GT(f_low, 50);
  EXPECT_GT(f_high, 1.3 * f_low) << language << "/" << voice << ": " << f_low << " → " << f_high;
}

INSTANTIATE_TEST_SUITE_P(Voices, PitchTest,
                         ::testing::Values(std::pair{"en", "slt"}, std::pair{"en", "rms"},
                                           std::pair{"en", "awb"}, std::pair{"en", "kal"},
                                           std::pair{"es", "slt"}, std::pair{"es", "rms"}));

TEST(SpeechTest, RateChangesDuration) {
  const SpeechClip slow =
      SpeakOrDie("The quick brown fox jumps over the lazy dog.", MakeVoice("en", "", 1.0, 0.7));
  const SpeechClip fast =
      SpeakOrDie("The quick brown fox jumps over the lazy dog.", MakeVoice("en", "", 1.0, 1.5));
  EXPECT_GT(slow.seconds(), 1.6 * fast.seconds());
  const SpeechClip slow_es =
      SpeakOrDie("El zorro marrón salta sobre el perro.", MakeVoice("es", "", 1.0, 0.7));
  const SpeechClip fast_es =
      SpeakOrDie("El zorro marrón salta sobre el perro.", MakeVoice("es", "", 1.0, 1.5));
  EXPECT_GT(slow_es.seconds(), 1.6 * fast_es.seconds());
}

struct LanguageCase {
  std::string language;
  std::string text;
};

class EspeakLanguageTest : public ::testing::TestWithParam<LanguageCase> {};

TEST_P(EspeakLanguageTest, ProducesAudibleSpeechWithPhonemes) {
  const LanguageCase& c = GetParam();
  EXPECT_TRUE(Speech().SupportsLanguage(c.language));
  const SpeechClip clip = SpeakOrDie(c.text, MakeVoice(c.language, "rms"));
  EXPECT_GT(clip.seconds(), 0.3) << c.language;
  EXPECT_LT(clip.seconds(), 6.0) << c.language;
  EXPECT_GT(MonoRms(clip.samples), 0.03) << c.language;
  ExpectWellFormedPhonemes(clip);
  MaybeDumpWav("speech_" + c.language, clip.samples, 1, 48000);
}

INSTANTIATE_TEST_SUITE_P(
    Languages, EspeakLanguageTest,
    ::testing::Values(LanguageCase{"es", "Hola, ¿cómo estás?"},
                      LanguageCase{"fr", "Bonjour tout le monde"},
                      LanguageCase{"ko", "안녕하세요, 만나서 반갑습니다"},
                      LanguageCase{"ja", "こんにちは、げんきですか"},
                      LanguageCase{"zh-CN", "你好，世界"}, LanguageCase{"ru", "Привет, мир"},
                      LanguageCase{"ar", "مرحبا بالعالم"}, LanguageCase{"hi", "नमस्ते दुनिया"},
                      LanguageCase{"pt-BR", "Olá, tudo bem?"}, LanguageCase{"de", "Guten Morgen"}),
    [](const auto& info) {
      std::string name = info.param.language;
      std::replace(name.begin(), name.end(), '-', '_');
      return name;
    });

TEST(SpeechTest, MandarinIsReadAsMandarinNotAsEnglishSpelling) {
  const SpeechClip clip = SpeakOrDie("你好世界", MakeVoice("zh"));
  // espeak's pinyin voice says "ni hao shi jie": n i x au ...; the plain cmn
  // voice would switch to English ("(en)") and spell digits.
  ASSERT_FALSE(clip.phonemes.empty());
  EXPECT_EQ(clip.phonemes.front().phoneme, "n");
}

TEST(SpeechTest, RejectsEmptyLines) {
  for (std::string_view text : {std::string_view(""), std::string_view("   \n\t "),
                                std::string_view("\xff\xfe"), std::string_view("\0\0", 2)}) {
    auto clip = Speech().Speak(text, MakeVoice("en"));
    ASSERT_FALSE(clip.ok());
    EXPECT_EQ(clip.error().code, core::ErrorCode::kInvalidArgument);
    EXPECT_EQ(clip.error().message, "dialogue line is empty");
  }
}

TEST(SpeechTest, RejectsUnknownLanguagesVoicesAndEmotions) {
  auto bad_language = Speech().Speak("Hello", MakeVoice("xx-invalid"));
  ASSERT_FALSE(bad_language.ok());
  EXPECT_EQ(bad_language.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad_language.error().message, "unsupported language 'xx-invalid'");
  EXPECT_EQ(bad_language.error().detail, "language");
  EXPECT_FALSE(Speech().SupportsLanguage("xx-invalid"));
  EXPECT_FALSE(Speech().SupportsLanguage("english"));
  EXPECT_FALSE(Speech().SupportsLanguage("1234"));
  EXPECT_FALSE(Speech().SupportsLanguage(""));
  EXPECT_TRUE(Speech().SupportsLanguage("en-GB"));
  EXPECT_TRUE(Speech().SupportsLanguage("es-MX"));

  auto bad_voice = Speech().Speak("Hello", MakeVoice("en", "hal9000"));
  ASSERT_FALSE(bad_voice.ok());
  EXPECT_EQ(bad_voice.error().detail, "voice");
  auto bad_emotion = Speech().Speak("Hello", MakeVoice("en"), "furious");
  ASSERT_FALSE(bad_emotion.ok());
  EXPECT_EQ(bad_emotion.error().detail, "emotion");
  auto too_long = Speech().Speak(std::string(5000, 'a'), MakeVoice("en"));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, core::ErrorCode::kInvalidArgument);
  auto chinese_as_english = Speech().Speak("你好", MakeVoice("en"));
  ASSERT_FALSE(chinese_as_english.ok());
  EXPECT_EQ(chinese_as_english.error().code, core::ErrorCode::kInvalidArgument);
}

TEST(SpeechTest, SurvivesHostileText) {
  const std::string nasty = std::string("Hello \xff\xfe wor\xc3(ld \xe2\x82 \xf0\x90\x80 ") +
                            std::string("\0\x01\x1b[31m", 7) + " caf\xc3\xa9 \xed\xa0\x80 end";
  for (const char* language : {"en", "es", "ja"}) {
    auto clip = Speech().Speak(nasty, MakeVoice(language));
    ASSERT_TRUE(clip.ok()) << language << ": " << clip.error().ToString();
    EXPECT_GT(clip->seconds(), 0.3) << language;
  }
  // Markup, phoneme brackets and huge numbers are just text.
  for (const char* text : {"<speak><break time='9999s'/></speak>",
                           "[[h@'loU]] 99999999999999999999", "%s%n%x {} \\ \" ' ` $(rm -rf /)"}) {
    auto en = Speech().Speak(text, MakeVoice("en"));
    EXPECT_TRUE(en.ok()) << text << ": " << (en.ok() ? "" : en.error().ToString());
    auto de = Speech().Speak(text, MakeVoice("de"));
    EXPECT_TRUE(de.ok()) << text << ": " << (de.ok() ? "" : de.error().ToString());
  }
  auto dots = Speech().Speak("...", MakeVoice("en"));
  ASSERT_TRUE(dots.ok());
  EXPECT_TRUE(dots->samples.empty());
}

TEST(SpeechTest, SameRequestGivesIdenticalSamplesWhateverCameBefore) {
  const Voice en = MakeVoice("en", "slt");
  const Voice es = MakeVoice("es", "rms");
  const SpeechClip a = SpeakOrDie("Deterministic output, please.", en, "excited");
  const SpeechClip b = SpeakOrDie("Buenos días a todos.", es);
  SpeakOrDie("Something else in between.", MakeVoice("en", "awb"));
  SpeakOrDie("Bonjour, ça va?", MakeVoice("fr"));
  const SpeechClip a2 = SpeakOrDie("Deterministic output, please.", en, "excited");
  const SpeechClip b2 = SpeakOrDie("Buenos días a todos.", es);
  EXPECT_EQ(a.samples, a2.samples);
  EXPECT_EQ(b.samples, b2.samples);
  ASSERT_EQ(b.phonemes.size(), b2.phonemes.size());
  for (size_t i = 0; i < b.phonemes.size(); ++i) {
    EXPECT_EQ(b.phonemes[i].phoneme, b2.phonemes[i].phoneme);
    EXPECT_EQ(b.phonemes[i].start, b2.phonemes[i].start);
  }
}

TEST(SpeechTest, ConcurrentCallsMatchSerialOnes) {
  const std::vector<std::pair<std::string, std::string>> jobs = {{"en", "Thread one says hello."},
                                                                 {"es", "El hilo dos saluda."},
                                                                 {"en", "Thread three is here."},
                                                                 {"fr", "Le fil quatre est là."}};
  std::vector<SpeechClip> serial;
  for (const auto& [lang, text] : jobs) serial.push_back(SpeakOrDie(text, MakeVoice(lang)));
  std::vector<SpeechClip> parallel(jobs.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < jobs.size(); ++i) {
    threads.emplace_back(
        [&, i] { parallel[i] = SpeakOrDie(jobs[i].second, MakeVoice(jobs[i].first)); });
  }
  for (auto& t : threads) t.join();
  for (size_t i = 0; i < jobs.size(); ++i) EXPECT_EQ(serial[i].samples, parallel[i].samples) << i;
}

TEST(SpeechTest, EmotionsChangeLevelPitchAndVoicing) {
  const std::string text = "I cannot believe we finally made it here!";
  const Voice voice = MakeVoice("en", "slt");
  const SpeechClip neutral = SpeakOrDie(text, voice, "neutral");
  const SpeechClip shouting = SpeakOrDie(text, voice, "shouting");
  const SpeechClip whispering = SpeakOrDie(text, voice, "whispering");
  const SpeechClip excited = SpeakOrDie(text, voice, "excited");
  const SpeechClip sad = SpeakOrDie(text, voice, "sad");
  EXPECT_GT(MonoRms(shouting.samples), 1.5 * MonoRms(neutral.samples));
  EXPECT_LT(MonoRms(whispering.samples), 0.6 * MonoRms(neutral.samples));
  EXPECT_LT(test_util::VoicedFraction(whispering.samples, 48000),
            0.5 * test_util::VoicedFraction(neutral.samples, 48000));
  EXPECT_GT(EstimateF0(excited.samples, 48000), 1.08 * EstimateF0(neutral.samples, 48000));
  EXPECT_LT(EstimateF0(sad.samples, 48000), 0.96 * EstimateF0(neutral.samples, 48000));
  EXPECT_GT(sad.seconds(), excited.seconds() * 1.15);
  MaybeDumpWav("emotion_shouting", shouting.samples, 1, 48000);
  MaybeDumpWav("emotion_whispering", whispering.samples, 1, 48000);
  MaybeDumpWav("emotion_sad", sad.samples, 1, 48000);
}

// --- mouth -------------------------------------------------------------------

TEST(MouthTest, FollowsTheEnvelopeAndShutsInSilence) {
  SpeechClip clip;
  clip.samples.assign(48000 * 3 / 2, 0.0f);
  for (size_t i = 24000; i < 48000; ++i)
    clip.samples[i] = 0.3f * std::sin(2 * dsp::kPi * 220 * i / 48000.0);
  const std::vector<float> track = MouthOpenTrack(clip, 24);
  ASSERT_EQ(track.size(), 36u);
  for (int k = 0; k < 10; ++k) EXPECT_EQ(track[k], 0.0f) << k;
  for (int k = 27; k < 36; ++k) EXPECT_EQ(track[k], 0.0f) << k;
  for (int k = 14; k < 23; ++k) EXPECT_GT(track[k], 0.9f) << k;
  // The lead: the mouth is already opening on the frame before the sound.
  EXPECT_GT(track[11], 0.0f);
}

TEST(MouthTest, CorrelatesWithSpeechLoudness) {
  const SpeechClip clip =
      SpeakOrDie("One, two, three. Open and close your mouth.", MakeVoice("en", "rms"));
  const double fps = 30;
  const std::vector<float> track = MouthOpenTrack(clip, fps);
  ASSERT_EQ(track.size(), static_cast<size_t>(std::ceil(clip.seconds() * fps)));
  std::vector<double> env;
  for (size_t k = 0; k < track.size(); ++k) {
    const auto begin = static_cast<size_t>(k / fps * 48000);
    env.push_back(MonoRms(clip.samples, begin, begin + static_cast<size_t>(48000 / fps)));
  }
  const double mt = std::accumulate(track.begin(), track.end(), 0.0) / track.size();
  const double me = std::accumulate(env.begin(), env.end(), 0.0) / env.size();
  double num = 0, dt = 0, de = 0;
  for (size_t k = 0; k < track.size(); ++k) {
    num += (track[k] - mt) * (env[k] - me);
    dt += (track[k] - mt) * (track[k] - mt);
    de += (env[k] - me) * (env[k] - me);
  }
  EXPECT_GT(num / std::sqrt(dt * de), 0.8);
  EXPECT_GT(*std::max_element(track.begin(), track.end()), 0.95f);
  EXPECT_GT(std::count(track.begin(), track.end(), 0.0f), 0);  // it closes between words
}

// --- soundtrack --------------------------------------------------------------

CastMember Person(std::string id, std::string voice) {
  CastMember c;
  c.id = std::move(id);
  c.name = c.id;
  c.voice.voice = std::move(voice);
  return c;
}

Shot MakeShot(std::string id, double start, double duration, std::string place) {
  Shot s;
  s.id = std::move(id);
  s.start = start;
  s.duration = duration;
  s.setting.place = std::move(place);
  return s;
}

DialogueLine Line(std::string speaker, double at, std::string text, std::string language = "en") {
  DialogueLine d;
  d.speaker = std::move(speaker);
  d.at = at;
  d.text = std::move(text);
  d.language = std::move(language);
  return d;
}

Storyboard OneLineBoard() {
  Storyboard sb;
  sb.seed = 1234;
  sb.fps = 24;
  sb.cast = {Person("alice", "slt"), Person("bob", "rms")};
  sb.shots = {MakeShot("s1", 0, 4, "beach")};
  sb.shots[0].dialogue = {Line("alice", 1.0, "Welcome to the beach, everyone!")};
  return sb;
}

double FrameMean(const std::vector<float>& v, int begin, int end) {
  double sum = 0;
  for (int k = begin; k < end; ++k) sum += v[k];
  return end > begin ? sum / (end - begin) : 0;
}

TEST(SoundtrackTest, OneLineOverTheBeach) {
  const Storyboard sb = OneLineBoard();
  auto built = BuildSoundtrack(sb, Speech());
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  const Soundtrack& st = *built;
  EXPECT_EQ(st.audio.sample_rate, 48000);
  EXPECT_EQ(st.audio.channels, 2);
  EXPECT_EQ(st.audio.frames(), 192000u);
  ASSERT_EQ(st.lines.size(), 1u);
  EXPECT_EQ(st.lines[0].speaker, "alice");
  EXPECT_DOUBLE_EQ(st.lines[0].start, 1.0);
  const double speech_end = st.lines[0].end;
  EXPECT_GT(speech_end, 2.0);

  const auto& x = st.audio.samples;
  EXPECT_GT(dsp::Rms(x, 2, 0, 48000 * 9 / 10), 1e-3);  // never dead silent
  // Under the line, the voice is well over the ducked music and bed.
  const size_t voice_on = 48000, voice_off = static_cast<size_t>(speech_end * 48000);
  std::vector<float> under(st.stems.music.samples);
  for (size_t i = 0; i < under.size(); ++i) under[i] += st.stems.ambience.samples[i];
  const double voiced = dsp::Rms(st.stems.dialogue.samples, 2, voice_on, voice_off);
  const double bed = dsp::Rms(under, 2, voice_on, voice_off);
  EXPECT_GT(voiced, 4 * bed) << "speech " << voiced << ", music and ambience " << bed;
  float peak = 0;
  for (float s : x) peak = std::max(peak, std::fabs(s));
  EXPECT_LE(peak, 0.9f);
  EXPECT_NEAR(dsp::IntegratedLoudness(x, 2), kTargetLufs, 1.0);
  EXPECT_NEAR(st.loudness.integrated_lufs, kTargetLufs, 1.0);
  EXPECT_LE(st.loudness.true_peak_dbtp, kTruePeakCeilingDbtp);
  EXPECT_EQ(st.stems.dialogue.frames(), st.audio.frames());
  EXPECT_GT(dsp::Rms(st.stems.dialogue.samples, 2, 48000, 96000), 0.01);
  EXPECT_GT(dsp::Rms(st.stems.music.samples, 2, 0, 192000), 1e-3);  // the score

  ASSERT_EQ(st.mouth_open.count("alice"), 1u);
  const std::vector<float>& mouth = st.mouth_open.at("alice");
  ASSERT_EQ(mouth.size(), static_cast<size_t>(sb.FrameCount()));
  const int on = 24, off = static_cast<int>(speech_end * 24);
  EXPECT_GT(FrameMean(mouth, on, off), FrameMean(mouth, 0, on - 2) + 0.2);
  EXPECT_EQ(FrameMean(mouth, 0, on - 2), 0.0);
  EXPECT_EQ(FrameMean(st.mouth_open.at("bob"), 0, sb.FrameCount()), 0.0);
  EXPECT_TRUE(st.warnings.empty());
  MaybeDumpWav("soundtrack_beach", x, 2, 48000);
}

TEST(SoundtrackTest, TwoSpeakersAlternateAcrossShots) {
  Storyboard sb;
  sb.seed = 99;
  sb.fps = 30;
  sb.cast = {Person("alice", "slt"), Person("bob", "rms")};
  sb.shots = {MakeShot("s1", 0, 2.5, "city street"), MakeShot("s2", 2.5, 3.0, "park")};
  sb.shots[0].dialogue = {Line("alice", 0.2, "Is this the right street?"),
                          Line("bob", 1.4, "Yes, follow me.")};
  sb.shots[1].dialogue = {Line("alice", 0.6, "¡Vamos al parque!", "es")};
  auto built = BuildSoundtrack(sb, Speech());
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  const Soundtrack& st = *built;
  EXPECT_EQ(st.audio.frames(),
            static_cast<size_t>(std::llround(st.storyboard.DurationSeconds() * 48000)));
  EXPECT_GE(st.storyboard.DurationSeconds(), 5.5);
  ASSERT_EQ(st.lines.size(), 3u);
  EXPECT_EQ(st.lines[0].speaker, "alice");
  EXPECT_EQ(st.lines[1].speaker, "bob");
  EXPECT_EQ(st.lines[2].speaker, "alice");
  EXPECT_LT(st.lines[0].start, st.lines[1].start);
  EXPECT_LT(st.lines[1].start, st.lines[2].start);
  const auto& alice = st.mouth_open.at("alice");
  const auto& bob = st.mouth_open.at("bob");
  for (const SpokenLine& line : st.lines) {
    const int a = static_cast<int>(line.start * 30) + 1, b = static_cast<int>(line.end * 30) - 1;
    const auto& speaker = line.speaker == "alice" ? alice : bob;
    const auto& other = line.speaker == "alice" ? bob : alice;
    EXPECT_GT(FrameMean(speaker, a, b), 0.25) << line.text;
    EXPECT_LT(FrameMean(other, a, b), 0.05) << line.text;
  }
  // Alice sits left of centre, Bob right.
  const auto& x = st.audio.samples;
  const auto channel_rms = [&](const SpokenLine& l, int c) {
    double sum = 0;
    size_t n = 0;
    for (auto i = static_cast<size_t>(l.start * 48000); i < static_cast<size_t>(l.end * 48000);
         ++i, ++n) {
      sum += x[2 * i + c] * x[2 * i + c];
    }
    return std::sqrt(sum / n);
  };
  EXPECT_GT(channel_rms(st.lines[0], 0), channel_rms(st.lines[0], 1));
  EXPECT_LT(channel_rms(st.lines[1], 0), channel_rms(st.lines[1], 1));
  MaybeDumpWav("soundtrack_two_speakers", x, 2, 48000);
}

TEST(SoundtrackTest, OverlapsArePushedAndLongLinesLengthenTheirShot) {
  Storyboard sb = OneLineBoard();
  sb.shots = {MakeShot("s1", 0, 4, "beach"), MakeShot("s2", 4, 2, "park")};
  sb.shots[0].dialogue = {
      Line("alice", 0.2, "This first sentence takes a little while to say."),
      Line("alice", 0.5, "And this one would overlap it."),
      Line("bob", 3.3, "I will keep talking well past the end of this shot, sorry.")};
  sb.shots[1].dialogue = {Line("alice", 0.5, "My turn.")};
  auto built = BuildSoundtrack(sb, Speech());
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  const Soundtrack& st = *built;
  ASSERT_EQ(st.lines.size(), 4u);
  const SpokenLine& first = st.lines[0];
  const SpokenLine& second = st.lines[1];
  EXPECT_EQ(second.speaker, "alice");
  EXPECT_GE(second.start, first.end + 0.1);
  // Bob keeps his start; his shot grows to end 0.3 s after him, and the
  // next shot and its line move later by as much.
  const SpokenLine& bob = st.lines[2];
  EXPECT_EQ(bob.speaker, "bob");
  EXPECT_DOUBLE_EQ(bob.start, 3.3);
  const Storyboard& fitted = st.storyboard;
  ASSERT_EQ(fitted.shots.size(), 2u);
  EXPECT_NEAR(fitted.shots[0].duration, bob.end + 0.3, 1e-9);
  const double grown = fitted.shots[0].duration - 4.0;
  EXPECT_GT(grown, 1.0);
  EXPECT_NEAR(fitted.shots[1].start, 4.0 + grown, 1e-9);
  EXPECT_NEAR(st.lines[3].start, 4.5 + grown, 1e-9);
  EXPECT_TRUE(Validate(fitted).ok());
  EXPECT_EQ(st.audio.frames(), static_cast<size_t>(std::llround(fitted.DurationSeconds() * 48000)));
  EXPECT_EQ(st.mouth_open.at("bob").size(), static_cast<size_t>(fitted.FrameCount()));
  EXPECT_GE(st.warnings.size(), 2u);
}

TEST(SoundtrackTest, ALineThatCannotFitIsAnError) {
  Storyboard sb = OneLineBoard();
  sb.shots = {MakeShot("s1", 0, 59.5, "beach")};
  sb.shots[0].dialogue = {
      Line("alice", 58.0, "This line is far too long to be said in what is left of the clip.")};
  auto built = BuildSoundtrack(sb, Speech());
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(built.error().detail, "shots[0].dialogue[0].text");
  EXPECT_NE(built.error().message.find("longest clip"), std::string::npos) << built.error().message;
}

TEST(SoundtrackTest, TheWorldIsHeardAndTheScorePlays) {
  Storyboard sb;
  sb.seed = 11;
  sb.fps = 24;
  sb.cast = {Person("ana", "slt")};
  sb.cast[0].kind = "person";
  sb.shots = {MakeShot("s1", 0, 4, "skate park")};
  Action walk;
  walk.actor = "ana";
  walk.verb = "walk";
  walk.at = 0.0;
  walk.until = 4.0;
  sb.shots[0].actions = {walk};
  ASSERT_TRUE(Validate(sb).ok()) << Validate(sb).error().ToString();
  auto built = BuildSoundtrack(sb, Speech());
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  for (const std::string& w : built->warnings) ADD_FAILURE() << w;
  // Footsteps on the effects stem, the score on the music stem.
  EXPECT_GT(dsp::Rms(built->stems.effects.samples, 2, 0, 192000), 1e-3);
  EXPECT_GT(dsp::Rms(built->stems.music.samples, 2, 0, 192000), 1e-3);
  EXPECT_NEAR(built->loudness.integrated_lufs, kTargetLufs, 1.0);
  EXPECT_LE(built->loudness.true_peak_dbtp, kTruePeakCeilingDbtp);
}

TEST(SoundtrackTest, DeterministicAndSeeded) {
  const Storyboard sb = OneLineBoard();
  auto a = BuildSoundtrack(sb, Speech());
  auto b = BuildSoundtrack(sb, Speech());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->audio.samples, b->audio.samples);
  EXPECT_EQ(a->mouth_open, b->mouth_open);
  Storyboard other = sb;
  other.seed = 4321;
  auto c = BuildSoundtrack(other, Speech());
  ASSERT_TRUE(c.ok());
  EXPECT_NE(a->audio.samples, c->audio.samples);
  EXPECT_EQ(a->mouth_open, c->mouth_open);
}

TEST(SoundtrackTest, WithoutDialogueTheBedIsMastered) {
  Storyboard sb = OneLineBoard();
  sb.shots = {MakeShot("s1", 0, 2, "forest"), MakeShot("s2", 2, 2, "office")};
  auto built = BuildSoundtrack(sb, Speech());
  ASSERT_TRUE(built.ok());
  EXPECT_TRUE(built->lines.empty());
  EXPECT_NEAR(dsp::IntegratedLoudness(built->audio.samples, 2), kTargetLufs, 1.0);
  // The crossfade at 2 s leaves no gap: no 10 ms window near the boundary is silent.
  for (size_t i = 48000 * 19 / 10; i < 48000 * 21 / 10; i += 480) {
    EXPECT_GT(dsp::Rms(built->audio.samples, 2, i, i + 480), 1e-4) << i;
  }
  MaybeDumpWav("soundtrack_forest_office", built->audio.samples, 2, 48000);
}

TEST(SoundtrackTest, ErrorsNameTheLine) {
  Storyboard sb = OneLineBoard();
  sb.shots[0].dialogue = {Line("carol", 0.5, "Who am I?")};
  auto unknown = BuildSoundtrack(sb, Speech());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(unknown.error().detail, "shots[0].dialogue[0].speaker");
  sb.shots[0].dialogue = {Line("alice", 0.5, "Hello"), Line("bob", 2.0, "Hello", "xx-invalid")};
  auto language = BuildSoundtrack(sb, Speech());
  ASSERT_FALSE(language.ok());
  EXPECT_EQ(language.error().detail, "shots[0].dialogue[1].language");
  sb.shots[0].dialogue = {Line("bob", 0.5, "Hello")};
  sb.cast[1].voice.voice = "hal9000";
  auto voice = BuildSoundtrack(sb, Speech());
  ASSERT_FALSE(voice.ok());
  EXPECT_EQ(voice.error().detail, "cast[1].voice.voice");
  Storyboard empty;
  EXPECT_FALSE(BuildSoundtrack(empty, Speech()).ok());
}

TEST(SoundtrackTest, ALineInAnotherScriptIsReadByItsVoice) {
  Storyboard sb = OneLineBoard();
  sb.shots[0].dialogue = {Line("alice", 0.5, "안녕하세요, 반가워요!", "en")};
  auto built = BuildSoundtrack(sb, Speech());
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  ASSERT_EQ(built->lines.size(), 1u);
  EXPECT_GT(built->lines[0].end - built->lines[0].start, 0.5);
  ASSERT_FALSE(built->warnings.empty());
  EXPECT_NE(built->warnings[0].find("shots[0].dialogue[0]"), std::string::npos);
  EXPECT_NE(built->warnings[0].find("'ko'"), std::string::npos) << built->warnings[0];
  // Scripts that share a voice are left alone.
  EXPECT_TRUE(internal::ReadsScriptOf("uk", internal::LanguageOfScript("Привіт")));
  EXPECT_TRUE(internal::ReadsScriptOf("ja", internal::LanguageOfScript("日本")));
  EXPECT_EQ(internal::LanguageOfScript("こんにちは世界"), "ja");
  EXPECT_EQ(internal::LanguageOfScript("Hello, 123"), "");
  // An empty line is an error naming it.
  sb.shots[0].dialogue = {Line("alice", 0.5, "   ")};
  auto empty = BuildSoundtrack(sb, Speech());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().detail, "shots[0].dialogue[0].text");
}

TEST(SoundtrackTest, ACodecsOvershootIsLimitedAway) {
  // A delivery that adds 3.5 dB, as a lossy codec may on dense programme.
  const SoundtrackOptions loud{.delivery = [](const media::AudioBuffer& master) {
    media::AudioBuffer louder = master;
    for (float& s : louder.samples) s *= 1.5f;
    return core::Result<media::AudioBuffer>(std::move(louder));
  }};
  auto built = BuildSoundtrack(OneLineBoard(), Speech(), loud);
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  std::vector<float> heard = built->audio.samples;
  for (float& s : heard) s *= 1.5f;
  auto measured = MeasureLoudness(heard);
  ASSERT_TRUE(measured.ok());
  EXPECT_LE(measured->true_peak_dbtp, kTruePeakCeilingDbtp);
  EXPECT_NEAR(built->loudness.integrated_lufs, kTargetLufs, 1.0);
}

// Speed is for benchmarks (bench/gen_bench); this checks the mix of a busy clip.
TEST(SoundtrackTest, EightSecondsThreeSpeakers) {
  Storyboard sb;
  sb.seed = 5;
  sb.fps = 24;
  sb.cast = {Person("ana", "slt"), Person("ben", "rms"), Person("cy", "awb")};
  sb.shots = {MakeShot("s1", 0, 4, "restaurant"), MakeShot("s2", 4, 4, "beach")};
  sb.shots[0].dialogue = {Line("ana", 0.3, "Did you order the fish?"),
                          Line("ben", 1.6, "No, I had the pasta."),
                          Line("cy", 2.8, "I ordered the fish.")};
  sb.shots[1].dialogue = {Line("ana", 0.2, "Let's walk on the beach."),
                          Line("ben", 1.5, "¡Qué bonito!", "es"),
                          Line("cy", 2.7, "Look at the waves!")};
  auto built = BuildSoundtrack(sb, Speech());
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  EXPECT_EQ(built->lines.size(), 6u);
  EXPECT_EQ(built->audio.frames(), 8u * 48000u);
  EXPECT_NEAR(dsp::IntegratedLoudness(built->audio.samples, 2), kTargetLufs, 1.0);
  EXPECT_LE(built->loudness.true_peak_dbtp, kTruePeakCeilingDbtp);
  MaybeDumpWav("soundtrack_restaurant_beach", built->audio.samples, 2, 48000);
}

}  // namespace
}  // namespace kinora::engine::audio
