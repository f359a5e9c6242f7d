// Lip sync measured on rendered frames: a person in a close-up says an
// English line, and the mouth seen in the pictures must move with the voice
// heard within ±45 ms, the smallest offset ITU-R BT.1359 finds detectable
// (sound ahead of picture; sound behind it is noticed from about 125 ms).
//
// The clip is built with the library calls `kinora generate` makes
// (BuildSoundtrack, then SceneRenderer::Render per frame with the
// soundtrack's mouth_open), on Mesa's llvmpipe. The mouth is measured from
// pixels: every frame is rendered twice, as generated and with the mouth
// forced shut, and the difference inside the face (the only place the two
// differ) is how far the mouth is open; captions are left out, as they would
// be the same in both. The voice is the dialogue line where the soundtrack
// placed it. Their cross-correlation over ±8 frames (±267 ms) gives the
// offset (sub-frame, by a parabola through the peak) and the correlation.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <numbers>
#include <string>
#include <vector>

#include "engine/audio/soundtrack.h"
#include "engine/audio/speech.h"
#include "engine/render/gl_context.h"
#include "engine/render/scene_renderer.h"
#include "engine/storyboard.h"
#include "media/image.h"

namespace kinora {
namespace {

constexpr int kFps = 30;
constexpr double kMaxLagSeconds = 0.25;
// ITU-R BT.1359's detectability threshold, applied either way.
constexpr double kToleranceSeconds = 0.045;

engine::Storyboard TalkingCloseUp() {
  engine::Storyboard sb;
  sb.seed = 17;
  sb.width = 240;
  sb.height = 320;
  sb.fps = kFps;
  engine::CastMember ana;
  ana.id = "ana";
  ana.name = "Ana";
  ana.looks.age = "adult";
  ana.looks.hair = "black";
  ana.looks.outfit.push_back({"sweater", "green"});
  sb.cast.push_back(ana);
  engine::Shot shot;
  shot.id = "s1";
  shot.duration = 4.5;
  shot.setting = {.place = "living room", .time_of_day = "afternoon", .indoor = true};
  shot.camera = {.framing = "close-up", .move = "static", .subject = "ana"};
  shot.actions.push_back({.actor = "ana", .verb = "talk", .at = 0.0, .until = 4.5});
  shot.dialogue.push_back(
      {.speaker = "ana",
       .text = "Maybe we should paint the old boat blue. But my brother wants purple!",
       .at = 0.5});
  sb.shots.push_back(shot);
  return sb;
}

double Luma(const uint8_t* p) { return 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]; }

// Pearson correlation of a[k + lag] with b[k] over the frames both cover.
double Correlation(const std::vector<double>& a, const std::vector<double>& b, int lag) {
  double ma = 0, mb = 0;
  int n = 0;
  for (int k = 0; k < static_cast<int>(b.size()); ++k) {
    const int j = k + lag;
    if (j < 0 || j >= static_cast<int>(a.size())) continue;
    ma += a[j], mb += b[k], ++n;
  }
  if (n < 2) return 0;
  ma /= n, mb /= n;
  double ab = 0, aa = 0, bb = 0;
  for (int k = 0; k < static_cast<int>(b.size()); ++k) {
    const int j = k + lag;
    if (j < 0 || j >= static_cast<int>(a.size())) continue;
    ab += (a[j] - ma) * (b[k] - mb);
    aa += (a[j] - ma) * (a[j] - ma);
    bb += (b[k] - mb) * (b[k] - mb);
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0;
}

// RMS of `voice` (mono, 48 kHz) in a Hann window two frames wide centred on
// each frame's instant k / fps: the loudness a viewer hears as frame k shows.
std::vector<double> SpeechEnvelope(const std::vector<float>& voice, int frames) {
  constexpr int rate = engine::audio::kSpeechSampleRate;
  std::vector<double> env(static_cast<size_t>(frames), 0.0);
  const long half = rate / kFps;
  for (int k = 0; k < frames; ++k) {
    const long centre = std::lround(static_cast<double>(k) * rate / kFps);
    double sum = 0, weight = 0;
    for (long i = -half; i <= half; ++i) {
      const double w = 0.5 + 0.5 * std::cos(std::numbers::pi * static_cast<double>(i) / (half + 1));
      weight += w;
      const long j = centre + i;
      if (j >= 0 && j < static_cast<long>(voice.size())) sum += w * voice[j] * voice[j];
    }
    env[static_cast<size_t>(k)] = std::sqrt(sum / weight);
  }
  return env;
}

using LumaFrames = std::vector<std::vector<uint8_t>>;

// Every frame of the clip with `mouth` as the speaker's opening per frame,
// as luma planes.
LumaFrames Render(engine::render::SceneRenderer& renderer, const std::vector<float>& mouth) {
  LumaFrames out;
  media::RgbaImage image;
  for (size_t k = 0; k < mouth.size(); ++k) {
    engine::render::FrameInputs in{.time = static_cast<double>(k) / kFps};
    in.mouth_open["ana"] = mouth[k];
    const core::Status status = renderer.Render(in, image);
    EXPECT_TRUE(status.ok()) << status.error().ToString();
    std::vector<uint8_t>& y = out.emplace_back(static_cast<size_t>(image.width) * image.height);
    for (size_t i = 0; i < y.size(); ++i) {
      y[i] = static_cast<uint8_t>(std::lround(Luma(image.pixels.data() + 4 * i)));
    }
  }
  return out;
}

struct Box {
  int x0 = 0, y0 = 0, x1 = -1, y1 = -1;  // inclusive
  double Share(int width, int height) const {
    return static_cast<double>(x1 - x0 + 1) * (y1 - y0 + 1) / (static_cast<double>(width) * height);
  }
};

// Where any frame of `a` differs from the same frame of `b` by more than 2
// luma levels. Renders are deterministic, so whatever differs is the mouth.
Box ChangedBox(const LumaFrames& a, const LumaFrames& b, int width, int height) {
  Box box{width, height, -1, -1};
  for (size_t k = 0; k < a.size(); ++k) {
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        const size_t i = static_cast<size_t>(y) * width + x;
        if (std::abs(a[k][i] - b[k][i]) > 2) {
          box.x0 = std::min(box.x0, x), box.y0 = std::min(box.y0, y);
          box.x1 = std::max(box.x1, x), box.y1 = std::max(box.y1, y);
        }
      }
    }
  }
  return box;
}

