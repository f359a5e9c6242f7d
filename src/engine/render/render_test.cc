// Tests of the GL path: headless contexts and rendered frames.
//
// Set KINORA_RENDER_DUMP=/some/dir to also write every checked frame as a PPM
// image there (for looking at them: `ffmpeg -i frame.ppm frame.png`).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "engine/render/gl_context.h"
#include "engine/render/scene_renderer.h"

// Mesa keeps allocations alive until process exit; LeakSanitizer would report
// them. The hook only exists in sanitizer builds and sets their defaults.
extern "C" const char* __asan_default_options() { return "detect_leaks=0"; }

namespace kinora::engine::render {
namespace {

Storyboard MakeStoryboard(const std::string& place, const std::string& time_of_day, int width,
                          int height) {
  Storyboard sb;
  sb.seed = 7;
  sb.width = width;
  sb.height = height;
  sb.style = "realistic";
  Shot shot;
  shot.id = "s1";
  shot.start = 0.0;
  shot.duration = 4.0;
  shot.setting.place = place;
  shot.setting.time_of_day = time_of_day;
  shot.camera.framing = "wide";
  sb.shots.push_back(shot);
  return sb;
}

CastMember Dog() {
  CastMember dog;
  dog.id = "rocket";
  dog.kind = "animal";
  dog.name = "Rocket";
  dog.species = "dog";
  dog.breed = "golden retriever";
  return dog;
}

CastMember Person(const std::string& id, const std::string& outfit_color) {
  CastMember p;
  p.id = id;
  p.kind = "person";
  p.name = id;
  p.looks.age = "adult";
  p.looks.hair = "black";
  p.looks.outfit.push_back({"hoodie", outfit_color});
  return p;
}

void Dump(const media::RgbaImage& image, const std::string& name) {
  const char* dir = std::getenv("KINORA_RENDER_DUMP");
  if (dir == nullptr) return;
  std::ofstream out(std::string(dir) + "/" + name + ".ppm", std::ios::binary);
  out << "P6\n" << image.width << " " << image.height << "\n255\n";
  for (size_t i = 0; i < image.pixels.size(); i += 4) {
    out.write(reinterpret_cast<const char*>(&image.pixels[i]), 3);
  }
}

struct Mean {
  double r = 0, g = 0, b = 0;
  double Luma() const { return 0.299 * r + 0.587 * g + 0.114 * b; }
};

Mean MeanOfRows(const media::RgbaImage& image, int y0, int y1) {
  Mean m;
  double n = 0;
  for (int y = y0; y < y1; ++y) {
    const uint8_t* row = image.Row(y);
    for (int x = 0; x < image.width; ++x) {
      m.r += row[x * 4], m.g += row[x * 4 + 1], m.b += row[x * 4 + 2];
      ++n;
    }
  }
  m.r /= n, m.g /= n, m.b /= n;
  return m;
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto gl = GlContext::CreateHeadless();
    ASSERT_TRUE(gl.ok()) << gl.error().ToString();
    gl_ = std::move(*gl);
  }

  media::RgbaImage RenderFrame(const Storyboard& sb, const FrameInputs& in) {
    auto renderer = SceneRenderer::Create(sb);
    EXPECT_TRUE(renderer.ok()) << renderer.error().ToString();
    media::RgbaImage image;
    if (!renderer.ok()) return image;
    auto status = (*renderer)->Render(in, image);
    EXPECT_TRUE(status.ok()) << status.error().ToString();
    return image;
  }

