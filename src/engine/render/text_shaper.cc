#include "engine/render/text_shaper.h"

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb-ft.h>
#include <hb.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <tuple>

namespace kinora::engine::render {
namespace {

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp < 0xA0); }

bool IsNeutral(hb_script_t script) {
  return script == HB_SCRIPT_COMMON || script == HB_SCRIPT_INHERITED || script == HB_SCRIPT_UNKNOWN;
}

// Scripts the main faces are made for; every other script asks the fallbacks first.
bool MainFaceScript(hb_script_t script) {
  return IsNeutral(script) || script == HB_SCRIPT_LATIN || script == HB_SCRIPT_GREEK ||
         script == HB_SCRIPT_CYRILLIC;
}

struct Run {
  int face = -1;
  hb_script_t script = HB_SCRIPT_COMMON;
  std::vector<uint32_t> text;
};

}  // namespace

struct TextShaper::Impl {
  FT_Library library = nullptr;
  // 0 = regular, 1 = bold, then the fallbacks that loaded.
  std::vector<FT_Face> faces;
  std::vector<std::string> paths;
  std::vector<hb_font_t*> fonts;  // one per face, sized on demand
  std::vector<int> sized_px;      // the pixel size each face is set to now
  std::map<std::tuple<int, int, uint32_t>, GlyphBitmap> bitmaps;

  ~Impl() {
    for (hb_font_t* font : fonts) hb_font_destroy(font);
    for (FT_Face face : faces) FT_Done_Face(face);
    if (library != nullptr) FT_Done_FreeType(library);
  }

  void SetSize(int face, int px) {
    if (sized_px[face] == px) return;
    FT_Set_Pixel_Sizes(faces[face], 0, static_cast<FT_UInt>(px));
    hb_ft_font_changed(fonts[face]);
    sized_px[face] = px;
  }

  bool Has(int face, char32_t cp) const { return FT_Get_Char_Index(faces[face], cp) != 0; }

  // The face for a character of `script`, or -1 when no face has it.
  int Choose(char32_t cp, hb_script_t script, bool bold) const {
    const int main = bold ? 1 : 0;
    const int count = static_cast<int>(faces.size());
    if (MainFaceScript(script) && Has(main, cp)) return main;
    for (int f = 2; f < count; ++f) {
      if (Has(f, cp)) return f;
    }
    return Has(main, cp) ? main : -1;
  }

  // Splits text into runs of one face and one script.
  std::vector<Run> Itemize(std::u32string_view text, bool bold, int& missing) const {
    hb_unicode_funcs_t* unicode = hb_unicode_funcs_get_default();
    std::vector<Run> runs;
    for (char32_t cp : text) {
      if (IsControl(cp)) continue;
      const hb_script_t script = hb_unicode_script(unicode, cp);
      Run* run = runs.empty() ? nullptr : &runs.back();
      if (run != nullptr && IsNeutral(script) &&
          (script == HB_SCRIPT_INHERITED || Has(run->face, cp))) {
        run->text.push_back(cp);  // marks and punctuation stay with their run
        continue;
      }
      const int face = Choose(cp, script, bold);
      if (face < 0) {
        ++missing;
        continue;
      }
      const bool same_script =
          run != nullptr && (IsNeutral(script) || IsNeutral(run->script) || run->script == script);
      if (run != nullptr && run->face == face && same_script) {
        if (IsNeutral(run->script)) run->script = script;
        run->text.push_back(cp);
        continue;
      }
      runs.push_back(Run{face, script, {static_cast<uint32_t>(cp)}});
    }
    return runs;
  }
};

