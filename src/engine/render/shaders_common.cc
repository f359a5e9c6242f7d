#include <string>

#include "engine/render/scene_state.h"
#include "engine/render/scene_tables.h"
#include "engine/render/shaders.h"

namespace kinora::engine::render {
namespace {

std::string Define(const char* name, int value) {
  return std::string("#define ") + name + " " + std::to_string(value) + "\n";
}

// The C++ enums are the one source of truth for the numbers GLSL switches on.
std::string EnumDefines() {
  std::string out;
  out += Define("LAYOUT_STUDIO", static_cast<int>(Layout::kStudio));
  out += Define("LAYOUT_BEACH", static_cast<int>(Layout::kBeach));
  out += Define("LAYOUT_PARK", static_cast<int>(Layout::kPark));
  out += Define("LAYOUT_FOREST", static_cast<int>(Layout::kForest));
  out += Define("LAYOUT_CITY", static_cast<int>(Layout::kCity));
  out += Define("LAYOUT_MOUNTAINS", static_cast<int>(Layout::kMountains));
  out += Define("LAYOUT_DESERT", static_cast<int>(Layout::kDesert));
  out += Define("LAYOUT_STADIUM", static_cast<int>(Layout::kStadium));
  out += Define("LAYOUT_ROOM", static_cast<int>(Layout::kRoom));
  out += Define("LAYOUT_STAGE", static_cast<int>(Layout::kStage));
  out += Define("LAYOUT_SPACE", static_cast<int>(Layout::kSpace));
  out += Define("LAYOUT_UNDERWATER", static_cast<int>(Layout::kUnderwater));
  out += Define("VARIANT_KITCHEN", static_cast<int>(Variant::kKitchen));
  out += Define("VARIANT_OFFICE", static_cast<int>(Variant::kOffice));
  out += Define("VARIANT_NEWSROOM", static_cast<int>(Variant::kNewsroom));
  out += Define("VARIANT_LIVING_ROOM", static_cast<int>(Variant::kLivingRoom));
  out += Define("VARIANT_CLASSROOM", static_cast<int>(Variant::kClassroom));
  out += Define("VARIANT_RESTAURANT", static_cast<int>(Variant::kRestaurant));
  out += Define("VARIANT_GYM", static_cast<int>(Variant::kGym));
  out += Define("VARIANT_SKATE_PARK", static_cast<int>(Variant::kSkatePark));
  out += Define("VARIANT_LAKE", static_cast<int>(Variant::kLake));
  out += Define("VARIANT_SNOWFIELD", static_cast<int>(Variant::kSnowfield));
  out += Define("KIND_PERSON", static_cast<int>(FigureKind::kPerson));
  out += Define("KIND_QUADRUPED", static_cast<int>(FigureKind::kQuadruped));
  out += Define("KIND_BIRD", static_cast<int>(FigureKind::kBird));
  out += Define("KIND_FISH", static_cast<int>(FigureKind::kFish));
  out += Define("KIND_OBJECT", static_cast<int>(FigureKind::kObject));
  out += Define("PROP_BOX", static_cast<int>(PropShape::kBox));
  out += Define("PROP_BALL", static_cast<int>(PropShape::kBall));
  out += Define("PROP_BOARD", static_cast<int>(PropShape::kBoard));
  out += Define("PROP_CAR", static_cast<int>(PropShape::kCar));
  out += Define("PROP_CUP", static_cast<int>(PropShape::kCup));
  out += Define("PROP_SLAB", static_cast<int>(PropShape::kSlab));
  out += Define("EAR_FLOPPY", static_cast<int>(EarType::kFloppy));
  out += Define("EAR_POINTY", static_cast<int>(EarType::kPointy));
  out += Define("EAR_LONG", static_cast<int>(EarType::kLong));
  out += Define("EAR_ROUND", static_cast<int>(EarType::kRound));
  out += "#define HORIZON " + std::to_string(kHorizon) + "\n";
  return out;
}

constexpr const char* kHelpers = R"glsl(
uniform vec2 u_res;     // framebuffer size, pixels
uniform vec4 u_camera;  // focus.x, focus.y (world), zoom, roll (radians)
uniform float u_time;   // absolute clip seconds
uniform uint u_seed;

const float PI = 3.14159265;

mat2 rot(float a) { float c = cos(a), s = sin(a); return mat2(c, s, -s, c); }

// Screen position in frame heights, origin at the centre, camera roll applied.
vec2 screen_uv(vec2 frag) {
  vec2 uv = (frag - 0.5 * u_res) / u_res.y;
  return rot(u_camera.w) * uv;
}
vec2 to_world(vec2 frag) { return u_camera.xy + screen_uv(frag) / u_camera.z; }
float world_pixel() { return 1.0 / (u_res.y * u_camera.z); }

// Integer hashes: exact and identical on every GL implementation.
uint hash_u(uint x) {
  x ^= x >> 16; x *= 0x7feb352du; x ^= x >> 15; x *= 0x846ca68bu; x ^= x >> 16;
  return x;
}
float hash_f(uint x) { return float(hash_u(x) >> 8) * (1.0 / 16777216.0); }
float hash2(vec2 cell, uint salt) {
  uvec2 c = uvec2(ivec2(floor(cell)) + 65536);
  return hash_f(c.x * 0x8da6b343u ^ c.y * 0xd8163841u ^ (u_seed + salt * 0x9e3779b9u));
}
float hash1(float cell, uint salt) { return hash2(vec2(cell, 0.0), salt); }
float noise(vec2 p, uint salt) {
  vec2 i = floor(p), f = fract(p);
  vec2 u = f * f * (3.0 - 2.0 * f);
  float a = hash2(i, salt), b = hash2(i + vec2(1, 0), salt);
  float c = hash2(i + vec2(0, 1), salt), d = hash2(i + vec2(1, 1), salt);
  return mix(mix(a, b, u.x), mix(c, d, u.x), u.y);
}
float noise1(float x, uint salt) {
  float i = floor(x), f = fract(x);
  return mix(hash1(i, salt), hash1(i + 1.0, salt), f * f * (3.0 - 2.0 * f));
}

// Signed distance helpers (negative inside).
float sd_circle(vec2 p, float r) { return length(p) - r; }
float sd_box(vec2 p, vec2 b) {
  vec2 d = abs(p) - b;
  return length(max(d, 0.0)) + min(max(d.x, d.y), 0.0);
}
float sd_rbox(vec2 p, vec2 b, float r) { return sd_box(p, b - r) - r; }
float sd_segment(vec2 p, vec2 a, vec2 b, float r) {
  vec2 pa = p - a, ba = b - a;
  float h = clamp(dot(pa, ba) / max(dot(ba, ba), 1e-12), 0.0, 1.0);
  return length(pa - ba * h) - r;
}
// Cheap ellipse: exact on the axes, good enough for antialiased fills.
float sd_ellipse(vec2 p, vec2 r) {
  float k = length(p / r);
  return (k - 1.0) * min(r.x, r.y);
}
float sd_trapezoid(vec2 p, float r1, float r2, float he) {
  vec2 k1 = vec2(r2, he), k2 = vec2(r2 - r1, 2.0 * he);
  p.x = abs(p.x);
  vec2 ca = vec2(p.x - min(p.x, (p.y < 0.0) ? r1 : r2), abs(p.y) - he);
  vec2 cb = p - k1 + k2 * clamp(dot(k1 - p, k2) / dot(k2, k2), 0.0, 1.0);
  float s = (cb.x < 0.0 && ca.y < 0.0) ? -1.0 : 1.0;
  return s * sqrt(min(dot(ca, ca), dot(cb, cb)));
}
float sd_triangle(vec2 p, vec2 p0, vec2 p1, vec2 p2) {
  vec2 e0 = p1 - p0, e1 = p2 - p1, e2 = p0 - p2;
  vec2 v0 = p - p0, v1 = p - p1, v2 = p - p2;
  // max(): a degenerate edge must not divide by zero (NaN would fill the quad).
  vec2 pq0 = v0 - e0 * clamp(dot(v0, e0) / max(dot(e0, e0), 1e-12), 0.0, 1.0);
  vec2 pq1 = v1 - e1 * clamp(dot(v1, e1) / max(dot(e1, e1), 1e-12), 0.0, 1.0);
  vec2 pq2 = v2 - e2 * clamp(dot(v2, e2) / max(dot(e2, e2), 1e-12), 0.0, 1.0);
  float s = sign(e0.x * e2.y - e0.y * e2.x);
  vec2 d = min(min(vec2(dot(pq0, pq0), s * (v0.x * e0.y - v0.y * e0.x)),
                   vec2(dot(pq1, pq1), s * (v1.x * e1.y - v1.y * e1.x))),
               vec2(dot(pq2, pq2), s * (v2.x * e2.y - v2.y * e2.x)));
  return -sqrt(d.x) * sign(d.y);
}
float smin(float a, float b, float k) {
  float h = clamp(0.5 + 0.5 * (b - a) / k, 0.0, 1.0);
  return mix(b, a, h) - k * h * (1.0 - h);
}
// Antialiased coverage of a distance `d` with pixel size `aa` (same units).
float fill(float d, float aa) { return clamp(0.5 - d / aa, 0.0, 1.0); }
float luma(vec3 c) { return dot(c, vec3(0.299, 0.587, 0.114)); }
)glsl";

}  // namespace

