#include "core/error.h"

namespace kinora::core {

std::string_view ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kResourceExhausted: return "resource_exhausted";
    case ErrorCode::kFailedPrecondition: return "failed_precondition";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kIo: return "io_error";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

std::string Error::ToString() const {
  if (detail.empty()) return message;
  return message + " (" + detail + ")";
}

Error InvalidArgument(std::string message, std::string param) {
  return {ErrorCode::kInvalidArgument, std::move(message), std::move(param)};
}
Error NotFound(std::string message) { return {ErrorCode::kNotFound, std::move(message), {}}; }
Error Internal(std::string message, std::string detail) {
  return {ErrorCode::kInternal, std::move(message), std::move(detail)};
}
Error IoError(std::string message, std::string detail) {
  return {ErrorCode::kIo, std::move(message), std::move(detail)};
}
Error Cancelled(std::string message) { return {ErrorCode::kCancelled, std::move(message), {}}; }
Error FailedPrecondition(std::string message) {
  return {ErrorCode::kFailedPrecondition, std::move(message), {}};
}
Error Unavailable(std::string message, std::string detail) {
  return {ErrorCode::kUnavailable, std::move(message), std::move(detail)};
}

}  // namespace kinora::core