  std::unique_ptr<GlContext> gl_;
};

TEST_F(RenderTest, HeadlessContextReportsRenderer) {
  EXPECT_FALSE(gl_->Renderer().empty());
  EXPECT_NE(gl_->Version().find("OpenGL ES 3"), std::string::npos) << gl_->Version();
  EXPECT_FALSE(gl_->Platform().empty());
}

TEST_F(RenderTest, BeachAtSunsetIsWarmWithGroundBelow) {
  Storyboard sb = MakeStoryboard("beach", "sunset", 360, 640);
  sb.cast.push_back(Dog());
  media::RgbaImage image = RenderFrame(sb, {.time = 1.0});
  Dump(image, "beach_sunset");
  ASSERT_EQ(image.width, 360);
  ASSERT_EQ(image.height, 640);
  ASSERT_EQ(image.pixels.size(), 360u * 640u * 4u);
  const Mean top = MeanOfRows(image, 0, 40);
  EXPECT_GT(top.r, top.b + 20) << "sunset sky should be warm";
  const Mean bottom = MeanOfRows(image, 640 * 2 / 3, 640);
  const double distance =
      std::abs(top.r - bottom.r) + std::abs(top.g - bottom.g) + std::abs(top.b - bottom.b);
  EXPECT_GT(distance, 40.0) << "the bottom third should be sand/sea, not sky";
  // Alpha is opaque everywhere.
  for (size_t i = 3; i < image.pixels.size(); i += 4) ASSERT_EQ(image.pixels[i], 255);
}

TEST_F(RenderTest, NightSkyIsDarkerThanNoon) {
  const media::RgbaImage noon = RenderFrame(MakeStoryboard("park", "noon", 270, 480), {});
  const media::RgbaImage night = RenderFrame(MakeStoryboard("park", "night", 270, 480), {});
  Dump(night, "park_night");
  const double noon_luma = MeanOfRows(noon, 0, 60).Luma();
  const double night_luma = MeanOfRows(night, 0, 60).Luma();
  EXPECT_LT(night_luma * 3, noon_luma) << noon_luma << " vs " << night_luma;
}

TEST_F(RenderTest, SameInputsGiveIdenticalBytes) {
  Storyboard sb = MakeStoryboard("city street", "dusk", 270, 480);
  sb.cast.push_back(Person("ana", "red"));
  sb.cast.push_back(Dog());
  sb.shots[0].camera.move = "handheld";
  FrameInputs in{.time = 2.25, .mouth_open = {{"ana", 0.6f}}, .caption = "Hello there"};
  auto renderer = SceneRenderer::Create(sb);
  ASSERT_TRUE(renderer.ok()) << renderer.error().ToString();
  media::RgbaImage a, b, c;
  ASSERT_TRUE((*renderer)->Render(in, a).ok());
  ASSERT_TRUE((*renderer)->Render({.time = 0.5}, b).ok());  // something else in between
  ASSERT_TRUE((*renderer)->Render(in, b).ok());
  EXPECT_EQ(a.pixels, b.pixels);
  c = RenderFrame(sb, in);  // a fresh renderer agrees too
  EXPECT_EQ(a.pixels, c.pixels);

  Storyboard other_seed = sb;
  other_seed.seed = 8;
  EXPECT_NE(a.pixels, RenderFrame(other_seed, in).pixels);
  FrameInputs later = in;
  later.time = 2.5;
  EXPECT_NE(a.pixels, RenderFrame(sb, later).pixels);
}

TEST_F(RenderTest, MouthOpeningChangesOnlyTheMouth) {
  Storyboard sb = MakeStoryboard("office", "noon", 360, 640);
  sb.cast.push_back(Person("ana", "blue"));
  sb.shots[0].camera.framing = "close-up";
  sb.shots[0].camera.subject = "ana";
  const media::RgbaImage closed = RenderFrame(sb, {.time = 1.0, .mouth_open = {{"ana", 0.0f}}});
  const media::RgbaImage open = RenderFrame(sb, {.time = 1.0, .mouth_open = {{"ana", 1.0f}}});
  Dump(closed, "closeup_closed");
  Dump(open, "closeup_open");
  int changed = 0;
  int x0 = open.width, x1 = -1, y0 = open.height, y1 = -1;
  for (int y = 0; y < open.height; ++y) {
    for (int x = 0; x < open.width; ++x) {
      const uint8_t* a = closed.Row(y) + x * 4;
      const uint8_t* b = open.Row(y) + x * 4;
      if (std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]) > 24) {
        ++changed;
        x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
    }
  }
  const int pixels = open.width * open.height;
  EXPECT_GT(changed, 600);
  EXPECT_LT(changed, pixels / 20);
  // One compact region: the changed box is small and the mouth is dark.
  EXPECT_LT((x1 - x0 + 1) * (y1 - y0 + 1), pixels / 10);
  const Mean mouth = MeanOfRows(open, (y0 + y1) / 2, (y0 + y1) / 2 + 1);
  EXPECT_LT(mouth.Luma(), 200.0);
}

