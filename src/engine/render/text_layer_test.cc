// Tests of text rasterization: wrapping and placement (UTF-8 decoding is core/utf8).

#include "engine/render/text_layer.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace kinora::engine::render
