#include "engine/render/draw_plan.h"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/geometric.hpp>
#include <glm/vec2.hpp>

namespace kinora::engine::render {
namespace {

using glm::vec2;
using glm::vec4;

constexpr float kWallFoot = 0.3f;  // WALL in shaders_background.cc

std::string Define(const char* name, int value) {
  return std::string("#define ") + name + " " + std::to_string(value) + "\n";
}
std::string Flag(const char* name) { return std::string("#define ") + name + "\n"; }

// Local (skeleton) rect → world AABB, undoing what the figure shader does to
// a world point: scale, facing, pose offset, body rotation about the pivot.
vec4 ToWorld(const FigureState& f, vec4 local) {
  const Pose& pose = f.pose;
  const vec2 pivot(0.0f, pose.angle < -0.5f ? 0.0f : 0.5f);
  const float c = std::cos(-pose.angle);
  const float s = std::sin(-pose.angle);
  vec4 out(1e9f, 1e9f, -1e9f, -1e9f);
  for (int i = 0; i < 4; ++i) {
    const vec2 corner((i & 1) ? local.z : local.x, (i & 2) ? local.w : local.y);
    const vec2 d = corner - pivot;
    vec2 q = vec2(c * d.x - s * d.y, s * d.x + c * d.y) + pivot;
    q += pose.offset * vec2(f.facing, 1.0f);
    q.x *= f.facing;
    const vec2 w = f.feet + q * f.height;
    out = vec4(std::min(out.x, w.x), std::min(out.y, w.y), std::max(out.z, w.x),
               std::max(out.w, w.y));
  }
  return out;
}

vec4 Union(vec4 a, vec4 b) {
  return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.z, b.z), std::max(a.w, b.w)};
}

vec2 ArmDir(float side, float angle) { return {side * std::sin(angle), -std::cos(angle)}; }

// The person skeleton of shaders_figure.cc (person_frame, person_body).
void PersonRects(const FigureState& f, vec4& body, vec4& head, vec4& face) {
  const Pose& p = f.pose;
  const float hr = 0.105f * f.build.x;
  const vec2 hc(0.0f, 0.98f - hr - 0.22f * p.sit + p.head_bob);
  const float shoulder_y = 0.98f - 2.0f * hr - 0.035f - 0.22f * p.sit;
  body = vec4(-0.22f, -0.03f, 0.22f, shoulder_y + 0.08f);
  for (int i = 0; i < 2; ++i) {
    const float side = i == 0 ? -1.0f : 1.0f;
    const float a = i == 0 ? p.arm_l : p.arm_r;
    const float bend = i == 0 ? p.elbow_l : p.elbow_r;
    const vec2 shoulder(side * 0.115f, shoulder_y - 0.025f);
    const vec2 elbow = shoulder + ArmDir(side, a) * 0.15f;
    const vec2 hand = elbow + ArmDir(side, a - bend) * 0.14f;
    for (vec2 joint : {elbow, hand}) {
      body = Union(body, vec4(joint.x - 0.05f, joint.y - 0.05f, joint.x + 0.05f, joint.y + 0.05f));
    }
  }
  if (f.traits.w > 0.5f) body.w = std::max(body.w, hc.y + 0.5f * hr);  // long hair
  const float margin = 0.3f * hr;                                      // head tilt, outline
  head = vec4(hc.x - 1.35f * hr - margin, hc.y - 1.15f * hr - margin, hc.x + 1.35f * hr + margin,
              hc.y + 1.45f * hr + margin);
  // Eyes, brows, mouth, glasses: a small rect, so close-ups stay cheap.
  face = vec4(hc.x - 0.72f * hr - margin, hc.y - 0.92f * hr - margin, hc.x + 0.72f * hr + margin,
              hc.y + 0.45f * hr + margin);
}

