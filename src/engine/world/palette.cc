#include "engine/world/palette.h"

#include <array>
#include <cctype>
#include <glm/common.hpp>
#include <string>
#include <utility>

#include "core/utf8.h"

namespace kinora::engine::world {
namespace {

using glm::vec3;

struct NamedColor {
  std::string_view name;
  vec3 rgb;
};

// clang-format off
constexpr std::array<NamedColor, 52> kColors = {{
    {"black", {0.08f, 0.08f, 0.09f}},     {"white", {0.95f, 0.95f, 0.95f}},
    {"grey", {0.55f, 0.55f, 0.57f}},      {"gray", {0.55f, 0.55f, 0.57f}},
    {"silver", {0.75f, 0.76f, 0.78f}},    {"charcoal", {0.22f, 0.23f, 0.25f}},
    {"red", {0.85f, 0.15f, 0.15f}},       {"crimson", {0.75f, 0.08f, 0.2f}},
    {"maroon", {0.45f, 0.08f, 0.1f}},     {"burgundy", {0.5f, 0.1f, 0.18f}},
    {"orange", {0.98f, 0.55f, 0.12f}},    {"coral", {0.98f, 0.5f, 0.42f}},
    {"peach", {0.99f, 0.75f, 0.6f}},      {"yellow", {0.98f, 0.86f, 0.2f}},
    {"gold", {0.9f, 0.72f, 0.2f}},        {"golden", {0.88f, 0.64f, 0.3f}},
    {"blonde", {0.93f, 0.8f, 0.48f}},     {"blond", {0.93f, 0.8f, 0.48f}},
    {"platinum", {0.93f, 0.9f, 0.82f}},   {"brown", {0.42f, 0.27f, 0.15f}},
    {"chestnut", {0.5f, 0.25f, 0.12f}},   {"auburn", {0.6f, 0.22f, 0.1f}},
    {"ginger", {0.85f, 0.4f, 0.15f}},     {"tan", {0.82f, 0.68f, 0.5f}},
    {"beige", {0.9f, 0.84f, 0.7f}},       {"cream", {0.96f, 0.92f, 0.8f}},
    {"khaki", {0.76f, 0.7f, 0.5f}},       {"green", {0.2f, 0.62f, 0.3f}},
    {"olive", {0.45f, 0.48f, 0.2f}},      {"lime", {0.6f, 0.88f, 0.25f}},
    {"mint", {0.6f, 0.92f, 0.75f}},       {"teal", {0.1f, 0.5f, 0.52f}},
    {"turquoise", {0.2f, 0.8f, 0.78f}},   {"cyan", {0.2f, 0.85f, 0.9f}},
    {"blue", {0.18f, 0.38f, 0.85f}},      {"navy", {0.1f, 0.14f, 0.36f}},
    {"denim", {0.25f, 0.36f, 0.55f}},     {"purple", {0.5f, 0.22f, 0.62f}},
    {"violet", {0.58f, 0.35f, 0.85f}},    {"lavender", {0.75f, 0.68f, 0.92f}},
    {"pink", {0.96f, 0.55f, 0.7f}},       {"magenta", {0.85f, 0.2f, 0.7f}},
    {"rainbow", {0.7f, 0.4f, 0.8f}},      {"copper", {0.72f, 0.4f, 0.2f}},
    {"bald", {0.9f, 0.75f, 0.62f}},       {"salt and pepper", {0.5f, 0.5f, 0.5f}},
    {"sky blue", {0.5f, 0.75f, 0.95f}},   {"royal blue", {0.2f, 0.3f, 0.8f}},
    {"dark brown", {0.25f, 0.15f, 0.08f}},
    {"hot pink", {0.98f, 0.3f, 0.6f}},
    {"light brown", {0.6f, 0.42f, 0.25f}},
    {"strawberry blonde", {0.92f, 0.62f, 0.4f}},
}};

constexpr std::array<NamedColor, 9> kSkins = {{
    {"pale", {1.0f, 0.88f, 0.8f}},   {"light", {0.98f, 0.84f, 0.72f}},
    {"fair", {0.98f, 0.84f, 0.72f}}, {"medium", {0.86f, 0.65f, 0.48f}},
    {"olive", {0.8f, 0.64f, 0.46f}}, {"tan", {0.78f, 0.57f, 0.4f}},
    {"brown", {0.6f, 0.4f, 0.26f}},  {"dark", {0.45f, 0.3f, 0.2f}},
    {"black", {0.36f, 0.24f, 0.17f}},
}};

constexpr std::array<vec3, 8> kNaturalSkins = {{
    {1.0f, 0.88f, 0.8f}, {0.98f, 0.84f, 0.72f}, {0.94f, 0.76f, 0.62f}, {0.86f, 0.65f, 0.48f},
    {0.78f, 0.57f, 0.4f}, {0.6f, 0.4f, 0.26f}, {0.45f, 0.3f, 0.2f}, {0.36f, 0.24f, 0.17f},
}};

constexpr std::array<vec3, 7> kNaturalHair = {{
    {0.08f, 0.07f, 0.07f}, {0.25f, 0.15f, 0.08f}, {0.42f, 0.27f, 0.15f}, {0.6f, 0.22f, 0.1f},
    {0.93f, 0.8f, 0.48f}, {0.08f, 0.07f, 0.07f}, {0.25f, 0.15f, 0.08f},
}};

constexpr std::array<vec3, 12> kClothing = {{
    {0.85f, 0.15f, 0.15f}, {0.1f, 0.14f, 0.36f}, {0.2f, 0.62f, 0.3f}, {0.95f, 0.95f, 0.95f},
    {0.08f, 0.08f, 0.09f}, {0.55f, 0.55f, 0.57f}, {0.98f, 0.86f, 0.2f}, {0.18f, 0.38f, 0.85f},
    {0.5f, 0.22f, 0.62f}, {0.98f, 0.55f, 0.12f}, {0.25f, 0.36f, 0.55f}, {0.76f, 0.7f, 0.5f},
}};
// clang-format on

std::optional<vec3> ParseHex(std::string_view text) {
  if (text.size() != 7 || text[0] != '#') return std::nullopt;
  unsigned value = 0;
  for (char c : text.substr(1)) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::isxdigit(u)) return std::nullopt;
    value =
        value * 16 + static_cast<unsigned>(std::isdigit(u) ? c - '0' : std::tolower(u) - 'a' + 10);
  }
  return vec3((value >> 16) & 255u, (value >> 8) & 255u, value & 255u) / 255.0f;
}

}  // namespace

