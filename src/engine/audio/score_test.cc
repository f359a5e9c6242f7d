// Tests of the procedural composer and its FluidSynth rendering.
#include "engine/audio/score.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <ctime>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/audio/audio_test_util.h"
#include "engine/audio/dsp.h"

namespace kinora::engine::audio {
namespace {

using test_util::MaybeDumpWav;

// The planner's music for each mood (src/engine/plan/vocabulary.cc).
Music PlannerMusic(const std::string& mood) {
  if (mood == "upbeat") return {mood, 120, "G major", {"drums", "bass", "synth"}};
  if (mood == "epic") return {mood, 132, "D minor", {"drums", "brass", "strings"}};
  if (mood == "news") return {mood, 110, "D major", {"synth", "timpani", "brass"}};
  if (mood == "tense") return {mood, 96, "E minor", {"strings", "pulse", "percussion"}};
  if (mood == "sad") return {mood, 72, "A minor", {"piano", "cello", "strings"}};
  if (mood == "funny") return {mood, 116, "F major", {"pizzicato", "clarinet", "woodblock"}};
  if (mood == "romantic") return {mood, 80, "E-flat major", {"piano", "strings", "guitar"}};
  if (mood == "mysterious") return {mood, 90, "B minor", {"celesta", "pads", "harp"}};
  return {"calm", 84, "C major", {"piano", "pads", "strings"}};
}

Storyboard Board(const std::string& mood, const std::vector<double>& shots,
                 const std::string& style = "realistic", uint64_t seed = 7) {
  Storyboard sb;
  sb.seed = seed;
  sb.style = style;
  sb.mood = mood;
  sb.music = PlannerMusic(mood);
  double t = 0;
  for (size_t i = 0; i < shots.size(); ++i) {
    Shot shot;
    shot.id = "s" + std::to_string(i + 1);
    shot.start = t;
    shot.duration = shots[i];
    sb.shots.push_back(shot);
    t += shots[i];
  }
  return sb;
}

size_t Frames(const Storyboard& sb) {
  return static_cast<size_t>(std::lround(sb.DurationSeconds() * dsp::kSampleRate));
}

bool InScale(int key, int tonic, bool minor) {
  constexpr int kMajor[] = {0, 2, 4, 5, 7, 9, 11}, kMinor[] = {0, 2, 3, 5, 7, 8, 10};
  const int pc = ((key - tonic) % 12 + 12) % 12;
  const int* scale = minor ? kMinor : kMajor;
  return std::find(scale, scale + 7, pc) != scale + 7;
}

int ProgramOf(const Score& score, Part part) {
  for (const Track& t : score.tracks) {
    if (t.part == part) return t.program;
  }
  return -1;
}

std::set<std::pair<int, int>> Programs(const Score& score) {
  std::set<std::pair<int, int>> out;
  for (const Track& t : score.tracks) out.insert({t.channel, t.program});
  return out;
}

// The last note of `part` that starts before `t`.
const NoteEvent* LastBefore(const Score& score, Part part, double t) {
  const NoteEvent* last = nullptr;
  for (const NoteEvent& n : score.notes) {
    if (n.part == part && n.start < t - 1e-9) last = &n;
  }
  return last;
}

const std::vector<std::string> kMoods = {"calm",  "upbeat",   "epic",       "tense", "sad",
                                         "funny", "romantic", "mysterious", "news"};

TEST(ScoreTest, TempoAndKeyComeFromTheStoryboard) {
  Storyboard sb = Board("epic", {8.0});
  sb.music.tempo_bpm = 132;
  sb.music.key = "D minor";
  const Score score = ComposeScore(sb);
  EXPECT_EQ(score.character, "sports-epic");
  EXPECT_EQ(score.tempo_bpm, 132);
  EXPECT_EQ(score.tonic, 2);
  EXPECT_TRUE(score.minor);
  ASSERT_EQ(score.sections.size(), 1u);
  EXPECT_NEAR(score.sections[0].beat, 60.0 / 132, 0.02 * 60.0 / 132);

  struct Spelling {
    std::string key;
    int tonic;
    bool minor;
  };
  for (const Spelling& s : std::vector<Spelling>{{"E-flat major", 3, false},
                                                 {"F# minor", 6, true},
                                                 {"Bb major", 10, false},
                                                 {"A minor", 9, true},
                                                 {"G major", 7, false},
                                                 {"C sharp minor", 1, true}}) {
    sb.music.key = s.key;
    const Score keyed = ComposeScore(sb);
    EXPECT_EQ(keyed.tonic, s.tonic) << s.key;
    EXPECT_EQ(keyed.minor, s.minor) << s.key;
  }
  sb.music.tempo_bpm = 70;
  const Score slow = ComposeScore(sb);
  EXPECT_EQ(slow.tempo_bpm, 70);
  EXPECT_LT(slow.notes.size(), score.notes.size());
}

TEST(ScoreTest, EveryPitchedNoteIsInTheKey) {
  for (const std::string& mood : kMoods) {
    for (const std::string style : {"realistic", "anime"}) {
      const Score score = ComposeScore(Board(mood, {2.7, 3.3, 2.0}, style));
      ASSERT_FALSE(score.notes.empty()) << mood;
      for (const NoteEvent& n : score.notes) {
        if (n.channel == kDrumChannel) continue;
        EXPECT_TRUE(InScale(n.key, score.tonic, score.minor))
            << mood << " " << style << ": key " << n.key << " at " << n.start;
        EXPECT_GE(n.velocity, 1);
        EXPECT_LE(n.velocity, 127);
        EXPECT_GT(n.duration, 0);
      }
    }
  }
}

TEST(ScoreTest, EveryShotStartsASectionOnItsFirstFrame) {
  for (const std::string& mood : kMoods) {
    const Storyboard sb = Board(mood, {2.3, 3.1, 1.1, 2.6});
    const Score score = ComposeScore(sb);
    ASSERT_EQ(score.sections.size(), sb.shots.size()) << mood;
    for (size_t i = 0; i < sb.shots.size(); ++i) {
      const Section& sec = score.sections[i];
      EXPECT_EQ(sec.start, sb.shots[i].start) << mood;
      EXPECT_NEAR(sec.end, sb.shots[i].start + sb.shots[i].duration, 1e-9) << mood;
      EXPECT_EQ(sec.shot, static_cast<int>(i));
      // Something is struck exactly on the cut.
      const bool struck = std::any_of(score.notes.begin(), score.notes.end(), [&](const auto& n) {
        return std::abs(n.start - sec.start) < 1e-9;
      });
      EXPECT_TRUE(struck) << mood << " shot " << i;
    }
    // Sections alternate themes and return to the main one at the end.
    EXPECT_EQ(score.sections[0].label, 'A');
    EXPECT_EQ(score.sections[1].label, 'B');
    EXPECT_EQ(score.sections.back().label, 'A');
  }
}

TEST(ScoreTest, CutsGetAHalfCadenceAndTheClipEndsOnTheTonic) {
  for (const std::string mood : {"epic", "news", "upbeat", "sad"}) {
    const Storyboard sb = Board(mood, {3.0, 2.5, 2.5});
    const Score score = ComposeScore(sb);
    // The bass walks root and fifth: into each cut it plays the dominant's
    // (VII in minor, V in major).
    const int dominant = score.minor ? 10 : 7;
    for (size_t i = 1; i < sb.shots.size(); ++i) {
      const NoteEvent* bass = LastBefore(score, Part::kBass, sb.shots[i].start);
      ASSERT_NE(bass, nullptr) << mood;
      const int pc = ((bass->key - score.tonic) % 12 + 12) % 12;
      EXPECT_TRUE(pc == dominant || pc == (dominant + 7) % 12)
          << mood << " cut " << i << ": " << pc;
    }
    const NoteEvent* bass = LastBefore(score, Part::kBass, score.duration);
    ASSERT_NE(bass, nullptr);
    EXPECT_EQ(((bass->key - score.tonic) % 12 + 12) % 12, 0) << mood;
  }
}

TEST(ScoreTest, EveryNoteIsReleasedBeforeTheClipEnds) {
  for (const std::string& mood : kMoods) {
    for (const std::vector<double>& shots :
         std::vector<std::vector<double>>{{8.0}, {1.2, 0.9}, {0.5}, {4.0, 4.0, 4.0, 3.7}}) {
      const Storyboard sb = Board(mood, shots);
      const Score score = ComposeScore(sb);
      const double release = std::min(kReleaseSeconds, 0.2 * sb.DurationSeconds());
      double last_end = 0;
      for (const NoteEvent& n : score.notes) {
        last_end = std::max(last_end, n.start + n.duration);
        EXPECT_GE(n.start, 0);
      }
      EXPECT_LE(last_end, sb.DurationSeconds() - release + 1e-9) << mood;
      EXPECT_GT(last_end, sb.DurationSeconds() - release - 1.0) << mood << " ends too early";
      EXPECT_TRUE(std::is_sorted(score.notes.begin(), score.notes.end(),
                                 [](const auto& a, const auto& b) { return a.start < b.start; }));
    }
  }
}

TEST(ScoreTest, MoodsHaveDistinctCharacters) {
  Storyboard ad = Board("upbeat", {8});
  ad.tags = {"ad"};
  Storyboard news = Board("news", {3, 5});
  Storyboard sports = Board("epic", {8});
  sports.tags = {"sports"};
  const Storyboard calm = Board("calm", {8});
  const Storyboard anime = Board("upbeat", {8}, "anime");
  const std::vector<Score> scores = {ComposeScore(ad), ComposeScore(news), ComposeScore(sports),
                                     ComposeScore(calm), ComposeScore(anime)};
  const std::vector<std::string> names = {"jingle", "news-sting", "sports-epic", "ambient",
                                          "anime-opening"};
  for (size_t i = 0; i < scores.size(); ++i) {
    EXPECT_EQ(scores[i].character, names[i]);
    for (size_t j = i + 1; j < scores.size(); ++j) {
      EXPECT_NE(Programs(scores[i]), Programs(scores[j])) << names[i] << " vs " << names[j];
    }
  }
  EXPECT_NE(scores[1].tempo_bpm, scores[2].tempo_bpm);
  EXPECT_NE(scores[2].tempo_bpm, scores[3].tempo_bpm);
  EXPECT_GT(scores[2].intensity, scores[3].intensity);

  // Drums on channel 10 where the style has them; none under calm ambient.
  const auto drums = [](const Score& s) {
    return std::count_if(s.notes.begin(), s.notes.end(),
                         [](const NoteEvent& n) { return n.channel == kDrumChannel; });
  };
  EXPECT_GT(drums(scores[0]), 20);
  EXPECT_GT(drums(scores[2]), 20);
  EXPECT_GT(drums(scores[4]), 20);
  EXPECT_EQ(drums(scores[3]), 0);
  for (const NoteEvent& n : scores[0].notes) {
    if (n.part == Part::kDrums) {
      EXPECT_EQ(n.channel, kDrumChannel);
    }
  }

  // The news sting: brass and timpani on the first frame and on the cut.
  for (double cut : {0.0, 3.0}) {
    int brass = 0, timpani = 0;
    for (const NoteEvent& n : scores[1].notes) {
      if (std::abs(n.start - cut) > 1e-9) continue;
      brass += n.part == Part::kMelody;
      timpani += n.part == Part::kAccent;
    }
    EXPECT_GE(brass, 3) << cut;
    EXPECT_EQ(timpani, 1) << cut;
  }
  EXPECT_EQ(ProgramOf(scores[1], Part::kAccent), 47);  // timpani
}

TEST(ScoreTest, InstrumentsFollowTheStoryboard) {
  const Score sad = ComposeScore(Board("sad", {6}));
  EXPECT_EQ(ProgramOf(sad, Part::kMelody), 42);  // cello
  EXPECT_EQ(ProgramOf(sad, Part::kChords), 0);   // piano
  Storyboard calm = Board("calm", {6});
  calm.music.instruments = {"Flute", "harp", "drums", "kazoo"};
  const Score edited = ComposeScore(calm);
  EXPECT_EQ(ProgramOf(edited, Part::kMelody), 73);
  EXPECT_EQ(ProgramOf(edited, Part::kChords), 46);
  EXPECT_EQ(ProgramOf(edited, Part::kDrums), 0);
  // A generic word keeps the character's own choice within its family.
  const Score epic = ComposeScore(Board("epic", {6}));
  EXPECT_EQ(ProgramOf(epic, Part::kMelody), 60);  // "brass": French horns
}

TEST(ScoreTest, TheSeedChangesTheTuneNotTheCharacter) {
  const Score a = ComposeScore(Board("upbeat", {4, 4}, "realistic", 1));
  const Score again = ComposeScore(Board("upbeat", {4, 4}, "realistic", 1));
  const Score b = ComposeScore(Board("upbeat", {4, 4}, "realistic", 2));
  const auto melody = [](const Score& s) {
    std::vector<std::pair<double, int>> out;
    for (const NoteEvent& n : s.notes) {
      if (n.part == Part::kMelody) out.push_back({n.start, n.key});
    }
    return out;
  };
  EXPECT_EQ(melody(a), melody(again));
  EXPECT_EQ(a.notes.size(), again.notes.size());
  EXPECT_NE(melody(a), melody(b));
  EXPECT_EQ(Programs(a), Programs(b));
  EXPECT_EQ(a.tempo_bpm, b.tempo_bpm);
}

TEST(ScoreTest, EmptyAndOddStoryboardsDoNotBreakIt) {
  Storyboard empty = Board("calm", {});
  EXPECT_TRUE(ComposeScore(empty).notes.empty());
  Storyboard odd = Board("mystery-disco", {0.05, 3});
  odd.music.key = "H";
  odd.music.tempo_bpm = 1000;
  const Score score = ComposeScore(odd);
  EXPECT_EQ(score.character, "ambient");
  EXPECT_EQ(score.tempo_bpm, 220);
  EXPECT_EQ(score.sections.size(), 2u);
}

// --- rendering ------------------------------------------------------------

class ScoreRenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto found = FindSoundFont();
    ASSERT_TRUE(found) << found.error().ToString();
  }
};