// The quadruped skeleton of shaders_figure.cc (quadruped_frame).
void QuadrupedRects(const FigureState& f, vec4& body, vec4& head) {
  const float legs = f.build.x;
  const float rx = 0.31f * f.build.y;
  const float snout = f.build.z;
  const vec2 hc(rx + 0.05f, 0.8f + f.pose.head_bob);
  body = vec4(-rx - 0.45f, -0.04f, std::max(rx + 0.25f, rx * 0.62f + 0.42f), legs + 0.75f);
  const bool long_ears = static_cast<int>(f.traits.x + 0.5f) == static_cast<int>(EarType::kLong);
  head = vec4(hc.x - 0.26f, hc.y - 0.27f, hc.x + 0.28f + 0.13f * snout,
              hc.y + (long_ears ? 0.56f : 0.31f));
}

vec4 SingleRect(const FigureState& f) {
  switch (f.kind) {
    case FigureKind::kBird: return {-0.58f, -0.04f, 0.62f, 1.0f};
    case FigureKind::kFish: return {-0.72f, 0.15f, 0.62f, 0.98f};
    default: break;
  }
  switch (static_cast<PropShape>(f.shape)) {
    case PropShape::kBall: return {-0.56f, -0.04f, 0.56f, 1.06f};
    case PropShape::kBoard: return {-2.45f, -0.04f, 2.45f, 1.06f};
    case PropShape::kCar: return {-1.26f, -0.04f, 1.26f, 1.16f};
    case PropShape::kCup: return {-0.45f, -0.04f, 0.6f, 1.0f};
    case PropShape::kSlab: return {-0.4f, -0.04f, 0.4f, 1.06f};
    case PropShape::kBox: break;
  }
  return {-0.63f, -0.04f, 0.63f, 1.06f};
}

std::string FigureTraitDefines(const FigureState& f) {
  std::string d = Define("KIND", static_cast<int>(f.kind));
  switch (f.kind) {
    case FigureKind::kPerson:
      if (f.traits.x > 1.5f)
        d += Flag("SUNGLASSES");
      else if (f.traits.x > 0.5f)
        d += Flag("GLASSES");
      if (f.traits.y > 0.5f) d += Flag("HAT");
      if (f.traits.z > 0.5f) d += Flag("CHAIN");
      if (f.traits.w > 0.5f) d += Flag("LONG_HAIR");
      if (f.traits.w < -0.5f) d += Flag("BALD");
      if (f.build.y > 0.5f) d += Flag("DRESS");
      break;
    case FigureKind::kQuadruped:
      d += Define("EARS", static_cast<int>(f.traits.x + 0.5f));
      if (f.traits.y > 0.5f) d += Flag("SPOTS");
      if (f.traits.z > 0.5f) d += Flag("COLLAR");
      break;
    case FigureKind::kObject:
      d += Define("PROP", f.shape);
      if (f.has_face) d += Flag("FACE");
      break;
    default: break;
  }
  return d;
}

std::string StyleDefines(const StyleLook& style) {
  std::string d;
  if (style.flat) d += Flag("FLAT");
  if (style.outline > 0.0f) d += Flag("OUTLINE");
  if (style.id == 3) d += Flag("CLAY");
  return d;
}

}  // namespace

vec4 BackgroundFrame(const CameraState& camera) {
  const float zoom = camera.zoom;
  float horizon = (kHorizon - camera.focus.y) * zoom;
  if (zoom > 1.05f) horizon = std::clamp(horizon, -0.18f, 0.32f);
  const float backdrop_zoom = zoom > 1.0f ? 1.0f + (zoom - 1.0f) * 0.35f : zoom;
  const float sky_zoom = zoom > 1.0f ? 1.0f + (zoom - 1.0f) * 0.15f : zoom;
  // A camera that closes in and follows its subject sideways sees the distant
  // set slide by no faster than in a wide shot.
  const float parallax = zoom > 1.0f ? camera.focus.x / backdrop_zoom : camera.focus.x;
  return {horizon, backdrop_zoom, sky_zoom, parallax};
}

