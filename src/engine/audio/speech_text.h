// Text clean-up before it reaches a speech engine (internal to engine_audio).
//
// Dialogue text comes from prompts and hand-edited JSON, so it may hold
// anything: malformed UTF-8, NUL bytes, control and zero-width characters.
// These functions turn it into text the engines can take as a C string.
// Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace kinora::engine::audio::internal {

// Valid UTF-8 with controls, NULs, U+FFFD and other non-speakable code points
// turned into spaces, zero-width characters removed, runs of whitespace
// collapsed to one space and the ends trimmed. Empty when nothing is left.
std::string SpeakableUtf8(std::string_view text);

// For Flite, which reads ASCII: SpeakableUtf8, then Latin letters lose their
// diacritics ("café" → "cafe", "ß" → "ss"), typographic quotes, dashes and
// ellipses become ASCII, and every other non-ASCII character becomes a space.
std::string SpeakableAscii(std::string_view text);

// True when `text` holds at least one letter or digit (ASCII, or any
// non-ASCII code point, which we assume is a letter of some script).
bool HasWordCharacters(std::string_view utf8_text);

// The language whose voice can read the script (core::ScriptOf) most of
// `utf8_text`'s letters are in, for text whose line names a language that
// cannot: "ko" for Hangul, "ja" for any kana, "cmn" for Han without kana,
// "ar", "he", "ru" (any Cyrillic), "el", "hi" (Devanagari), "bn", "ta",
// "th". Empty for Latin script, digits only, or scripts without a voice.
std::string LanguageOfScript(std::string_view utf8_text);

// Whether a voice for BCP 47 `language` reads the script LanguageOfScript
// named `script_language` for ("uk" reads Cyrillic, "ja" reads Han too).
bool ReadsScriptOf(std::string_view language, std::string_view script_language);

}  // namespace kinora::engine::audio::internal
