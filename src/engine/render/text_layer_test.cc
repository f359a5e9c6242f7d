// Tests of text shaping and rasterization: fonts per script, joining and
// conjuncts, wrapping and placement (UTF-8 decoding is core/utf8).

#include "engine/render/text_layer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace kinora::engine::render {
namespace {

struct Extent {
  int x0 = 1 << 30, x1 = -1, y0 = 1 << 30, y1 = -1, glyph_pixels = 0;
};

Extent GlyphExtent(const TextLayer& layer) {
  Extent e;
  for (int y = 0; y < layer.height(); ++y) {
    for (int x = 0; x < layer.width(); ++x) {
      if (layer.pixels()[(static_cast<size_t>(y) * layer.width() + x) * 2] > 0) {
        e.x0 = std::min(e.x0, x), e.x1 = std::max(e.x1, x);
        e.y0 = std::min(e.y0, y), e.y1 = std::max(e.y1, y);
        ++e.glyph_pixels;
      }
    }
  }
  return e;
}

class TextLayerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto layer = TextLayer::Create(360, 640, FontPaths{});
    ASSERT_TRUE(layer.ok()) << layer.error().ToString();
    layer_ = std::move(*layer);
  }
  std::unique_ptr<TextLayer> layer_;
};

TEST_F(TextLayerTest, SubtitleSitsNearTheBottomOnABand) {
  EXPECT_TRUE(layer_->Compose({{"Hello world", TextRole::kSubtitle}}));
  const Extent e = GlyphExtent(*layer_);
  EXPECT_GT(e.glyph_pixels, 200);
  EXPECT_GT(e.y0, 640 * 3 / 4);
  EXPECT_LT(e.y1, 640);
  // Centred horizontally.
  EXPECT_NEAR((e.x0 + e.x1) / 2, 180, 12);
  // The band is under the text.
  const size_t mid = (static_cast<size_t>((e.y0 + e.y1) / 2) * 360 + e.x0) * 2 + 1;
  EXPECT_GT(layer_->pixels()[mid], 100);
  EXPECT_FALSE(layer_->Compose({{"Hello world", TextRole::kSubtitle}}));  // unchanged
}

TEST_F(TextLayerTest, LongLinesWrapInsideTheFrame) {
  ASSERT_TRUE(layer_->Compose({{"short", TextRole::kSubtitle}}));
  const int one_line = GlyphExtent(*layer_).y1 - GlyphExtent(*layer_).y0;
  ASSERT_TRUE(layer_->Compose({{"This caption is far too long to fit on one line of a narrow frame",
                                TextRole::kSubtitle}}));
  const Extent e = GlyphExtent(*layer_);
  EXPECT_GT(e.y1 - e.y0, 2 * one_line);
  EXPECT_GE(e.x0, 360 * 5 / 100);
  EXPECT_LE(e.x1, 360 * 95 / 100);
  // A single unbreakable word breaks between characters instead of overflowing.
  ASSERT_TRUE(layer_->Compose({{std::string(80, 'W'), TextRole::kSubtitle}}));
  const Extent w = GlyphExtent(*layer_);
  EXPECT_LE(w.x1, 360 * 95 / 100);
}

TEST_F(TextLayerTest, TitleIsLargeAndCentred) {
  ASSERT_TRUE(layer_->Compose({{"NIMBUS", TextRole::kTitle}}));
  const Extent e = GlyphExtent(*layer_);
  EXPECT_GT(e.y1 - e.y0, 20);
  EXPECT_NEAR((e.y0 + e.y1) / 2, 640 * 42 / 100, 40);
  EXPECT_NEAR((e.x0 + e.x1) / 2, 180, 12);
}

TEST_F(TextLayerTest, MissingGlyphsAreSkipped) {
  // Private-use and unassigned code points exist in no font.
  ASSERT_TRUE(layer_->Compose({{"\xee\x80\x80\xf3\xb0\x80\x80", TextRole::kSubtitle}}));
  EXPECT_EQ(GlyphExtent(*layer_).glyph_pixels, 0);
  ASSERT_TRUE(layer_->Compose({{"ok \xee\x80\x80 ok", TextRole::kSubtitle}}));
  EXPECT_GT(GlyphExtent(*layer_).glyph_pixels, 50);
}

TEST_F(TextLayerTest, RightToLeftLowerThirdHugsTheRightMargin) {
  ASSERT_TRUE(layer_->Compose({{"\u0645\u0631\u062d\u0628\u0627", TextRole::kLowerThird}}));
  const Extent rtl = GlyphExtent(*layer_);
  ASSERT_GT(rtl.glyph_pixels, 50);
  EXPECT_GT(rtl.x1, 360 * 85 / 100);
  ASSERT_TRUE(layer_->Compose({{"Hello", TextRole::kLowerThird}}));
  EXPECT_LT(GlyphExtent(*layer_).x0, 360 * 15 / 100);
}