TEST_F(ScoreRenderTest, SameSeedGivesSampleIdenticalAudio) {
  const Storyboard sb = Board("news", {3, 5});
  const auto first = RenderScore(sb, Frames(sb));
  const auto second = RenderScore(sb, Frames(sb));
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_TRUE(second) << second.error().ToString();
  ASSERT_EQ(first->size(), 2 * Frames(sb));
  EXPECT_TRUE(*first == *second);
  const auto other = RenderScore(Board("news", {3, 5}, "realistic", 99), Frames(sb));
  ASSERT_TRUE(other);
  EXPECT_FALSE(*first == *other);
}

TEST_F(ScoreRenderTest, ConcurrentRendersMatchSerialOnes) {
  const std::vector<Storyboard> boards = {Board("epic", {4, 4}), Board("calm", {8}),
                                          Board("funny", {3, 5}, "cartoon", 3)};
  std::vector<std::vector<float>> serial, parallel(boards.size());
  for (const Storyboard& sb : boards) serial.push_back(*RenderScore(sb, Frames(sb)));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < boards.size(); ++i) {
    threads.emplace_back([&, i] { parallel[i] = *RenderScore(boards[i], Frames(boards[i])); });
  }
  for (std::thread& t : threads) t.join();
  for (size_t i = 0; i < boards.size(); ++i) EXPECT_TRUE(serial[i] == parallel[i]) << i;
}

