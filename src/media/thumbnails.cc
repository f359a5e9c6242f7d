#include "media/thumbnails.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>

#include "core/file_util.h"
#include "media/av_error.h"
#include "media/av_ptr.h"
#include "media/frame_sampler.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace kinora::media {
namespace {

// The largest picture each format can store (WebP's 14-bit sizes, JPEG's 16-bit).
constexpr int kMaxWebpSide = 16383;
constexpr int kMaxJpegSide = 65535;
constexpr int kMaxGrid = 32;  // columns and rows of a spritesheet
constexpr int kMinTileWidth = 8;
constexpr int kMaxTileWidth = 1024;

// Candidate moments for a thumbnail, in order of preference: a third of the
// way in shows the subject after any fade-in; the others stand in when that
// frame is black.
constexpr double kThumbnailCandidates[] = {1.0 / 3, 1.0 / 2, 2.0 / 3, 1.0 / 6, 5.0 / 6};
constexpr int kRankOfTime[] = {3, 0, 1, 2, 4};  // preference of each candidate in time order
constexpr double kDarkLuma = 16;  // mean luma (0–255) below which a frame is "black"

core::Status ValidateQuality(int quality) {
  if (quality < 1 || quality > 100)
    return core::InvalidArgument("quality must be 1–100", "quality");
  return core::Ok();
}

core::Status ValidateSize(int width, int height, ImageFormat format) {
  const int limit = format == ImageFormat::kWebp ? kMaxWebpSide : kMaxJpegSide;
  if (width > limit || height > limit) {
    return core::InvalidArgument("the image would be " + std::to_string(width) + "x" +
                                 std::to_string(height) + ", larger than the format allows (" +
                                 std::to_string(limit) + " a side)");
  }
  return core::Ok();
}

double MeanLuma(const RgbaImage& image) {
  double sum = 0;
  const size_t pixels = static_cast<size_t>(image.width) * image.height;
  for (size_t i = 0; i < pixels; ++i) {
    const uint8_t* p = image.pixels.data() + 4 * i;
    sum += 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
  }
  return pixels ? sum / pixels : 0;
}

// Encodes one RGBA picture as a complete WebP (RIFF) or JPEG (JFIF) file.
core::Result<std::vector<uint8_t>> EncodeImage(const RgbaImage& image, ImageFormat format,
                                               int quality) {
  QuietFfmpegLogs();
  const bool webp = format == ImageFormat::kWebp;
  const AVCodec* codec =
      webp ? avcodec_find_encoder_by_name("libwebp") : avcodec_find_encoder(AV_CODEC_ID_MJPEG);
  if (!codec) {
    return core::Unavailable(webp ? "FFmpeg was built without the libwebp encoder"
                                  : "FFmpeg was built without the mjpeg encoder");
  }
  CodecContextPtr encoder(avcodec_alloc_context3(codec));
  AVCodecContext* c = encoder.get();
  c->width = image.width;
  c->height = image.height;
  c->time_base = AVRational{1, 25};
  // WebP's lossy format is limited-range BT.601 YUV; JFIF is full range.
  c->pix_fmt = webp ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_YUVJ420P;
  c->color_range = webp ? AVCOL_RANGE_MPEG : AVCOL_RANGE_JPEG;
  c->colorspace = AVCOL_SPC_BT470BG;
  const int qscale = static_cast<int>(std::lround(2 + (100 - quality) * 29.0 / 99));  // 2–31
  if (webp) {
    av_opt_set_double(c->priv_data, "quality", quality, 0);
  } else {
    c->flags |= AV_CODEC_FLAG_QSCALE;
    c->global_quality = FF_QP2LAMBDA * qscale;
  }
  int rc = avcodec_open2(c, codec, nullptr);
  if (rc < 0) return AvError("cannot open the image encoder", rc);

  FramePtr frame(av_frame_alloc());
  frame->format = c->pix_fmt;
  frame->width = c->width;
  frame->height = c->height;
  frame->color_range = c->color_range;
  frame->colorspace = c->colorspace;
  frame->pts = 0;
  if (!webp) frame->quality = c->global_quality;
  rc = av_frame_get_buffer(frame.get(), 0);
  if (rc < 0) return AvError("cannot allocate an image frame", rc);
  std::unique_ptr<SwsContext, void (*)(SwsContext*)> sws(
      sws_getContext(image.width, image.height, AV_PIX_FMT_RGBA, c->width, c->height, c->pix_fmt,
                     SWS_BILINEAR | SWS_ACCURATE_RND, nullptr, nullptr, nullptr),
      &sws_freeContext);
  if (!sws) return core::Internal("cannot create the colour converter");
  const int* bt601 = sws_getCoefficients(SWS_CS_ITU601);
  sws_setColorspaceDetails(sws.get(), bt601, 1, bt601, webp ? 0 : 1, 0, 1 << 16, 1 << 16);
  const uint8_t* src[1] = {image.pixels.data()};
  const int src_stride[1] = {image.width * 4};
  sws_scale(sws.get(), src, src_stride, 0, image.height, frame->data, frame->linesize);

  rc = avcodec_send_frame(c, frame.get());
  if (rc < 0) return AvError("the image encoder rejected the frame", rc);
  rc = avcodec_send_frame(c, nullptr);
  if (rc < 0) return AvError("cannot flush the image encoder", rc);
  PacketPtr packet(av_packet_alloc());
  rc = avcodec_receive_packet(c, packet.get());
  if (rc < 0) return AvError("the image encoder produced nothing", rc);
  return std::vector<uint8_t>(packet->data, packet->data + packet->size);
}

// Writes `bytes` beside `path` and renames them into place.
core::Status WriteAtomically(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string partial = path + ".partial";
  std::FILE* f = std::fopen(partial.c_str(), "wb");
  if (!f)
    return core::IoError(std::string("cannot write the image: ") + std::strerror(errno), path);
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  const bool closed = std::fclose(f) == 0;
  core::Status status = written && closed ? core::PublishFile(partial, path)
                                          : core::IoError("cannot write the image", path);
  if (!status.ok()) std::remove(partial.c_str());
  return status;
}

core::Status EncodeAndWrite(const RgbaImage& image, ImageFormat format, int quality,
                            const std::string& out_path) {
  KINORA_RETURN_IF_ERROR(ValidateSize(image.width, image.height, format));
  KINORA_ASSIGN_OR_RETURN(std::vector<uint8_t> bytes, EncodeImage(image, format, quality));
  return WriteAtomically(out_path, bytes);
}

}  // namespace

