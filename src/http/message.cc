#include "http/message.h"

#include <algorithm>
#include <cctype>

namespace kinora::http {

bool CaseInsensitiveLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) <
           std::tolower(static_cast<unsigned char>(y));
  });
}

std::string Request::Header(std::string_view name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

int HttpStatusFor(core::ErrorCode code) {
  switch (code) {
    case core::ErrorCode::kOk: return 200;
    case core::ErrorCode::kInvalidArgument: return 400;
    case core::ErrorCode::kUnauthenticated: return 401;
    case core::ErrorCode::kPermissionDenied: return 403;
    case core::ErrorCode::kNotFound: return 404;
    case core::ErrorCode::kAlreadyExists: return 409;
    case core::ErrorCode::kFailedPrecondition: return 409;
    case core::ErrorCode::kResourceExhausted: return 429;
    case core::ErrorCode::kCancelled: return 409;
    case core::ErrorCode::kUnavailable: return 503;
    case core::ErrorCode::kIo: return 500;
    case core::ErrorCode::kInternal: return 500;
  }
  return 500;
}

std::string_view ErrorTypeFor(core::ErrorCode code) {
  switch (HttpStatusFor(code)) {
    case 400:
    case 404:
    case 409: return "invalid_request_error";
    case 401: return "authentication_error";
    case 403: return "permission_error";
    case 429: return "rate_limit_error";
    case 503: return "service_unavailable";
    default: return "server_error";
  }
}

Response JsonResponse(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.headers["Content-Type"] = "application/json";
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response ErrorResponse(int status, std::string_view type, std::string_view message,
                       std::string_view param, std::string_view code) {
  nlohmann::json error = {
      {"message", message},
      {"type", type},
      {"param", param.empty() ? nlohmann::json(nullptr) : nlohmann::json(param)},
      {"code", code.empty() ? nlohmann::json(nullptr) : nlohmann::json(code)}};
  return JsonResponse(status, {{"error", error}});
}

Response ErrorResponse(const core::Error& error) {
  const int status = HttpStatusFor(error.code);
  // Internal details stay in the log; clients get the message only.
  // The detail names the parameter for invalid input; for conflicts and
  // refusals it does when it is a plain field name (not a library message).
  bool is_param = error.code == core::ErrorCode::kInvalidArgument;
  if (error.code == core::ErrorCode::kAlreadyExists ||
      error.code == core::ErrorCode::kFailedPrecondition ||
      error.code == core::ErrorCode::kPermissionDenied) {
    is_param = !error.detail.empty() && error.detail.size() <= 40 &&
               error.detail.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") == std::string::npos;
  }
  return ErrorResponse(status, ErrorTypeFor(error.code), error.message,
                       is_param ? std::string_view(error.detail) : std::string_view(),
                       core::ErrorCodeName(error.code));
}

std::string PercentDecode(std::string_view s, bool plus_as_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else if (s[i] == '+' && plus_as_space) {
      out += ' ';
    } else {
      out += s[i];
    }
  }
  return out;
}

namespace {

// Appends `prefix` + line + "\n" for each line of `text`, splitting on LF,
// CRLF and CR as an event-stream parser does.
void AppendLines(std::string& out, std::string_view prefix, std::string_view text) {
  size_t start = 0;
  while (true) {
    size_t end = text.find_first_of("\r\n", start);
    out += prefix;
    out += text.substr(start, end == std::string_view::npos ? end : end - start);
    out += '\n';
    if (end == std::string_view::npos) return;
    start = end + (text.compare(end, 2, "\r\n") == 0 ? 2 : 1);
  }
}

std::string OneLine(std::string_view field) {
  std::string out;
  for (char c : field) {
    if (c != '\r' && c != '\n' && c != '\0') out += c;
  }
  return out;
}

}  // namespace

std::string SseEvent(std::string_view event, std::string_view data, std::string_view id) {
  std::string out;
  out.reserve(event.size() + data.size() + id.size() + 24);
  if (!event.empty()) out += "event: " + OneLine(event) + "\n";
  if (!id.empty()) out += "id: " + OneLine(id) + "\n";
  AppendLines(out, "data: ", data);
  out += '\n';
  return out;
}

std::string SseComment(std::string_view text) {
  std::string out;
  AppendLines(out, ": ", text);
  out += '\n';
  return out;
}

bool ParseTarget(std::string_view target, std::string& path,
                 std::map<std::string, std::string>& query) {
  if (target.empty() || target[0] != '/') return false;
  auto q = target.find('?');
  path = PercentDecode(target.substr(0, q), false);
  if (path.find('\0') != std::string::npos) return false;
  if (q == std::string_view::npos) return true;
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    auto amp = rest.find('&');
    std::string_view pair = rest.substr(0, amp);
    auto eq = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, eq), true);
    std::string value =
        eq == std::string_view::npos ? "" : PercentDecode(pair.substr(eq + 1), true);
    if (!key.empty()) query[key] = value;
    if (amp == std::string_view::npos) break;
    rest = rest.substr(amp + 1);
  }
  return true;
}

}  // namespace kinora::http