std::vector<BackgroundDraw> PlanBackground(const SceneState& s, float aspect) {
  const Layout layout = s.place->layout;
  std::string base = Define("LAYOUT", static_cast<int>(layout)) +
                     Define("VARIANT", static_cast<int>(s.place->variant));
  const bool sky_visible = !s.indoor || layout == Layout::kRoom;  // windows show the sky
  if (sky_visible && s.sky->night < 1.0f) base += Flag("PHYSICAL_SKY");
  if (sky_visible && s.sky->night > 0.05f) base += Flag("STARS");
  if (sky_visible && s.sky->night > 0.5f) base += Flag("MOON");
  if (sky_visible && (s.indoor || s.weather->clouds > 0.0f)) base += Flag("CLOUDS");
  if (layout == Layout::kStudio) return {{base, vec4(-1.0f, -1.0f, 1.0f, 1.0f)}};
  const bool water = layout == Layout::kBeach ||
                     (layout == Layout::kMountains && s.place->variant == Variant::kLake);

  const float split = layout == Layout::kRoom || layout == Layout::kStage ? kWallFoot : kHorizon;
  base += "#define SPLIT_Y " + std::to_string(split) + "\n";
  // Where the split line crosses the screen (clip space), widened for camera roll.
  const vec4 frame = BackgroundFrame(s.camera);
  const float roll = s.camera.roll;
  const float line = ((split - kHorizon) * frame.y + frame.x) / std::cos(roll);
  const float tilt = std::abs(std::tan(roll)) * aspect * 0.5f;
  const float margin = 0.01f;
  const float lo = std::clamp(2.0f * (line - tilt) - margin, -1.0f, 1.0f);
  const float hi = std::clamp(2.0f * (line + tilt) + margin, -1.0f, 1.0f);
  std::vector<BackgroundDraw> draws;
  if (lo < 1.0f) draws.push_back({base + Flag("PART_UPPER"), vec4(-1.0f, lo, 1.0f, 1.0f)});
  if (hi > -1.0f) {
    draws.push_back(
        {base + (water ? Flag("WATER") : "") + Flag("PART_LOWER"), vec4(-1.0f, -1.0f, 1.0f, hi)});
  }
  return draws;
}

std::vector<FigureDraw> PlanFigure(const FigureState& f, const StyleLook& style) {
  const std::string base = FigureTraitDefines(f) + StyleDefines(style);
  // The contact shadow stays on the ground under a jumping figure.
  const float shadow = 2.5f * f.height;
  const vec4 ground(f.feet.x - shadow, f.feet.y - 0.06f * f.height, f.feet.x + shadow,
                    f.feet.y + 0.06f * f.height);
  if (f.kind == FigureKind::kPerson || f.kind == FigureKind::kQuadruped) {
    vec4 body, head, face;
    if (f.kind == FigureKind::kPerson) {
      PersonRects(f, body, head, face);
    } else {
      QuadrupedRects(f, body, head);
    }
    vec4 body_world = ToWorld(f, body);
    const float shadow_w = (f.kind == FigureKind::kPerson ? 0.25f : 0.31f * f.build.y + 0.15f);
    body_world = Union(body_world, vec4(f.feet.x - shadow_w * f.height, ground.y,
                                        f.feet.x + shadow_w * f.height, ground.w));
    std::vector<FigureDraw> draws = {{base + Flag("PART_BODY"), body_world},
                                     {base + Flag("PART_HEAD"), ToWorld(f, head)}};
    if (f.kind == FigureKind::kPerson)
      draws.push_back({base + Flag("PART_FACE"), ToWorld(f, face)});
    return draws;
  }
  vec4 single = ToWorld(f, SingleRect(f));
  const vec4 local = SingleRect(f);
  single = Union(single, vec4(f.feet.x + local.x * f.height, ground.y,
                              f.feet.x + local.z * f.height, ground.w));
  return {{base, single}};
}