core::Status MakeThumbnail(const std::string& mp4, const std::string& out_path,
                           const ThumbnailOptions& options) {
  KINORA_RETURN_IF_ERROR(ValidateQuality(options.quality));
  if (options.max_width < 0) return core::InvalidArgument("max_width must not be negative");
  FrameSampleOptions sample;
  sample.fractions = {kThumbnailCandidates[3], kThumbnailCandidates[0], kThumbnailCandidates[1],
                      kThumbnailCandidates[2], kThumbnailCandidates[4]};
  sample.max_width = options.max_width;
  // Keeps only the best candidate so far: the most preferred one that is not black.
  std::optional<RgbaImage> best;
  int best_rank = 0;
  bool best_dark = true;
  KINORA_RETURN_IF_ERROR(
      SampleFrames(mp4, sample, [&](size_t index, const RgbaImage& frame, double) -> core::Status {
        const int rank = kRankOfTime[index];
        const bool dark = MeanLuma(frame) < kDarkLuma;
        if (!best || (best_dark && !dark) || (dark == best_dark && rank < best_rank)) {
          best = frame;
          best_rank = rank;
          best_dark = dark;
        }
        return core::Ok();
      }));
  return EncodeAndWrite(*best, options.format, options.quality, out_path);
}

core::Status MakeSpritesheet(const std::string& mp4, const std::string& out_path,
                             const SpritesheetOptions& options) {
  KINORA_RETURN_IF_ERROR(ValidateQuality(options.quality));
  if (options.columns < 1 || options.columns > kMaxGrid || options.rows < 1 ||
      options.rows > kMaxGrid) {
    return core::InvalidArgument("columns and rows must be 1–" + std::to_string(kMaxGrid));
  }
  if (options.tile_width < kMinTileWidth || options.tile_width > kMaxTileWidth) {
    return core::InvalidArgument("tile_width must be " + std::to_string(kMinTileWidth) + "–" +
                                 std::to_string(kMaxTileWidth));
  }
  const int count = options.columns * options.rows;
  FrameSampleOptions sample;
  sample.fractions = EvenFractions(count);
  sample.max_width = options.tile_width;
  // The sheet is laid out from the first tile's size (tiles are never upscaled,
  // so a narrow video gives narrower tiles); later frames are cropped to it.
  RgbaImage sheet;
  int tile_w = 0, tile_h = 0;
  KINORA_RETURN_IF_ERROR(
      SampleFrames(mp4, sample, [&](size_t index, const RgbaImage& frame, double) -> core::Status {
        if (sheet.width == 0) {
          tile_w = frame.width;
          tile_h = frame.height;
          KINORA_RETURN_IF_ERROR(
              ValidateSize(tile_w * options.columns, tile_h * options.rows, options.format));
          sheet = RgbaImage(tile_w * options.columns, tile_h * options.rows);
        }
        const int x0 = static_cast<int>(index % options.columns) * tile_w;
        const int y0 = static_cast<int>(index / options.columns) * tile_h;
        const int w = std::min(tile_w, frame.width), h = std::min(tile_h, frame.height);
        for (int y = 0; y < h; ++y) {
          std::memcpy(sheet.Row(y0 + y) + 4 * x0, frame.Row(y), static_cast<size_t>(w) * 4);
        }
        return core::Ok();
      }));
  return EncodeAndWrite(sheet, options.format, options.quality, out_path);
}

}  // namespace kinora::media
