// Request and response helpers shared by the JSON APIs under /api: strict
// JSON bodies (unknown fields refused), typed fields, list arguments and
// opaque cursors, and the list envelope.
#pragma once

#include <algorithm>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "http/message.h"
#include "store/social_store.h"

namespace kinora::http {

// Opaque list cursors: the store's position, base64url-encoded.
std::string EncodeCursor(std::string_view position);
core::Result<std::string> DecodeCursor(std::string_view cursor);

// The body as a JSON object (an empty body is {}); 400 naming any field not
// in `allowed`.
core::Result<nlohmann::json> Body(const Request& r,
                                  std::initializer_list<std::string_view> allowed);
// A string field: nullopt when absent (or null); 400 when not a string.
core::Result<std::optional<std::string>> OptString(const nlohmann::json& j, const std::string& key);
core::Result<std::string> ReqString(const nlohmann::json& j, const std::string& key);

inline constexpr int kMaxListLimit = 100;

struct ListArgs {
  std::string after;  // decoded
  int limit = 20;
};
// ?after=CURSOR&limit=N (1–100, default 20).
core::Result<ListArgs> ReadList(const Request& r);

// {"object": "list", "data": [...], "next_cursor", "has_more"}.
template <typename T, typename Fn>
nlohmann::json ListJson(const store::Page<T>& page, Fn&& to_json) {
  nlohmann::json data = nlohmann::json::array();
  for (const auto& item : page.items) data.push_back(to_json(item));
  return {{"object", "list"},
          {"data", data},
          {"next_cursor",
           page.next.empty() ? nlohmann::json(nullptr) : nlohmann::json(EncodeCursor(page.next))},
          {"has_more", !page.next.empty()}};
}

// A sortable key for "time, then id" orders (times are non-negative).
std::string TimeKey(int64_t time, const std::string& id);

// Pages a member's short list (sessions, keys, invites) held in memory:
// newest key first, the cursor being the last key sent.
template <typename T, typename KeyFn, typename JsonFn>
Response Paged(const Request& r, std::vector<T> items, KeyFn key, JsonFn to_json) {
  auto args = ReadList(r);
  if (!args.ok()) return ErrorResponse(args.error());
  std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) > key(b); });
  store::Page<T> page;
  for (auto& item : items) {
    if (!args->after.empty() && key(item) >= args->after) continue;
    if (static_cast<int>(page.items.size()) == args->limit) {
      page.next = key(page.items.back());
      break;
    }
    page.items.push_back(std::move(item));
  }
  return JsonResponse(200, ListJson(page, to_json));
}

Response NoContent();

}  // namespace kinora::http
