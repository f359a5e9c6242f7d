#include "engine/render/text_layer.h"

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <tuple>

#include "core/utf8.h"

namespace kinora::engine::render {

namespace {

struct Glyph {
  int width = 0;
  int rows = 0;
  int left = 0;
  int top = 0;
  int advance = 0;  // pixels
  std::vector<uint8_t> bitmap;
};

struct Line {
  std::vector<const Glyph*> glyphs;
  int width = 0;
};

struct RoleStyle {
  bool bold;
  float size;       // pixels per min(width, height)
  float max_width;  // fraction of the frame width
  int max_lines;
  uint8_t band;  // backdrop opacity, 0 = none
};

RoleStyle StyleFor(TextRole role) {
  switch (role) {
    case TextRole::kSubtitle: return {false, 0.05f, 0.86f, 4, 150};
    case TextRole::kTitle: return {true, 0.1f, 0.86f, 4, 0};
    case TextRole::kCaption: return {true, 0.05f, 0.86f, 3, 150};
    case TextRole::kLowerThird: return {true, 0.045f, 0.7f, 2, 200};
  }
  return {false, 0.05f, 0.86f, 4, 150};
}

// Coverage of a rounded rectangle at pixel centre (x, y), antialiased.
float RoundedRect(float x, float y, float x0, float y0, float x1, float y1, float radius) {
  const float cx = 0.5f * (x0 + x1);
  const float cy = 0.5f * (y0 + y1);
  const float qx = std::abs(x - cx) - (0.5f * (x1 - x0) - radius);
  const float qy = std::abs(y - cy) - (0.5f * (y1 - y0) - radius);
  const float outside = std::hypot(std::max(qx, 0.0f), std::max(qy, 0.0f));
  const float d = outside + std::min(std::max(qx, qy), 0.0f) - radius;
  return std::clamp(0.5f - d, 0.0f, 1.0f);
}

// Draws wrapped lines at the role's place: glyph coverage into byte 0 and the
// backdrop band into byte 1 of each pixel.
TextRect DrawBlock(std::vector<uint8_t>& pixels, int width, int height,
                   const std::vector<Line>& lines, TextRole role, uint8_t band, int px,
                   int ascender) {
  const auto w = static_cast<float>(width);
  const auto h = static_cast<float>(height);
  const int line_height = static_cast<int>(std::lround(px * 1.3));
  const int block_height = line_height * static_cast<int>(lines.size());
  int widest = 0;
  for (const Line& line : lines) widest = std::max(widest, line.width);
  const bool centred = role != TextRole::kLowerThird;
  const int left = static_cast<int>(0.07f * w);
  int top = 0;
  switch (role) {
    case TextRole::kSubtitle: top = static_cast<int>(0.89f * h) - block_height; break;
    case TextRole::kTitle: top = static_cast<int>(0.42f * h) - block_height / 2; break;
    case TextRole::kCaption: top = static_cast<int>(0.09f * h); break;
    case TextRole::kLowerThird: top = static_cast<int>(0.7f * h); break;
  }
  // Glyphs, their drop shadow and the band all lie inside this rectangle.
  TextRect rect{std::max(0, (centred ? (width - widest) / 2 : left) - px), std::max(0, top - px),
                std::min(width, (centred ? (width + widest) / 2 : left + widest) + px),
                std::min(height, top + block_height + px)};
  if (band > 0) {
    const float pad_x = 0.6f * static_cast<float>(px);
    const float pad_y = 0.3f * static_cast<float>(px);
    float x0 = centred ? 0.5f * (w - static_cast<float>(widest)) - pad_x : -pad_x;
    float x1 = centred ? 0.5f * (w + static_cast<float>(widest)) + pad_x
                       : static_cast<float>(left + widest) + pad_x;
    const float y0 = static_cast<float>(top) - pad_y;
    const float y1 = static_cast<float>(top + block_height) + 0.1f * static_cast<float>(px);
    const float radius = 0.4f * static_cast<float>(px);
    const int ys = std::max(0, static_cast<int>(y0) - 1);
    const int ye = std::min(height, static_cast<int>(y1) + 2);
    const int xs = std::max(0, static_cast<int>(x0) - 1);
    const int xe = std::min(width, static_cast<int>(x1) + 2);
    rect = TextRect{std::min(rect.x0, xs), std::min(rect.y0, ys), std::max(rect.x1, xe),
                    std::max(rect.y1, ye)};
    for (int y = ys; y < ye; ++y) {
      for (int x = xs; x < xe; ++x) {
        const float c = RoundedRect(static_cast<float>(x) + 0.5f, static_cast<float>(y) + 0.5f, x0,
                                    y0, x1, y1, radius);
        uint8_t& dst = pixels[(static_cast<size_t>(y) * width + x) * 2 + 1];
        dst = std::max(dst, static_cast<uint8_t>(std::lround(c * band)));
      }
    }
  }
  for (size_t i = 0; i < lines.size(); ++i) {
    const Line& line = lines[i];
    int pen = centred ? (width - line.width) / 2 : left;
    const int baseline = top + static_cast<int>(i) * line_height + ascender;
    for (const Glyph* g : line.glyphs) {
      for (int gy = 0; gy < g->rows; ++gy) {
        const int y = baseline - g->top + gy;
        if (y < 0 || y >= height) continue;
        for (int gx = 0; gx < g->width; ++gx) {
          const int x = pen + g->left + gx;
          if (x < 0 || x >= width) continue;
          uint8_t& dst = pixels[(static_cast<size_t>(y) * width + x) * 2];
          dst = std::max(dst, g->bitmap[static_cast<size_t>(gy) * g->width + gx]);
        }
      }
      pen += g->advance;
    }
  }
  return rect;
}

}  // namespace

struct TextLayer::Impl {
  FT_Library library = nullptr;
  FT_Face regular = nullptr;
  FT_Face bold = nullptr;
  std::vector<FT_Face> fallbacks;
  std::map<std::tuple<bool, int, char32_t>, Glyph> cache;

