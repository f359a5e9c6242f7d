#include "media/probe.h"

#include <cstdio>
#include <cstring>
#include <memory>

#include "media/av_error.h"
#include "media/av_ptr.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/pixdesc.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

namespace kinora::media {
namespace {

core::Result<InputPtr> OpenInput(const std::string& path) {
  AVFormatContext* raw = nullptr;
  int rc = avformat_open_input(&raw, path.c_str(), nullptr, nullptr);
  if (rc < 0) return core::IoError("cannot open media: " + AvErrorString(rc), path);
  InputPtr input(raw);
  rc = avformat_find_stream_info(input.get(), nullptr);
  if (rc < 0) return AvError("cannot read stream info of " + path, rc);
  return input;
}

// Finds the top-level "moov" and "mdat" boxes and reports whether the index comes first.
bool IndexAtFront(const std::string& path) {
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) return false;
  uint8_t header[16];
  int64_t offset = 0;
  while (std::fread(header, 1, 8, f.get()) == 8) {
    uint64_t size = (uint64_t(header[0]) << 24) | (header[1] << 16) | (header[2] << 8) | header[3];
    if (std::memcmp(header + 4, "moov", 4) == 0) return true;
    if (std::memcmp(header + 4, "mdat", 4) == 0) return false;
    if (size == 1) {
      if (std::fread(header + 8, 1, 8, f.get()) != 8) return false;
      size = 0;
      for (int i = 8; i < 16; ++i) size = (size << 8) | header[i];
    } else if (size == 0) {
      return false;
    }
    if (size < 8) return false;
    offset += static_cast<int64_t>(size);
    if (std::fseek(f.get(), offset, SEEK_SET) != 0) return false;
  }
  return false;
}

}  // namespace

const StreamInfo* MediaInfo::First(std::string_view type) const {
  for (const auto& s : streams) {
    if (s.type == type) return &s;
  }
  return nullptr;
}

core::Result<MediaInfo> Probe(const std::string& path) {
  KINORA_ASSIGN_OR_RETURN(InputPtr input, OpenInput(path));
  MediaInfo info;
  info.format = input->iformat->name;
  if (input->duration != AV_NOPTS_VALUE) info.duration = input->duration / double(AV_TIME_BASE);
  for (unsigned i = 0; i < input->nb_streams; ++i) {
    const AVStream* st = input->streams[i];
    const AVCodecParameters* par = st->codecpar;
    StreamInfo s;
    s.type = par->codec_type == AVMEDIA_TYPE_VIDEO   ? "video"
             : par->codec_type == AVMEDIA_TYPE_AUDIO ? "audio"
                                                     : "other";
    s.codec = avcodec_get_name(par->codec_id);
    if (const char* p = avcodec_profile_name(par->codec_id, par->profile)) s.profile = p;
    s.width = par->width;
    s.height = par->height;
    if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
      if (const char* pf = av_get_pix_fmt_name(static_cast<AVPixelFormat>(par->format))) {
        s.pixel_format = pf;
      }
      if (st->avg_frame_rate.den) s.frame_rate = av_q2d(st->avg_frame_rate);
    }
    s.sample_rate = par->sample_rate;
    s.channels = par->ch_layout.nb_channels;
    if (st->duration != AV_NOPTS_VALUE) s.duration = st->duration * av_q2d(st->time_base);
    s.frames = st->nb_frames;
    info.streams.push_back(std::move(s));
  }
  info.index_at_front = IndexAtFront(path);
  return info;
}

