// Text shaping for frames: picks a font for every run of text and shapes it
// with HarfBuzz, so every script draws correctly — Arabic letters join and
// read right to left, Devanagari forms conjuncts and reorders vowel signs,
// CJK and Hangul come from the CJK face — then rasterizes glyphs with FreeType.
//
// Font choice: the main face (regular or bold) serves Latin, Greek, Cyrillic
// and script-neutral characters (digits, punctuation, spaces); every other
// script prefers the first fallback face that has its glyphs (so Arabic uses
// Noto Sans Arabic rather than the main face's simpler forms), then the main
// face. Neutral characters stay in the surrounding run's face when it has
// them, so a word never switches fonts around its punctuation.
//
// A TextShaper owns its FreeType library, faces and HarfBuzz fonts; it is not
// thread-safe (one per TextLayer). Deterministic.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace kinora::engine::render {

struct FontPaths {
  std::string regular = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::string bold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
  // For the scripts the main faces lack or draw poorly; missing files are
  // ignored, so a machine without them draws what it can.
  std::vector<std::string> fallbacks = {
      "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
      "/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf",
      "/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf",
      "/usr/share/fonts/truetype/noto/NotoSansBengali-Regular.ttf",
      "/usr/share/fonts/truetype/noto/NotoSansTamil-Regular.ttf",
      "/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf",
      "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
      "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
  };
};

// One glyph of a shaped word, in visual (left to right) order. Positions in
// pixels relative to the word's origin on the baseline; y grows upwards.
struct ShapedGlyph {
  int face = 0;        // index into the shaper's faces (see face_count())
  uint32_t glyph = 0;  // glyph index within that face
  float x = 0;
  float y = 0;
};

struct ShapedWord {
  std::vector<ShapedGlyph> glyphs;
  float advance = 0;  // pixels
  bool rtl = false;   // the word's first strong character is right-to-left
  int missing = 0;    // characters no face has (not drawn)
};

// A glyph's coverage bitmap (8-bit), with its offset from the pen position.
struct GlyphBitmap {
  int width = 0;
  int rows = 0;
  int left = 0;
  int top = 0;  // rows above the baseline
  std::vector<uint8_t> pixels;
};

class TextShaper {
 public:
  // Fails when the regular or bold font file cannot be loaded.
  static core::Result<std::unique_ptr<TextShaper>> Create(const FontPaths& fonts);
  ~TextShaper();
  TextShaper(const TextShaper&) = delete;
  TextShaper& operator=(const TextShaper&) = delete;

  // Shapes `text` (one word or a cluster sequence; spaces are fine but no
  // line breaks) at `px` pixels per em. Control characters are ignored.
  ShapedWord Shape(std::u32string_view text, bool bold, int px);

  // The rasterized glyph, cached; an empty bitmap for blank glyphs.
  const GlyphBitmap& Bitmap(int face, uint32_t glyph, int px);

  // Ascender of the main face at `px`, in pixels.
  int Ascender(bool bold, int px);

  int face_count() const;
  // The file a face came from (tests and diagnostics).
  const std::string& face_path(int face) const;

 private:
  struct Impl;
  explicit TextShaper(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kinora::engine::render