TEST_F(TextLayerTest, TextWithoutSpacesWrapsBetweenCharacters) {
  std::string chinese;
  for (int i = 0; i < 12; ++i) chinese += "\u4eca\u5929\u5929\u6c14\u5f88\u597d";
  ASSERT_TRUE(layer_->Compose({{"\u4f60\u597d", TextRole::kSubtitle}}));
  const Extent one = GlyphExtent(*layer_);
  ASSERT_GT(one.glyph_pixels, 50);
  ASSERT_TRUE(layer_->Compose({{chinese, TextRole::kSubtitle}}));
  const Extent many = GlyphExtent(*layer_);
  EXPECT_GT(many.y1 - many.y0, 2 * (one.y1 - one.y0));
  EXPECT_GE(many.x0, 360 * 5 / 100);
  EXPECT_LE(many.x1, 360 * 95 / 100);
}

class TextShaperTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto shaper = TextShaper::Create(FontPaths{});
    ASSERT_TRUE(shaper.ok()) << shaper.error().ToString();
    shaper_ = std::move(*shaper);
  }
  std::string FaceOf(const ShapedWord& word) {
    return word.glyphs.empty() ? "" : shaper_->face_path(word.glyphs.front().face);
  }
  std::unique_ptr<TextShaper> shaper_;
};

TEST_F(TextShaperTest, ArabicLettersJoinAndReadRightToLeft) {
  // "salam": seen, lam, alef, meem.
  const std::u32string word = U"\u0633\u0644\u0627\u0645";
  const ShapedWord joined = shaper_->Shape(word, false, 32);
  EXPECT_TRUE(joined.rtl);
  EXPECT_EQ(joined.missing, 0);
  EXPECT_NE(FaceOf(joined).find("Arabic"), std::string::npos) << FaceOf(joined);
  // Each letter alone takes its isolated form; inside the word, joining forms
  // (lam + alef may even become one ligature).
  std::vector<uint32_t> isolated;
  for (char32_t cp : word)
    isolated.push_back(shaper_->Shape({&cp, 1}, false, 32).glyphs.at(0).glyph);
  std::vector<uint32_t> shaped;
  for (const ShapedGlyph& g : joined.glyphs) shaped.push_back(g.glyph);
  std::reverse(shaped.begin(), shaped.end());  // visual order → logical order
  EXPECT_NE(shaped, isolated);
  // Visual order: x grows along the glyph list.
  for (size_t i = 1; i < joined.glyphs.size(); ++i) {
    EXPECT_GE(joined.glyphs[i].x, joined.glyphs[i - 1].x);
  }
}

TEST_F(TextShaperTest, DevanagariFormsConjuncts) {
  // "namaste": na, ma, sa, virama, ta, vowel sign e — sa + virama + ta is a conjunct.
  const std::u32string word = U"\u0928\u092e\u0938\u094d\u0924\u0947";
  const ShapedWord shaped = shaper_->Shape(word, false, 32);
  EXPECT_EQ(shaped.missing, 0);
  EXPECT_FALSE(shaped.rtl);
  EXPECT_NE(FaceOf(shaped).find("Devanagari"), std::string::npos) << FaceOf(shaped);
  EXPECT_LT(shaped.glyphs.size(), word.size());
}

TEST_F(TextShaperTest, EastAsianScriptsUseTheCjkFace) {
  for (const std::u32string& text :
       {std::u32string(U"\u4f60\u597d"), std::u32string(U"\u3053\u3093\u306b\u3061\u306f"),
        std::u32string(U"\uc548\ub155\ud558\uc138\uc694")}) {
    const ShapedWord shaped = shaper_->Shape(text, false, 24);
    EXPECT_EQ(shaped.missing, 0);
    EXPECT_EQ(shaped.glyphs.size(), text.size());
    EXPECT_NE(FaceOf(shaped).find("CJK"), std::string::npos) << FaceOf(shaped);
    EXPECT_GT(shaped.advance, 20.0f * static_cast<float>(text.size()));
  }
}

TEST_F(TextShaperTest, LatinUsesTheMainFaceWithKerning) {
  const ShapedWord plain = shaper_->Shape(U"AVA", false, 40);
  EXPECT_EQ(FaceOf(plain), FontPaths{}.regular);
  float sum = 0;
  for (char32_t cp : std::u32string(U"AVA")) sum += shaper_->Shape({&cp, 1}, false, 40).advance;
  EXPECT_LT(plain.advance, sum);  // the A–V pair is kerned
  // Punctuation inside an Arabic word stays in the Arabic face.
  const ShapedWord mixed = shaper_->Shape(U"\u0633\u0644\u0627\u0645!", false, 32);
  for (const ShapedGlyph& g : mixed.glyphs) EXPECT_EQ(g.face, mixed.glyphs.front().face);
}

TEST_F(TextShaperTest, ControlAndUnknownCharactersDrawNothing) {
  const ShapedWord shaped = shaper_->Shape(U"\u0001\ue000", false, 24);
  EXPECT_TRUE(shaped.glyphs.empty());
  EXPECT_EQ(shaped.missing, 1);
}

}  // namespace
}  // namespace kinora::engine::render
