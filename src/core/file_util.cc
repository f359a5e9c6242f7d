#include "core/file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>

namespace kinora::core {
namespace {

Status Fsync(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) return IoError("cannot open for fsync", path);
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return IoError("fsync failed", path);
  return Ok();
}

}  // namespace

Status PublishFile(const std::string& from, const std::string& to) {
  KINORA_RETURN_IF_ERROR(Fsync(from, false));
  std::error_code ec;
  std::filesystem::rename(from, to, ec);
  if (ec) return IoError("cannot move the finished file into place: " + ec.message(), to);
  const auto dir = std::filesystem::path(to).parent_path();
  return Fsync(dir.empty() ? "." : dir.string(), true);
}

}  // namespace kinora::core