namespace shader_parts {

std::string Prelude(const std::string& defines) {
  // GLSL ES rejects undefined macros in #if: give every selector a default.
  std::string defaults;
  for (const char* name : {"LAYOUT", "VARIANT", "KIND", "PROP", "EARS"}) {
    defaults += std::string("#ifndef ") + name + "\n#define " + name + " -1\n#endif\n";
  }
  return std::string("#version 300 es\nprecision highp float;\nprecision highp int;\n") +
         EnumDefines() + defines + defaults + kHelpers;
}

}  // namespace shader_parts

std::string FullscreenVertexShader() {
  return R"glsl(#version 300 es
// One triangle that covers the viewport; no vertex buffers.
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
)glsl";
}

std::string RectVertexShader() {
  return R"glsl(#version 300 es
precision highp float;
uniform vec4 u_ndc_rect;  // x0, y0, x1, y1 in clip space
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  gl_Position = vec4(mix(u_ndc_rect.xy, u_ndc_rect.zw, corner), 0.0, 1.0);
}
)glsl";
}

std::string FigureVertexShader() {
  return R"glsl(#version 300 es
precision highp float;
uniform vec2 u_res;
uniform vec4 u_camera;  // focus.x, focus.y, zoom, roll
uniform vec4 u_rect;    // world-space min x, min y, max x, max y
// A world rectangle through the camera (a triangle strip of 4 vertices).
void main() {
  vec2 corner = vec2(float(gl_VertexID & 1), float((gl_VertexID >> 1) & 1));
  vec2 world = mix(u_rect.xy, u_rect.zw, corner);
  vec2 uv = (world - u_camera.xy) * u_camera.z;
  float c = cos(-u_camera.w), s = sin(-u_camera.w);
  uv = mat2(c, s, -s, c) * uv;
  gl_Position = vec4(uv * 2.0 * vec2(u_res.y / u_res.x, 1.0), 0.0, 1.0);
}
)glsl";
}

}  // namespace kinora::engine::render
