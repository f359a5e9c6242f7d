#include "media/av_error.h"

extern "C" {
#include <libavutil/error.h>
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

}  // namespace kinora::media