// How open the mouth looks on each frame: the summed |Δ luma| inside the
// face box between the frame and the same frame with the mouth shut.
std::vector<double> MouthSeen(const LumaFrames& frames, const LumaFrames& shut, const Box& box,
                              int width) {
  std::vector<double> seen(frames.size(), 0.0);
  for (size_t k = 0; k < frames.size(); ++k) {
    for (int y = box.y0; y <= box.y1; ++y) {
      for (int x = box.x0; x <= box.x1; ++x) {
        const size_t i = static_cast<size_t>(y) * width + x;
        seen[k] += std::abs(frames[k][i] - shut[k][i]);
      }
    }
  }
  return seen;
}

struct Sync {
  double offset_seconds = 0;  // > 0: the mouth moves after the voice
  double peak = 0;            // correlation at the best whole-frame lag
  double edge = 0;            // the larger correlation at the ends of the lag range
  std::vector<double> r;      // by lag, -max_lag … +max_lag frames
  int max_lag = 0;
};

Sync MeasureSync(const std::vector<double>& seen, const std::vector<double>& heard) {
  Sync s;
  s.max_lag = static_cast<int>(std::ceil(kMaxLagSeconds * kFps));
  for (int lag = -s.max_lag; lag <= s.max_lag; ++lag) s.r.push_back(Correlation(seen, heard, lag));
  const int best = static_cast<int>(std::max_element(s.r.begin(), s.r.end()) - s.r.begin());
  // A parabola through the peak and its neighbours places it between frames.
  double offset = best - s.max_lag;
  if (best > 0 && best + 1 < static_cast<int>(s.r.size())) {
    const double a = s.r[best - 1], b = s.r[best], c = s.r[best + 1];
    const double curvature = a - 2 * b + c;
    if (curvature < 0) offset += 0.5 * (a - c) / curvature;
  }
  s.offset_seconds = offset / kFps;
  s.peak = s.r[best];
  s.edge = std::max(s.r.front(), s.r.back());
  return s;
}

void Print(const char* what, const Sync& s) {
  std::printf("%s: mouth %+.1f ms after the voice, correlation %.3f (%.3f at ±%.0f ms)\n", what,
              1000 * s.offset_seconds, s.peak, s.edge, 1000.0 * s.max_lag / kFps);
}

