#include "engine/world/events.h"

namespace kinora::engine::world {

std::string_view Name(EventKind kind) {
  switch (kind) {
    case EventKind::kFootstep: return "footstep";
    case EventKind::kImpact: return "impact";
    case EventKind::kSplash: return "splash";
    case EventKind::kWhoosh: return "whoosh";
    case EventKind::kCrowd: return "crowd";
    case EventKind::kTakeoff: return "takeoff";
    case EventKind::kLanding: return "landing";
    case EventKind::kBoard: return "board";
  }
  return "unknown";
}

std::string_view Name(Material material) {
  switch (material) {
    case Material::kWood: return "wood";
    case Material::kMetal: return "metal";
    case Material::kStone: return "stone";
    case Material::kConcrete: return "concrete";
    case Material::kGrass: return "grass";
    case Material::kSand: return "sand";
    case Material::kSnow: return "snow";
    case Material::kWater: return "water";
    case Material::kFlesh: return "flesh";
    case Material::kCloth: return "cloth";
    case Material::kCarpet: return "carpet";
    case Material::kPlastic: return "plastic";
    case Material::kGlass: return "glass";
  }
  return "unknown";
}

}  // namespace kinora::engine::world
