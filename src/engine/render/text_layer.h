// Text on frames: subtitles, titles and lower thirds rasterized with FreeType
// into a two-channel coverage image the compositing shader blends over the
// picture.
//
// UTF-8 input is decoded leniently (invalid bytes are dropped); each code point
// is looked up in the regular (or bold) face, then in the fallback faces, and
// skipped when no face has it. Lines wrap at spaces to fit the frame, and
// words wider than a line break between characters (CJK has no spaces).
//
// A TextLayer owns its FreeType library and faces; it is not thread-safe (use
// one per thread, as each SceneRenderer does). Deterministic.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"

namespace kinora::engine::render {

struct FontPaths {
  std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  // Tried in order for code points the main faces lack; missing files are ignored.
  std::vector<std::string> fallbacks = {
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
      "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
  };
};

enum class TextRole {
  kSubtitle,    // dialogue caption near the bottom, on a translucent band
  kTitle,       // large, bold, centred
  kCaption,     // on-screen text near the top, on a band
  kLowerThird,  // left-aligned name strip in the lower third
};

struct TextItem {
  std::string text;  // UTF-8
  TextRole role = TextRole::kSubtitle;

  bool operator==(const TextItem&) const = default;
};

// A rectangle of the coverage image that holds a text block: pixels, x1/y1
// exclusive. Everything outside the rectangles of a layer is zero.
struct TextRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

class TextLayer {
 public:
  // Fails when the regular or bold font file cannot be loaded.
  static core::Result<std::unique_ptr<TextLayer>> Create(int width, int height,
                                                         const FontPaths& fonts);
  ~TextLayer();
  TextLayer(const TextLayer&) = delete;
  TextLayer& operator=(const TextLayer&) = delete;

  // Lays out `items` and redraws the coverage image. Returns true when the
  // image changed (the caller re-uploads it), false when `items` equal the
  // previous call's.
  bool Compose(const std::vector<TextItem>& items);

  // width x height x 2 bytes, rows top to bottom: byte 0 is glyph coverage,
  // byte 1 the backdrop band's opacity.
  const std::vector<uint8_t>& pixels() const { return pixels_; }
  // Where the current items were drawn (band, glyphs and shadow room).
  const std::vector<TextRect>& blocks() const { return blocks_; }
  bool empty() const { return items_.empty(); }
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  struct Impl;
  explicit TextLayer(std::unique_ptr<Impl> impl, int width, int height);

  std::unique_ptr<Impl> impl_;
  int width_ = 0;
  int height_ = 0;
  std::vector<uint8_t> pixels_;
  std::vector<TextItem> items_;
  std::vector<TextRect> blocks_;
};

}  // namespace kinora::engine::render