TEST_F(RenderTest, MotionBlurSmearsWhatMovesInPhotographicStyles) {
  Storyboard sb = MakeStoryboard("park", "noon", 270, 480);
  sb.cast.push_back(Person("ana", "blue"));
  sb.shots[0].camera.framing = "medium";
  sb.shots[0].actions.push_back({.actor = "ana", .verb = "backflip", .at = 0.5, .until = 2.0});
  auto render = [&](const Storyboard& board, double time, bool blur) {
    auto renderer = SceneRenderer::Create(board, {.motion_blur = blur});
    EXPECT_TRUE(renderer.ok()) << renderer.error().ToString();
    media::RgbaImage image;
    if (renderer.ok()) {
      EXPECT_TRUE((*renderer)->Render({.time = time}, image).ok());
    }
    return image;
  };
  // Somewhere in the flip the body turns fast enough to smear: its own
  // pixels (those a red outfit changes) blur, not only the set around it.
  Storyboard red = sb;
  red.cast[0] = Person("ana", "red");
  int most = 0, most_on_body = 0;
  for (double t = 0.8; t < 1.7; t += 0.15) {
    const media::RgbaImage blurred = render(sb, t, true);
    const media::RgbaImage sharp = render(sb, t, false);
    const media::RgbaImage sharp_red = render(red, t, false);
    int changed = 0, on_body = 0;
    for (size_t i = 0; i < sharp.pixels.size(); i += 4) {
      auto differs = [&](const media::RgbaImage& a, int threshold) {
        return std::abs(a.pixels[i] - sharp.pixels[i]) +
                   std::abs(a.pixels[i + 1] - sharp.pixels[i + 1]) +
                   std::abs(a.pixels[i + 2] - sharp.pixels[i + 2]) >
               threshold;
      };
      const bool blurs = differs(blurred, 12);
      changed += blurs;
      on_body += blurs && differs(sharp_red, 30);
    }
    if (on_body > most_on_body) {
      most_on_body = on_body;
      Dump(blurred, "flip_blurred");
      Dump(sharp, "flip_sharp");
    }
    most = std::max(most, changed);
  }
  EXPECT_GT(most, 400);
  EXPECT_GT(most_on_body, 150);
  std::printf("motion blur changes %d of %d pixels at most, %d on the body\n", most, 270 * 480,
              most_on_body);
  // The first frame of a shot has no exposure before the cut.
  EXPECT_EQ(render(sb, 0.0, true).pixels, render(sb, 0.0, false).pixels);
  // Drawn styles have no shutter.
  Storyboard anime = sb;
  anime.style = "anime";
  EXPECT_EQ(render(anime, 1.1, true).pixels, render(anime, 1.1, false).pixels);
  // Neither a cast nor the camera moves: nothing blurs.
  const Storyboard still = MakeStoryboard("office", "noon", 270, 480);
  EXPECT_EQ(render(still, 1.5, true).pixels, render(still, 1.5, false).pixels);
}

TEST_F(RenderTest, NoirIsGrey) {
  Storyboard sb = MakeStoryboard("city street", "night", 270, 480);
  sb.style = "noir";
  sb.cast.push_back(Person("ana", "red"));
  sb.shots[0].overlays.push_back({"THE END", "title", 0.0, 4.0});
  const media::RgbaImage image = RenderFrame(sb, {.time = 1.0, .caption = "Rain again."});
  Dump(image, "noir");
  int worst = 0;
  for (size_t i = 0; i < image.pixels.size(); i += 4) {
    const int r = image.pixels[i], g = image.pixels[i + 1], b = image.pixels[i + 2];
    worst = std::max({worst, std::abs(r - g), std::abs(g - b)});
  }
  EXPECT_LE(worst, 2);
}

TEST_F(RenderTest, CaptionChangesOnlyTheBottom) {
  Storyboard sb = MakeStoryboard("park", "morning", 360, 640);
  sb.cast.push_back(Person("ana", "yellow"));
  const media::RgbaImage plain = RenderFrame(sb, {.time = 1.0});
  const media::RgbaImage captioned = RenderFrame(
      sb, {.time = 1.0,
           .caption = "A fairly long subtitle that has to wrap onto a second line — ünïcödé ✓"});
  Dump(captioned, "caption");
  int changed = 0;
  int top_changed = 0;
  for (int y = 0; y < plain.height; ++y) {
    for (int x = 0; x < plain.width; ++x) {
      if (std::memcmp(plain.Row(y) + x * 4, captioned.Row(y) + x * 4, 3) != 0) {
        ++changed;
        if (y < plain.height * 2 / 3) ++top_changed;
      }
    }
  }
  EXPECT_GT(changed, 2000);
  EXPECT_EQ(top_changed, 0);
}

