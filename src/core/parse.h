// Numbers in text people and peers send (flags, form fields, headers,
// cursors): the whole text must be the number, with nothing before or after.
#pragma once

#include <charconv>
#include <string_view>

namespace kinora::core {

// True when all of `text` (not empty) is a number of type T; stores it in out.
template <typename T>
bool ParseNumber(std::string_view text, T& out) {
  const auto r = std::from_chars(text.data(), text.data() + text.size(), out);
  return !text.empty() && r.ec == std::errc() && r.ptr == text.data() + text.size();
}

}  // namespace kinora::core