TextShaper::TextShaper(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TextShaper::~TextShaper() = default;

core::Result<std::unique_ptr<TextShaper>> TextShaper::Create(const FontPaths& fonts) {
  auto impl = std::make_unique<Impl>();
  if (FT_Init_FreeType(&impl->library) != 0) {
    impl->library = nullptr;
    return core::Internal("FreeType: FT_Init_FreeType failed");
  }
  auto load = [&](const std::string& path) {
    FT_Face face = nullptr;
    if (FT_New_Face(impl->library, path.c_str(), 0, &face) != 0) return false;
    impl->faces.push_back(face);
    impl->paths.push_back(path);
    impl->fonts.push_back(hb_ft_font_create_referenced(face));
    impl->sized_px.push_back(0);
    return true;
  };
  if (!load(fonts.regular)) {
    return core::Unavailable("FreeType: cannot load the regular font", fonts.regular);
  }
  if (!load(fonts.bold))
    return core::Unavailable("FreeType: cannot load the bold font", fonts.bold);
  for (const std::string& path : fonts.fallbacks) load(path);
  return std::unique_ptr<TextShaper>(new TextShaper(std::move(impl)));
}

ShapedWord TextShaper::Shape(std::u32string_view text, bool bold, int px) {
  ShapedWord word;
  std::vector<Run> runs = impl_->Itemize(text, bold, word.missing);
  for (const Run& run : runs) {
    if (!IsNeutral(run.script)) {
      word.rtl = hb_script_get_horizontal_direction(run.script) == HB_DIRECTION_RTL;
      break;
    }
  }
  // HarfBuzz gives each run's glyphs in visual order; a right-to-left word
  // also lays its runs out from the right.
  if (word.rtl) std::reverse(runs.begin(), runs.end());
  hb_buffer_t* buffer = hb_buffer_create();
  float pen = 0;
  for (const Run& run : runs) {
    impl_->SetSize(run.face, px);
    hb_buffer_clear_contents(buffer);
    hb_buffer_add_utf32(buffer, run.text.data(), static_cast<int>(run.text.size()), 0,
                        static_cast<int>(run.text.size()));
    if (!IsNeutral(run.script)) {
      hb_buffer_set_script(buffer, run.script);
      hb_buffer_set_direction(buffer, hb_script_get_horizontal_direction(run.script));
    }
    hb_buffer_guess_segment_properties(buffer);
    hb_shape(impl_->fonts[run.face], buffer, nullptr, 0);
    unsigned count = 0;
    const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
    const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
    for (unsigned i = 0; i < count; ++i) {
      word.glyphs.push_back(ShapedGlyph{run.face, info[i].codepoint,
                                        pen + static_cast<float>(pos[i].x_offset) / 64.0f,
                                        static_cast<float>(pos[i].y_offset) / 64.0f});
      pen += static_cast<float>(pos[i].x_advance) / 64.0f;
    }
  }
  hb_buffer_destroy(buffer);
  word.advance = pen;
  return word;
}

const GlyphBitmap& TextShaper::Bitmap(int face, uint32_t glyph, int px) {
  const auto key = std::make_tuple(face, px, glyph);
  auto it = impl_->bitmaps.find(key);
  if (it != impl_->bitmaps.end()) return it->second;
  GlyphBitmap out;
  impl_->SetSize(face, px);
  FT_Face ft = impl_->faces[face];
  if (FT_Load_Glyph(ft, glyph, FT_LOAD_RENDER) == 0 &&
      ft->glyph->bitmap.pixel_mode == FT_PIXEL_MODE_GRAY) {
    const FT_Bitmap& bm = ft->glyph->bitmap;
    out.width = static_cast<int>(bm.width);
    out.rows = static_cast<int>(bm.rows);
    out.left = ft->glyph->bitmap_left;
    out.top = ft->glyph->bitmap_top;
    out.pixels.resize(static_cast<size_t>(out.width) * out.rows);
    for (int y = 0; y < out.rows; ++y) {
      std::memcpy(out.pixels.data() + static_cast<size_t>(y) * out.width,
                  bm.buffer + static_cast<ptrdiff_t>(y) * bm.pitch, static_cast<size_t>(out.width));
    }
  }
  // Bounded memory for long multilingual clips.
  if (impl_->bitmaps.size() > 8192) impl_->bitmaps.clear();
  return impl_->bitmaps.emplace(key, std::move(out)).first->second;
}

int TextShaper::Ascender(bool bold, int px) {
  const int face = bold ? 1 : 0;
  impl_->SetSize(face, px);
  return static_cast<int>(impl_->faces[face]->size->metrics.ascender >> 6);
}

int TextShaper::face_count() const { return static_cast<int>(impl_->faces.size()); }

const std::string& TextShaper::face_path(int face) const { return impl_->paths[face]; }

}  // namespace kinora::engine::render
