#include "media/frame_sampler.h"

#include <cerrno>
#include <cmath>
#include <memory>

#include "media/av_error.h"
#include "media/av_ptr.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libswscale/swscale.h>
}

namespace kinora::media {
namespace {

struct ScalerDeleter {
  void operator()(SwsContext* s) const { sws_freeContext(s); }
};

core::Result<InputPtr> OpenLocalInput(const std::string& path) {
  // Only the file protocol: a playlist-like input must not make the server
  // fetch URLs or read other local files on an uploader's behalf.
  AVDictionary* options = nullptr;
  av_dict_set(&options, "protocol_whitelist", "file", 0);
  AVFormatContext* raw = nullptr;
  int rc = avformat_open_input(&raw, path.c_str(), nullptr, &options);
  av_dict_free(&options);
  if (rc == AVERROR(ENOENT) || rc == AVERROR(EACCES) || rc == AVERROR(EISDIR)) {
    return core::IoError("cannot open media: " + AvErrorString(rc), path);
  }
  if (rc < 0) return core::InvalidArgument("not a readable video: " + AvErrorString(rc), path);
  InputPtr input(raw);
  rc = avformat_find_stream_info(input.get(), nullptr);
  if (rc < 0) return core::InvalidArgument("not a readable video: " + AvErrorString(rc), path);
  return input;
}

// Scales `frame` to at most `max_width` (keeping its aspect ratio) as RGBA.
class RgbaConverter {
 public:
  explicit RgbaConverter(int max_width) : max_width_(max_width) {}