TEST(LipSyncTest, RenderedMouthMovesWithTheVoice) {
  const auto started = std::chrono::steady_clock::now();
  const engine::Storyboard sb = TalkingCloseUp();
  ASSERT_TRUE(engine::Validate(sb).ok()) << engine::Validate(sb).error().ToString();
  auto speech = engine::audio::SpeechSynthesizer::Create();
  ASSERT_TRUE(speech.ok()) << speech.error().ToString();
  auto track = engine::audio::BuildSoundtrack(sb, **speech);
  ASSERT_TRUE(track.ok()) << track.error().ToString();
  ASSERT_EQ(track->lines.size(), 1u);
  const std::vector<float>& mouth = track->mouth_open.at("ana");
  ASSERT_EQ(static_cast<int>(mouth.size()), sb.FrameCount());

  // The dialogue as the soundtrack placed it: the same line, voice and
  // emotion give the same samples (speech.h), at the line's start.
  const engine::DialogueLine& line = sb.shots[0].dialogue[0];
  auto clip = (*speech)->Speak(line.text, sb.cast[0].voice, line.emotion);
  ASSERT_TRUE(clip.ok()) << clip.error().ToString();
  constexpr int kRate = engine::audio::kSpeechSampleRate;
  std::vector<float> voice(static_cast<size_t>(sb.DurationSeconds() * kRate), 0.0f);
  const auto first = static_cast<size_t>(std::llround(track->lines[0].start * kRate));
  for (size_t i = 0; i < clip->samples.size() && first + i < voice.size(); ++i) {
    voice[first + i] = clip->samples[i];
  }
  const std::vector<double> heard = SpeechEnvelope(voice, sb.FrameCount());

  auto gl = engine::render::GlContext::CreateHeadless();
  ASSERT_TRUE(gl.ok()) << gl.error().ToString();
  auto renderer = engine::render::SceneRenderer::Create(sb);
  ASSERT_TRUE(renderer.ok()) << renderer.error().ToString();
  const LumaFrames generated = Render(**renderer, mouth);
  const LumaFrames shut = Render(**renderer, std::vector<float>(mouth.size(), 0.0f));

  const Box box = ChangedBox(generated, shut, sb.width, sb.height);
  ASSERT_GE(box.x1, box.x0) << "the mouth never changed a pixel";
  std::printf("face box x %d-%d, y %d-%d (%.1f %% of the frame)\n", box.x0, box.x1, box.y0, box.y1,
              100 * box.Share(sb.width, sb.height));
  // Only the face changes: a close-up's mouth and jaw, not the whole picture.
  EXPECT_LT(box.Share(sb.width, sb.height), 0.2);

  const std::vector<double> seen = MouthSeen(generated, shut, box, sb.width);
  // The pixels follow the mouth values the renderer was given.
  const std::vector<double> given(mouth.begin(), mouth.end());
  const double fidelity = Correlation(seen, given, 0);
  std::printf("pixels vs mouth_open: correlation %.3f\n", fidelity);
  EXPECT_GT(fidelity, 0.9);

  const Sync sync = MeasureSync(seen, heard);
  Print("lip sync", sync);
  for (size_t i = 0; i < sync.r.size(); ++i) {
    std::printf("  lag %+4.0f ms  r %+.3f\n", 1000.0 * (static_cast<int>(i) - sync.max_lag) / kFps,
                sync.r[i]);
  }
  EXPECT_LE(std::fabs(sync.offset_seconds), kToleranceSeconds);
  // A clear peak: measured 0.56 against 0.16 at the ends of the range.
  EXPECT_GT(sync.peak, 0.4);
  EXPECT_GT(sync.peak, sync.edge + 0.2);

  // The control: the same mouth three frames (100 ms) late must measure so,
  // or the measurement could not see an offset at all.
  constexpr int kLate = 3;
  std::vector<float> late(mouth.size(), 0.0f);
  std::copy(mouth.begin(), mouth.end() - kLate, late.begin() + kLate);
  const Sync late_sync =
      MeasureSync(MouthSeen(Render(**renderer, late), shut, box, sb.width), heard);
  Print("control, mouth 100 ms late", late_sync);
  EXPECT_NEAR(late_sync.offset_seconds - sync.offset_seconds, static_cast<double>(kLate) / kFps,
              0.015);
  EXPECT_GT(std::fabs(late_sync.offset_seconds), kToleranceSeconds);

  std::printf("lip sync test took %.1f s\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
}

}  // namespace
}  // namespace kinora