TEST_F(ScoreRenderTest, LoudnessNearTargetAndClean) {
  std::vector<std::pair<std::string, std::string>> cases;
  for (const std::string& mood : kMoods) cases.push_back({mood, "realistic"});
  cases.push_back({"upbeat", "anime"});
  for (const auto& [mood, style] : cases) {
    const Storyboard sb = Board(mood, {2.5, 3.0, 2.5}, style);
    const auto audio = RenderScore(sb, Frames(sb));
    ASSERT_TRUE(audio) << audio.error().ToString();
    ASSERT_EQ(audio->size(), 2 * Frames(sb));
    float peak = 0;
    for (float v : *audio) {
      ASSERT_TRUE(std::isfinite(v)) << mood;
      peak = std::max(peak, std::abs(v));
    }
    EXPECT_LE(peak, 0.8901f) << mood;
    EXPECT_NEAR(dsp::IntegratedLoudness(*audio, 2), kMusicLufs, 1.0) << mood;
    // Music all through, not a burst and silence: every second carries sound.
    for (size_t s = 0; s + 1 < static_cast<size_t>(sb.DurationSeconds()); ++s) {
      EXPECT_GT(dsp::Rms(*audio, 2, s * dsp::kSampleRate, (s + 1) * dsp::kSampleRate), 0.005)
          << mood << " second " << s;
    }
    // Faded out: the last 5 ms are nearly silent.
    const size_t n = Frames(sb);
    EXPECT_LT(dsp::Rms(*audio, 2, n - 240, n), 1e-3) << mood;
    MaybeDumpWav("score_" + mood + "_" + style, *audio, 2, dsp::kSampleRate);
  }
}

