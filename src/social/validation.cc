#include "social/validation.h"

#include <charconv>
#include <ctime>

#include "core/utf8.h"

namespace kinora::social {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Counts code points; nullopt when the text is not valid UTF-8 or holds a
// control character (newlines allowed when allow_newlines).
std::optional<size_t> CountChars(std::string_view text, bool allow_newlines) {
  size_t i = 0, n = 0;
  while (i < text.size()) {
    auto cp = core::NextCodePoint(text, i);
    if (!cp) return std::nullopt;
    if (*cp < 0x20 && !(allow_newlines && (*cp == '\n' || *cp == '\r' || *cp == '\t'))) {
      return std::nullopt;
    }
    if (*cp == 0x7f) return std::nullopt;
    ++n;
  }
  return n;
}

core::Result<std::string> BoundedText(std::string_view text, std::string_view field,
                                      std::string_view what, size_t min, size_t max,
                                      bool allow_newlines) {
  auto n = CountChars(text, allow_newlines);
  if (!n) {
    return core::InvalidArgument(std::string(what) +
                                     " must be valid UTF-8 text without control "
                                     "characters",
                                 std::string(field));
  }
  if (*n < min || *n > max) {
    return core::InvalidArgument(
        min > 0 ? std::string(what) + " must be " + std::to_string(min) + " to " +
                      std::to_string(max) + " characters (got " + std::to_string(*n) + ")"
                : std::string(what) + " must be at most " + std::to_string(max) +
                      " characters (got " + std::to_string(*n) + ")",
        std::string(field));
  }
  return std::string(text);
}

struct Date {
  int year, month, day;
};

Date DateOf(int64_t unix_ms) {
  const std::time_t t = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

std::optional<Date> ParseDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto num = [&](size_t at, size_t len, int& out) {
    auto r = std::from_chars(s.data() + at, s.data() + at + len, out);
    return r.ec == std::errc() && r.ptr == s.data() + at + len;
  };
  Date d{};
  if (!num(0, 4, d.year) || !num(5, 2, d.month) || !num(8, 2, d.day)) return std::nullopt;
  if (d.month < 1 || d.month > 12 || d.day < 1) return std::nullopt;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int days = kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  if (d.day > days) return std::nullopt;
  return d;
}

int YearsBetween(const Date& from, const Date& to) {
  int years = to.year - from.year;
  if (to.month < from.month || (to.month == from.month && to.day < from.day)) --years;
  return years;
}

}  // namespace

core::Result<std::string> NormalizeHandle(std::string_view handle) {
  std::string h = core::AsciiLower(handle);
  bool ok = h.size() >= 3 && h.size() <= 30;
  for (char c : h) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_')) ok = false;
  }
  if (!ok) {
    return core::InvalidArgument(
        "handle must be 3 to 30 characters of a-z, 0-9, '.' and '_' (got '" +
            std::string(handle.substr(0, 40)) + "')",
        "handle");
  }
  return h;
}

core::Result<std::string> ValidateDisplayName(std::string_view name) {
  return BoundedText(Trim(name), "display_name", "display_name", 1, 50, false);
}

core::Result<std::string> ValidateBio(std::string_view bio) {
  return BoundedText(Trim(bio), "bio", "bio", 0, 300, true);
}

core::Status ValidatePassword(std::string_view password) {
  if (password.size() < 8 || password.size() > 256) {
    return core::InvalidArgument("password must be 8 to 256 bytes long", "password");
  }
  return core::Ok();
}

core::Result<std::string> ValidateBirthdate(std::string_view date, int64_t today_unix_ms) {
  auto d = ParseDate(date);
  if (!d) {
    return core::InvalidArgument("birthdate must be a real date written YYYY-MM-DD (got '" +
                                     std::string(date.substr(0, 20)) + "')",
                                 "birthdate");
  }
  const int age = YearsBetween(*d, DateOf(today_unix_ms));
  if (age < 0 || d->year < 1900) {
    return core::InvalidArgument("birthdate must be in the past and after 1900", "birthdate");
  }
  if (age < 13) return core::InvalidArgument("members must be at least 13 years old", "birthdate");
  return std::string(date);
}

int AgeOn(std::string_view birthdate, int64_t today_unix_ms) {
  auto d = ParseDate(birthdate);
  if (!d) return 0;
  return YearsBetween(*d, DateOf(today_unix_ms));
}

// The officially assigned ISO 3166-1 alpha-2 codes.
constexpr std::string_view kCountries =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ "
    "BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM "
    "DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS "
    "GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN "
    "KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ "
    "MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM "
    "PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV "
    "SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI "
    "VN VU WF WS YE YT ZA ZM ZW";

core::Result<std::string> NormalizeCountry(std::string_view country) {
  std::string c;
  for (char ch : country) c += static_cast<char>(ch >= 'a' && ch <= 'z' ? ch - 32 : ch);
  if (c.size() != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' ||
      kCountries.find(c) == std::string_view::npos || kCountries.find(c) % 3 != 0) {
    return core::InvalidArgument(
        "country must be a two-letter ISO 3166-1 code such as US or FR (got '" +
            std::string(country.substr(0, 20)) + "')",
        "country");
  }
  return c;
}

core::Result<std::string> NormalizeEmail(std::string_view email) {
  std::string e = core::AsciiLower(Trim(email));
  const auto at = e.find('@');
  const bool ok = !e.empty() && e.size() <= 254 && at != std::string::npos && at > 0 &&
                  e.find('@', at + 1) == std::string::npos &&
                  e.find('.', at + 2) != std::string::npos && e.back() != '.' &&
                  e.find_first_of(" \t\r\n<>,;\"") == std::string::npos;
  if (!ok) return core::InvalidArgument("email must be an address like name@example.com", "email");
  return e;
}

core::Result<std::string> ValidateCommentBody(std::string_view body) {
  return BoundedText(Trim(body), "body", "a comment", 1, 1000, true);
}

core::Result<std::string> ValidateCaption(std::string_view caption) {
  return BoundedText(Trim(caption), "caption", "caption", 0, 500, true);
}

core::Result<std::string> NormalizeTag(std::string_view tag) {
  if (!tag.empty() && tag.front() == '#') tag.remove_prefix(1);
  std::string t = core::AsciiLower(tag);
  bool ok = !t.empty() && t.size() <= 40;
  for (char c : t) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) ok = false;
  }
  if (!ok) {
    return core::InvalidArgument("tags must be 1 to 40 characters of a-z, 0-9 and '_'", "tags");
  }
  return t;
}

core::Result<std::string> ValidateNote(std::string_view note) {
  return BoundedText(Trim(note), "note", "note", 0, 500, true);
}

core::Result<std::string> ValidateKeyName(std::string_view name) {
  return BoundedText(Trim(name), "name", "name", 1, 60, false);
}

core::Result<std::string> ValidateCharacterName(std::string_view name) {
  return BoundedText(Trim(name), "name", "name", 1, 80, false);
}

}  // namespace kinora::social