  core::Result<const RgbaImage*> Convert(const AVFrame& frame) {
    int width = frame.width, height = frame.height;
    if (max_width_ > 0 && width > max_width_) {
      height = std::max(1, static_cast<int>(std::lround(double(height) * max_width_ / width)));
      width = max_width_;
    }
    if (image_.width != width || image_.height != height) image_ = RgbaImage(width, height);
    const auto format = static_cast<AVPixelFormat>(frame.format);
    SwsContext* previous = scaler_.release();
    SwsContext* scaler = sws_getCachedContext(previous, frame.width, frame.height, format, width,
                                              height, AV_PIX_FMT_RGBA, SWS_AREA | SWS_ACCURATE_RND,
                                              nullptr, nullptr, nullptr);
    scaler_.reset(scaler);
    if (!scaler) return core::InvalidArgument("the video's pixel format cannot be converted");
    // Honour the stream's own matrix and range (H.264 from Mp4Writer is BT.709
    // limited range); swscale would otherwise assume BT.601.
    const bool full_range = frame.color_range == AVCOL_RANGE_JPEG ||
                            format == AV_PIX_FMT_YUVJ420P || format == AV_PIX_FMT_YUVJ422P ||
                            format == AV_PIX_FMT_YUVJ444P;
    const int* matrix = sws_getCoefficients(frame.colorspace);
    sws_setColorspaceDetails(scaler, matrix, full_range ? 1 : 0,
                             sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    uint8_t* dst[1] = {image_.pixels.data()};
    int stride[1] = {image_.width * 4};
    sws_scale(scaler, frame.data, frame.linesize, 0, frame.height, dst, stride);
    return &image_;
  }

 private:
  int max_width_;
  std::unique_ptr<SwsContext, ScalerDeleter> scaler_;
  RgbaImage image_;
};

core::Status ValidateFractions(const std::vector<double>& fractions) {
  for (size_t i = 0; i < fractions.size(); ++i) {
    const double f = fractions[i];
    if (!(f >= 0 && f <= 1)) return core::InvalidArgument("frame fractions must lie in [0, 1]");
    if (i > 0 && f < fractions[i - 1]) {
      return core::InvalidArgument("frame fractions must be in ascending order");
    }
  }
  return core::Ok();
}

}  // namespace

std::vector<double> EvenFractions(int count) {
  std::vector<double> fractions;
  for (int i = 0; i < count; ++i) fractions.push_back((i + 0.5) / count);
  return fractions;
}

core::Status SampleFrames(const std::string& path, const FrameSampleOptions& options,
                          const FrameSink& sink) {
  KINORA_RETURN_IF_ERROR(ValidateFractions(options.fractions));
  if (options.max_width < 0) return core::InvalidArgument("max_width must not be negative");
  QuietFfmpegLogs();
  KINORA_ASSIGN_OR_RETURN(InputPtr input, OpenLocalInput(path));
  const int index = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  if (index < 0) return core::InvalidArgument("the file has no video stream", path);
  const AVStream* stream = input->streams[index];
  const AVCodecParameters* par = stream->codecpar;
  if (par->width <= 0 || par->height <= 0) {
    return core::InvalidArgument("the video stream has no picture size", path);
  }
  if (options.max_dimension > 0 &&
      (par->width > options.max_dimension || par->height > options.max_dimension)) {
    return core::InvalidArgument(
        "the video is larger than " + std::to_string(options.max_dimension) + " pixels a side",
        path);
  }
  const AVCodec* codec = avcodec_find_decoder(par->codec_id);
  if (!codec) {
    return core::InvalidArgument(
        std::string("no decoder for the video codec ") + avcodec_get_name(par->codec_id), path);
  }
  CodecContextPtr decoder(avcodec_alloc_context3(codec));
  int rc = avcodec_parameters_to_context(decoder.get(), par);
  if (rc < 0) return AvError("cannot configure the video decoder", rc);
  decoder->thread_count = 1;  // the chosen frames must not depend on the machine
  rc = avcodec_open2(decoder.get(), codec, nullptr);
  if (rc < 0) return AvError("cannot open the video decoder", rc);

  const double time_base = av_q2d(stream->time_base);
  double duration = 0;
  if (stream->duration != AV_NOPTS_VALUE) {
    duration = stream->duration * time_base;
  } else if (input->duration != AV_NOPTS_VALUE) {
    duration = input->duration / double(AV_TIME_BASE);
  }
  const int64_t start = stream->start_time != AV_NOPTS_VALUE ? stream->start_time : 0;

  const std::vector<double>& fractions = options.fractions;
  RgbaConverter converter(options.max_width);
  FramePtr frame(av_frame_alloc());
  FramePtr previous(av_frame_alloc());  // the last frame shown before `frame`
  double previous_time = 0;
  bool have_previous = false;
  PacketPtr packet(av_packet_alloc());
  size_t next = 0;  // the first fraction still waiting for its frame

  auto emit = [&](const AVFrame& chosen, double seconds) -> core::Status {
    if (options.max_dimension > 0 &&
        (chosen.width > options.max_dimension || chosen.height > options.max_dimension)) {
      return core::InvalidArgument("a video frame is larger than allowed", path);
    }
    KINORA_ASSIGN_OR_RETURN(const RgbaImage* rgba, converter.Convert(chosen));
    return sink(next++, *rgba, seconds);
  };
  // Hands every waiting fraction that lies before `time` the frame shown then.
  auto on_frame = [&]() -> core::Status {
    const int64_t pts = frame->best_effort_timestamp;
    const double time = pts != AV_NOPTS_VALUE ? (pts - start) * time_base : previous_time;
    while (next < fractions.size() && fractions[next] * duration < time) {
      if (have_previous) {
        KINORA_RETURN_IF_ERROR(emit(*previous, previous_time));
      } else {
        KINORA_RETURN_IF_ERROR(emit(*frame, time));
      }
    }
    av_frame_unref(previous.get());
    av_frame_move_ref(previous.get(), frame.get());
    previous_time = time;
    have_previous = true;
    return core::Ok();
  };
  auto drain = [&]() -> core::Status {
    while (next < fractions.size()) {
      rc = avcodec_receive_frame(decoder.get(), frame.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return core::Ok();
      if (rc < 0) return core::InvalidArgument("the video cannot be decoded: " + AvErrorString(rc));
      KINORA_RETURN_IF_ERROR(on_frame());
    }
    return core::Ok();
  };

  while (next < fractions.size()) {
    rc = av_read_frame(input.get(), packet.get());
    if (rc == AVERROR_EOF) break;
    if (rc < 0) return core::InvalidArgument("reading the video failed: " + AvErrorString(rc));
    if (packet->stream_index == index) {
      rc = avcodec_send_packet(decoder.get(), packet.get());
      av_packet_unref(packet.get());
      // A damaged packet is skipped, as players do; the frames around it still count.
      if (rc < 0 && rc != AVERROR_INVALIDDATA) return AvError("the video decoder failed", rc);
      KINORA_RETURN_IF_ERROR(drain());
    } else {
      av_packet_unref(packet.get());
    }
  }
  if (next < fractions.size()) {
    avcodec_send_packet(decoder.get(), nullptr);
    KINORA_RETURN_IF_ERROR(drain());
  }
  if (next < fractions.size() && !have_previous) {
    return core::InvalidArgument("the video has no decodable frame", path);
  }
  while (next < fractions.size()) KINORA_RETURN_IF_ERROR(emit(*previous, previous_time));
  return core::Ok();
}

}  // namespace kinora::media