TEST_F(RenderTest, EveryPlaceAndStyleRenders) {
  const std::vector<std::string> places = {
      "studio",    "beach",      "city street", "park",     "newsroom",  "skate park",
      "lake",      "stadium",    "gym",         "forest",   "mountains", "kitchen",
      "office",    "stage",      "space",       "desert",   "snowfield", "living room",
      "classroom", "restaurant", "underwater",  "moon base"};
  const std::vector<std::string> styles = {"realistic",  "anime",     "cartoon",
                                           "claymation", "noir",      "watercolor",
                                           "painting",   "pixel art", "vintage film"};
  Storyboard sb = MakeStoryboard("beach", "noon", 144, 256);
  sb.cast.push_back(Person("ana", "red"));
  sb.cast.push_back(Dog());
  for (size_t i = 0; i < places.size(); ++i) {
    sb.shots[0].setting.place = places[i];
    sb.style = styles[i % styles.size()];
    sb.shots[0].setting.weather = i % 3 == 0 ? "rain" : i % 3 == 1 ? "snow" : "clear";
    const media::RgbaImage image = RenderFrame(sb, {.time = 0.5});
    Dump(image, "place_" + std::to_string(i));
    const Mean m = MeanOfRows(image, 0, image.height);
    double variance = 0;
    for (size_t k = 0; k < image.pixels.size(); k += 4) {
      const double d = image.pixels[k + 1] - m.g;
      variance += d * d;
    }
    variance /= static_cast<double>(image.pixels.size() / 4);
    EXPECT_GT(variance, 30.0) << places[i] << " / " << sb.style << " renders a flat picture";
  }
}

TEST_F(RenderTest, EveryVerbAnimatesTheCast) {
  Storyboard sb = MakeStoryboard("studio", "noon", 144, 256);
  sb.cast.push_back(Person("ana", "red"));
  sb.cast.push_back(Dog());
  auto still_renderer = SceneRenderer::Create(sb);
  ASSERT_TRUE(still_renderer.ok()) << still_renderer.error().ToString();
  media::RgbaImage still;
  ASSERT_TRUE((*still_renderer)->Render({.time = 0.7}, still).ok());
  int moved = 0;
  for (std::string_view verb : kVerbs) {
    Storyboard acting = sb;
    acting.shots[0].actions = {{"ana", std::string(verb), 0.0, 4.0},
                               {"rocket", std::string(verb), 0.0, 4.0}};
    const media::RgbaImage image = RenderFrame(acting, {.time = 0.7});
    ASSERT_EQ(image.pixels.size(), still.pixels.size()) << verb;
    if (image.pixels != still.pixels) ++moved;
  }
  // "idle" looks like no action at all; every other verb changes the picture.
  EXPECT_GE(moved, static_cast<int>(kVerbs.size()) - 1);
}

// Every shader variant compiles: all species, props and accessories, with
// flat, outlined and clay shading.
TEST_F(RenderTest, EveryKindOfFigureRenders) {
  std::vector<CastMember> cast;
  for (const char* species : {"dog", "cat", "rabbit", "bear", "cow", "parrot", "penguin", "fish"}) {
    CastMember a = Dog();
    a.id = species;
    a.species = species;
    a.breed = "";
    cast.push_back(a);
  }
  for (const char* prop : {"ball", "skateboard", "car", "mug", "phone", "gift box"}) {
    CastMember o;
    o.id = prop;
    o.kind = "object";
    o.name = prop;
    cast.push_back(o);
  }
  const std::vector<std::vector<std::string>> accessories = {
      {"glasses", "hat"}, {"sunglasses", "gold chain"}, {}};
  for (size_t i = 0; i < accessories.size(); ++i) {
    CastMember p = Person("person" + std::to_string(i), "green");
    p.looks.accessories = accessories[i];
    p.looks.age = i == 0 ? "child" : "elder";
    if (i == 1) p.looks.outfit = {{"dress", "purple"}};
    if (i == 2) p.looks.hair = "bald";
    cast.push_back(p);
  }
  for (const char* style : {"realistic", "cartoon", "claymation"}) {
    Storyboard sb = MakeStoryboard("park", "noon", 144, 256);
    sb.style = style;
    sb.cast = cast;
    sb.shots.clear();
    // Six figures per shot, each shot naming its cast through dialogue.
    for (size_t first = 0; first < cast.size(); first += 6) {
      Shot shot = MakeStoryboard("park", "noon", 144, 256).shots[0];
      shot.id = "s" + std::to_string(first);
      shot.start = static_cast<double>(sb.shots.size()) * 4.0;
      for (size_t k = first; k < std::min(cast.size(), first + 6); ++k) {
        shot.dialogue.push_back({cast[k].id, "Hi", "en", 0.5, "neutral"});
      }
      sb.shots.push_back(shot);
    }
    auto renderer = SceneRenderer::Create(sb);
    ASSERT_TRUE(renderer.ok()) << style << ": " << renderer.error().ToString();
    for (const Shot& shot : sb.shots) {
      media::RgbaImage image;
      auto status = (*renderer)->Render({.time = shot.start + 1.0}, image);
      ASSERT_TRUE(status.ok()) << style << " " << shot.id << ": " << status.error().ToString();
      Dump(image, std::string("kinds_") + style + "_" + shot.id);
    }
  }
}

