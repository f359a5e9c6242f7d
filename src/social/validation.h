// Field rules for what members type. Each function returns the normalized
// value or kInvalidArgument naming the field (the API's `param`) with a
// message that says what is allowed.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace kinora::social {

// 3–30 of [a-z0-9._], case-insensitive: returned lowercase.
core::Result<std::string> NormalizeHandle(std::string_view handle);
// Trimmed, 1–50 characters, valid UTF-8, no control characters.
core::Result<std::string> ValidateDisplayName(std::string_view name);
// At most 300 characters, valid UTF-8; newlines allowed.
core::Result<std::string> ValidateBio(std::string_view bio);
// 8–256 bytes.
core::Status ValidatePassword(std::string_view password);
// "YYYY-MM-DD", a real date, not in the future and at least 13 years before
// `today_unix_ms`.
core::Result<std::string> ValidateBirthdate(std::string_view date, int64_t today_unix_ms);
// Whole years between birthdate and today.
int AgeOn(std::string_view birthdate, int64_t today_unix_ms);
// ISO 3166-1 alpha-2, returned uppercase.
core::Result<std::string> NormalizeCountry(std::string_view country);
// A plausible address, returned lowercase; at most 254 bytes.
core::Result<std::string> NormalizeEmail(std::string_view email);
// Trimmed, 1–1000 characters.
core::Result<std::string> ValidateCommentBody(std::string_view body);
// At most 500 characters.
core::Result<std::string> ValidateCaption(std::string_view caption);
// 1–40 of [a-z0-9_], lowercase; a leading '#' is dropped.
core::Result<std::string> NormalizeTag(std::string_view tag);
// A waitlist note: at most 500 characters.
core::Result<std::string> ValidateNote(std::string_view note);
// A name for an API key: 1–60 characters.
core::Result<std::string> ValidateKeyName(std::string_view name);
// A character's name: trimmed, 1–80 characters.
core::Result<std::string> ValidateCharacterName(std::string_view name);

}  // namespace kinora::social
