#include "core/utf8.h"

namespace kinora::core {
namespace {

bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

}  // namespace

std::optional<char32_t> NextCodePoint(std::string_view text, size_t& i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  int extra = 0;
  char32_t cp = 0, min = 0;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, cp = lead & 0x1F, min = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, cp = lead & 0x0F, min = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, cp = lead & 0x07, min = 0x10000;
  } else {
    ++i;
    return std::nullopt;
  }
  int got = 0;
  while (got < extra && i + 1 + got < text.size() &&
         IsContinuation(static_cast<unsigned char>(text[i + 1 + got]))) {
    cp = (cp << 6) | (static_cast<unsigned char>(text[i + 1 + got]) & 0x3F);
    ++got;
  }
  i += 1 + got;
  if (got < extra) return std::nullopt;  // truncated: the lead and what followed it
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
  return cp;
}

std::u32string DecodeUtf8(std::string_view text, Utf8Errors errors) {
  std::u32string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (auto cp = NextCodePoint(text, i)) {
      out.push_back(*cp);
    } else if (errors == Utf8Errors::kReplace) {
      out.push_back(kReplacementCharacter);
    }
  }
  return out;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = kReplacementCharacter;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string EncodeUtf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char32_t cp : text) AppendUtf8(out, cp);
  return out;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Script ScriptOf(char32_t c) {
  if ((c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x1100 && c <= 0x11FF) ||
      (c >= 0x3130 && c <= 0x318F)) {
    return Script::kHangul;
  }
  if (c >= 0x3040 && c <= 0x30FF) return Script::kKana;
  if (c >= 0x4E00 && c <= 0x9FFF) return Script::kHan;
  if (c >= 0x0600 && c <= 0x06FF) return Script::kArabic;
  if (c >= 0x0590 && c <= 0x05FF) return Script::kHebrew;
  if (c >= 0x0400 && c <= 0x04FF) return Script::kCyrillic;
  if (c >= 0x0370 && c <= 0x03FF) return Script::kGreek;
  if (c >= 0x0900 && c <= 0x097F) return Script::kDevanagari;
  if (c >= 0x0980 && c <= 0x09FF) return Script::kBengali;
  if (c >= 0x0B80 && c <= 0x0BFF) return Script::kTamil;
  if (c >= 0x0E00 && c <= 0x0E7F) return Script::kThai;
  return Script::kOther;
}

}  // namespace kinora::core
