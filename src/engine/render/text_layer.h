// Text on frames: subtitles, titles and lower thirds, shaped with HarfBuzz and
// rasterized with FreeType (text_shaper.h) into a two-channel coverage image
// the compositing shader blends over the picture.
//
// UTF-8 input is decoded leniently (invalid bytes are dropped); characters no
// face has are skipped. Lines wrap between words, and anywhere in scripts
// written without spaces (Chinese, Japanese, Thai); a word wider than a line
// breaks between characters. Right-to-left paragraphs (Arabic, Hebrew) lay
// their words out from the right.
//
// A TextLayer owns its FreeType library and faces; it is not thread-safe (use
// one per thread, as each SceneRenderer does). Deterministic.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/render/text_shaper.h"

namespace kinora::engine::render {

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
