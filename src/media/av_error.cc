#include "media/av_error.h"

#include <mutex>

extern "C" {
#include <libavutil/error.h>
#include <libavutil/log.h>
}

namespace kinora::media {

std::string AvErrorString(int code) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(code, buf, sizeof(buf));
  return buf;
}

core::Error AvError(const std::string& what, int code) {
  return core::Internal(what, AvErrorString(code));
}

void QuietFfmpegLogs() {
  static std::once_flag quiet;
  std::call_once(quiet, [] { av_log_set_level(AV_LOG_ERROR); });
}

}  // namespace kinora::media