TEST_F(ScoreRenderTest, TheNewsStingSoundsOnTheFirstFrame) {
  const Storyboard sb = Board("news", {3, 5});
  const auto audio = RenderScore(sb, Frames(sb));
  ASSERT_TRUE(audio) << audio.error().ToString();
  const double whole = dsp::Rms(*audio, 2, 0, Frames(sb));
  const size_t ms = dsp::kSampleRate / 1000;
  EXPECT_GT(dsp::Rms(*audio, 2, 0, 50 * ms), whole) << "the sting is the loudest moment";
  EXPECT_GT(dsp::Rms(*audio, 2, 0, 5 * ms), 0.2 * whole) << "and it starts at once";
}

TEST_F(ScoreRenderTest, LengthIsExactlyTheFramesAskedFor) {
  const Storyboard sb = Board("upbeat", {2.0});
  for (size_t frames : {size_t{0}, size_t{1}, size_t{1000}, Frames(sb), Frames(sb) + 48000}) {
    const auto audio = RenderScore(sb, frames);
    ASSERT_TRUE(audio) << audio.error().ToString();
    EXPECT_EQ(audio->size(), 2 * frames);
  }
}

TEST_F(ScoreRenderTest, MissingSoundFontIsUnavailable) {
  const Storyboard sb = Board("calm", {2});
  ScoreOptions missing;
  missing.soundfont = "/nonexistent/kinora/none.sf2";
  const auto r = RenderScore(sb, Frames(sb), missing);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, core::ErrorCode::kUnavailable);
  EXPECT_NE(r.error().detail.find("none.sf2"), std::string::npos);

  const std::string not_a_font = ::testing::TempDir() + "kinora_not_a_soundfont.sf2";
  std::ofstream(not_a_font) << "RIFF....WAVEfmt this is not a SoundFont";
  ScoreOptions wrong;
  wrong.soundfont = not_a_font;
  const auto w = RenderScore(sb, Frames(sb), wrong);
  ASSERT_FALSE(w);
  EXPECT_EQ(w.error().code, core::ErrorCode::kUnavailable);
}

TEST_F(ScoreRenderTest, AnExplicitSoundFontIsUsed) {
  const auto installed = FindSoundFont();
  ASSERT_TRUE(installed);
  ScoreOptions options;
  options.soundfont = *installed;
  const Storyboard sb = Board("funny", {3});
  const auto a = RenderScore(sb, Frames(sb), options);
  const auto b = RenderScore(sb, Frames(sb));
  ASSERT_TRUE(a && b);
  EXPECT_TRUE(*a == *b);
}

TEST_F(ScoreRenderTest, EightSecondsRenderWellUnderASecond) {
  const Storyboard sb = Board("epic", {2.5, 3.0, 2.5});
  const std::clock_t begin = std::clock();
  const auto audio = RenderScore(sb, Frames(sb));
  const double cpu = static_cast<double>(std::clock() - begin) / CLOCKS_PER_SEC;
  ASSERT_TRUE(audio);
  std::cout << "8 s epic score: " << cpu << " s CPU\n";
  EXPECT_LT(cpu, 1.0);
}

}  // namespace
}  // namespace kinora::engine::audio
