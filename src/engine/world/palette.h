// Colour names → sRGB for the world stage's parametric looks ("navy",
// "light blue", "#1e90ff"), skin tones, and a few default palettes. The
// renderer keeps its own table; the world cannot depend on the renderer, so
// this is the small copy the cast needs. Pure functions; thread-safe.
// Colours are sRGB in [0, 1].
#pragma once

#include <glm/vec3.hpp>
#include <optional>
#include <string_view>

namespace kinora::engine::world {

// A colour word, a modifier and a colour ("dark green"), or "#rrggbb";
// nullopt when unknown. Case-insensitive.
std::optional<glm::vec3> ColorByName(std::string_view name);

// "pale" | "light" | "fair" | "medium" | "olive" | "tan" | "brown" | "dark" |
// "black"; nullopt for anything else.
std::optional<glm::vec3> SkinToneByName(std::string_view skin);

// Deterministic picks from natural palettes, indexed by a hash.
glm::vec3 SkinToneFor(uint64_t hash);
glm::vec3 HairColorFor(uint64_t hash);
glm::vec3 ClothingColorFor(uint64_t hash);

}  // namespace kinora::engine::world