  ~Impl() {
    for (FT_Face face : fallbacks) FT_Done_Face(face);
    if (bold != nullptr) FT_Done_Face(bold);
    if (regular != nullptr) FT_Done_Face(regular);
    if (library != nullptr) FT_Done_FreeType(library);
  }

  bool Render(FT_Face face, int px, char32_t cp, Glyph& out) {
    const FT_UInt index = FT_Get_Char_Index(face, cp);
    if (index == 0) return false;
    if (FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px)) != 0) return false;
    if (FT_Load_Glyph(face, index, FT_LOAD_RENDER) != 0) return false;
    const FT_GlyphSlot slot = face->glyph;
    const FT_Bitmap& bm = slot->bitmap;
    out.width = static_cast<int>(bm.width);
    out.rows = static_cast<int>(bm.rows);
    out.left = slot->bitmap_left;
    out.top = slot->bitmap_top;
    out.advance = static_cast<int>((slot->advance.x + 32) >> 6);
    out.bitmap.assign(static_cast<size_t>(out.width) * out.rows, 0);
    if (bm.pixel_mode != FT_PIXEL_MODE_GRAY) return true;  // e.g. colour emoji: advance only
    for (int y = 0; y < out.rows; ++y) {
      std::memcpy(out.bitmap.data() + static_cast<size_t>(y) * out.width,
                  bm.buffer + static_cast<ptrdiff_t>(y) * bm.pitch, static_cast<size_t>(out.width));
    }
    return true;
  }

  const Glyph& Get(bool use_bold, int px, char32_t cp) {
    const auto key = std::make_tuple(use_bold, px, cp);
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    Glyph glyph;
    bool found = Render(use_bold ? bold : regular, px, cp, glyph);
    for (size_t i = 0; !found && i < fallbacks.size(); ++i) {
      glyph = Glyph{};
      found = Render(fallbacks[i], px, cp, glyph);
    }
    if (!found) glyph = Glyph{};
    return cache.emplace(key, std::move(glyph)).first->second;
  }

  int Ascender(bool use_bold, int px) {
    FT_Face face = use_bold ? bold : regular;
    FT_Set_Pixel_Sizes(face, 0, static_cast<FT_UInt>(px));
    return static_cast<int>(face->size->metrics.ascender >> 6);
  }

  // Greedy wrapping: break at the last space that fits, else between characters.
  std::vector<Line> Wrap(const std::u32string& text, bool use_bold, int px, int max_width,
                         int max_lines) {
    std::vector<Line> lines(1);
    int last_space = -1;  // index into lines.back().glyphs of the last space
    const Glyph* space = &Get(use_bold, px, U' ');
    for (char32_t cp : text) {
      if (cp == U'\n') {
        lines.emplace_back();
        last_space = -1;
        continue;
      }
      if (cp < 0x20 || cp == 0x7F) continue;
      const bool is_space = cp == U' ' || cp == U'\t' || cp == 0x3000;
      Line* line = &lines.back();
      if (is_space && line->glyphs.empty()) continue;  // no leading spaces
      const Glyph* g = is_space ? space : &Get(use_bold, px, cp);
      if (g->advance == 0 && g->width == 0) continue;  // missing from every face
      if (line->width + g->advance > max_width && !line->glyphs.empty() && !is_space) {
        Line next;
        if (last_space >= 0) {
          next.glyphs.assign(line->glyphs.begin() + last_space + 1, line->glyphs.end());
          line->glyphs.resize(static_cast<size_t>(last_space));
        }
        line->width = 0;
        for (const Glyph* k : line->glyphs) line->width += k->advance;
        for (const Glyph* k : next.glyphs) next.width += k->advance;
        lines.push_back(std::move(next));
        line = &lines.back();
        last_space = -1;
      }
      if (is_space) last_space = static_cast<int>(line->glyphs.size());
      line->glyphs.push_back(g);
      line->width += g->advance;
    }
    for (Line& line : lines) {
      while (!line.glyphs.empty() && line.glyphs.back() == space) {
        line.width -= space->advance;
        line.glyphs.pop_back();
      }
    }
    std::erase_if(lines, [](const Line& l) { return l.glyphs.empty(); });
    if (lines.size() > static_cast<size_t>(max_lines)) lines.resize(static_cast<size_t>(max_lines));
    return lines;
  }
};

