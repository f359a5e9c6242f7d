#include "media/mp4_writer.h"

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <vector>

#include "core/file_util.h"
#include "media/aac.h"
#include "media/av_error.h"
#include "media/av_ptr.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace kinora::media {
namespace {

// A fixed encoder thread count keeps the bitstream identical across machines
// with different core counts (x264 is deterministic for a given count).
constexpr int kEncoderThreads = 4;

}  // namespace

struct Mp4Writer::Impl {
  Mp4Options options;
  std::string path;
  std::string partial_path;
  AVFormatContext* format = nullptr;
  bool header_written = false;
  bool finished = false;
  CodecContextPtr video;
  CodecContextPtr audio;
  AVStream* video_stream = nullptr;
  AVStream* audio_stream = nullptr;
  SwsContext* sws = nullptr;
  FramePtr yuv;
  FramePtr aac_frame;
  PacketPtr packet;
  std::vector<float> pending_audio;  // interleaved stereo, < one AAC frame after each write
  int64_t next_video_pts = 0;
  int64_t next_audio_pts = 0;

  ~Impl() {
    if (sws) sws_freeContext(sws);
    if (format) {
      if (format->pb) avio_closep(&format->pb);
      avformat_free_context(format);
    }
    if (!finished && !partial_path.empty()) std::remove(partial_path.c_str());
  }