PhysicalSky PhysicalSkyFor(const SceneState& s) {
  constexpr float kSkyFocal = 1.2f;  // as SKY_FOCAL in the background shader
  constexpr float kDegrees = 3.14159265f / 180.0f;
  const float elevation = s.sky->sun_elevation * kDegrees;
  const float azimuth = std::atan2(s.sky->sun_x, kSkyFocal);
  const glm::vec3 sun(std::cos(elevation) * std::sin(azimuth), std::sin(elevation),
                      std::cos(elevation) * std::cos(azimuth));
  const float turbidity = s.indoor ? 2.5f : s.weather->turbidity;
  PreethamSky model(sun, turbidity);
  // Auto-exposure, as a camera meters: the mean luminance of the band of sky a
  // level camera sees maps to a mid-tone after the shader's tone curve.
  float mean = 0.0f;
  int samples = 0;
  for (const float up : {0.03f, 0.12f, 0.25f, 0.4f}) {
    for (const float across : {-0.4f, -0.2f, 0.0f, 0.2f, 0.4f}) {
      mean += model.xyY(glm::vec3(across, up, kSkyFocal)).z;
      ++samples;
    }
  }
  mean = std::max(mean / static_cast<float>(samples), 1e-3f);
  const float exposure = 0.6f / mean;
  return {model, exposure};
}

float DepthOfFieldRadius(const SceneState& s, int height) {
  const int id = s.style->id;  // 0 realistic, 3 claymation, 4 noir, 8 vintage film
  const bool photographic = id == 0 || id == 3 || id == 4 || id == 8;
  if (!photographic) return 0.0f;
  const float zoom = s.camera.zoom;
  if (zoom < 1.5f) return 0.0f;
  const float radius_720 = std::min(1.5f + 2.5f * (zoom - 1.5f), 9.0f);
  return radius_720 * static_cast<float>(height) / 1280.0f;
}

std::string CompositeDefines(const SceneState& s, int height, MotionBlur blur) {
  const StyleLook& style = *s.style;
  std::string d;
  if (DepthOfFieldRadius(s, height) >= 0.75f) d += Flag("DOF");
  if (blur.camera || blur.bodies) d += Flag("MOTION_BLUR");
  if (blur.bodies) d += Flag("BODY_BLUR");
  if (style.pixel > 0.0f) d += Flag("PIXEL");
  if (style.paper > 0.0f) d += Flag("PAPER");
  if (style.outline > 0.0f) d += Flag("OUTLINE");
  if (style.posterize > 0.0f) d += Flag("POSTERIZE");
  if (style.sepia > 0.0f) d += Flag("SEPIA");
  if (style.grey > 0.0f) d += Flag("GREY");
  if (style.id == 8) d += Flag("VINTAGE");
  if (style.grain > 0.0f) d += Flag("GRAIN");
  if (style.vignette > 0.0f) d += Flag("VIGNETTE");
  if (!s.indoor) {
    if (s.weather->precipitation == 1) d += Flag("RAIN");
    if (s.weather->precipitation == 2) d += Flag("SNOW");
    if (s.weather->fog > 0.0f) d += Flag("FOG");
  }
  return d;
}

float CameraBlurPixels(const CameraState& now, const CameraState& open, float aspect, int height) {
  // The set is furthest from the axis of a zoom or roll at the frame's corners.
  float most = 0.0f;
  for (const glm::vec2 corner : {glm::vec2(-0.5f, -0.5f), glm::vec2(0.5f, -0.5f),
                                 glm::vec2(-0.5f, 0.5f), glm::vec2(0.5f, 0.5f)}) {
    const glm::vec2 d(corner.x * aspect, corner.y);
    const glm::vec2 d_open = ToFrame(open, FromFrame(now, d));
    most = std::max(most, glm::length(d - d_open) * static_cast<float>(height));
  }
  return most;
}

}  // namespace kinora::engine::render
