#include "http/api_util.h"

#include <charconv>
#include <cstdio>
#include <cstring>

#include "core/parse.h"

namespace kinora::http {
namespace {

constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

using nlohmann::json;

std::string EncodeCursor(std::string_view position) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : position) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 6) {
      out += kB64[(buf >> (bits - 6)) & 63];
      bits -= 6;
    }
  }
  if (bits > 0) out += kB64[(buf << (6 - bits)) & 63];
  return out;
}

core::Result<std::string> DecodeCursor(std::string_view cursor) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : cursor) {
    const char* p = std::strchr(kB64, c);
    if (c == '\0' || !p) return core::InvalidArgument("the cursor is malformed", "after");
    buf = (buf << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      out += static_cast<char>((buf >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  if (cursor.size() > 400) return core::InvalidArgument("the cursor is malformed", "after");
  return out;
}

core::Result<json> Body(const Request& r, std::initializer_list<std::string_view> allowed) {
  if (r.body.find_first_not_of(" \t\r\n") == std::string::npos) return json::object();
  const std::string type = r.Header("Content-Type");
  if (!type.empty() && type.rfind("application/json", 0) != 0) {
    return core::InvalidArgument("the body must be JSON (Content-Type: application/json)");
  }
  json j = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return core::InvalidArgument("the body is not valid JSON");
  if (!j.is_object()) return core::InvalidArgument("the body must be a JSON object");
  for (const auto& [key, value] : j.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      return core::InvalidArgument("unknown field '" + key + "'", key);
    }
  }
  return j;
}

core::Result<std::optional<std::string>> OptString(const json& j, const std::string& key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) return core::InvalidArgument(key + " must be a string", key);
  return std::optional<std::string>(it->get<std::string>());
}

core::Result<std::string> ReqString(const json& j, const std::string& key) {
  KINORA_ASSIGN_OR_RETURN(auto v, OptString(j, key));
  if (!v) return core::InvalidArgument(key + " is required", key);
  return *v;
}

core::Result<ListArgs> ReadList(const Request& r) {
  ListArgs a;
  if (auto it = r.query.find("after"); it != r.query.end() && !it->second.empty()) {
    KINORA_ASSIGN_OR_RETURN(a.after, DecodeCursor(it->second));
  }
  if (auto it = r.query.find("limit"); it != r.query.end()) {
    if (!core::ParseNumber(it->second, a.limit) || a.limit < 1 || a.limit > kMaxListLimit) {
      return core::InvalidArgument("limit must be a whole number from 1 to 100", "limit");
    }
  }
  return a;
}

std::string TimeKey(int64_t time, const std::string& id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%020lld", static_cast<long long>(time));
  return std::string(buf) + "|" + id;
}

Response NoContent() {
  Response r;
  r.status = 204;
  return r;
}

}  // namespace kinora::http
