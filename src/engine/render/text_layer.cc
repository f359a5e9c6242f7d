#include "engine/render/text_layer.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/utf8.h"

namespace kinora::engine::render {

namespace {

// A shaped word placed on a line: `x` is its left edge from the line's start.
struct Placed {
  ShapedWord word;
  float x = 0;
};

struct Line {
  std::vector<Placed> words;
  float width = 0;
  bool rtl = false;  // the paragraph reads right to left
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
                   TextShaper& shaper, int ascender) {
  const auto w = static_cast<float>(width);
  const auto h = static_cast<float>(height);
  const int line_height = static_cast<int>(std::lround(px * 1.3));
  const int block_height = line_height * static_cast<int>(lines.size());
  int widest = 0;
  for (const Line& line : lines) {
    widest = std::max(widest, static_cast<int>(std::ceil(line.width)));
  }
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
    const int line_width = static_cast<int>(std::ceil(line.width));
    // Right-to-left paragraphs that are not centred hug the right margin.
    const int start = centred    ? (width - line_width) / 2
                      : line.rtl ? width - left - line_width
                                 : left;
    const int baseline = top + static_cast<int>(i) * line_height + ascender;
    for (const Placed& placed : line.words) {
      for (const ShapedGlyph& sg : placed.word.glyphs) {
        const GlyphBitmap& g = shaper.Bitmap(sg.face, sg.glyph, px);
        const int gx0 = start + static_cast<int>(std::lround(placed.x + sg.x)) + g.left;
        const int gy0 = baseline - static_cast<int>(std::lround(sg.y)) - g.top;
        for (int gy = 0; gy < g.rows; ++gy) {
          const int y = gy0 + gy;
          if (y < 0 || y >= height) continue;
          for (int gx = 0; gx < g.width; ++gx) {
            const int x = gx0 + gx;
            if (x < 0 || x >= width) continue;
            uint8_t& dst = pixels[(static_cast<size_t>(y) * width + x) * 2];
            dst = std::max(dst, g.pixels[static_cast<size_t>(gy) * g.width + gx]);
          }
        }
      }
    }
  }
  return rect;
}

}  // namespace

namespace {

bool IsBreakingSpace(char32_t cp) { return cp == U' ' || cp == U'\t' || cp == 0x3000; }

// Scripts written without spaces between words: a line may break after any
// of their characters.
bool BreaksAnywhere(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) ||  // kana
         (cp >= 0x3400 && cp <= 0x4DBF) ||  // CJK extension A
         (cp >= 0x4E00 && cp <= 0x9FFF) ||  // CJK unified ideographs
         (cp >= 0xF900 && cp <= 0xFAFF) ||  // compatibility ideographs
         (cp >= 0x3000 && cp <= 0x303F) ||  // CJK punctuation
         (cp >= 0xFF00 && cp <= 0xFFEF) ||  // full-width forms
         (cp >= 0x0E00 && cp <= 0x0E7F);    // Thai (no dictionary: break anywhere)
}

// Closing punctuation never starts a line (the simplest kinsoku rule): it
// stays with the character before it.
bool NoBreakBefore(char32_t cp) {
  switch (cp) {
    case 0x3001:
    case 0x3002:
    case 0xFF0C:
    case 0xFF0E:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF1A:
    case 0xFF1B:
    case 0xFF09:
    case 0x3009:
    case 0x300B:
    case 0x300D:
    case 0x300F:
    case 0x3011:
    case 0x30FC:
    case 0x2026:
    case U'.':
    case U',':
    case U'!':
    case U'?':
    case U':':
    case U';':
    case U')': return true;
    default: return false;
  }
}

// A word and whether a space separates it from the previous one.
struct Token {
  std::u32string text;
  bool space_before = false;
};

std::vector<Token> Tokenize(std::u32string_view paragraph) {
  std::vector<Token> tokens;
  bool space = false;
  for (char32_t cp : paragraph) {
    if (IsBreakingSpace(cp)) {
      space = !tokens.empty();
      continue;
    }
    const bool anywhere = BreaksAnywhere(cp);
    const bool joins =
        !tokens.empty() && !space &&
        (NoBreakBefore(cp) || (!anywhere && !BreaksAnywhere(tokens.back().text.back())));
    if (joins) {
      tokens.back().text += cp;
    } else {
      tokens.push_back(Token{std::u32string(1, cp), space});
    }
    space = false;
  }
  return tokens;
}

}  // namespace

struct TextLayer::Impl {
  std::unique_ptr<TextShaper> shaper;

  // Greedy wrapping by words (and between characters of scripts without
  // spaces); a word wider than a line breaks between characters.
  std::vector<Line> Wrap(std::u32string_view text, bool bold, int px, int max_width,
                         int max_lines) {
    std::vector<Line> lines;
    const float space = shaper->Shape(U" ", bold, px).advance;
    size_t begin = 0;
    while (begin <= text.size()) {
      const size_t end = std::min(text.find(U'\n', begin), text.size());
      const std::u32string_view paragraph = text.substr(begin, end - begin);
      begin = end + 1;
      std::vector<ShapedWord> words;
      std::vector<bool> spaced;
      for (Token& token : Tokenize(paragraph)) {
        ShapedWord word = shaper->Shape(token.text, bold, px);
        if (word.glyphs.empty()) continue;
        if (word.advance <= static_cast<float>(max_width) || token.text.size() == 1) {
          words.push_back(std::move(word));
          spaced.push_back(token.space_before);
          continue;
        }
        bool first = true;
        for (char32_t cp : token.text) {
          ShapedWord piece = shaper->Shape(std::u32string_view(&cp, 1), bold, px);
          if (piece.glyphs.empty()) continue;
          words.push_back(std::move(piece));
          spaced.push_back(first && token.space_before);
          first = false;
        }
      }
      if (words.empty()) continue;
      const bool rtl = words.front().rtl;
      Line line;
      line.rtl = rtl;
      for (size_t i = 0; i < words.size(); ++i) {
        const float gap = line.words.empty() || !spaced[i] ? 0.0f : space;
        if (!line.words.empty() && line.width + gap + words[i].advance > max_width) {
          lines.push_back(std::move(line));
          line = Line{};
          line.rtl = rtl;
        }
        const float at = line.words.empty() || !spaced[i] ? line.width : line.width + space;
        line.width = at + words[i].advance;
        line.words.push_back(Placed{std::move(words[i]), at});
      }
      lines.push_back(std::move(line));
    }
    // Right-to-left paragraphs run from the right edge of their line.
    for (Line& line : lines) {
      if (!line.rtl) continue;
      for (Placed& placed : line.words) placed.x = line.width - placed.x - placed.word.advance;
    }
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
  KINORA_ASSIGN_OR_RETURN(impl->shaper, TextShaper::Create(fonts));
  return std::unique_ptr<TextLayer>(new TextLayer(std::move(impl), width, height));
}

bool TextLayer::Compose(const std::vector<TextItem>& items) {
  if (items == items_) return false;
  items_ = items;
  blocks_.clear();
  std::fill(pixels_.begin(), pixels_.end(), 0);
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
                                *impl_->shaper, impl_->shaper->Ascender(style.bold, px)));
  }
  return true;
}

}  // namespace kinora::engine::render
