// The composer (see score.h): turns the storyboard's character, key, tempo
// and shot timing into sections, bars and chords, and plays them as melody,
// pad, comping, bass, accents and drums — with a theme per section label, a
// half cadence and drum fill into every cut, and an ending on the tonic.
// Rendering the notes is score_render.cc's job.
#include "engine/audio/score.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/audio/dsp.h"
#include "engine/audio/score_characters.h"

namespace kinora::engine::audio {
namespace score_internal {
namespace {

using dsp::Rng;

constexpr int kScale[2][7] = {{0, 2, 4, 5, 7, 9, 11}, {0, 2, 3, 5, 7, 8, 10}};
constexpr int kChannelOf[6] = {0, 1, 2, 3, 4, kDrumChannel};  // indexed by Part

int FloorDiv(int a, int b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0); }

// Where a part sits, as the MIDI note its notes gather around.
int MelodyCenter(int program) {
  if (program >= 8 && program <= 15) return 76;  // mallets and bells
  if (program == 42) return 57;                  // cello
  if (program == 57 || program == 60) return 65;
  if (program == 58) return 50;
  if (program == 73 || program == 40) return 76;
  if ((program >= 24 && program <= 31) || program == 61 || program == 71) return 67;
  return 72;
}

// The lowest note of the accent part's hits: timpani sit low, anything else
// an octave under where it would carry a melody.
int AccentFrom(int program) { return program == 47 ? 38 : MelodyCenter(program) - 17; }

int BassCenter(int program) { return program == 42 || program == 45 ? 48 : 40; }

bool IsPowerChordGuitar(int program) { return program == 29 || program == 30; }

// A bar: a span of sixteenths inside a section, with one chord for each half.
struct Bar {
  int first = 0;  // sixteenths from the section's start
  int length = 16;
  std::array<int, 2> degree{0, 0};
  int Half() const { return length < 8 ? 0 : (length / 4) * 2; }
  int DegreeAt(int pos) const { return pos < Half() ? degree[0] : degree[1]; }
};

// One melody onset of a theme's two-bar cell.
struct CellNote {
  int at, length;   // sixteenths within the bar
  bool rest;        // silent: the contour moves on, nothing sounds
  bool chord_tone;  // else a step along the scale
  int value;        // chord-tone index (0 root, 1 third, 2 fifth) or step
};

class Composer {
 public:
  explicit Composer(const Storyboard& sb)
      : sb_(sb), ch_(PickCharacter(sb)), rng_(dsp::MixSeed(sb.seed, dsp::HashString("score"))) {
    const Instrumentation inst = Instrument(ch_, sb.music.instruments);
    programs_ = inst.programs;
    drums_ = inst.drums;
    const Key key = ParseKey(sb.music.key).value_or(DefaultKey(ch_));
    tonic_ = key.tonic;
    minor_ = key.minor;
    tempo_ = std::clamp(sb.music.tempo_bpm, 40, 220);
    duration_ = std::max(0.0, sb.DurationSeconds());
    end_limit_ = duration_ - std::min(kReleaseSeconds, 0.2 * duration_);
  }

  Score Compose();

 private:
  const Progressions& Harmony() const { return minor_ ? ch_.minor : ch_.major; }
  int Dominant() const { return minor_ ? 6 : 4; }  // VII–i in minor, V–I in major
  bool Plays(Part p) const { return programs_[static_cast<size_t>(p)] >= 0; }
  int Program(Part p) const { return programs_[static_cast<size_t>(p)]; }

  int Midi(int pos) const {
    const int octave = FloorDiv(pos, 7);
    return tonic_ + 12 * octave + kScale[minor_ ? 1 : 0][pos - 7 * octave];
  }
  // The lowest scale position at or above MIDI note `midi` that is the root
  // of the chord on `degree` (degree 0: the tonic).
  int RootFrom(int midi, int degree) const {
    const int low = PosNear(midi);
    return low + ((degree - low) % 7 + 7) % 7;
  }
  int PosNear(int midi) const {
    const int guess = (midi - tonic_) * 7 / 12;
    int best = guess;
    for (int p = guess - 2; p <= guess + 2; ++p) {
      if (std::abs(Midi(p) - midi) < std::abs(Midi(best) - midi)) best = p;
    }
    return best;
  }
  std::vector<int> Voicing(int degree, int center, int size,
                           const std::vector<int>& previous) const;