TextLayer::TextLayer(std::unique_ptr<Impl> impl, int width, int height)
    : impl_(std::move(impl)),
      width_(width),
      height_(height),
      pixels_(static_cast<size_t>(width) * height * 2, 0) {}

TextLayer::~TextLayer() = default;

core::Result<std::unique_ptr<TextLayer>> TextLayer::Create(int width, int height,
                                                           const FontPaths& fonts) {
  auto impl = std::make_unique<Impl>();
  if (FT_Init_FreeType(&impl->library) != 0) {
    impl->library = nullptr;
    return core::Internal("FreeType: FT_Init_FreeType failed");
  }
  if (FT_New_Face(impl->library, fonts.regular.c_str(), 0, &impl->regular) != 0) {
    impl->regular = nullptr;
    return core::Unavailable("FreeType: cannot load the regular font", fonts.regular);
  }
  if (FT_New_Face(impl->library, fonts.bold.c_str(), 0, &impl->bold) != 0) {
    impl->bold = nullptr;
    return core::Unavailable("FreeType: cannot load the bold font", fonts.bold);
  }
  for (const std::string& path : fonts.fallbacks) {
    FT_Face face = nullptr;
    if (FT_New_Face(impl->library, path.c_str(), 0, &face) == 0) impl->fallbacks.push_back(face);
  }
  return std::unique_ptr<TextLayer>(new TextLayer(std::move(impl), width, height));
}

bool TextLayer::Compose(const std::vector<TextItem>& items) {
  if (items == items_) return false;
  items_ = items;
  blocks_.clear();
  std::fill(pixels_.begin(), pixels_.end(), 0);
  // Bounded memory for long multilingual clips; no Line holds a glyph here.
  if (impl_->cache.size() > 8192) impl_->cache.clear();
  const float unit = static_cast<float>(std::min(width_, height_));
  for (TextRole role :
       {TextRole::kCaption, TextRole::kTitle, TextRole::kLowerThird, TextRole::kSubtitle}) {
    // Several items of one role stack into one block, in the given order.
    std::string joined;
    for (const TextItem& item : items) {
      if (item.role != role || item.text.empty()) continue;
      if (!joined.empty()) joined += '\n';
      joined += item.text;
    }
    if (joined.empty()) continue;
    const RoleStyle style = StyleFor(role);
    const int px = std::max(8, static_cast<int>(std::lround(style.size * unit)));
    const int max_width = static_cast<int>(style.max_width * static_cast<float>(width_));
    const std::vector<Line> lines = impl_->Wrap(core::DecodeUtf8(joined, core::Utf8Errors::kSkip),
                                                style.bold, px, max_width, style.max_lines);
    if (lines.empty()) continue;
    blocks_.push_back(DrawBlock(pixels_, width_, height_, lines, role, style.band, px,
                                impl_->Ascender(style.bold, px)));
  }
  return true;
}

}  // namespace kinora::engine::render
