// Tests of the phoneme → mouth shape mapping and the tweened opening track.
#include "engine/audio/visemes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/audio/audio_test_util.h"
#include "engine/audio/mouth.h"
#include "engine/audio/speech.h"

namespace kinora::engine::audio {
namespace {

using test_util::Speech;

SpeechClip Say(std::string_view text, std::string language) {
  Voice voice;
  voice.language = std::move(language);
  auto clip = Speech().Speak(text, voice);
  EXPECT_TRUE(clip.ok()) << (clip.ok() ? "" : clip.error().ToString());
  return clip.ok() ? std::move(*clip) : SpeechClip{};
}

std::string Letters(const std::vector<Viseme>& shapes) {
  std::string s;
  for (Viseme v : shapes) s += VisemeLetter(v);
  return s;
}

std::string Letters(const std::vector<VisemeSpan>& track) {
  std::string s;
  for (const VisemeSpan& span : track) s += VisemeLetter(span.shape);
  return s;
}

std::string Arpabet(std::string_view symbol) {
  return Letters(VisemesOf(symbol, PhonemeSet::kArpabet));
}
std::string Espeak(std::string_view symbol) {
  return Letters(VisemesOf(symbol, PhonemeSet::kEspeak));
}

// A clip of silence `seconds` long with the given phonemes; only the timings
// matter to the track.
SpeechClip Timed(std::vector<PhonemeTiming> phonemes) {
  SpeechClip clip;
  clip.phonemes = std::move(phonemes);
  clip.samples.assign(static_cast<size_t>(clip.phonemes.back().end * kSpeechSampleRate), 0.0f);
  return clip;
}

// "map" as Flite times it: pau m ae p pau.
SpeechClip Map() {
  return Timed({{"pau", 0.0, 0.054},
                {"m", 0.054, 0.106},
                {"ae", 0.106, 0.220},
                {"p", 0.220, 0.341},
                {"pau", 0.341, 0.390}});
}

TEST(VisemesTest, LettersAndOpenings) {
  EXPECT_EQ(VisemeLetter(Viseme::kA), 'A');
  EXPECT_EQ(VisemeLetter(Viseme::kH), 'H');
  EXPECT_EQ(VisemeLetter(Viseme::kX), 'X');
  EXPECT_EQ(VisemeOpening(Viseme::kA), 0.0f);
  EXPECT_EQ(VisemeOpening(Viseme::kX), 0.0f);
  EXPECT_EQ(VisemeOpening(Viseme::kD), 1.0f);
  // Wide open > open > rounded > slightly open > teeth on lip > closed.
  EXPECT_GT(VisemeOpening(Viseme::kD), VisemeOpening(Viseme::kC));
  EXPECT_GT(VisemeOpening(Viseme::kC), VisemeOpening(Viseme::kE));
  EXPECT_GT(VisemeOpening(Viseme::kE), VisemeOpening(Viseme::kB));
  EXPECT_GT(VisemeOpening(Viseme::kB), VisemeOpening(Viseme::kG));
  EXPECT_GT(VisemeOpening(Viseme::kG), VisemeOpening(Viseme::kA));
}

TEST(VisemesTest, ArpabetSymbols) {
  for (const char* s : {"m", "b", "p", "em"}) EXPECT_EQ(Arpabet(s), "A") << s;
  for (const char* s :
       {"t", "d", "k", "g", "n", "s", "z", "sh", "ch", "jh", "th", "r", "y", "iy"}) {
    EXPECT_EQ(Arpabet(s), "B") << s;
  }
  for (const char* s : {"eh", "ae", "ah", "ax"}) EXPECT_EQ(Arpabet(s), "C") << s;
  EXPECT_EQ(Arpabet("aa"), "D");
  for (const char* s : {"ao", "er"}) EXPECT_EQ(Arpabet(s), "E") << s;
  for (const char* s : {"uw", "uh", "w"}) EXPECT_EQ(Arpabet(s), "F") << s;
  for (const char* s : {"f", "v"}) EXPECT_EQ(Arpabet(s), "G") << s;
  for (const char* s : {"l", "el"}) EXPECT_EQ(Arpabet(s), "H") << s;
  for (const char* s : {"pau", "h#", "brth"}) EXPECT_EQ(Arpabet(s), "X") << s;
  // Diphthongs glide between two shapes.
  EXPECT_EQ(Arpabet("ay"), "DB");
  EXPECT_EQ(Arpabet("aw"), "DF");
  EXPECT_EQ(Arpabet("ow"), "EF");
  EXPECT_EQ(Arpabet("oy"), "EB");
  EXPECT_EQ(Arpabet("ey"), "CB");
}

TEST(VisemesTest, EspeakSymbolsByOpennessAndRounding) {
  for (const char* s : {"a", "A:", "a#"}) EXPECT_EQ(Espeak(s), "D") << s;
  for (const char* s : {"e", "E", "E:", "@", "V", "&", "E~", "e:"}) EXPECT_EQ(Espeak(s), "C") << s;
  for (const char* s : {"i", "I", "i:", "i."}) EXPECT_EQ(Espeak(s), "B") << s;
  for (const char* s : {"o", "O", "O:", "0", "3:", "O~", "W"}) EXPECT_EQ(Espeak(s), "E") << s;
  for (const char* s : {"u", "u:", "U", "y", "Y:", "y-"}) EXPECT_EQ(Espeak(s), "F") << s;
  for (const char* s : {"p", "b", "m", "m;", "B", "m-"}) EXPECT_EQ(Espeak(s), "A") << s;
  for (const char* s : {"f", "v", "v;"}) EXPECT_EQ(Espeak(s), "G") << s;
  for (const char* s : {"l", "L", "l^"}) EXPECT_EQ(Espeak(s), "H") << s;
  EXPECT_EQ(Espeak("w"), "F");
  for (const char* s : {"t", "d", "tS", "dZ", "t_s\\", "s", "S", "x", "n^", "N", "r", "*", "?"}) {
    EXPECT_EQ(Espeak(s), "B") << s;
  }
  EXPECT_EQ(Espeak("aI"), "DB");
  EXPECT_EQ(Espeak("aU"), "DF");
  EXPECT_EQ(Espeak("OY"), "EF");
  EXPECT_EQ(Espeak("&U~"), "CF");
  EXPECT_EQ(Espeak("iau"), "BDF");
  EXPECT_EQ(Espeak("ja"), "BD");  // a glide fused with its vowel
  EXPECT_EQ(Espeak("?a"), "D");   // a glottal onset shows as its vowel
  for (const char* s : {"_", "_:", "_!", "pau", "||"}) EXPECT_EQ(Espeak(s), "X") << s;
}

TEST(VisemesTest, StressAndLengthMarksAreStripped) {
  EXPECT_EQ(Espeak("'a:"), "D");
  EXPECT_EQ(Espeak(",o"), "E");
  EXPECT_EQ(Espeak("%u:"), "F");
  EXPECT_EQ(Espeak("=m"), "A");
  // Marks alone make no sound of their own.
  for (const char* s : {"'", ",", "%", "=", "+", ":", ";", "-", "#", "~"}) {
    EXPECT_EQ(Espeak(s), "") << s;
  }
  // Tone numbers too, while 0, 3 and 8 alone are vowels; later digits name
  // variants.
  for (const char* s : {"1", "55", "214"}) EXPECT_EQ(Espeak(s), "") << s;
  for (const char* s : {"0", "3", "8", "3:"}) EXPECT_EQ(Espeak(s), "E") << s;
  EXPECT_EQ(Espeak("a13"), "D");
  EXPECT_EQ(Espeak("O2"), "E");
}

TEST(VisemesTest, UnknownSymbolsFallBackToB) {
  EXPECT_EQ(Arpabet("qq"), "B");
  EXPECT_EQ(Arpabet("A"), "B");
  EXPECT_EQ(Arpabet(""), "B");
  EXPECT_EQ(Espeak("Q"), "B");
  EXPECT_EQ(Espeak("@@@zz9"), "C");  // still a vowel by its letters
  EXPECT_EQ(Espeak("?[]"), "B");
}

TEST(VisemesTest, DetectsWhichEngineSpoke) {
  EXPECT_EQ(DetectPhonemeSet(Map().phonemes), PhonemeSet::kArpabet);
  EXPECT_EQ(DetectPhonemeSet({}), PhonemeSet::kArpabet);
  // French "tu": every symbol is also ARPAbet, but there is no ARPAbet vowel.
  const std::vector<PhonemeTiming> tu = {{"t", 0, 0.05}, {"y", 0.05, 0.2}};
  EXPECT_EQ(DetectPhonemeSet(tu), PhonemeSet::kEspeak);
  const std::vector<PhonemeTiming> hola = {{"o", 0, 0.1}, {"l", 0.1, 0.15}, {"a", 0.15, 0.3}};
  EXPECT_EQ(DetectPhonemeSet(hola), PhonemeSet::kEspeak);
}

TEST(VisemesTest, MapClosesOpensAndClosesAgain) {
  const std::vector<VisemeSpan> track = VisemeTrack(Map());
  EXPECT_EQ(Letters(track), "XACAX");
  // Contiguous from the first phoneme to the last.
  ASSERT_FALSE(track.empty());
  EXPECT_EQ(track.front().start, 0.0);
  EXPECT_EQ(track.back().end, 0.390);
  for (size_t i = 1; i < track.size(); ++i) EXPECT_EQ(track[i].start, track[i - 1].end);
  // The vowel opens the mouth wide; the lips are shut on both bilabials.
  EXPECT_GT(OpeningAt(track, 0.140), 0.55f);
  EXPECT_LT(OpeningAt(track, 0.070), 0.01f);
  EXPECT_LT(OpeningAt(track, 0.280), 0.02f);
}

TEST(VisemesTest, LipsCloseBeforeAPlosiveSounds) {
  const std::vector<VisemeSpan> track = VisemeTrack(Map());
  ASSERT_EQ(track.size(), 5u);
  // The closure for "p" (at 0.220 s) begins 50 ms early.
  EXPECT_NEAR(track[3].start, 0.170, 1e-9);
  EXPECT_NEAR(track[2].end, 0.170, 1e-9);
  // At the instant "p" starts, the mouth is already nearly shut, while 80 ms
  // before it is still open for the vowel.
  EXPECT_LT(OpeningAt(track, 0.220), 0.05f);
  EXPECT_GT(OpeningAt(track, 0.140), 0.5f);
  // A short vowel keeps at least half of itself: "m ae p" with a 40 ms vowel.
  const std::vector<VisemeSpan> quick = VisemeTrack(
      Timed({{"m", 0.0, 0.06}, {"ae", 0.06, 0.10}, {"p", 0.10, 0.2}, {"pau", 0.2, 0.3}}));
  ASSERT_EQ(Letters(quick), "ACAX");
  EXPECT_NEAR(quick[2].start, 0.08, 1e-9);
}

TEST(VisemesTest, LipsRoundBeforeARoundedVowel) {
  // "see you": s iy y uw; the rounding of "uw" starts during "y".
  const std::vector<VisemeSpan> track = VisemeTrack(Timed({{"pau", 0, 0.05},
                                                           {"s", 0.05, 0.15},
                                                           {"iy", 0.15, 0.3},
                                                           {"y", 0.3, 0.36},
                                                           {"uw", 0.36, 0.5},
                                                           {"pau", 0.5, 0.6}}));
  ASSERT_EQ(Letters(track), "XBFX");
  EXPECT_NEAR(track[2].start, 0.31, 1e-9);
}

TEST(VisemesTest, RestDuringPauses) {
  const std::vector<VisemeSpan> track = VisemeTrack(Timed({{"pau", 0, 0.05},
                                                           {"aa", 0.05, 0.3},
                                                           {"pau", 0.3, 0.6},
                                                           {"aa", 0.6, 0.9},
                                                           {"pau", 0.9, 1.0}}));
  EXPECT_EQ(Letters(track), "XDXDX");
  EXPECT_EQ(OpeningAt(track, 0.45), 0.0f);
  EXPECT_EQ(OpeningAt(track, 0.2), 1.0f);
  // Outside the track the mouth rests.
  EXPECT_EQ(OpeningAt(track, -1.0), 0.0f);
  EXPECT_EQ(OpeningAt(track, 2.0), 0.0f);
  // A gap between phonemes is a pause too.
  const std::vector<VisemeSpan> gap = VisemeTrack(Timed({{"aa", 0.0, 0.2}, {"aa", 0.5, 0.7}}));
  EXPECT_EQ(Letters(gap), "DXD");
}

TEST(VisemesTest, AspirationTakesTheNextVowelsShape) {
  const std::vector<VisemeSpan> hot =
      VisemeTrack(Timed({{"pau", 0, 0.05}, {"hh", 0.05, 0.12}, {"aa", 0.12, 0.3}}));
  EXPECT_EQ(Letters(hot), "XD");
  EXPECT_EQ(hot[1].start, 0.05);
  // espeak's /h/ too, skipping a stress mark in between.
  const std::vector<VisemeSpan> hola =
      VisemeTrack(Timed({{"h", 0, 0.05}, {"'", 0.05, 0.05001}, {"o", 0.05001, 0.2}}));
  EXPECT_EQ(Letters(hola), "E");
}

TEST(VisemesTest, MarkersLengthenTheShapeBeforeThem) {
  const std::vector<VisemeSpan> track =
      VisemeTrack(Timed({{"a", 0, 0.1}, {"'", 0.1, 0.12}, {"t", 0.12, 0.2}}));
  EXPECT_EQ(Letters(track), "DB");
  EXPECT_EQ(track[0].end, 0.12);
}

TEST(VisemesTest, OpeningIsTweenedWithoutJumps) {
  const std::vector<VisemeSpan> track = VisemeTrack(Map());
  float previous = OpeningAt(track, -0.1);
  float peak = 0;
  for (double t = -0.1; t < 0.5; t += 0.001) {
    const float v = OpeningAt(track, t);
    EXPECT_LE(std::fabs(v - previous), 0.03f) << t;  // at most 30 units of opening per second
    EXPECT_GE(v, 0.0f);
    EXPECT_LE(v, 1.0f);
    previous = v;
    peak = std::max(peak, v);
  }
  // The 64 ms vowel left after anticipation nearly reaches its full opening.
  EXPECT_GT(peak, 0.55f);
  EXPECT_LE(peak, VisemeOpening(Viseme::kC));
}

TEST(VisemesTest, FramesSampleTheCurveAtTheirInstants) {
  const std::vector<VisemeSpan> track = VisemeTrack(Map());
  const double fps = 30, start = 1.25;
  const std::vector<float> frames = VisemeOpenTrackAt(track, fps, start, 60);
  ASSERT_EQ(frames.size(), 60u);
  for (int k = 0; k < 60; ++k) {
    const double t = k / fps - start;
    const float expected = t < -0.04 || t > 0.43 ? 0.0f : OpeningAt(track, t);
    EXPECT_EQ(frames[k], expected) << k;
  }
  EXPECT_GT(frames[42], 0.4f);  // 1.4 s: the vowel
  EXPECT_TRUE(VisemeOpenTrackAt(track, 0, 0, 5) == std::vector<float>(5, 0.0f));
  EXPECT_TRUE(VisemeOpenTrackAt(track, 30, 0, -3).empty());
  EXPECT_TRUE(VisemeOpenTrackAt({}, 30, 0, 4) == std::vector<float>(4, 0.0f));
}

TEST(VisemesTest, LipSyncTrackFallsBackToTheEnvelope) {
  SpeechClip clip;
  clip.samples.assign(48000, 0.0f);
  for (size_t i = 12000; i < 36000; ++i) clip.samples[i] = 0.3f * std::sin(0.03f * i);
  EXPECT_EQ(LipSyncTrackAt(clip, 24, 0.5, 48), MouthOpenTrackAt(clip, 24, 0.5, 48));
  clip.phonemes = {{"pau", 0, 0.25}, {"aa", 0.25, 0.75}, {"pau", 0.75, 1.0}};
  EXPECT_EQ(LipSyncTrackAt(clip, 24, 0.5, 48), VisemeOpenTrackAt(VisemeTrack(clip), 24, 0.5, 48));
  EXPECT_EQ(LipSyncTrackAt(SpeechClip{}, 24, 0, 10), std::vector<float>(10, 0.0f));
}

// --- real speech -----------------------------------------------------------------

TEST(VisemesTest, SpokenMapThroughFlite) {
  const SpeechClip clip = Say("map", "en");
  const std::string shapes = Letters(VisemeTrack(clip));
  // Rest, lips shut for m, open for the vowel, shut for p, rest.
  EXPECT_EQ(shapes, "XACAX") << shapes;
}

TEST(VisemesTest, SpokenMapaThroughEspeak) {
  const SpeechClip clip = Say("mapa", "es");
  ASSERT_EQ(DetectPhonemeSet(clip.phonemes), PhonemeSet::kEspeak);
  std::string shapes = Letters(VisemeTrack(clip));
  EXPECT_NE(shapes.find("ADAD"), std::string::npos) << shapes;
}

TEST(VisemesTest, LongerLinesOpenAndCloseTheMouth) {
  const SpeechClip clip = Say("Bob bought a big map, but he wants a blue boat.", "en");
  const std::vector<VisemeSpan> track = VisemeTrack(clip);
  int closures = 0, open = 0;
  for (const VisemeSpan& s : track) {
    closures += s.shape == Viseme::kA;
    open += s.shape == Viseme::kC || s.shape == Viseme::kD;
  }
  EXPECT_GE(closures, 6);  // Bob, bought, big, map, but, blue, boat
  EXPECT_GE(open, 5);
  for (size_t i = 1; i < track.size(); ++i) {
    EXPECT_NE(track[i].shape, track[i - 1].shape);
    EXPECT_DOUBLE_EQ(track[i].start, track[i - 1].end);
    EXPECT_LT(track[i].start, track[i].end);
  }
}

TEST(VisemesTest, Deterministic) {
  const SpeechClip a = Say("Open and close your mouth.", "en");
  const SpeechClip b = Say("Open and close your mouth.", "en");
  const std::vector<float> ta = LipSyncTrackAt(a, 24, 0.3, 72);
  EXPECT_EQ(ta, LipSyncTrackAt(b, 24, 0.3, 72));
  EXPECT_EQ(ta, LipSyncTrackAt(a, 24, 0.3, 72));
  const SpeechClip c = Say("Abre y cierra la boca.", "es");
  EXPECT_EQ(LipSyncTrackAt(c, 30, 0, 60), LipSyncTrackAt(c, 30, 0, 60));
}

}  // namespace
}  // namespace kinora::engine::audio
