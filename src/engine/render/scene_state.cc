#include "engine/render/scene_state.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <glm/common.hpp>
#include <glm/geometric.hpp>

#include "engine/render/figure_pose.h"

namespace kinora::engine::render {
namespace {

using glm::vec2;
using glm::vec3;
using glm::vec4;

bool Contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

bool AnyContains(const std::vector<std::string>& items, std::string_view needle) {
  return std::any_of(items.begin(), items.end(),
                     [&](const std::string& s) { return Contains(s, needle); });
}

// Pleasant defaults for clothes and hair the storyboard leaves open.
constexpr std::array<vec3, 8> kOutfitPalette = {{{0.85f, 0.22f, 0.2f},
                                                 {0.2f, 0.45f, 0.85f},
                                                 {0.95f, 0.75f, 0.2f},
                                                 {0.25f, 0.6f, 0.4f},
                                                 {0.55f, 0.3f, 0.65f},
                                                 {0.95f, 0.5f, 0.3f},
                                                 {0.15f, 0.6f, 0.65f},
                                                 {0.9f, 0.45f, 0.6f}}};
constexpr std::array<vec3, 5> kHairPalette = {{{0.1f, 0.08f, 0.07f},
                                               {0.25f, 0.15f, 0.08f},
                                               {0.45f, 0.28f, 0.14f},
                                               {0.9f, 0.76f, 0.45f},
                                               {0.6f, 0.24f, 0.1f}}};

vec3 ColorOr(std::string_view name, vec3 fallback) {
  auto c = ColorByName(name);
  return c ? *c : fallback;
}

void DescribePerson(const CastMember& c, uint32_t h, FigureState& f) {
  const Looks& looks = c.looks;
  float age_scale = 1.0f;
  float head_scale = 1.0f;
  float age = 0.5f;
  if (looks.age == "child") age_scale = 0.66f, head_scale = 1.3f, age = 0.0f;
  if (looks.age == "teen") age_scale = 0.9f, head_scale = 1.08f, age = 0.25f;
  if (looks.age == "elder") age_scale = 0.96f, age = 1.0f;
  f.kind = FigureKind::kPerson;
  f.height = kPersonHeight * age_scale;
  const vec3 default_hair = age >= 1.0f ? vec3(0.78f, 0.78f, 0.8f)
                                        : kHairPalette[Hash32(h ^ 0x51u) % kHairPalette.size()];
  f.color[0] = SkinTone(looks.skin);
  f.color[1] = ColorOr(looks.hair, default_hair);
  f.color[2] = kOutfitPalette[Hash32(h ^ 0x77u) % kOutfitPalette.size()];
  f.color[3] = vec3(0.22f, 0.28f, 0.42f);  // jeans
  f.color[4] = vec3(0.16f, 0.14f, 0.14f);  // shoes
  bool dress = false;
  int pieces = 0;
  vec3 hat_color(0.2f, 0.22f, 0.3f);
  for (const OutfitItem& item : looks.outfit) {
    const bool headwear =
        Contains(item.item, "hat") || Contains(item.item, "cap") || Contains(item.item, "beanie");
    if (headwear) {
      hat_color = ColorOr(item.color, hat_color);
      continue;
    }
    if (pieces == 0) {
      f.color[2] = ColorOr(item.color, f.color[2]);
      dress = Contains(item.item, "dress") || Contains(item.item, "gown");
    } else if (pieces == 1) {
      f.color[3] = ColorOr(item.color, f.color[3]);
    }
    ++pieces;
  }
  if (dress) f.color[3] = f.color[2];
  const bool hat = AnyContains(looks.accessories, "hat") || AnyContains(looks.accessories, "cap") ||
                   std::any_of(looks.outfit.begin(), looks.outfit.end(), [](const OutfitItem& i) {
                     return Contains(i.item, "hat") || Contains(i.item, "cap");
                   });
  const float glasses = AnyContains(looks.accessories, "sunglasses") ? 2.0f
                        : AnyContains(looks.accessories, "glasses")  ? 1.0f
                                                                     : 0.0f;
  const bool chain =
      AnyContains(looks.accessories, "chain") || AnyContains(looks.accessories, "necklace");
  const bool bald = looks.hair == "bald";
  const float long_hair = bald ? -1.0f : (Hash32(h ^ 0x1234u) & 1u) ? 1.0f : 0.0f;
  if (hat) f.color[4] = hat_color;
  f.traits = vec4(glasses, hat ? 1.0f : 0.0f, chain ? 1.0f : 0.0f, long_hair);
  f.build = vec4(head_scale, dress ? 1.0f : 0.0f, age, 0.0f);
}

void DescribeAnimal(const CastMember& c, FigureState& f) {
  const SpeciesLook& species = LookForSpecies(c.species.empty() ? c.name : c.species);
  f.kind = species.shape == AnimalShape::kBird   ? FigureKind::kBird
           : species.shape == AnimalShape::kFish ? FigureKind::kFish
                                                 : FigureKind::kQuadruped;
  f.height = kPersonHeight * species.height;
  vec3 fur = species.fur;
  vec3 fur2 = species.fur2;
  float spots = species.spots;
  if (const BreedLook* breed = LookForBreed(c.breed)) {
    fur = breed->fur, fur2 = breed->fur2, spots = breed->spots;
  }
  fur = ColorOr(c.looks.hair, fur);
  f.color[0] = fur;
  f.color[1] = fur2;
  f.color[2] = vec3(0.08f, 0.07f, 0.07f);
  f.color[3] = c.looks.outfit.empty() ? vec3(0.85f, 0.15f, 0.2f)
                                      : ColorOr(c.looks.outfit[0].color, vec3(0.85f, 0.15f, 0.2f));
  f.color[4] = vec3(0.95f, 0.45f, 0.5f);  // tongue
  const bool collar = species.species == "dog" || species.species == "puppy";
  f.traits = vec4(static_cast<float>(species.ears), spots, collar ? 1.0f : 0.0f, 0.0f);
  f.build = vec4(species.legs, species.length, species.snout, species.tail);
}

void DescribeObject(const CastMember& c, const Storyboard& sb, FigureState& f) {
  const PropLook& prop = LookForProp(c.name.empty() ? c.id : c.name);
  f.kind = FigureKind::kObject;
  f.shape = static_cast<int>(prop.shape);
  f.height = kPersonHeight * prop.height;
  f.color[0] = c.looks.outfit.empty() ? prop.color : ColorOr(c.looks.outfit[0].color, prop.color);
  f.color[1] = glm::mix(f.color[0], vec3(1.0f), 0.5f);
  f.color[2] = vec3(0.1f, 0.1f, 0.12f);
  f.color[3] = vec3(0.95f);
  f.has_face = std::any_of(sb.shots.begin(), sb.shots.end(), [&](const Shot& shot) {
    return std::any_of(shot.dialogue.begin(), shot.dialogue.end(),
                       [&](const DialogueLine& d) { return d.speaker == c.id; });
  });
  // A talking prop is drawn big enough for its face to read (long, flat
  // boards would grow out of the frame, so they keep their size).
  if (f.has_face && prop.shape != PropShape::kBoard) {
    f.height = std::max(f.height, kPersonHeight * 0.3f);
  }
}

// Width a figure occupies on the ground, in world units (for spacing).
float FootprintOf(const FigureState& f) {
  switch (f.kind) {
    case FigureKind::kPerson: return 0.5f * f.height;
    case FigureKind::kQuadruped: return f.build.y * f.height * 1.05f;
    case FigureKind::kBird: return 0.9f * f.height;
    case FigureKind::kFish: return 1.6f * f.height;
    case FigureKind::kObject:
      return f.height * (f.shape == static_cast<int>(PropShape::kBoard) ? 5.0f
                         : f.shape == static_cast<int>(PropShape::kCar) ? 2.3f
                                                                        : 1.0f);
  }
  return f.height;
}

// Cast members who appear: those the shot mentions, or everyone if it names nobody.
std::vector<const CastMember*> CastInShot(const Storyboard& sb, const Shot& shot) {
  auto mentioned = [&](const std::string& id) {
    if (shot.camera.subject == id) return true;
    for (const Action& a : shot.actions) {
      if (a.actor == id) return true;
    }
    for (const DialogueLine& d : shot.dialogue) {
      if (d.speaker == id) return true;
    }
    return false;
  };
  std::vector<const CastMember*> out;
  for (const CastMember& c : sb.cast) {
    if (mentioned(c.id)) out.push_back(&c);
  }
  if (out.empty()) {
    for (const CastMember& c : sb.cast) out.push_back(&c);
  }
  if (out.size() > static_cast<size_t>(kMaxFigures)) out.resize(kMaxFigures);
  return out;
}

const Action* ActionAt(const Shot& shot, const std::string& actor, double local_time) {
  const Action* found = nullptr;
  for (const Action& a : shot.actions) {
    const double until = a.until > a.at ? a.until : shot.duration;
    if (a.actor == actor && local_time >= a.at && local_time < until) found = &a;
  }
  return found;
}

// Head centre and radius in the figure's local space; the figure shader draws
// the head at the same place (see shaders_figure.cc).
vec2 LocalFace(const FigureState& f, float& radius) {
  switch (f.kind) {
    case FigureKind::kPerson: {
      radius = 0.105f * f.build.x;
      return vec2(0.0f, 0.98f - radius - 0.22f * f.pose.sit);
    }
    case FigureKind::kQuadruped: {
      radius = 0.17f;
      return vec2(0.31f * f.build.y + 0.05f, 0.8f);
    }
    case FigureKind::kBird: radius = 0.2f; return vec2(0.22f, 0.74f);
    case FigureKind::kFish: radius = 0.3f; return vec2(0.45f, 0.5f);
    case FigureKind::kObject: radius = 0.35f; return vec2(0.0f, 0.5f);
  }
  radius = 0.2f;
  return vec2(0.0f, 0.8f);
}

void FinishGeometry(FigureState& f) {
  const vec2 base = f.feet + f.pose.offset * f.height;
  float r = 0.0f;
  vec2 face = LocalFace(f, r);
  face.x *= f.facing;
  f.face = base + face * f.height;
  f.face_size = r * f.height;
}

std::vector<FigureState> PlaceFigures(const Storyboard& sb, const SceneState& s,
                                      const std::map<std::string, float>& mouth_open) {
  const std::vector<const CastMember*> cast = CastInShot(sb, *s.shot);
  std::vector<FigureState> figures;
  float total = 0.0f;
  for (const CastMember* c : cast) {
    FigureState f;
    f.cast_id = c->id;
    const uint32_t h = HashString(c->id, s.seed);
    if (c->kind == "animal") {
      DescribeAnimal(*c, f);
    } else if (c->kind == "object") {
      DescribeObject(*c, sb, f);
    } else {
      DescribePerson(*c, h, f);
    }
    auto it = mouth_open.find(c->id);
    f.mouth_open = it == mouth_open.end() ? 0.0f : std::clamp(it->second, 0.0f, 1.0f);
    total += FootprintOf(f);
    figures.push_back(std::move(f));
  }
  const size_t n = figures.size();
  const float aspect = static_cast<float>(sb.width) / static_cast<float>(sb.height);
  const float room = aspect * 0.86f;
  const float gap =
      n > 1 ? std::clamp((room - total) / static_cast<float>(n - 1), -0.05f, 0.08f) : 0.0f;
  float x = -0.5f * (total + gap * static_cast<float>(n > 0 ? n - 1 : 0));
  for (size_t i = 0; i < n; ++i) {
    FigureState& f = figures[i];
    const uint32_t h = HashString(f.cast_id, s.seed);
    const float w = FootprintOf(f);
    const bool back_row = n >= 3 && (i % 2 == 1);
    const float row_y = back_row ? kFrontRow + 0.05f : kFrontRow;
    // Perspective: figures further back stand higher and look smaller.
    const float depth = (kHorizon - row_y) / (kHorizon - kFrontRow);
    f.height *= depth;
    f.feet = vec2(x + 0.5f * w + (Hash01(h, 3) - 0.5f) * 0.02f, row_y);
    if (f.kind == FigureKind::kFish || f.kind == FigureKind::kBird) {
      if (f.kind == FigureKind::kFish) f.feet.y += 0.12f;
    }
    f.mark = f.feet;
    f.depth = depth;
    x += w + gap;
    const float phase = Hash01(h, 7);
    const Action* action = ActionAt(*s.shot, f.cast_id, s.local_time);
    f.motion = action ? MotionForVerb(action->verb) : Motion::kIdle;
    const double elapsed = action ? s.local_time - action->at : 0.0;
    MotionSample m = SampleMotion(f.kind, f.motion, elapsed, s.time, phase);
    f.pose = m.pose;
    f.pose.blink = f.kind == FigureKind::kObject && !f.has_face ? 0.0f : BlinkAt(s.time, phase);
    f.feet.x += m.travel * f.height;
    // Side-view animals look towards the middle unless they are on the move.
    const float toward_middle = f.feet.x > 0.0f ? -1.0f : 1.0f;
    f.facing = m.heading != 0.0f ? m.heading : toward_middle;
    if (f.kind == FigureKind::kPerson || f.kind == FigureKind::kObject) f.facing = 1.0f;
    FinishGeometry(f);
  }
  // Painter's order: back row first.
  std::stable_sort(figures.begin(), figures.end(),
                   [](const FigureState& a, const FigureState& b) { return a.feet.y > b.feet.y; });
  return figures;
}

// The cast member the camera frames: the named subject, else whoever spoke
// last, else the first person, else the first figure.
const FigureState* Subject(const SceneState& s) {
  if (s.figures.empty()) return nullptr;
  auto by_id = [&](const std::string& id) -> const FigureState* {
    for (const FigureState& f : s.figures) {
      if (f.cast_id == id) return &f;
    }
    return nullptr;
  };
  if (const FigureState* f = by_id(s.shot->camera.subject)) return f;
  const DialogueLine* last = nullptr;
  for (const DialogueLine& d : s.shot->dialogue) {
    if (d.at <= s.local_time && (last == nullptr || d.at >= last->at)) last = &d;
  }
  if (last == nullptr && !s.shot->dialogue.empty()) last = &s.shot->dialogue.front();
  if (last != nullptr) {
    if (const FigureState* f = by_id(last->speaker)) return f;
  }
  for (const FigureState& f : s.figures) {
    if (f.kind == FigureKind::kPerson) return &f;
  }
  return &s.figures.front();
}

// Smooth 1-D value noise in [-1, 1] for handheld shake.
float Wobble(uint32_t seed, uint32_t salt, double t) {
  const double i = std::floor(t);
  const float f = static_cast<float>(t - i);
  const auto cell = static_cast<uint32_t>(static_cast<int64_t>(i));
  const float a = Hash01(seed ^ salt, cell) * 2.0f - 1.0f;
  const float b = Hash01(seed ^ salt, cell + 1u) * 2.0f - 1.0f;
  const float u = f * f * (3.0f - 2.0f * f);
  return a + (b - a) * u;
}

CameraState FrameIt(const Storyboard& sb, const SceneState& s) {
  const Camera& cam = s.shot->camera;
  const float aspect = static_cast<float>(sb.width) / static_cast<float>(sb.height);
  CameraState c;
  const FigureState* subject = Subject(s);
  if (subject == nullptr || cam.framing == "wide") {
    // Everyone in the shot fits: centre on the group, pull back if it is crowded.
    c.focus = vec2(0.0f, 0.37f);
    if (!s.figures.empty()) {
      float lo = 1e9f;
      float hi = -1e9f;
      for (const FigureState& f : s.figures) {
        const float half = 0.5f * FootprintOf(f) + 0.03f;
        lo = std::min(lo, f.feet.x - half);
        hi = std::max(hi, f.feet.x + half);
      }
      c.focus.x = 0.5f * (lo + hi);
      c.zoom = std::min(1.0f, aspect * 0.94f / (hi - lo));
    }
  } else if (cam.framing == "close-up") {
    if (subject->kind == FigureKind::kPerson) {
      c.zoom = 0.5f / (2.5f * subject->face_size);
      c.focus = subject->face - vec2(0.0f, 0.25f * subject->face_size);
    } else {
      // Muzzles and beaks reach past the head: frame wider, a little forward.
      c.zoom = 0.5f / (3.6f * subject->face_size);
      c.focus = subject->face + vec2(subject->facing * 0.5f * subject->face_size, 0.0f);
    }
  } else {
    const float h = subject->height;
    const bool person = subject->kind == FigureKind::kPerson;
    c.focus = subject->feet + subject->pose.offset * h + vec2(0.0f, (person ? 0.64f : 0.5f) * h);
    const float wide = std::max(FootprintOf(*subject), 0.3f * h);
    c.zoom = std::min(0.5f / ((person ? 0.6f : 0.85f) * h), aspect * 0.5f / (0.75f * wide));
    if (cam.framing == "over-the-shoulder") {
      c.zoom *= 1.15f;
      c.focus.x += (subject->feet.x > 0.0f ? -0.12f : 0.12f) / c.zoom;
    }
  }
  c.zoom = std::clamp(c.zoom, 0.45f, 14.0f);
  const float u = s.shot->duration > 0 ? static_cast<float>(s.local_time / s.shot->duration) : 0;
  const float ease = u * u * (3.0f - 2.0f * u);
  if (cam.move == "pan") {
    c.focus.x += (ease - 0.5f) * 0.3f / c.zoom;
  } else if (cam.move == "dolly") {
    c.zoom *= 0.85f + 0.3f * ease;
  } else if (cam.move == "orbit") {
    c.focus.x += -0.18f * std::cos(ease * 3.14159265f) / c.zoom;
    c.zoom *= 1.0f + 0.08f * std::sin(ease * 3.14159265f);
    c.roll = 0.02f * std::sin(ease * 6.2831853f);
  } else if (cam.move == "handheld") {
    c.focus += vec2(Wobble(s.seed, 11u, s.time * 1.3), Wobble(s.seed, 23u, s.time * 1.1)) *
               (0.008f / c.zoom);
    c.roll = 0.01f * Wobble(s.seed, 37u, s.time * 0.9);
  }
  return c;
}

}  // namespace

glm::vec2 ToFrame(const CameraState& camera, glm::vec2 world) {
  const glm::vec2 u = (world - camera.focus) * camera.zoom;
  const float c = std::cos(-camera.roll), s = std::sin(-camera.roll);
  return {c * u.x - s * u.y, s * u.x + c * u.y};
}

glm::vec2 FromFrame(const CameraState& camera, glm::vec2 frame) {
  const float c = std::cos(camera.roll), s = std::sin(camera.roll);
  return camera.focus +
         glm::vec2(c * frame.x - s * frame.y, s * frame.x + c * frame.y) / camera.zoom;
}

glm::vec2 ToPixels(const CameraState& camera, glm::vec2 world, int width, int height) {
  const auto h = static_cast<float>(height);
  return ToFrame(camera, world) * h + glm::vec2(0.5f * static_cast<float>(width), 0.5f * h);
}

uint32_t Hash32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

uint32_t HashString(std::string_view text, uint32_t seed) {
  uint32_t h = 2166136261u ^ seed;
  for (unsigned char c : text) h = (h ^ c) * 16777619u;
  return Hash32(h);
}

float Hash01(uint32_t seed, uint32_t salt) {
  return static_cast<float>(Hash32(seed ^ Hash32(salt + 0x9e3779b9u)) >> 8) * (1.0f / 16777216.0f);
}

SceneState ComputeSceneState(const Storyboard& storyboard, double time,
                             const std::map<std::string, float>& mouth_open) {
  SceneState s;
  s.shot = storyboard.ShotAt(time);
  s.local_time = std::clamp(time - s.shot->start, 0.0, std::max(0.0, s.shot->duration));
  s.time = static_cast<float>(time);
  s.seed = Hash32(static_cast<uint32_t>(storyboard.seed) ^
                  Hash32(static_cast<uint32_t>(storyboard.seed >> 32) + 0x632be5abu));
  const Setting& setting = s.shot->setting;
  s.place = &LookForPlace(setting.place);
  s.sky = &LookForTimeOfDay(setting.time_of_day);
  s.weather = &LookForWeather(setting.weather);
  s.style = &LookForStyle(storyboard.style);
  s.indoor = s.place->indoor;
  // Rooms are lit by lamps: darker at night, but never as dark as outdoors.
  s.light = s.indoor ? glm::mix(vec3(1.0f), s.sky->light, 0.35f) : s.sky->light * s.weather->dim;
  s.figures = PlaceFigures(storyboard, s, mouth_open);
  s.camera = FrameIt(storyboard, s);
  return s;
}

CameraState FrameCamera(const Storyboard& storyboard, const SceneState& state) {
  return FrameIt(storyboard, state);
}

}  // namespace kinora::engine::render