  std::vector<Bar> Bars(const Section& sec, int sixteenths, bool final) const;
  std::array<std::vector<CellNote>, 2> Theme(char label) const;

  void Add(Part part, double start, double duration, int key, double velocity);
  void Chord(Part part, double start, double duration, const std::vector<int>& keys,
             double velocity, double roll = 0);

  void PlayBar(const Section& sec, const Bar& bar, int limit, bool fill);
  void PlayMelody(const Section& sec, const std::vector<Bar>& bars, bool final);
  void PlayEnding(const Section& sec, const Bar& bar);
  void Sting(const Section& sec, int degree, double strength);
  std::vector<NoteEvent> Finish();
  int ReleaseCents(Part part) const;

  double Time(const Section& sec, int sixteenth) const { return sec.start + sixteenth * step_; }
  double Velocity(double base) const { return base * (0.6 + 0.5 * intensity_); }

  const Storyboard& sb_;
  const Character& ch_;
  Rng rng_;
  std::array<int, kParts> programs_{};
  Drums drums_ = Drums::kNone;
  int tonic_ = 0;
  bool minor_ = false;
  int tempo_ = 100;
  double duration_ = 0, end_limit_ = 0;
  // Per section while composing.
  double step_ = 0.125;  // seconds per sixteenth
  double intensity_ = 0.5;
  std::vector<int> pad_voicing_, comp_voicing_;
  std::vector<NoteEvent> notes_;
};

std::vector<int> Composer::Voicing(int degree, int center, int size,
                                   const std::vector<int>& previous) const {
  std::vector<int> best;
  double best_cost = 1e9;
  const int base = PosNear(center) - 7;
  for (int root = base - ((base - degree) % 7 + 7) % 7; root <= base + 14; root += 7) {
    for (int inversion = 0; inversion < size; ++inversion) {
      std::vector<int> keys;
      for (int i = 0; i < size; ++i) keys.push_back(Midi(root + 2 * i + (i < inversion ? 7 : 0)));
      std::sort(keys.begin(), keys.end());
      double mean = 0;
      for (int k : keys) mean += k;
      mean /= size;
      // Smooth voice leading from the last chord, without drifting away.
      double cost = 0.5 * std::abs(mean - center);
      if (previous.size() == keys.size()) {
        for (size_t i = 0; i < keys.size(); ++i) cost += std::abs(keys[i] - previous[i]);
      } else {
        cost += 2 * std::abs(mean - center);
      }
      if (cost < best_cost) best_cost = cost, best = keys;
    }
  }
  return best;
}

// Bars of 16 sixteenths from the section's start; a remainder of half a bar
// or more is a short bar of its own, a shorter one lengthens the last bar.
// Chords follow the section's progression; a section ending at a cut turns
// to the dominant on its last half bar, and the clip's last section ends
// dominant → tonic.
std::vector<Bar> Composer::Bars(const Section& sec, int sixteenths, bool final) const {
  std::vector<Bar> bars;
  const int full = sixteenths / 16, rest = sixteenths % 16;
  if (full == 0) {
    bars.push_back({0, sixteenths});
  } else {
    for (int i = 0; i < full; ++i) bars.push_back({16 * i, 16});
    if (rest >= 8) {
      bars.push_back({16 * full, rest});
    } else {
      bars.back().length += rest;
    }
  }
  const std::array<int, 4>& prog = sec.label == 'A' ? Harmony().a : Harmony().b;
  for (size_t i = 0; i < bars.size(); ++i) bars[i].degree = {prog[i % 4], prog[i % 4]};
  Bar& last = bars.back();
  if (!final) {
    last.degree[1] = Dominant();
    if (last.Half() == 0) last.degree[0] = Dominant();
  } else {
    last.degree = {0, 0};
    if (bars.size() >= 2) bars[bars.size() - 2].degree[1] = Dominant();
  }
  return bars;
}

// A theme is a two-bar cell of rhythm and contour, fixed per label and seed,
// so every 'A' section states the same tune over whatever chords it meets.
std::array<std::vector<CellNote>, 2> Composer::Theme(char label) const {
  Rng rng(dsp::MixSeed(sb_.seed, static_cast<uint64_t>(label)));
  const double d = ch_.density;
  // Note lengths in sixteenths and how likely each is at this density.
  constexpr int kLengths[] = {2, 4, 6, 8, 12, 16};
  const double weights[] = {0.2 + 6 * d * d,   1 + 2 * d,   1.5,
                            0.5 + 3 * (1 - d), 2 * (1 - d), 1.5 * (1 - d)};
  double total = 0;
  for (double w : weights) total += w;
  std::array<std::vector<CellNote>, 2> cell;
  for (int bar = 0; bar < 2; ++bar) {
    for (int at = 0; at < 16;) {
      double pick = rng.Uniform() * total;
      int length = kLengths[5];
      for (int i = 0; i < 6; ++i) {
        if ((pick -= weights[i]) < 0) {
          length = kLengths[i];
          break;
        }
      }
      length = std::min(length, 16 - at);
      const bool split = length == 2 && d > 0.6 && rng.Uniform() < (d - 0.6) * 2;
      for (int part = 0; part < (split ? 2 : 1); ++part) {
        CellNote n{at, split ? 1 : length, false, at % 8 == 0, 0};
        n.rest = at != 0 && rng.Uniform() < 0.08 + 0.3 * (1 - d);
        if (n.chord_tone) {
          n.value = std::array{0, 0, 0, 1, 1, 1, 2, 2}[rng.Int(0, 7)];
        } else {
          // Rise through the first bar, fall through the second: an arch.
          const int sign = (rng.Uniform() < 0.65) == (bar == 0) ? 1 : -1;
          n.value = sign * (rng.Uniform() < 0.8 ? 1 : 2);
        }
        cell[bar].push_back(n);
        at += n.length;
      }
    }
  }
  return cell;
}

void Composer::Add(Part part, double start, double duration, int key, double velocity) {
  if (!Plays(part) || duration <= 0) return;
  const int jitter = rng_.Int(-4, 4);  // a player never hits two notes exactly alike
  NoteEvent n;
  n.start = start;
  n.duration = duration;
  n.channel = kChannelOf[static_cast<size_t>(part)];
  n.key = std::clamp(key, 0, 127);
  n.velocity = std::clamp(static_cast<int>(std::lround(velocity)) + jitter, 1, 127);
  n.part = part;
  notes_.push_back(n);
}

void Composer::Chord(Part part, double start, double duration, const std::vector<int>& keys,
                     double velocity, double roll) {
  for (size_t i = 0; i < keys.size(); ++i) {
    const double offset = roll * static_cast<double>(i);
    Add(part, start + offset, duration - offset, keys[i], velocity);
  }
}

// Pad, chords, bass and drums for one bar, up to sixteenth `limit`; `fill`
// replaces the groove's last beat (two for the epic kit) with a drum fill.
void Composer::PlayBar(const Section& sec, const Bar& bar, int limit, bool fill) {
  const bool sevenths = ch_.sevenths;
  // The pad holds each chord for as long as it lasts: one attack per bar,
  // or per half bar when the harmony changes in the middle.
  const bool changes = bar.Half() > 0 && bar.degree[0] != bar.degree[1];
  for (int half = 0; half < (changes ? 2 : 1) && Plays(Part::kPad); ++half) {
    const int from = half == 0 ? 0 : bar.Half();
    const int to = std::min(changes && half == 0 ? bar.Half() : bar.length, limit);
    if (from >= to) continue;
    const int degree = bar.degree[static_cast<size_t>(half)];
    const bool power = IsPowerChordGuitar(Program(Part::kPad));
    std::vector<int> keys;
    if (power) {
      const int root = Midi(RootFrom(45, degree));
      keys = {root, root + 7, root + 12};
    } else {
      pad_voicing_ = Voicing(degree, 60, sevenths ? 4 : 3, pad_voicing_);
      keys = pad_voicing_;
    }
    const double start = Time(sec, bar.first + from);
    Chord(Part::kPad, start, Time(sec, bar.first + to) - start - 0.01, keys,
          Velocity(power ? 70 : 62));
  }
  // Chords and bass follow their 16-step rhythms.
  const auto onsets = [&](std::string_view rhythm) {
    std::vector<int> at;
    for (int p = 0; p < std::min(bar.length, limit); ++p) {
      if (rhythm[static_cast<size_t>(p % 16)] != '.') at.push_back(p);
    }
    return at;
  };
  const auto until_next = [&](const std::vector<int>& at, size_t i) {
    const int next = i + 1 < at.size() ? at[i + 1] : std::min(bar.length, limit);
    return std::min(next, at[i] < bar.Half() ? bar.Half() : bar.length) - at[i];
  };
  const std::vector<int> comp = onsets(ch_.comp_rhythm);
  for (size_t i = 0; i < comp.size(); ++i) {
    const int degree = bar.DegreeAt(comp[i]);
    const int center = Program(Part::kChords) == 45 ? 60 : 64;
    comp_voicing_ = Voicing(degree, center, sevenths ? 4 : 3, comp_voicing_);
    const double start = Time(sec, bar.first + comp[i]);
    const double accent = comp[i] % 4 == 0 ? 8 : 0;
    switch (ch_.comp) {
      case Comp::kBlock:
        Chord(Part::kChords, start, step_ * std::min(until_next(comp, i), 2) * 0.8, comp_voicing_,
              Velocity(70 + accent));
        break;
      case Comp::kArpeggio: {
        // Up the chord and back, each note left to ring under the next.
        constexpr int kOrder[] = {0, 1, 2, 3, 2, 1};
        const size_t n = comp_voicing_.size();
        const int index = kOrder[i % 6];
        const int key = index < static_cast<int>(n) ? comp_voicing_[static_cast<size_t>(index)]
                                                    : comp_voicing_[0] + 12;
        Add(Part::kChords, start, step_ * until_next(comp, i) * 1.8, key, Velocity(64 + accent));
        break;
      }
      case Comp::kOstinato: {
        const int root = Midi(RootFrom(center - 19, degree));
        const int key = i % 4 == 3 ? Midi(PosNear(root) + 4) : root;
        Add(Part::kChords, start, step_ * until_next(comp, i) * 0.7, key, Velocity(68 + accent));
        break;
      }
    }
  }
  const std::vector<int> bass = onsets(ch_.bass_rhythm);
  for (size_t i = 0; i < bass.size(); ++i) {
    const int degree = bar.DegreeAt(bass[i]);
    const int root = RootFrom(BassCenter(Program(Part::kBass)) - 5, degree);
    const char what = ch_.bass_rhythm[static_cast<size_t>(bass[i] % 16)];
    const int key = what == 'f' ? Midi(root + 4) : what == 'o' ? Midi(root) + 12 : Midi(root);
    Add(Part::kBass, Time(sec, bar.first + bass[i]), step_ * until_next(bass, i) * 0.9, key,
        Velocity(bass[i] % 8 == 0 ? 96 : 86));
  }
  if (drums_ == Drums::kNone) return;
  const int fill_length =
      fill ? std::min(drums_ == Drums::kEpic ? 8 : 4, std::min(bar.length, limit) / 2) : 0;
  const int groove_end = std::min(bar.length, limit) - fill_length;
  for (const Lane& lane : Groove(drums_)) {
    for (int p = 0; p < groove_end; ++p) {
      if (lane.rhythm[static_cast<size_t>(p % 16)] != 'x') continue;
      const double accent = p % 16 == 0 ? 10 : p % 4 == 0 ? 4 : 0;
      Add(Part::kDrums, Time(sec, bar.first + p), 0.25, lane.key, Velocity(lane.velocity + accent));
    }
  }
  // The fill rolls down the toms, or builds on the snare, into the cut.
  const bool toms = drums_ == Drums::kEpic || rng_.Uniform() < 0.5;
  constexpr int kToms[] = {kHighTom, kHighMidTom, kLowMidTom, kLowTom, kHighFloorTom, kLowFloorTom};
  for (int i = 0; i < fill_length; ++i) {
    const int key = drums_ == Drums::kPlayful ? (i % 2 ? kLowWood : kHighWood)
                    : toms ? kToms[static_cast<size_t>(i * 6 / std::max(fill_length, 1))]
                           : kSnare;
    Add(Part::kDrums, Time(sec, bar.first + groove_end + i), 0.25, key,
        Velocity(72 + 40.0 * i / fill_length));
  }
  if (fill_length > 0 && Plays(Part::kAccent) && ch_.name == "sports-epic") {
    const int root = RootFrom(AccentFrom(Program(Part::kAccent)), bar.degree[1]);
    for (int i = 0; i < fill_length; ++i) {
      Add(Part::kAccent, Time(sec, bar.first + groove_end + i), step_, Midi(root),
          Velocity(60 + 50.0 * i / fill_length));
    }
  }
}

// The melody: the section's theme realised over its chords, chord tones on
// the strong beats and scale steps between; the last bar holds a chord tone
// into the cut (a half cadence), or the tonic at the clip's end.
void Composer::PlayMelody(const Section& sec, const std::vector<Bar>& bars, bool final) {
  if (!Plays(Part::kMelody)) return;
  const int center = MelodyCenter(Program(Part::kMelody));
  const int lo = PosNear(center - 8), hi = PosNear(center + 9);
  int pos = PosNear(center);
  const std::array<std::vector<CellNote>, 2> theme = Theme(sec.label);
  const auto nearest_tone = [&](int degree, int tone) {
    int p = degree + 2 * tone;
    p += 7 * static_cast<int>(std::lround((pos - p) / 7.0));
    while (p < lo) p += 7;
    while (p > hi) p -= 7;
    return p;
  };
  for (size_t b = 0; b < bars.size(); ++b) {
    const Bar& bar = bars[b];
    const bool last = b + 1 == bars.size();
    // The last bar keeps the theme's first half, then holds its cadence note.
    const bool held_ending = final && ch_.ending == Ending::kHold;
    const int cadence_at = !last ? bar.length : held_ending ? 0 : bar.Half();
    const bool answer = b % 4 == 3;  // every fourth bar turns the contour over
    const int stop = std::min(cadence_at, bar.length);
    // A bar stretched past 16 sixteenths carries on into the cell's other bar.
    for (int seg = 0; seg * 16 < stop; ++seg) {
      for (const CellNote& n : theme[(b + static_cast<size_t>(seg)) % 2]) {
        const int at = 16 * seg + n.at;
        if (at >= stop) break;
        if (ch_.sting && b == 0 && at < 4) continue;  // leave the sting alone
        if (n.chord_tone) {
          pos = nearest_tone(bar.DegreeAt(at), n.value);
        } else {
          pos += answer ? -n.value : n.value;
          if (pos < lo || pos > hi) pos -= 2 * (answer ? -n.value : n.value);
        }
        if (n.rest) continue;
        Add(Part::kMelody, Time(sec, bar.first + at), step_ * std::min(n.length, stop - at) * 0.92,
            Midi(pos), Velocity(at % 8 == 0 ? 96 : 86));
      }
    }
    if (!last || (final && ch_.ending == Ending::kButton)) continue;
    if (final) {
      pos = nearest_tone(0, 0);
      const double start = Time(sec, bar.first);
      Add(Part::kMelody, start, end_limit_ - start, Midi(pos), Velocity(88));
    } else {
      const int tone = std::abs(nearest_tone(bar.degree[1], 1) - pos) <
                               std::abs(nearest_tone(bar.degree[1], 2) - pos)
                           ? 1
                           : 2;
      pos = nearest_tone(bar.degree[1], tone);
      const double start = Time(sec, bar.first + cadence_at);
      // A sixteenth's breath before the cut.
      Add(Part::kMelody, start, Time(sec, bar.first + bar.length - 1) - start, Midi(pos),
          Velocity(92));
    }
  }
}

// The clip's last bar on the tonic: a held chord that rings out, or the
// groove for half a bar and then a short tutti hit.
void Composer::PlayEnding(const Section& sec, const Bar& bar) {
  const bool button = ch_.ending == Ending::kButton;
  const int at = button ? bar.Half() : 0;
  if (button && at > 0) PlayBar(sec, bar, at, false);
  const double start = Time(sec, bar.first + at);
  const double length = button ? std::min(0.45, 2 * (60.0 / tempo_)) : end_limit_ - start;
  const bool sevenths = ch_.sevenths && !button;
  if (Plays(Part::kPad)) {
    pad_voicing_ = Voicing(0, 60, sevenths ? 4 : 3, pad_voicing_);
    Chord(Part::kPad, start, length, pad_voicing_, Velocity(66));
  }
  comp_voicing_ = Voicing(0, 64, sevenths ? 4 : 3, comp_voicing_);
  // A held ending is rolled from the bottom, as a pianist or harpist would.
  Chord(Part::kChords, start, length, comp_voicing_, Velocity(button ? 84 : 66),
        button ? 0 : std::min(0.08, step_ / 2));
  Add(Part::kBass, start, length, Midi(RootFrom(BassCenter(Program(Part::kBass)) - 5, 0)),
      Velocity(96));
  if (button) {
    Add(Part::kMelody, start, length, Midi(RootFrom(MelodyCenter(Program(Part::kMelody)) - 5, 0)),
        Velocity(100));
  }
  if (Plays(Part::kAccent)) {
    Add(Part::kAccent, start, std::min(1.2, end_limit_ - start),
        Midi(RootFrom(AccentFrom(Program(Part::kAccent)), 0)), Velocity(button ? 110 : 80));
  }
  if (drums_ != Drums::kNone) {
    Add(Part::kDrums, start, end_limit_ - start, kCrash, Velocity(button ? 110 : 70));
    Add(Part::kDrums, start, 0.25, kKick, Velocity(button ? 112 : 72));
  }
}

// The news sting: a brass chord over a timpani stroke and a cymbal, on the
// first frame of the section.
void Composer::Sting(const Section& sec, int degree, double strength) {
  const int center = MelodyCenter(Program(Part::kMelody));
  std::vector<int> keys = Voicing(degree, center, 3, {});
  keys.push_back(keys.front() + 12);
  const double length = std::min(0.5, sec.end - sec.start);
  Chord(Part::kMelody, sec.start, length, keys, 118 * strength);
  Add(Part::kAccent, sec.start, std::min(1.2, sec.end - sec.start),
      Midi(RootFrom(AccentFrom(Program(Part::kAccent)), degree)), 120 * strength);
  Add(Part::kDrums, sec.start, 0.25, kKick, 112 * strength);
}

// Clamps every note inside the clip (off by end_limit_) and keeps one
// sounding note per channel and key: a note re-struck before it ended is
// cut where the new one begins, and simultaneous duplicates keep the louder.
std::vector<NoteEvent> Composer::Finish() {
  std::vector<NoteEvent> notes;
  for (NoteEvent n : notes_) {
    if (n.start >= end_limit_ - 0.02) continue;
    n.duration = std::min(n.duration, end_limit_ - n.start);
    notes.push_back(n);
  }
  std::stable_sort(notes.begin(), notes.end(), [](const NoteEvent& a, const NoteEvent& b) {
    if (a.channel != b.channel) return a.channel < b.channel;
    if (a.key != b.key) return a.key < b.key;
    if (a.start != b.start) return a.start < b.start;
    return a.velocity > b.velocity;
  });
  std::vector<NoteEvent> kept;
  for (const NoteEvent& n : notes) {
    if (!kept.empty() && kept.back().channel == n.channel && kept.back().key == n.key) {
      NoteEvent& previous = kept.back();
      if (n.start - previous.start < 1e-6) continue;
      previous.duration = std::min(previous.duration, n.start - previous.start);
    }
    kept.push_back(n);
  }
  std::erase_if(kept, [](const NoteEvent& n) { return n.duration < 0.005; });
  std::stable_sort(kept.begin(), kept.end(), [](const NoteEvent& a, const NoteEvent& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.channel != b.channel) return a.channel < b.channel;
    return a.key < b.key;
  });
  return kept;
}

// Many General MIDI presets ring for seconds after the note-off (TimGM6mb's
// strings 3 s, its glockenspiel 19 s): right for a held pad, mush under a
// riff of sixteenths, and every ringing voice costs render time.
int Composer::ReleaseCents(Part part) const {
  const int program = Program(part);
  switch (part) {
    case Part::kMelody: return program >= 8 && program <= 15 ? -3600 : -1200;
    case Part::kChords: return ch_.comp == Comp::kArpeggio ? -1200 : -3600;
    case Part::kPad: return -1200;
    default: return 0;
  }
}

Score Composer::Compose() {
  Score score;
  score.character = std::string(ch_.name);
  score.tempo_bpm = tempo_;
  score.tonic = tonic_;
  score.minor = minor_;
  score.progression.assign(Harmony().a.begin(), Harmony().a.end());
  score.duration = duration_;
  for (int p = 0; p < kParts; ++p) {
    if (programs_[static_cast<size_t>(p)] < 0) continue;
    const auto part = static_cast<Part>(p);
    // Melody centre, chords left, pad right, bass and drums centre.
    constexpr int kVolume[] = {100, 80, 74, 98, 96, 100}, kPan[] = {64, 44, 84, 64, 74, 64};
    const int reverb = part == Part::kBass    ? 10
                       : part == Part::kDrums ? ch_.reverb / 2
                                              : ch_.reverb;
    score.tracks.push_back({part, kChannelOf[p], programs_[static_cast<size_t>(p)], kVolume[p],
                            kPan[p], reverb, ReleaseCents(part)});
  }
  const double beat = 60.0 / tempo_;
  const size_t count = sb_.shots.size();
  size_t last_shot = 0;  // the last shot with a length: it carries the ending
  for (size_t i = 0; i < count; ++i) {
    if (sb_.shots[i].duration > 0) last_shot = i;
  }
  double weighted = 0;
  for (size_t i = 0; i < count; ++i) {
    const Shot& shot = sb_.shots[i];
    if (!(shot.duration > 0)) continue;
    Section sec;
    sec.start = shot.start;
    sec.end = shot.start + shot.duration;
    sec.shot = static_cast<int>(i);
    const bool final = i == last_shot;
    sec.label = (i % 2 == 0 || (final && i > 1)) ? 'A' : 'B';
    const bool builds = drums_ == Drums::kEpic || drums_ == Drums::kAnime || drums_ == Drums::kPop;
    sec.intensity = std::clamp(
        ch_.intensity + ShotEnergy(shot) + (builds && count > 1 ? 0.1 * i / (count - 1) : 0), 0.1,
        1.0);
    // Whole eighths per shot: the tempo bends slightly so the cut lands on the grid.
    const int eighths = std::max(1, static_cast<int>(std::lround(shot.duration / (beat / 2))));
    step_ = shot.duration / (2.0 * eighths);
    sec.beat = 4 * step_;
    intensity_ = sec.intensity;
    weighted += sec.intensity * shot.duration;

    std::vector<Bar> bars = Bars(sec, 2 * eighths, final);
    if (ch_.sting) Sting(sec, bars.front().degree[0], i == 0 ? 1.0 : 0.75);
    const bool entry = drums_ == Drums::kPop || drums_ == Drums::kAnime || drums_ == Drums::kEpic ||
                       drums_ == Drums::kNews;
    if (drums_ != Drums::kNone && (i > 0 || entry)) {
      Add(Part::kDrums, sec.start, 1.5, kCrash, Velocity(i == 0 ? 96 : 104));
    }
    if (Plays(Part::kAccent) && !ch_.sting) {
      Add(Part::kAccent, sec.start, 1.0,
          Midi(RootFrom(AccentFrom(Program(Part::kAccent)), bars.front().degree[0])),
          Velocity(104));
    }
    for (size_t b = 0; b < bars.size(); ++b) {
      const bool last = b + 1 == bars.size();
      if (final && last) break;
      PlayBar(sec, bars[b], bars[b].length, last && !final);
    }
    PlayMelody(sec, bars, final);
    if (final) PlayEnding(sec, bars.back());
    score.sections.push_back(sec);
  }
  score.intensity = duration_ > 0 ? weighted / duration_ : ch_.intensity;
  score.notes = Finish();
  return score;
}

}  // namespace
}  // namespace score_internal

Score ComposeScore(const Storyboard& sb) { return score_internal::Composer(sb).Compose(); }

}  // namespace kinora::engine::audio