std::optional<glm::vec3> ColorByName(std::string_view name) {
  const std::string lower = core::AsciiLower(name);
  if (auto hex = ParseHex(lower)) return hex;
  for (const auto& c : kColors) {
    if (c.name == lower) return c.rgb;
  }
  static constexpr std::array<std::pair<std::string_view, float>, 5> kModifiers = {
      {{"light ", 0.45f},
       {"pale ", 0.55f},
       {"pastel ", 0.5f},
       {"dark ", -0.45f},
       {"deep ", -0.3f}}};
  for (const auto& [prefix, amount] : kModifiers) {
    if (lower.rfind(prefix, 0) != 0) continue;
    auto base = ColorByName(lower.substr(prefix.size()));
    if (!base) return std::nullopt;
    return amount > 0 ? glm::mix(*base, vec3(1.0f), amount) : *base * (1.0f + amount);
  }
  if (lower.rfind("bright ", 0) == 0) return ColorByName(lower.substr(7));
  const size_t space = lower.rfind(' ');
  if (space != std::string::npos) return ColorByName(lower.substr(space + 1));
  return std::nullopt;
}

std::optional<glm::vec3> SkinToneByName(std::string_view skin) {
  const std::string lower = core::AsciiLower(skin);
  for (const auto& s : kSkins) {
    if (lower == s.name) return s.rgb;
  }
  return std::nullopt;
}

glm::vec3 SkinToneFor(uint64_t hash) { return kNaturalSkins[hash % kNaturalSkins.size()]; }
glm::vec3 HairColorFor(uint64_t hash) { return kNaturalHair[hash % kNaturalHair.size()]; }
glm::vec3 ClothingColorFor(uint64_t hash) { return kClothing[hash % kClothing.size()]; }

}  // namespace kinora::engine::world