  core::Status Drain(AVCodecContext* codec, AVStream* stream) {
    while (true) {
      int rc = avcodec_receive_packet(codec, packet.get());
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return core::Ok();
      if (rc < 0) return AvError("encoder failed", rc);
      av_packet_rescale_ts(packet.get(), codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      rc = av_interleaved_write_frame(format, packet.get());
      if (rc < 0) return AvError("writing the MP4 failed", rc);
    }
  }

  core::Status Encode(AVCodecContext* codec, AVStream* stream, AVFrame* frame) {
    int rc = avcodec_send_frame(codec, frame);
    if (rc < 0) return AvError("encoder rejected a frame", rc);
    return Drain(codec, stream);
  }

  core::Status EncodeAudioFrame(const float* interleaved, int samples) {
    aac_frame->nb_samples = samples;
    int rc = av_frame_make_writable(aac_frame.get());
    if (rc < 0) return AvError("audio frame allocation failed", rc);
    auto* left = reinterpret_cast<float*>(aac_frame->data[0]);
    auto* right = reinterpret_cast<float*>(aac_frame->data[1]);
    for (int i = 0; i < samples; ++i) {
      left[i] = interleaved[2 * i];
      right[i] = interleaved[2 * i + 1];
    }
    aac_frame->pts = next_audio_pts;
    next_audio_pts += samples;
    return Encode(audio.get(), audio_stream, aac_frame.get());
  }

  core::Status OpenVideo() {
    const AVCodec* codec = avcodec_find_encoder_by_name("libx264");
    if (!codec) return core::Unavailable("FFmpeg was built without libx264");
    video.reset(avcodec_alloc_context3(codec));
    auto* c = video.get();
    c->width = options.width;
    c->height = options.height;
    c->time_base = AVRational{1, options.fps};
    c->framerate = AVRational{options.fps, 1};
    c->pix_fmt = AV_PIX_FMT_YUV420P;
    c->gop_size = options.fps * 2;
    c->thread_count = kEncoderThreads;
    c->color_primaries = AVCOL_PRI_BT709;
    c->color_trc = AVCOL_TRC_BT709;
    c->colorspace = AVCOL_SPC_BT709;
    c->color_range = AVCOL_RANGE_MPEG;
    c->flags |= AV_CODEC_FLAG_BITEXACT;
    if (format->oformat->flags & AVFMT_GLOBALHEADER) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
    av_opt_set(c->priv_data, "preset", options.preset.c_str(), 0);
    av_opt_set(c->priv_data, "profile", "high", 0);
    av_opt_set_int(c->priv_data, "crf", options.crf, 0);
    int rc = avcodec_open2(c, codec, nullptr);
    if (rc < 0) return AvError("cannot open the H.264 encoder", rc);
    video_stream = avformat_new_stream(format, nullptr);
    video_stream->time_base = c->time_base;
    video_stream->avg_frame_rate = c->framerate;
    rc = avcodec_parameters_from_context(video_stream->codecpar, c);
    if (rc < 0) return AvError("cannot set video stream parameters", rc);

    yuv.reset(av_frame_alloc());
    yuv->format = AV_PIX_FMT_YUV420P;
    yuv->width = c->width;
    yuv->height = c->height;
    rc = av_frame_get_buffer(yuv.get(), 0);
    if (rc < 0) return AvError("cannot allocate a video frame", rc);
    sws = sws_getContext(c->width, c->height, AV_PIX_FMT_RGBA, c->width, c->height,
                         AV_PIX_FMT_YUV420P, SWS_BILINEAR | SWS_ACCURATE_RND | SWS_BITEXACT,
                         nullptr, nullptr, nullptr);
    if (!sws) return core::Internal("cannot create the colour converter");
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(sws, bt709, /*srcRange=*/1, bt709, /*dstRange=*/0, 0, 1 << 16,
                             1 << 16);
    return core::Ok();
  }

  core::Status OpenAudio() {
    KINORA_ASSIGN_OR_RETURN(AVCodecContext * encoder,
                            OpenAacEncoder(options.sample_rate, options.audio_bitrate,
                                           (format->oformat->flags & AVFMT_GLOBALHEADER) != 0));
    audio.reset(encoder);
    auto* c = audio.get();
    int rc = 0;
    audio_stream = avformat_new_stream(format, nullptr);
    audio_stream->time_base = c->time_base;
    rc = avcodec_parameters_from_context(audio_stream->codecpar, c);
    if (rc < 0) return AvError("cannot set audio stream parameters", rc);

    aac_frame.reset(av_frame_alloc());
    aac_frame->format = c->sample_fmt;
    aac_frame->sample_rate = c->sample_rate;
    aac_frame->nb_samples = c->frame_size ? c->frame_size : kAacFrame;
    av_channel_layout_copy(&aac_frame->ch_layout, &c->ch_layout);
    rc = av_frame_get_buffer(aac_frame.get(), 0);
    if (rc < 0) return AvError("cannot allocate an audio frame", rc);
    return core::Ok();
  }
};

Mp4Writer::Mp4Writer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Mp4Writer::~Mp4Writer() = default;

core::Result<std::unique_ptr<Mp4Writer>> Mp4Writer::Open(const std::string& path,
                                                         const Mp4Options& options) {
  if (options.width <= 0 || options.height <= 0 || options.width % 2 || options.height % 2) {
    return core::InvalidArgument("video size must be positive and even", "size");
  }
  if (options.fps <= 0) return core::InvalidArgument("fps must be positive", "fps");
  QuietFfmpegLogs();
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->path = path;
  impl->partial_path = path + ".partial";
  // The faststart pass reopens the file by its URL, so the muxer must know it.
  int rc =
      avformat_alloc_output_context2(&impl->format, nullptr, "mp4", impl->partial_path.c_str());
  if (rc < 0 || !impl->format) return AvError("cannot create an MP4 muxer", rc);
  impl->format->flags |= AVFMT_FLAG_BITEXACT;
  KINORA_RETURN_IF_ERROR(impl->OpenVideo());
  KINORA_RETURN_IF_ERROR(impl->OpenAudio());
  rc = avio_open(&impl->format->pb, impl->partial_path.c_str(), AVIO_FLAG_WRITE);
  if (rc < 0) {
    impl->partial_path.clear();  // nothing of ours to remove
    return core::IoError("cannot write the output file: " + AvErrorString(rc), path);
  }
  AVDictionary* opts = nullptr;
  av_dict_set(&opts, "movflags", "+faststart", 0);
  rc = avformat_write_header(impl->format, &opts);
  av_dict_free(&opts);
  if (rc < 0) return AvError("cannot write the MP4 header", rc);
  impl->header_written = true;
  impl->packet.reset(av_packet_alloc());
  return std::unique_ptr<Mp4Writer>(new Mp4Writer(std::move(impl)));
}

core::Status Mp4Writer::WriteVideoFrame(const RgbaImage& frame) {
  auto& m = *impl_;
  if (m.finished) return core::FailedPrecondition("the writer is finished");
  if (frame.width != m.options.width || frame.height != m.options.height) {
    return core::InvalidArgument("frame size does not match the video size");
  }
  int rc = av_frame_make_writable(m.yuv.get());
  if (rc < 0) return AvError("video frame allocation failed", rc);
  const uint8_t* src[1] = {frame.pixels.data()};
  const int stride[1] = {frame.width * 4};
  sws_scale(m.sws, src, stride, 0, frame.height, m.yuv->data, m.yuv->linesize);
  m.yuv->pts = m.next_video_pts++;
  return m.Encode(m.video.get(), m.video_stream, m.yuv.get());
}

core::Status Mp4Writer::WriteAudio(const float* interleaved, size_t frames) {
  auto& m = *impl_;
  if (m.finished) return core::FailedPrecondition("the writer is finished");
  const int frame_size = m.audio->frame_size ? m.audio->frame_size : kAacFrame;
  m.pending_audio.insert(m.pending_audio.end(), interleaved, interleaved + frames * 2);
  size_t offset = 0;
  while (m.pending_audio.size() - offset >= static_cast<size_t>(frame_size) * 2) {
    KINORA_RETURN_IF_ERROR(m.EncodeAudioFrame(m.pending_audio.data() + offset, frame_size));
    offset += static_cast<size_t>(frame_size) * 2;
  }
  m.pending_audio.erase(m.pending_audio.begin(), m.pending_audio.begin() + offset);
  return core::Ok();
}

core::Status Mp4Writer::Finish() {
  auto& m = *impl_;
  if (m.finished) return core::FailedPrecondition("the writer is finished");
  if (!m.pending_audio.empty()) {
    // The AAC encoder takes a short last frame; the muxer records the exact length.
    KINORA_RETURN_IF_ERROR(
        m.EncodeAudioFrame(m.pending_audio.data(), static_cast<int>(m.pending_audio.size() / 2)));
    m.pending_audio.clear();
  }
  KINORA_RETURN_IF_ERROR(m.Encode(m.video.get(), m.video_stream, nullptr));
  KINORA_RETURN_IF_ERROR(m.Encode(m.audio.get(), m.audio_stream, nullptr));
  int rc = av_write_trailer(m.format);
  if (rc < 0) return AvError("cannot finish the MP4", rc);
  rc = avio_closep(&m.format->pb);
  if (rc < 0) return core::IoError("cannot close the output file", m.partial_path);
  KINORA_RETURN_IF_ERROR(core::PublishFile(m.partial_path, m.path));
  m.finished = true;
  return core::Ok();
}

int64_t Mp4Writer::video_frames_written() const { return impl_->next_video_pts; }

}  // namespace kinora::media
