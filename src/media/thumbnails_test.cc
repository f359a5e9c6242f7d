#include "media/thumbnails.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "media/av_ptr.h"
#include "media/frame_sampler.h"
#include "media/mp4_writer.h"

extern "C" {
#include <libswscale/swscale.h>
}

namespace kinora::media {
namespace {

namespace fs = std::filesystem;

using Rgb = std::array<int, 3>;

constexpr int kFps = 24;
constexpr int kFrames = 48;  // two seconds

// The colour of frame `f`: red rises and green falls by ~4 levels a frame, so
// frames a few apart are easy to tell apart after lossy coding.
Rgb ColourOf(int f) {
  const int r = 20 + 200 * f / (kFrames - 1);
  return {r, 240 - r, 100};
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Decodes a WebP or JPEG file back to RGBA with libavcodec.
RgbaImage DecodeImageFile(const std::string& path) {
  const std::string bytes = ReadAll(path);
  const AVCodecID id = bytes.rfind("RIFF", 0) == 0 ? AV_CODEC_ID_WEBP : AV_CODEC_ID_MJPEG;
  const AVCodec* codec = avcodec_find_decoder(id);
  CodecContextPtr ctx(avcodec_alloc_context3(codec));
  EXPECT_EQ(avcodec_open2(ctx.get(), codec, nullptr), 0);
  PacketPtr packet(av_packet_alloc());
  EXPECT_EQ(av_new_packet(packet.get(), static_cast<int>(bytes.size())), 0);
  std::copy(bytes.begin(), bytes.end(), packet->data);
  FramePtr frame(av_frame_alloc());
  EXPECT_EQ(avcodec_send_packet(ctx.get(), packet.get()), 0);
  avcodec_send_packet(ctx.get(), nullptr);
  if (avcodec_receive_frame(ctx.get(), frame.get()) != 0) {
    ADD_FAILURE() << "cannot decode " << path;
    return {};
  }
  RgbaImage image(frame->width, frame->height);
  SwsContext* sws = sws_getContext(
      frame->width, frame->height, static_cast<AVPixelFormat>(frame->format), frame->width,
      frame->height, AV_PIX_FMT_RGBA, SWS_BILINEAR, nullptr, nullptr, nullptr);
  uint8_t* dst[1] = {image.pixels.data()};
  int stride[1] = {image.width * 4};
  sws_scale(sws, frame->data, frame->linesize, 0, frame->height, dst, stride);
  sws_freeContext(sws);
  return image;
}

// The mean colour of a rectangle, ignoring a 2-pixel border against bleeding.
Rgb MeanColour(const RgbaImage& image, int x0, int y0, int w, int h) {
  std::array<double, 3> sum{};
  int n = 0;
  for (int y = y0 + 2; y < y0 + h - 2; ++y) {
    for (int x = x0 + 2; x < x0 + w - 2; ++x, ++n) {
      for (int c = 0; c < 3; ++c) sum[c] += image.Row(y)[4 * x + c];
    }
  }
  return {int(std::lround(sum[0] / n)), int(std::lround(sum[1] / n)), int(std::lround(sum[2] / n))};
}

void ExpectNear(const Rgb& actual, const Rgb& expected, int tolerance, const std::string& what) {
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(actual[c], expected[c], tolerance)
        << what << " channel " << c << ": got (" << actual[0] << "," << actual[1] << ","
        << actual[2] << "), want (" << expected[0] << "," << expected[1] << "," << expected[2]
        << ")";
  }
}

class ThumbnailsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("kinora_thumbnails_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  // A clip of kFrames solid-colour frames (ColourOf); the first `black` frames are black.
  std::string WriteClip(const std::string& name, int w, int h, int black = 0) {
    const std::string path = Path(name);
    auto writer =
        Mp4Writer::Open(path, {.width = w, .height = h, .fps = kFps, .preset = "veryfast"});
    EXPECT_TRUE(writer.ok());
    if (!writer.ok()) return path;
    RgbaImage img(w, h);
    for (int f = 0; f < kFrames; ++f) {
      const Rgb rgb = f < black ? Rgb{0, 0, 0} : ColourOf(f);
      for (size_t i = 0; i < img.pixels.size(); i += 4) {
        img.pixels[i] = uint8_t(rgb[0]);
        img.pixels[i + 1] = uint8_t(rgb[1]);
        img.pixels[i + 2] = uint8_t(rgb[2]);
        img.pixels[i + 3] = 255;
      }
      EXPECT_TRUE((*writer)->WriteVideoFrame(img).ok());
    }
    EXPECT_TRUE((*writer)->Finish().ok());
    return path;
  }

  fs::path dir_;
};

TEST_F(ThumbnailsTest, WebpThumbnailShowsTheFrameAThirdIn) {
  const std::string clip = WriteClip("a.mp4", 64, 48);
  const std::string out = Path("thumb.webp");
  ASSERT_TRUE(MakeThumbnail(clip, out).ok());
  const std::string bytes = ReadAll(out);
  ASSERT_GE(bytes.size(), 12u);
  EXPECT_EQ(bytes.substr(0, 4), "RIFF");
  EXPECT_EQ(bytes.substr(8, 4), "WEBP");
  EXPECT_FALSE(fs::exists(out + ".partial"));
  const RgbaImage image = DecodeImageFile(out);
  EXPECT_EQ(image.width, 64);
  EXPECT_EQ(image.height, 48);
  ExpectNear(MeanColour(image, 0, 0, 64, 48), ColourOf(kFrames / 3), 10, "thumbnail");
}

TEST_F(ThumbnailsTest, JpegThumbnailHonoursMaxWidthWithoutUpscaling) {
  const std::string clip = WriteClip("b.mp4", 64, 48);
  const std::string small = Path("small.jpg");
  ASSERT_TRUE(
      MakeThumbnail(clip, small, {.format = ImageFormat::kJpeg, .max_width = 32, .quality = 90})
          .ok());
  EXPECT_EQ(ReadAll(small).substr(0, 2), "\xFF\xD8");
  RgbaImage image = DecodeImageFile(small);
  EXPECT_EQ(image.width, 32);
  EXPECT_EQ(image.height, 24);
  ExpectNear(MeanColour(image, 0, 0, 32, 24), ColourOf(kFrames / 3), 10, "jpeg thumbnail");

  const std::string wide = Path("wide.jpg");
  ASSERT_TRUE(MakeThumbnail(clip, wide, {.format = ImageFormat::kJpeg, .max_width = 1000}).ok());
  image = DecodeImageFile(wide);
  EXPECT_EQ(image.width, 64);
  EXPECT_EQ(image.height, 48);
}

TEST_F(ThumbnailsTest, ThumbnailSkipsABlackOpening) {
  // Black until 40% in: the frame a third in is black, the one half-way is not.
  const std::string clip = WriteClip("fade.mp4", 64, 48, /*black=*/kFrames * 2 / 5);
  const std::string out = Path("fade.webp");
  ASSERT_TRUE(MakeThumbnail(clip, out).ok());
  const Rgb colour = MeanColour(DecodeImageFile(out), 0, 0, 64, 48);
  ExpectNear(colour, ColourOf(kFrames / 2), 10, "thumbnail after the fade");
}

TEST_F(ThumbnailsTest, SpritesheetTilesShowFramesInOrder) {
  const std::string clip = WriteClip("c.mp4", 64, 48);
  const std::string out = Path("sheet.jpg");
  const SpritesheetOptions options{.columns = 4, .rows = 3, .tile_width = 32, .quality = 95};
  ASSERT_TRUE(MakeSpritesheet(clip, out, options).ok());
  EXPECT_EQ(ReadAll(out).substr(0, 2), "\xFF\xD8");
  const RgbaImage sheet = DecodeImageFile(out);
  ASSERT_EQ(sheet.width, 4 * 32);
  ASSERT_EQ(sheet.height, 3 * 24);
  int previous_red = -1;
  for (int i = 0; i < 12; ++i) {
    const Rgb tile = MeanColour(sheet, (i % 4) * 32, (i / 4) * 24, 32, 24);
    // Tile i shows the middle of the i-th twelfth of the clip.
    const int frame = static_cast<int>((i + 0.5) / 12 * kFrames);
    ExpectNear(tile, ColourOf(frame), 10, "tile " + std::to_string(i));
    EXPECT_GT(tile[0], previous_red + 8) << "tile " << i << " is not later than the one before";
    previous_red = tile[0];
  }
}

TEST_F(ThumbnailsTest, WebpSpritesheetOfANarrowVideoKeepsItsWidth) {
  const std::string clip = WriteClip("narrow.mp4", 40, 30);
  const std::string out = Path("sheet.webp");
  ASSERT_TRUE(
      MakeSpritesheet(clip, out,
                      {.format = ImageFormat::kWebp, .columns = 2, .rows = 2, .tile_width = 160})
          .ok());
  EXPECT_EQ(ReadAll(out).substr(8, 4), "WEBP");
  const RgbaImage sheet = DecodeImageFile(out);
  EXPECT_EQ(sheet.width, 80);
  EXPECT_EQ(sheet.height, 60);
}

TEST_F(ThumbnailsTest, SamplerHandsOverFramesNearestToEachFraction) {
  const std::string clip = WriteClip("d.mp4", 32, 32);
  std::vector<double> times;
  ASSERT_TRUE(SampleFrames(clip, {.fractions = {0, 0.25, 0.25, 1}},
                           [&](size_t index, const RgbaImage& frame, double seconds) {
                             EXPECT_EQ(index, times.size());
                             EXPECT_EQ(frame.width, 32);
                             times.push_back(seconds);
                             return core::Ok();
                           })
                  .ok());
  ASSERT_EQ(times.size(), 4u);
  EXPECT_NEAR(times[0], 0, 1e-6);
  EXPECT_NEAR(times[1], 0.5, 1.0 / kFps);
  EXPECT_EQ(times[1], times[2]);
  EXPECT_NEAR(times[3], double(kFrames - 1) / kFps, 1e-3);  // past the end: the last frame

  EXPECT_EQ(SampleFrames(clip, {.fractions = {0.5, 0.2}}, {}).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(SampleFrames(clip, {.fractions = {1.5}}, {}).error().code,
            core::ErrorCode::kInvalidArgument);
}

TEST_F(ThumbnailsTest, ErrorsNameTheProblem) {
  const std::string clip = WriteClip("e.mp4", 32, 32);

  auto missing = MakeThumbnail(Path("nope.mp4"), Path("x.webp"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kIo);
  EXPECT_NE(missing.error().detail.find("nope.mp4"), std::string::npos);

  const std::string corrupt = Path("corrupt.mp4");
  std::ofstream(corrupt) << "this is not a video at all, just some text pretending to be one";
  auto bad = MakeSpritesheet(corrupt, Path("x.jpg"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kInvalidArgument) << bad.error().ToString();

  // Half an MP4: the index is at the front, the frames are cut off.
  const std::string whole = ReadAll(clip);
  const std::string truncated = Path("truncated.mp4");
  std::ofstream(truncated, std::ios::binary) << whole.substr(0, whole.size() / 3);
  auto cut = MakeThumbnail(truncated, Path("cut.webp"));
  if (cut.ok()) {
    EXPECT_EQ(DecodeImageFile(Path("cut.webp")).width, 32);  // the frames that survived
  } else {
    EXPECT_EQ(cut.error().code, core::ErrorCode::kInvalidArgument) << cut.error().ToString();
  }

  const std::string unwritable = Path("no/such/dir/thumb.webp");
  auto io = MakeThumbnail(clip, unwritable);
  ASSERT_FALSE(io.ok());
  EXPECT_EQ(io.error().code, core::ErrorCode::kIo);
  EXPECT_EQ(io.error().detail, unwritable);

  EXPECT_EQ(MakeThumbnail(clip, Path("q.webp"), {.quality = 0}).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(MakeSpritesheet(clip, Path("g.jpg"), {.columns = 0}).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(MakeSpritesheet(clip, Path("g.jpg"), {.tile_width = 4}).error().code,
            core::ErrorCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(Path("q.webp")));
}

}  // namespace
}  // namespace kinora::media
