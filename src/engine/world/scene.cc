#include "engine/world/scene.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "engine/world/hash.h"
#include "engine/world/motion.h"
#include "engine/world/scene_places.h"

namespace kinora::engine::world {
namespace {

using glm::vec3;

struct PlaceRow {
  std::string_view place;
  bool indoor;
  TerrainKind terrain;
  float amplitude, wavelength;
  Material ground;
  vec3 color;
  float water;  // water level; NaN = none
  bool crowd;
  float gravity;
};

constexpr float kNoWater = -1e9f;

// clang-format off
constexpr std::array<PlaceRow, 21> kPlaceRows = {{
    {"studio", true, TerrainKind::kFlat, 0, 20, Material::kConcrete, {0.78f, 0.78f, 0.8f}, kNoWater, false, 9.81f},
    {"beach", false, TerrainKind::kBeach, 0.6f, 14, Material::kSand, {0.94f, 0.83f, 0.62f}, -0.3f, false, 9.81f},
    {"city street", false, TerrainKind::kFlat, 0, 20, Material::kConcrete, {0.3f, 0.3f, 0.33f}, kNoWater, false, 9.81f},
    {"park", false, TerrainKind::kHills, 1.5f, 30, Material::kGrass, {0.4f, 0.7f, 0.3f}, kNoWater, false, 9.81f},
    {"newsroom", true, TerrainKind::kFlat, 0, 20, Material::kCarpet, {0.2f, 0.22f, 0.3f}, kNoWater, false, 9.81f},
    {"skate park", false, TerrainKind::kFlat, 0, 20, Material::kConcrete, {0.72f, 0.72f, 0.74f}, kNoWater, true, 9.81f},
    {"lake", false, TerrainKind::kLakeShore, 1.2f, 25, Material::kGrass, {0.42f, 0.62f, 0.3f}, -0.2f, false, 9.81f},
    {"stadium", false, TerrainKind::kFlat, 0, 20, Material::kGrass, {0.3f, 0.62f, 0.28f}, kNoWater, true, 9.81f},
    {"gym", true, TerrainKind::kFlat, 0, 20, Material::kWood, {0.82f, 0.64f, 0.42f}, kNoWater, false, 9.81f},
    {"forest", false, TerrainKind::kHills, 2.0f, 25, Material::kGrass, {0.3f, 0.46f, 0.2f}, kNoWater, false, 9.81f},
    {"mountains", false, TerrainKind::kHills, 8.0f, 40, Material::kStone, {0.46f, 0.62f, 0.32f}, kNoWater, false, 9.81f},
    {"kitchen", true, TerrainKind::kFlat, 0, 20, Material::kStone, {0.78f, 0.72f, 0.62f}, kNoWater, false, 9.81f},
    {"office", true, TerrainKind::kFlat, 0, 20, Material::kCarpet, {0.4f, 0.42f, 0.48f}, kNoWater, false, 9.81f},
    {"stage", true, TerrainKind::kFlat, 0, 20, Material::kWood, {0.48f, 0.32f, 0.2f}, kNoWater, true, 9.81f},
    {"space", false, TerrainKind::kCraters, 1.0f, 12, Material::kStone, {0.58f, 0.58f, 0.6f}, kNoWater, false, 1.62f},
    {"desert", false, TerrainKind::kDunes, 3.0f, 28, Material::kSand, {0.92f, 0.74f, 0.5f}, kNoWater, false, 9.81f},
    {"snowfield", false, TerrainKind::kHills, 2.5f, 35, Material::kSnow, {0.95f, 0.96f, 1.0f}, kNoWater, false, 9.81f},
    {"living room", true, TerrainKind::kFlat, 0, 20, Material::kCarpet, {0.56f, 0.38f, 0.24f}, kNoWater, false, 9.81f},
    {"classroom", true, TerrainKind::kFlat, 0, 20, Material::kWood, {0.7f, 0.6f, 0.45f}, kNoWater, false, 9.81f},
    {"restaurant", true, TerrainKind::kFlat, 0, 20, Material::kWood, {0.42f, 0.27f, 0.18f}, kNoWater, false, 9.81f},
    {"underwater", false, TerrainKind::kSeabed, 0.6f, 15, Material::kSand, {0.86f, 0.78f, 0.56f}, 8.0f, false, 9.81f},
}};
// clang-format on

const PlaceRow& RowFor(std::string_view place) {
  for (const auto& row : kPlaceRows) {
    if (row.place == place) return row;
  }
  return kPlaceRows[0];
}

struct SunRow {
  std::string_view time;
  float elevation_deg, azimuth_deg;
  vec3 color;
  float intensity;
  bool moon;
  vec3 ambient;
};

// clang-format off
constexpr std::array<SunRow, 7> kSunRows = {{
    {"dawn", 4, 80, {1.0f, 0.65f, 0.45f}, 0.35f, false, {0.35f, 0.32f, 0.4f}},
    {"morning", 25, 110, {1.0f, 0.93f, 0.82f}, 0.8f, false, {0.38f, 0.42f, 0.5f}},
    {"noon", 65, 180, {1.0f, 1.0f, 0.97f}, 1.0f, false, {0.4f, 0.45f, 0.55f}},
    {"afternoon", 35, 230, {1.0f, 0.93f, 0.82f}, 0.85f, false, {0.4f, 0.42f, 0.5f}},
    {"sunset", 3, 280, {1.0f, 0.55f, 0.3f}, 0.4f, false, {0.4f, 0.3f, 0.35f}},
    {"dusk", -4, 290, {0.55f, 0.55f, 0.75f}, 0.12f, false, {0.18f, 0.18f, 0.3f}},
    {"night", 40, 150, {0.75f, 0.8f, 1.0f}, 0.08f, true, {0.05f, 0.06f, 0.12f}},
}};
// clang-format on

WeatherKind WeatherFrom(std::string_view w) {
  if (w == "cloudy") return WeatherKind::kCloudy;
  if (w == "rain") return WeatherKind::kRain;
  if (w == "snow") return WeatherKind::kSnow;
  if (w == "fog") return WeatherKind::kFog;
  if (w == "wind") return WeatherKind::kWind;
  return WeatherKind::kClear;
}

// Which cast members a shot shows: those its actions, lines and camera name,
// in cast order; the first cast member when it names nobody.
std::vector<const CastMember*> ShotCast(const Storyboard& sb, const Shot& shot) {
  std::set<std::string> named;
  for (const Action& a : shot.actions) named.insert(a.actor);
  for (const DialogueLine& d : shot.dialogue) named.insert(d.speaker);
  if (!shot.camera.subject.empty()) named.insert(shot.camera.subject);
  std::vector<const CastMember*> out;
  for (const CastMember& c : sb.cast) {
    if (named.count(c.id)) out.push_back(&c);
  }
  if (out.empty() && !sb.cast.empty()) out.push_back(&sb.cast.front());
  return out;
}

bool WantsWater(const std::vector<ScheduledAction>& actions, RigKind rig) {
  if (rig == RigKind::kFish) return true;
  for (const ScheduledAction& a : actions) {
    if (a.verb == Verb::kSwim || a.verb == Verb::kSurf || a.verb == Verb::kWakeboard) return true;
  }
  return false;
}

float Footprint(const CastAppearance& a) {
  const Proportions& p = a.look.body;
  switch (a.rig) {
    case RigKind::kHumanoid: return 0.45f * p.height / 1.75f * p.girth + 0.25f;
    case RigKind::kQuadruped: return std::max(0.5f, 0.6f * p.length * p.height);
    case RigKind::kBird: return std::max(0.4f, 1.2f * p.height);
    case RigKind::kFish: return std::max(0.4f, 0.8f * p.height);
    case RigKind::kRigid: return std::max(0.4f, a.look.size.x);
  }
  return 0.8f;
}

// Velocity changes that play an object cast member's verbs.
std::vector<PropKick> KicksFor(const std::vector<ScheduledAction>& actions, float gravity,
                               uint64_t hash) {
  std::vector<PropKick> kicks;
  for (const ScheduledAction& a : actions) {
    const float side = (Mix64(hash ^ static_cast<uint64_t>(a.verb)) & 1) ? 1.0f : -1.0f;
    const float hop = std::sqrt(2.0f * gravity * 0.6f);
    switch (a.verb) {
      case Verb::kJump:
      case Verb::kFly: kicks.push_back({a.start, {0, hop, 0}, {0, 0, 0}}); break;
      case Verb::kBackflip:
      case Verb::kGymnastics:
      case Verb::kKickflip: kicks.push_back({a.start, {0, 1.3f * hop, 0}, {-8.0f, 0, 0}}); break;
      case Verb::kThrow: kicks.push_back({a.start, {2.0f * side, hop, -0.5f}, {0, 0, 2.0f}}); break;
      case Verb::kFall: kicks.push_back({a.start, {0, 0, -0.8f}, {-3.0f, 0, 0}}); break;
      case Verb::kWalk:
      case Verb::kRun:
      case Verb::kRide:
      case Verb::kSkate:
      case Verb::kSwim:
        kicks.push_back({a.start, {side * (a.verb == Verb::kWalk ? 1.0f : 2.5f), 0, 0}, {0, 0, 0}});
        break;
      default: break;
    }
  }
  return kicks;
}

}  // namespace

std::string_view Name(WeatherKind kind) {
  switch (kind) {
    case WeatherKind::kClear: return "clear";
    case WeatherKind::kCloudy: return "cloudy";
    case WeatherKind::kRain: return "rain";
    case WeatherKind::kSnow: return "snow";
    case WeatherKind::kFog: return "fog";
    case WeatherKind::kWind: return "wind";
  }
  return "clear";
}

BodyDesc BodyFor(const PropSpec& prop) {
  BodyDesc d;
  d.name = prop.name;
  d.mass = std::max(0.001f, prop.mass);
  d.material = prop.material;
  d.position = prop.position;
  d.rotation = prop.rotation;
  d.velocity = prop.velocity;
  switch (prop.shape) {
    case PropShape::kBall:
      d.shape = ShapeKind::kSphere;
      d.half_extents = glm::vec3(0.5f * prop.size.x);
      break;
    case PropShape::kCylinder:
      d.shape = ShapeKind::kCylinder;
      d.half_extents = {0.5f * prop.size.x, 0.5f * prop.size.y, 0.5f * prop.size.x};
      break;
    default:
      d.shape = ShapeKind::kBox;
      d.half_extents = 0.5f * prop.size;
      break;
  }
  return d;
}

Environment EnvironmentFor(const Setting& setting, uint64_t seed) {
  const PlaceRow& row = RowFor(setting.place);
  Environment env;
  env.place = std::string(row.place);
  env.indoor = row.indoor || setting.indoor;
  if (row.place == "underwater") env.indoor = false;
  env.terrain.kind = row.terrain;
  env.terrain.amplitude = row.amplitude;
  env.terrain.wavelength = row.wavelength;
  env.terrain.seed = static_cast<uint32_t>(HashOf(seed, "terrain:" + env.place));
  env.ground = row.ground;
  env.ground_color = row.color;
  if (row.water > kNoWater / 2) env.water_level = row.water;
  env.crowd = row.crowd;
  env.gravity = row.gravity;

  const SunRow* sun = &kSunRows[2];
  for (const auto& r : kSunRows) {
    if (r.time == setting.time_of_day) sun = &r;
  }
  Sky& sky = env.sky;
  sky.sun_elevation = sun->elevation_deg * motion::kPi / 180.0f;
  sky.sun_azimuth = sun->azimuth_deg * motion::kPi / 180.0f;
  const float ce = std::cos(sky.sun_elevation);
  sky.sun_direction =
      glm::normalize(vec3(std::sin(sky.sun_azimuth) * ce, std::sin(sky.sun_elevation),
                          -std::cos(sky.sun_azimuth) * ce));
  sky.sun_color = sun->color;
  sky.sun_intensity = sun->intensity;
  sky.moon = sun->moon;
  sky.ambient = sun->ambient;

  WeatherState& w = env.weather;
  w.kind = WeatherFrom(setting.weather);
  const uint64_t h = HashOf(seed, "wind:" + env.place);
  const float wind_dir = Between(h, 1, 0.0f, motion::kTau);
  float wind_speed = Between(h, 2, 0.5f, 2.5f);
  switch (w.kind) {
    case WeatherKind::kClear: w.cloud_cover = 0.1f, sky.turbidity = 2.5f; break;
    case WeatherKind::kCloudy:
      w.cloud_cover = 0.8f, sky.turbidity = 5.0f, sky.sun_intensity *= 0.6f;
      break;
    case WeatherKind::kRain:
      w.cloud_cover = 1.0f, w.precipitation = 0.8f, w.fog_density = 0.01f, sky.turbidity = 8.0f;
      sky.sun_intensity *= 0.35f, wind_speed += 3.0f;
      break;
    case WeatherKind::kSnow:
      w.cloud_cover = 0.9f, w.precipitation = 0.7f, w.fog_density = 0.02f, sky.turbidity = 7.0f;
      sky.sun_intensity *= 0.5f;
      break;
    case WeatherKind::kFog:
      w.cloud_cover = 0.5f, w.fog_density = 0.08f, sky.turbidity = 10.0f,
      sky.sun_intensity *= 0.45f;
      break;
    case WeatherKind::kWind: w.cloud_cover = 0.4f, sky.turbidity = 3.0f, wind_speed = 8.0f; break;
  }
  if (env.indoor || row.place == "space" || row.place == "underwater") {
    w.precipitation = 0.0f;
    wind_speed = 0.0f;
  }
  if (row.place == "space") sky.turbidity = 1.0f, w.cloud_cover = 0.0f;
  w.wind = wind_speed * vec3(std::cos(wind_dir), 0.0f, std::sin(wind_dir));
  return env;
}

core::Result<ShotScene> BuildShotScene(const Storyboard& sb, int shot_index,
                                       const CastAppearances& appearances) {
  KINORA_RETURN_IF_ERROR(Validate(sb));
  if (shot_index < 0 || shot_index >= static_cast<int>(sb.shots.size())) {
    return core::InvalidArgument("shot index " + std::to_string(shot_index) +
                                     " is out of range (the storyboard has " +
                                     std::to_string(sb.shots.size()) + " shots)",
                                 "shot_index");
  }
  const Shot& shot = sb.shots[static_cast<size_t>(shot_index)];
  ShotScene scene;
  scene.shot_id = shot.id;
  scene.shot_index = shot_index;
  scene.start = shot.start;
  scene.duration = shot.duration;
  scene.seed = sb.seed;
  scene.environment = EnvironmentFor(shot.setting, sb.seed);
  const Environment& env = scene.environment;
  const uint64_t shot_hash = HashOf(sb.seed, "shot:" + shot.id);
  DressPlace(scene, shot_hash);

  struct Entry {
    const CastMember* member;
    CastAppearance look;
    std::vector<ScheduledAction> actions;
  };
  std::vector<Entry> people, objects;
  for (const CastMember* c : ShotCast(sb, shot)) {
    Entry e{c, {}, {}};
    auto it = appearances.find(c->id);
    e.look = it != appearances.end() ? it->second : AppearanceFor(sb, *c);
    for (const Action& a : shot.actions) {
      if (a.actor != c->id) continue;
      const double until = a.until > a.at ? a.until : shot.duration;
      e.actions.push_back({VerbByName(a.verb), a.at, until});
    }
    (c->kind == "object" ? objects : people).push_back(std::move(e));
  }
  // The camera's subject stands in the middle of the row.
  if (!shot.camera.subject.empty() && people.size() > 1) {
    auto it = std::find_if(people.begin(), people.end(),
                           [&](const Entry& e) { return e.member->id == shot.camera.subject; });
    if (it != people.end()) std::rotate(people.begin(), it, it + 1);
    const size_t mid = people.size() / 2;
    for (size_t i = 0; i < mid; ++i) std::swap(people[i], people[i + 1]);
  }
  std::set<std::string> speakers;
  for (const DialogueLine& d : shot.dialogue) speakers.insert(d.speaker);

  float row_width = 0.0f;
  for (const Entry& e : people) row_width += Footprint(e.look) + 0.4f;
  float x = -0.5f * row_width;
  const bool facing_pair = people.size() == 2 && speakers.size() >= 2;
  for (size_t i = 0; i < people.size(); ++i) {
    Entry& e = people[i];
    const float w = Footprint(e.look) + 0.4f;
    const float cx = x + 0.5f * w;
    x += w;
    CharacterSpec ch;
    ch.cast_id = e.member->id;
    ch.appearance = e.look;
    ch.skeleton = BuildSkeleton(e.look.rig, e.look.look.body);
    ch.actions = e.actions;
    Stage& st = ch.stage;
    st.cast_id = ch.cast_id;
    st.seed = sb.seed;
    const float stagger = people.size() >= 3 && i % 2 == 1 ? -0.35f : 0.0f;
    float z = stagger;
    if (env.water_level && WantsWater(e.actions, e.look.rig) && env.place != "underwater")
      z = -10.0f;
    st.mark = {cx, 0.0f, z};
    st.mark.y = env.GroundHeight(st.mark.x, st.mark.z);
    st.facing = facing_pair ? (cx > 0 ? -0.7f : 0.7f) : -0.35f * std::clamp(cx / 2.0f, -1.0f, 1.0f);
    // Animals read best from the side: a four-legged body seen head-on is a
    // muzzle on sticks. They stand three-quarters on, turned to the middle.
    if (e.look.rig == RigKind::kQuadruped || e.look.rig == RigKind::kBird ||
        e.look.rig == RigKind::kFish) {
      st.facing = cx > 0.0f ? -1.1f : 1.1f;
    }
    st.terrain = env.terrain;
    st.ground = env.ground;
    st.water_level = env.water_level;
    st.gravity = env.gravity;
    st.tempo_bpm = static_cast<float>(sb.music.tempo_bpm);
    st.crowd = env.crowd;
    st.duration = shot.duration;
    st.clip_offset = shot.start;
    const bool in_water = env.water_level && *env.water_level - st.mark.y > 0.6f;
    const bool sits = std::any_of(e.actions.begin(), e.actions.end(),
                                  [](const ScheduledAction& a) { return a.verb == Verb::kSit; });
    if (sits && e.look.rig == RigKind::kHumanoid && !in_water && env.place != "underwater") {
      const float h = e.look.look.body.height;
      st.seat_height = 0.45f * std::clamp(h / 1.75f, 0.6f, 1.15f);
      const Structure seat = SeatFor(env, st.mark, st.facing, st.seat_height, 0.14f * h);
      st.seat = seat.material;
      scene.structures.push_back(seat);
    }
    scene.characters.push_back(std::move(ch));
  }
  // Objects in the cast are rigid props, behind the row (big ones further back).
  float ox = -0.5f * static_cast<float>(objects.size() - (objects.empty() ? 0 : 1)) * 1.2f;
  for (Entry& e : objects) {
    const ParametricLook& look = e.look.look;
    const bool big = look.size.z > 2.0f || look.size.x > 1.5f;
    const float z = big ? -4.5f : 0.9f;
    const vec3 at(big ? ox * 3.0f : ox, 0.0f, z);
    PropSpec p =
        RestingProp(e.member->name.empty() ? e.member->id : e.member->name, look.shape, look.size,
                    look.material, look.mass, look.color, at, env.GroundHeight(at.x, at.z));
    p.cast_id = e.member->id;
    if (big) p.rotation = motion::Ry(motion::kPi / 2);  // broadside to the camera
    p.kicks = KicksFor(e.actions, env.gravity, HashOf(sb.seed, "kick:" + p.cast_id));
    scene.props.push_back(std::move(p));
    ox += 1.2f;
  }
  return scene;
}

}  // namespace kinora::engine::world
