#include "core/utf8.h"

#include <gtest/gtest.h>

namespace kinora::core {
namespace {

TEST(Utf8Test, DecodesValidText) {
  EXPECT_EQ(DecodeUtf8("Hi"), U"Hi");
  EXPECT_EQ(DecodeUtf8("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"), U"café € 😀");
}

TEST(Utf8Test, MalformedSequencesAreReplacedOrSkipped) {
  const std::string bad =
      "a\xff"
      "b\xc3(\xe2\x82"
      "c\xed\xa0\x80\xc0\xaf";
  EXPECT_EQ(DecodeUtf8(bad), U"a\uFFFDb\uFFFD(\uFFFDc\uFFFD\uFFFD");
  EXPECT_EQ(DecodeUtf8(bad, Utf8Errors::kSkip), U"ab(c");
  EXPECT_EQ(DecodeUtf8("a\xc3", Utf8Errors::kSkip), U"a");  // truncated at the end
  EXPECT_EQ(DecodeUtf8("\xf4\x90\x80\x80"), U"\uFFFD");     // above U+10FFFF
}

TEST(Utf8Test, EncodesRoundTrip) {
  const std::u32string text = U"Hello, 世界 — Привет 😀";
  EXPECT_EQ(DecodeUtf8(EncodeUtf8(text)), text);
  std::string out;
  AppendUtf8(out, 0xD800);  // a lone surrogate cannot be encoded
  EXPECT_EQ(out, "\xef\xbf\xbd");
}

TEST(Utf8Test, AsciiLowerKeepsMultiByteCharacters) {
  EXPECT_EQ(AsciiLower("Zo\xc3\xab MIX #1E90FF"), "zo\xc3\xab mix #1e90ff");
  EXPECT_EQ(AsciiLower("\xc3\x8b"), "\xc3\x8b");  // Ë is not ASCII: unchanged, still valid
}

}  // namespace
}  // namespace kinora::core