// Speed is measured by render_benchmark, not asserted here; this checks that a
// full-size frame with a title and a caption moves from frame to frame.
TEST_F(RenderTest, FullSizeFramesWithTextMove) {
  Storyboard sb = MakeStoryboard("beach", "sunset", 720, 1280);
  sb.cast.push_back(Person("ana", "red"));
  sb.cast.push_back(Dog());
  sb.shots[0].overlays.push_back({"KINORA", "title", 0.0, 4.0});
  auto renderer = SceneRenderer::Create(sb);
  ASSERT_TRUE(renderer.ok()) << renderer.error().ToString();
  media::RgbaImage first, later;
  ASSERT_TRUE((*renderer)->Render({.time = 0.0, .caption = "Look at the sea!"}, first).ok());
  ASSERT_TRUE((*renderer)->Render({.time = 0.5, .caption = "Look at the sea!"}, later).ok());
  ASSERT_EQ(first.width, 720);
  ASSERT_EQ(first.height, 1280);
  EXPECT_NE(first.pixels, later.pixels);
  Dump(later, "full_size");
}

TEST_F(RenderTest, RejectsStoryboardWithoutShots) {
  Storyboard sb = MakeStoryboard("beach", "noon", 128, 128);
  sb.shots.clear();
  auto renderer = SceneRenderer::Create(sb);
  ASSERT_FALSE(renderer.ok());
  EXPECT_EQ(renderer.error().code, core::ErrorCode::kInvalidArgument);
}

TEST_F(RenderTest, MissingFontIsAnError) {
  SceneRendererOptions options;
  options.fonts.regular = "/nonexistent/font.ttf";
  auto renderer = SceneRenderer::Create(MakeStoryboard("beach", "noon", 128, 128), options);
  ASSERT_FALSE(renderer.ok());
  EXPECT_EQ(renderer.error().code, core::ErrorCode::kUnavailable);
  EXPECT_EQ(renderer.error().detail, "/nonexistent/font.ttf");
}

TEST(GlContextTest, RendererNeedsACurrentContext) {
  // A fresh thread has no context current.
  std::thread([] {
    auto renderer = SceneRenderer::Create(MakeStoryboard("beach", "noon", 128, 128));
    ASSERT_FALSE(renderer.ok());
    EXPECT_EQ(renderer.error().code, core::ErrorCode::kUnavailable);
  }).join();
}

TEST(GlContextTest, SequentialContextsInOneProcess) {
  for (int i = 0; i < 3; ++i) {
    auto gl = GlContext::CreateHeadless();
    ASSERT_TRUE(gl.ok()) << gl.error().ToString();
    auto renderer = SceneRenderer::Create(MakeStoryboard("forest", "noon", 96, 160));
    ASSERT_TRUE(renderer.ok()) << renderer.error().ToString();
    media::RgbaImage image;
    ASSERT_TRUE((*renderer)->Render({.time = 0.1 * i}, image).ok());
  }
}

TEST(GlContextTest, ContextsOnTwoThreadsRenderConcurrently) {
  Storyboard sb = MakeStoryboard("beach", "sunset", 180, 320);
  sb.cast.push_back(Dog());
  sb.cast.push_back(Person("ana", "green"));
  media::RgbaImage results[2];
  std::string errors[2];
  auto work = [&](int k) {
    auto gl = GlContext::CreateHeadless();
    if (!gl.ok()) {
      errors[k] = gl.error().ToString();
      return;
    }
    auto renderer = SceneRenderer::Create(sb);
    if (!renderer.ok()) {
      errors[k] = renderer.error().ToString();
      return;
    }
    for (int frame = 0; frame < 4; ++frame) {
      auto status =
          (*renderer)->Render({.time = 0.5 * frame, .caption = "two threads"}, results[k]);
      if (!status.ok()) errors[k] = status.error().ToString();
    }
  };
  std::thread a(work, 0);
  std::thread b(work, 1);
  a.join();
  b.join();
  EXPECT_EQ(errors[0], "");
  EXPECT_EQ(errors[1], "");
  ASSERT_FALSE(results[0].pixels.empty());
  EXPECT_EQ(results[0].pixels, results[1].pixels) << "threads must not disturb each other";
}

}  // namespace
}  // namespace kinora::engine::render
