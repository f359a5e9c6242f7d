#include "media/wav_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/file_util.h"

namespace kinora::media {
namespace {

constexpr int kBytesPerSample = 3;
constexpr size_t kHeaderBytes = 44;
constexpr size_t kChunkSamples = 1 << 16;

void Put16(std::vector<uint8_t>& out, uint16_t v) {
  out.push_back(static_cast<uint8_t>(v & 0xff));
  out.push_back(static_cast<uint8_t>(v >> 8));
}

void Put32(std::vector<uint8_t>& out, uint32_t v) {
  for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<uint8_t>(v >> shift));
}

void PutTag(std::vector<uint8_t>& out, const char (&tag)[5]) {
  out.insert(out.end(), tag, tag + 4);
}

std::vector<uint8_t> Header(const AudioBuffer& audio, uint32_t data_bytes) {
  std::vector<uint8_t> h;
  h.reserve(kHeaderBytes);
  const auto channels = static_cast<uint16_t>(audio.channels);
  const auto rate = static_cast<uint32_t>(audio.sample_rate);
  PutTag(h, "RIFF");
  Put32(h, 36 + data_bytes);  // the rest of the file after this field
  PutTag(h, "WAVE");
  PutTag(h, "fmt ");
  Put32(h, 16);
  Put16(h, 1);  // WAVE_FORMAT_PCM
  Put16(h, channels);
  Put32(h, rate);
  Put32(h, rate * channels * kBytesPerSample);                  // bytes per second
  Put16(h, static_cast<uint16_t>(channels * kBytesPerSample));  // bytes per frame
  Put16(h, 8 * kBytesPerSample);
  PutTag(h, "data");
  Put32(h, data_bytes);
  return h;
}

// Little-endian two's complement, as WAV stores 24-bit PCM.
void PutSample(std::vector<uint8_t>& out, float x) {
  constexpr double kScale = 8388607.0;  // 2^23 - 1: full scale maps to the largest step
  const double clamped = std::isfinite(x) ? std::clamp(static_cast<double>(x), -1.0, 1.0) : 0.0;
  const auto v = static_cast<int32_t>(std::lround(clamped * kScale));
  const auto u = static_cast<uint32_t>(v);
  out.push_back(static_cast<uint8_t>(u & 0xff));
  out.push_back(static_cast<uint8_t>((u >> 8) & 0xff));
  out.push_back(static_cast<uint8_t>((u >> 16) & 0xff));
}

bool WriteAll(int fd, const std::vector<uint8_t>& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

core::Status WriteWav(const std::string& path, const AudioBuffer& audio) {
  if (audio.channels <= 0 || audio.channels > 8 || audio.sample_rate <= 0) {
    return core::InvalidArgument("a WAV file needs 1 to 8 channels and a sample rate", "audio");
  }
  const size_t frames = audio.frames();
  const size_t data_bytes = frames * static_cast<size_t>(audio.channels) * kBytesPerSample;
  if (data_bytes > std::numeric_limits<uint32_t>::max() - kHeaderBytes) {
    return core::InvalidArgument("the audio is too long for a WAV file", "audio");
  }
  std::string temp = path + ".XXXXXX";
  const int fd = ::mkstemp(temp.data());
  if (fd < 0)
    return core::IoError(std::string("cannot create a file: ") + std::strerror(errno), path);
  // mkstemp makes the file private; a finished WAV is an ordinary file.
  ::fchmod(fd, 0644);
  bool ok = WriteAll(fd, Header(audio, static_cast<uint32_t>(data_bytes)));
  std::vector<uint8_t> chunk;
  chunk.reserve(kChunkSamples * kBytesPerSample);
  const size_t samples = frames * static_cast<size_t>(audio.channels);
  for (size_t i = 0; ok && i < samples; i += kChunkSamples) {
    chunk.clear();
    for (size_t k = i; k < std::min(samples, i + kChunkSamples); ++k) {
      PutSample(chunk, audio.samples[k]);
    }
    ok = WriteAll(fd, chunk);
  }
  const int write_errno = errno;
  if (::close(fd) != 0) ok = false;
  if (!ok) {
    ::unlink(temp.c_str());
    return core::IoError(std::string("cannot write the file: ") + std::strerror(write_errno), path);
  }
  core::Status published = core::PublishFile(temp, path);
  if (!published.ok()) ::unlink(temp.c_str());
  return published;
}

}  // namespace kinora::media
