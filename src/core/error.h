// Error values: the one way ordinary failure travels through Kinora.
//
// An Error carries a machine-readable code, a one-line human message and an
// optional detail (the field or parameter at fault, a file path, an inner
// library message). Errors are plain values: copyable, thread-compatible.
#pragma once

#include <string>
#include <string_view>

namespace kinora::core {

enum class ErrorCode {
  kOk = 0,
  kInvalidArgument,     // the caller's input is wrong (HTTP 400, exit 2)
  kNotFound,            // the named thing does not exist (404)
  kAlreadyExists,       // a unique thing already exists (409)
  kPermissionDenied,    // authenticated but not allowed (403)
  kUnauthenticated,     // no or bad credentials (401)
  kResourceExhausted,   // quota, size or rate limit (429 / 413)
  kFailedPrecondition,  // the thing is not in a state that allows this (409)
  kCancelled,           // the operation was cancelled on request
  kUnavailable,         // a dependency is down; retrying may help (503)
  kIo,                  // reading or writing a file failed
  kInternal,            // a bug or an unexpected library failure (500)
};

std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string detail;  // e.g. the parameter name for kInvalidArgument

  // "message (detail)" or just "message".
  std::string ToString() const;
};

Error InvalidArgument(std::string message, std::string param = {});
Error NotFound(std::string message);
Error Internal(std::string message, std::string detail = {});
Error IoError(std::string message, std::string detail = {});
Error Cancelled(std::string message = "cancelled");
Error FailedPrecondition(std::string message);
Error Unavailable(std::string message, std::string detail = {});

}  // namespace kinora::core
