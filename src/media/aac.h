// AAC-LC, the MP4's sound codec: the encoder Mp4Writer uses, and a round trip
// through it that shows what a player will hear.
//
// Lossy coding adds its own peaks: a master limited to -1 dBTP can decode
// above 0 dBFS. The sound stage checks its master through AacRoundTrip and
// limits harder where it must (engine/audio/soundtrack.h).
// Functions are thread-safe; contexts are owned by the caller.
#pragma once

#include "core/result.h"
#include "media/image.h"

struct AVCodecContext;

namespace kinora::media {

inline constexpr int kAacBitrate = 160000;  // bits per second, stereo
inline constexpr int kAacFrame = 1024;      // samples per channel in an AAC-LC frame

// Opens the bit-exact AAC-LC encoder for float planar stereo at
// `sample_rate`. `global_header` puts the decoder configuration in
// extradata (MP4 needs it; so does decoding without a container). The caller
// frees the context with avcodec_free_context.
core::Result<AVCodecContext*> OpenAacEncoder(int sample_rate, int bitrate, bool global_header);

// `audio` (stereo) encoded with OpenAacEncoder's settings and decoded again,
// interleaved stereo at the same rate. The encoder's priming delay is kept
// at the start, so use it for measurements, not for playback.
core::Result<AudioBuffer> AacRoundTrip(const AudioBuffer& audio, int bitrate = kAacBitrate);

}  // namespace kinora::media