core::Status Decode(const std::string& path, const DecodeSinks& sinks) {
  KINORA_ASSIGN_OR_RETURN(InputPtr input, OpenInput(path));
  struct Decoder {
    AVCodecContext* ctx = nullptr;
    ~Decoder() { avcodec_free_context(&ctx); }
  } video, audio;
  int video_index = av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
  int audio_index = av_find_best_stream(input.get(), AVMEDIA_TYPE_AUDIO, -1, -1, nullptr, 0);
  auto open = [&](int index, Decoder& d) -> core::Status {
    if (index < 0) return core::Ok();
    const AVCodecParameters* par = input->streams[index]->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    if (!codec)
      return core::Unavailable("no decoder for the stream", avcodec_get_name(par->codec_id));
    d.ctx = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(d.ctx, par);
    d.ctx->thread_count = 1;  // decoded output must not depend on the machine
    int rc = avcodec_open2(d.ctx, codec, nullptr);
    if (rc < 0) return AvError("cannot open decoder", rc);
    return core::Ok();
  };
  KINORA_RETURN_IF_ERROR(open(video_index, video));
  KINORA_RETURN_IF_ERROR(open(audio_index, audio));

  SwsContext* sws = nullptr;
  SwrContext* swr = nullptr;
  RgbaImage rgba;
  std::vector<float> pcm;
  int64_t video_count = 0;
  AVFrame* frame = av_frame_alloc();
  AVPacket* packet = av_packet_alloc();
  core::Status status;

  auto deliver = [&](Decoder& d, bool is_video) -> core::Status {
    while (true) {
      int rc = avcodec_receive_frame(d.ctx, frame);
      if (rc == AVERROR(EAGAIN) || rc == AVERROR_EOF) return core::Ok();
      if (rc < 0) return AvError("decoding failed", rc);
      if (is_video && sinks.video) {
        if (rgba.width != frame->width || rgba.height != frame->height) {
          rgba = RgbaImage(frame->width, frame->height);
        }
        sws = sws_getCachedContext(
            sws, frame->width, frame->height, static_cast<AVPixelFormat>(frame->format),
            frame->width, frame->height, AV_PIX_FMT_RGBA,
            SWS_BILINEAR | SWS_ACCURATE_RND | SWS_BITEXACT, nullptr, nullptr, nullptr);
        uint8_t* dst[1] = {rgba.pixels.data()};
        int stride[1] = {rgba.width * 4};
        sws_scale(sws, frame->data, frame->linesize, 0, frame->height, dst, stride);
        sinks.video(rgba, video_count++);
      } else if (!is_video && sinks.audio) {
        if (!swr) {
          AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
          rc = swr_alloc_set_opts2(&swr, &stereo, AV_SAMPLE_FMT_FLT, 48000, &frame->ch_layout,
                                   static_cast<AVSampleFormat>(frame->format), frame->sample_rate,
                                   0, nullptr);
          if (rc < 0 || swr_init(swr) < 0) return core::Internal("cannot set up audio resampling");
        }
        int max_out = swr_get_out_samples(swr, frame->nb_samples);
        pcm.resize(static_cast<size_t>(max_out) * 2);
        uint8_t* out[1] = {reinterpret_cast<uint8_t*>(pcm.data())};
        int n = swr_convert(swr, out, max_out, const_cast<const uint8_t**>(frame->extended_data),
                            frame->nb_samples);
        if (n > 0) sinks.audio(pcm.data(), static_cast<size_t>(n));
      }
      av_frame_unref(frame);
    }
  };

  while (status.ok()) {
    int rc = av_read_frame(input.get(), packet);
    if (rc == AVERROR_EOF) break;
    if (rc < 0) {
      status = AvError("reading media failed", rc);
      break;
    }
    Decoder* d = packet->stream_index == video_index   ? &video
                 : packet->stream_index == audio_index ? &audio
                                                       : nullptr;
    if (d && d->ctx) {
      rc = avcodec_send_packet(d->ctx, packet);
      if (rc < 0) status = AvError("decoder rejected a packet", rc);
      if (status.ok()) status = deliver(*d, d == &video);
    }
    av_packet_unref(packet);
  }
  for (Decoder* d : {&video, &audio}) {
    if (status.ok() && d->ctx) {
      avcodec_send_packet(d->ctx, nullptr);
      status = deliver(*d, d == &video);
    }
  }
  av_packet_free(&packet);
  av_frame_free(&frame);
  if (sws) sws_freeContext(sws);
  if (swr) swr_free(&swr);
  return status;
}

}  // namespace kinora::media
