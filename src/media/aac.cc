#include "media/aac.h"

#include <algorithm>
#include <memory>

#include "media/av_error.h"
#include "media/av_ptr.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

namespace kinora::media {

core::Result<AVCodecContext*> OpenAacEncoder(int sample_rate, int bitrate, bool global_header) {
  QuietFfmpegLogs();
  const AVCodec* codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
  if (!codec) return core::Unavailable("FFmpeg was built without an AAC encoder");
  CodecContextPtr c(avcodec_alloc_context3(codec));
  if (!c) return core::Internal("cannot allocate the AAC encoder");
  c->sample_fmt = AV_SAMPLE_FMT_FLTP;
  c->sample_rate = sample_rate;
  c->bit_rate = bitrate;
  c->profile = FF_PROFILE_AAC_LOW;
  c->time_base = AVRational{1, sample_rate};
  c->flags |= AV_CODEC_FLAG_BITEXACT;
  if (global_header) c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  AVChannelLayout stereo = AV_CHANNEL_LAYOUT_STEREO;
  av_channel_layout_copy(&c->ch_layout, &stereo);
  const int rc = avcodec_open2(c.get(), codec, nullptr);
  if (rc < 0) return AvError("cannot open the AAC encoder", rc);
  return c.release();
}

core::Result<AudioBuffer> AacRoundTrip(const AudioBuffer& audio, int bitrate) {
  if (audio.channels != 2) return core::InvalidArgument("AacRoundTrip takes stereo", "channels");
  KINORA_ASSIGN_OR_RETURN(AVCodecContext * raw_encoder,
                          OpenAacEncoder(audio.sample_rate, bitrate, /*global_header=*/true));
  CodecContextPtr encoder(raw_encoder);
  const AVCodec* codec = avcodec_find_decoder(AV_CODEC_ID_AAC);
  if (!codec) return core::Unavailable("FFmpeg was built without an AAC decoder");
  CodecContextPtr decoder(avcodec_alloc_context3(codec));
  if (!decoder) return core::Internal("cannot allocate the AAC decoder");
  decoder->sample_rate = audio.sample_rate;
  av_channel_layout_copy(&decoder->ch_layout, &encoder->ch_layout);
  decoder->extradata = static_cast<uint8_t*>(
      av_mallocz(static_cast<size_t>(encoder->extradata_size) + AV_INPUT_BUFFER_PADDING_SIZE));
  if (!decoder->extradata) return core::Internal("out of memory");
  std::copy_n(encoder->extradata, encoder->extradata_size, decoder->extradata);
  decoder->extradata_size = encoder->extradata_size;
  int rc = avcodec_open2(decoder.get(), codec, nullptr);
  if (rc < 0) return AvError("cannot open the AAC decoder", rc);

  FramePtr in(av_frame_alloc());
  FramePtr out(av_frame_alloc());
  PacketPtr packet(av_packet_alloc());
  if (!in || !out || !packet) return core::Internal("out of memory");
  in->format = encoder->sample_fmt;
  in->sample_rate = encoder->sample_rate;
  in->nb_samples = encoder->frame_size ? encoder->frame_size : kAacFrame;
  av_channel_layout_copy(&in->ch_layout, &encoder->ch_layout);
  rc = av_frame_get_buffer(in.get(), 0);
  if (rc < 0) return AvError("cannot allocate an audio frame", rc);

  AudioBuffer result;
  result.sample_rate = audio.sample_rate;
  result.samples.reserve(audio.samples.size() + 4 * kAacFrame);
  // Decodes every packet the encoder has ready.
  auto drain = [&]() -> core::Status {
    while ((rc = avcodec_receive_packet(encoder.get(), packet.get())) >= 0) {
      rc = avcodec_send_packet(decoder.get(), packet.get());
      av_packet_unref(packet.get());
      if (rc < 0) return AvError("cannot decode AAC", rc);
      while ((rc = avcodec_receive_frame(decoder.get(), out.get())) >= 0) {
        const auto* left = reinterpret_cast<const float*>(out->data[0]);
        const auto* right = reinterpret_cast<const float*>(out->data[1]);
        for (int i = 0; i < out->nb_samples; ++i) {
          result.samples.push_back(left[i]);
          result.samples.push_back(right[i]);
        }
        av_frame_unref(out.get());
      }
      if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) return AvError("cannot decode AAC", rc);
    }
    if (rc != AVERROR(EAGAIN) && rc != AVERROR_EOF) return AvError("cannot encode AAC", rc);
    return core::Ok();
  };
  const size_t frames = audio.frames();
  int64_t pts = 0;
  for (size_t at = 0; at < frames; at += static_cast<size_t>(in->nb_samples)) {
    rc = av_frame_make_writable(in.get());
    if (rc < 0) return AvError("cannot write an audio frame", rc);
    auto* left = reinterpret_cast<float*>(in->data[0]);
    auto* right = reinterpret_cast<float*>(in->data[1]);
    for (int i = 0; i < in->nb_samples; ++i) {
      const size_t k = at + static_cast<size_t>(i);
      left[i] = k < frames ? audio.samples[2 * k] : 0.0f;
      right[i] = k < frames ? audio.samples[2 * k + 1] : 0.0f;
    }
    in->pts = pts;
    pts += in->nb_samples;
    rc = avcodec_send_frame(encoder.get(), in.get());
    if (rc < 0) return AvError("cannot encode AAC", rc);
    KINORA_RETURN_IF_ERROR(drain());
  }
  rc = avcodec_send_frame(encoder.get(), nullptr);
  if (rc < 0) return AvError("cannot flush the AAC encoder", rc);
  KINORA_RETURN_IF_ERROR(drain());
  return result;
}

}  // namespace kinora::media
