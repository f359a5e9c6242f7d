#include "engine/render/body_pass.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <glm/matrix.hpp>

#include "engine/render/gl_util.h"

namespace kinora::engine::render {
namespace {

// The camera looks down at the cast by this much (radians), so tops of heads
// and feet on the ground read as solid.
constexpr float kPitch = 0.14f;
// NDC depth per metre towards the camera inside a figure's slice.
constexpr float kDepthPerMetre = 0.06f;

constexpr const char* kVertex = R"glsl(#version 300 es
precision highp float;
layout(location = 0) in vec3 a_unit;  // unit-sphere point, also its normal
layout(location = 1) in float a_end;  // 0: at u_a, 1: at u_b
uniform vec3 u_a;
uniform vec3 u_b;
uniform mat3 u_shape;
uniform mat3 u_normal;
uniform vec3 u_anchor;
uniform vec4 u_place;  // feet x, feet y (world), world units per metre, slice depth
uniform vec2 u_pitch;  // cos, sin
uniform vec2 u_res;
uniform vec4 u_camera;  // focus x, focus y, zoom, roll
uniform float u_inflate;  // metres along the normal (outline hulls)
out vec3 v_normal;
out vec3 v_unit;
#ifdef PLANAR
uniform vec3 u_shadow_dir;  // towards the light, y > 0
uniform vec2 u_soft;        // penumbra per metre of height, least penumbra (metres)
out float v_height;         // metres above the ground of the shadowing point
out float v_penumbra;       // metres
out vec3 v_world_normal;
#endif
#ifdef VELOCITY
uniform vec3 u_open_a;  // the same part when the shutter opened
uniform vec3 u_open_b;
uniform mat3 u_open_shape;
uniform vec3 u_open_anchor;
uniform vec4 u_open_place;
uniform vec4 u_open_camera;
out vec2 v_velocity;  // pixels, GL orientation
#endif

// The camera pitches down: nearer points (+z) sink, tops turn towards it.
vec3 pitch(vec3 p) {
  return vec3(p.x, u_pitch.x * p.y - u_pitch.y * p.z, u_pitch.y * p.y + u_pitch.x * p.z);
}
vec2 to_ndc(vec2 q, vec4 place, vec4 camera) {
  vec2 uv = (place.xy + q * place.z - camera.xy) * camera.z;
  float c = cos(-camera.w), s = sin(-camera.w);
  return mat2(c, s, -s, c) * uv * 2.0 * vec2(u_res.y / u_res.x, 1.0);
}

void main() {
  v_unit = a_unit;
  vec3 n = normalize(u_normal * a_unit);
  vec3 p = mix(u_a, u_b, a_end) + u_shape * a_unit + n * u_inflate - u_anchor;
#ifdef PLANAR
  // The part's shadow: projected along the light onto the ground under it,
  // grown by half its penumbra (which straddles the geometric edge).
  v_height = max(p.y, 0.0);
  v_penumbra = max(v_height * u_soft.x, u_soft.y);
  v_world_normal = n;
  p += n * 0.5 * v_penumbra;
  p.xz -= u_shadow_dir.xz * (max(p.y, 0.0) / u_shadow_dir.y);
  p.y = 0.0;
#endif
  vec3 q = pitch(p);
  v_normal = pitch(n);
  vec2 ndc = to_ndc(q.xy, u_place, u_camera);
#ifdef VELOCITY
  vec3 o = mix(u_open_a, u_open_b, a_end) + u_open_shape * a_unit + n * u_inflate - u_open_anchor;
  v_velocity = (ndc - to_ndc(pitch(o).xy, u_open_place, u_open_camera)) * 0.5 * u_res;
#endif
#ifdef PLANAR
  float depth = 0.0;
#else
  float depth = u_place.w - q.z * DEPTH_PER_METRE;
#endif
  gl_Position = vec4(ndc, depth, 1.0);
}
)glsl";

constexpr const char* kFragment = R"glsl(#version 300 es
precision highp float;
in vec3 v_normal;
in vec3 v_unit;
uniform vec3 u_color;     // sRGB albedo
uniform vec2 u_material;  // roughness, specular reflectance
uniform vec3 u_key_dir;   // towards the key light (view axes)
uniform vec3 u_key_col;   // linear
uniform vec3 u_sky_col;   // linear
uniform vec3 u_ground_col;
uniform vec4 u_fog;       // sRGB colour, amount
layout(location = 0) out vec4 o_color;
#ifdef VELOCITY
in vec2 v_velocity;
layout(location = 1) out vec4 o_velocity;
#endif
void main() {
#ifdef VELOCITY
  o_velocity = vec4(clamp(0.5 + v_velocity / (2.0 * VELOCITY_RANGE), 0.0, 1.0), 0.0, 1.0);
#endif
#ifdef HULL
  o_color = vec4(0.05, 0.04, 0.05, 1.0);
#else
  vec3 n = normalize(v_normal);
  vec3 l = normalize(u_key_dir);
  vec3 v = vec3(0.0, 0.0, 1.0);
  float ndl = dot(n, l);
#if defined(CEL) && defined(TWO_TONE)
  float diffuse = ndl > 0.05 ? 1.0 : 0.5;  // cartoon: lit and shadow, nothing between
#elif defined(CEL)
  float diffuse = ndl > 0.3 ? 1.0 : (ndl > -0.1 ? 0.6 : 0.38);
#else
  float diffuse = clamp((ndl + 0.2) / 1.2, 0.0, 1.0);  // slightly wrapped: skin and cloth scatter
#endif
  vec3 ambient = mix(u_ground_col, u_sky_col, 0.5 + 0.5 * n.y);
  // GGX specular with Schlick's Fresnel.
  vec3 h = normalize(l + v);
  float a = max(u_material.x * u_material.x, 0.002);
  float ndh = max(dot(n, h), 0.0);
  float k = ndh * ndh * (a * a - 1.0) + 1.0;
  float distribution = a * a / (3.14159 * k * k);
  float fresnel = u_material.y + (1.0 - u_material.y) * pow(1.0 - max(dot(v, h), 0.0), 5.0);
  float spec = distribution * fresnel * 0.25 * max(ndl, 0.0);
#ifdef CEL
  spec = step(0.8, spec) * 0.5;
#endif
  vec3 albedo = pow(u_color, vec3(2.2));
#ifdef CLAY
  // Modelling clay: thumb-pressed dents and a warm, waxy sheen.
  vec3 p = v_unit * 5.0;
  float dents = sin(p.x * 1.7 + sin(p.y * 2.3)) * sin(p.y * 1.9 + sin(p.z * 2.9)) * sin(p.z * 2.1 + p.x);
  albedo *= 0.9 + 0.2 * dents;
  albedo = pow(albedo, vec3(0.9)) * vec3(1.06, 1.0, 0.9);
#endif
  vec3 c = albedo * (u_key_col * diffuse + ambient) + u_key_col * min(spec, 4.0);
  // A faint rim from the sky separates the figure from the set.
  c += u_sky_col * albedo * 0.35 * pow(1.0 - max(n.z, 0.0), 3.0);
  c = pow(c / (1.0 + 0.15 * c), vec3(1.0 / 2.2));
  c = mix(c, u_fog.rgb, u_fog.a);
  o_color = vec4(c, 1.0);
#endif
}
)glsl";

// Shadow coverage for the mask (blended with MAX, so overlaps darken once):
// a soft contact blob, or a part's shadow along the light.
constexpr const char* kShadowFragment = R"glsl(#version 300 es
precision highp float;
in vec3 v_unit;
#ifdef PLANAR
in float v_height;
in float v_penumbra;
in vec3 v_world_normal;
uniform vec3 u_shadow_dir;
uniform vec3 u_axis;     // a capsule's unit axis (zero for an ellipsoid)
uniform float u_radius;  // the part's mean radius, metres
#endif
uniform float u_shadow_alpha;
out vec4 o_color;
void main() {
#ifdef PLANAR
  // How far inside the shadow's edge this point falls: the silhouette is
  // where the surface turns edge-on to the light (exact for a sphere; for a
  // capsule, to the light's component across its axis).
  vec3 l = normalize(u_shadow_dir);
  vec3 across = l - dot(l, u_axis) * u_axis;
  if (dot(across, across) > 0.01) l = normalize(across);
  float c = abs(dot(normalize(v_world_normal), l));
  float inside = (u_radius + 0.5 * v_penumbra) * (1.0 - sqrt(max(1.0 - c * c, 0.0)));
  // Light from the sky fills in under things far off the ground.
  float a = u_shadow_alpha * smoothstep(0.0, v_penumbra, inside) *
            mix(1.0, 0.55, clamp(v_height / 3.0, 0.0, 1.0));
#else
  // The flattened sphere's unit coordinate is the disc's radial coordinate.
  float a = 0.35 * (1.0 - smoothstep(0.3, 1.0, length(v_unit.xz)));
#endif
  o_color = vec4(a);
}
)glsl";

constexpr const char* kMaskVertex = R"glsl(#version 300 es
// One triangle that covers the viewport; no vertex buffers.
void main() {
  vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);
}
)glsl";

// Multiplies the frame by the mask, filtered up from half resolution.
constexpr const char* kMaskFragment = R"glsl(#version 300 es
precision highp float;
uniform sampler2D u_mask;
uniform vec2 u_res;
out vec4 o_color;
void main() {
  o_color = vec4(0.0, 0.0, 0.0, texture(u_mask, gl_FragCoord.xy / u_res).r);
}
)glsl";

glm::vec3 Pitch(glm::vec3 v) {
  const float c = std::cos(kPitch), s = std::sin(kPitch);
  return {v.x, c * v.y - s * v.z, s * v.y + c * v.z};
}

}  // namespace

glm::vec2 ToComposition(const BodyFigure& figure, glm::vec3 p) {
  const glm::vec3 q = Pitch(p - figure.anchor);
  return figure.feet + glm::vec2(q.x, q.y) * figure.scale;
}

namespace {

// A rectangle of pixels, x0 ≤ x < x1, y0 ≤ y < y1; empty when x0 ≥ x1.
struct PixelRect {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  bool empty() const { return x0 >= x1 || y0 >= y1; }
};

// Every pixel the shadows of `figures` may darken, padded, within the frame:
// each part's bounding sphere projected along the light, grown by its
// penumbra, as a square on the ground seen through the camera.
PixelRect ShadowBounds(std::span<const BodyFigure> figures, const BodyView& view,
                       glm::vec3 to_light, float softness, bool parts) {
  glm::vec2 lo(1e9f), hi(-1e9f);
  auto add_disc = [&](const BodyFigure& f, glm::vec2 centre, float radius) {
    for (const glm::vec2 corner :
         {glm::vec2(-1, -1), glm::vec2(1, -1), glm::vec2(-1, 1), glm::vec2(1, 1)}) {
      const glm::vec2 ground = centre + corner * radius;
      const glm::vec3 q = Pitch(glm::vec3(ground.x, 0.0f, ground.y));
      const glm::vec2 px =
          ToPixels(view.camera, f.feet + glm::vec2(q.x, q.y) * f.scale, view.width, view.height);
      lo = glm::min(lo, px);
      hi = glm::max(hi, px);
    }
  };
  const glm::vec2 lean(to_light.x / to_light.y, to_light.z / to_light.y);
  const float stretch = 1.0f + glm::length(lean);
  for (const BodyFigure& f : figures) {
    if (f.shadow > 0.0f) {
      add_disc(f, glm::vec2(f.ground.x - f.anchor.x, f.ground.z - f.anchor.z), f.shadow);
    }
    if (!parts || !f.casts_shadow) continue;
    for (const BodyPart& part : f.parts) {
      const glm::vec3 c = 0.5f * (part.a + part.b) - f.anchor;
      const float r = 0.5f * glm::length(part.b - part.a) +
                      std::max({glm::length(part.shape[0]), glm::length(part.shape[1]),
                                glm::length(part.shape[2])});
      const float penumbra = std::max((std::max(c.y, 0.0f) + r) * softness, 0.01f);
      add_disc(f, glm::vec2(c.x, c.z) - lean * std::max(c.y, 0.0f), r * stretch + penumbra);
    }
  }
  constexpr float kPad = 3.0f;  // bilinear reads and rounding
  PixelRect rect;
  rect.x0 = std::max(0, static_cast<int>(std::floor(lo.x - kPad)));
  rect.y0 = std::max(0, static_cast<int>(std::floor(lo.y - kPad)));
  rect.x1 = std::min(view.width, static_cast<int>(std::ceil(hi.x + kPad)));
  rect.y1 = std::min(view.height, static_cast<int>(std::ceil(hi.y + kPad)));
  return rect;
}

}  // namespace

CapsuleMesh BuildCapsuleMesh(int rings, int segments) {
  CapsuleMesh mesh;
  rings = std::max(rings, 2);
  segments = std::max(segments, 3);
  constexpr float kHalfPi = 1.5707963f;
  constexpr float kTau = 6.2831853f;
  // Upper hemisphere: rings from the equator (0) to the pole, end = 1; then
  // the lower one, end = 0. Each ring has segments + 1 vertices (seam copy).
  auto add_hemisphere = [&](float sign, float end) {
    const auto base = static_cast<uint16_t>(mesh.vertices.size() / 4);
    for (int i = 0; i <= rings; ++i) {
      const float lat = sign * kHalfPi * static_cast<float>(i) / static_cast<float>(rings);
      for (int j = 0; j <= segments; ++j) {
        const float lon = kTau * static_cast<float>(j) / static_cast<float>(segments);
        mesh.vertices.insert(mesh.vertices.end(), {std::cos(lat) * std::cos(lon), std::sin(lat),
                                                   -std::cos(lat) * std::sin(lon), end});
      }
    }
    return base;
  };
  const uint16_t top = add_hemisphere(1.0f, 1.0f);
  const uint16_t bottom = add_hemisphere(-1.0f, 0.0f);
  const int row = segments + 1;
  auto quad = [&](int a, int b, int c, int d) {  // a-b on one ring, c-d the next, CCW outside
    mesh.indices.insert(mesh.indices.end(), {static_cast<uint16_t>(a), static_cast<uint16_t>(b),
                                             static_cast<uint16_t>(d), static_cast<uint16_t>(a),
                                             static_cast<uint16_t>(d), static_cast<uint16_t>(c)});
  };
  for (int i = 0; i < rings; ++i) {
    for (int j = 0; j < segments; ++j) {
      // Upper: going up from ring i to i + 1; longitude increases counter-clockwise seen from
      // above.
      quad(top + i * row + j, top + i * row + j + 1, top + (i + 1) * row + j,
           top + (i + 1) * row + j + 1);
      // Lower: going down, so swap the direction to keep the outside CCW.
      quad(bottom + i * row + j + 1, bottom + i * row + j, bottom + (i + 1) * row + j + 1,
           bottom + (i + 1) * row + j);
    }
  }
  // The band between the two equators.
  for (int j = 0; j < segments; ++j) {
    quad(bottom + j, bottom + j + 1, top + j, top + j + 1);
  }
  return mesh;
}

core::Result<std::unique_ptr<BodyPass>> BodyPass::Create() {
  std::unique_ptr<BodyPass> pass(new BodyPass());
  const CapsuleMesh mesh = BuildCapsuleMesh(6, 14);
  glGenVertexArrays(1, &pass->vertex_array_);
  glBindVertexArray(pass->vertex_array_);
  glGenBuffers(1, &pass->vertex_buffer_);
  glBindBuffer(GL_ARRAY_BUFFER, pass->vertex_buffer_);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(mesh.vertices.size() * sizeof(float)),
               mesh.vertices.data(), GL_STATIC_DRAW);
  glGenBuffers(1, &pass->index_buffer_);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, pass->index_buffer_);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER,
               static_cast<GLsizeiptr>(mesh.indices.size() * sizeof(uint16_t)), mesh.indices.data(),
               GL_STATIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 1, GL_FLOAT, GL_FALSE, 4 * sizeof(float),
                        reinterpret_cast<const void*>(3 * sizeof(float)));
  glBindVertexArray(0);
  glGenVertexArrays(1, &pass->empty_vertex_array_);
  pass->index_count_ = static_cast<GLsizei>(mesh.indices.size());
  KINORA_RETURN_IF_ERROR(CheckGlError("BodyPass::Create"));
  return pass;
}

BodyPass::~BodyPass() {
  for (const auto& [key, program] : programs_) glDeleteProgram(program);
  glDeleteFramebuffers(1, &mask_framebuffer_);
  glDeleteTextures(1, &mask_texture_);
  glDeleteVertexArrays(1, &empty_vertex_array_);
  glDeleteBuffers(1, &index_buffer_);
  glDeleteBuffers(1, &vertex_buffer_);
  glDeleteVertexArrays(1, &vertex_array_);
}

core::Result<GLuint> BodyPass::Program(const std::string& defines) {
  auto it = programs_.find(defines);
  if (it != programs_.end()) return it->second;
  std::string vertex;
  std::string fragment;
  if (defines == "MASK") {
    vertex = kMaskVertex;
    fragment = kMaskFragment;
  } else {
    const std::string header = "#define DEPTH_PER_METRE " + std::to_string(kDepthPerMetre) +
                               "\n#define VELOCITY_RANGE " + std::to_string(kVelocityRange) + "\n";
    vertex = kVertex;
    vertex.insert(vertex.find('\n') + 1, header + defines);
    fragment = defines.find("SHADOW") != std::string::npos ? kShadowFragment : kFragment;
    fragment.insert(fragment.find('\n') + 1, header + defines);
  }
  KINORA_ASSIGN_OR_RETURN(GLuint program, BuildProgram("body", vertex, fragment));
  programs_.emplace(defines, program);
  return program;
}

GLint BodyPass::Uniform(GLuint program, const char* name) { return uniforms_.Get(program, name); }

void BodyPass::SetPart(GLuint p, const BodyPart& part, float inflate) {
  glUniform3fv(Uniform(p, "u_a"), 1, glm::value_ptr(part.a));
  glUniform3fv(Uniform(p, "u_b"), 1, glm::value_ptr(part.b));
  glUniformMatrix3fv(Uniform(p, "u_shape"), 1, GL_FALSE, glm::value_ptr(part.shape));
  const glm::mat3 normal = glm::transpose(glm::inverse(part.shape));
  glUniformMatrix3fv(Uniform(p, "u_normal"), 1, GL_FALSE, glm::value_ptr(normal));
  glUniform1f(Uniform(p, "u_inflate"), inflate);
}

void BodyPass::SetPlace(GLuint p, const BodyFigure& f, const BodyView& view, float slice) {
  glUseProgram(p);
  glUniform2f(Uniform(p, "u_res"), static_cast<float>(view.width), static_cast<float>(view.height));
  glUniform4f(Uniform(p, "u_camera"), view.camera.focus.x, view.camera.focus.y, view.camera.zoom,
              view.camera.roll);
  glUniform2f(Uniform(p, "u_pitch"), std::cos(kPitch), std::sin(kPitch));
  glUniform3fv(Uniform(p, "u_anchor"), 1, glm::value_ptr(f.anchor));
  glUniform4f(Uniform(p, "u_place"), f.feet.x, f.feet.y, f.scale, slice);
}

core::Status BodyPass::EnsureMask(int width, int height) {
  const int w = std::max(1, (width + 1) / 2);
  const int h = std::max(1, (height + 1) / 2);
  if (mask_texture_ != 0 && w == mask_width_ && h == mask_height_) return core::Ok();
  glDeleteTextures(1, &mask_texture_);
  glGenTextures(1, &mask_texture_);
  glBindTexture(GL_TEXTURE_2D, mask_texture_);
  glTexStorage2D(GL_TEXTURE_2D, 1, GL_R8, w, h);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  if (mask_framebuffer_ == 0) glGenFramebuffers(1, &mask_framebuffer_);
  glBindFramebuffer(GL_FRAMEBUFFER, mask_framebuffer_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, mask_texture_, 0);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    return core::Internal("GL: the shadow mask framebuffer is incomplete");
  }
  mask_width_ = w;
  mask_height_ = h;
  return core::Ok();
}

core::Status BodyPass::DrawShadows(std::span<const BodyFigure> figures, const BodyView& view,
                                   const BodyLighting& light) {
  const bool any = std::any_of(figures.begin(), figures.end(), [&](const BodyFigure& f) {
    return f.shadow > 0.0f || (f.casts_shadow && light.shadow > 0.0f && !f.parts.empty());
  });
  if (!any) return core::Ok();
  KINORA_ASSIGN_OR_RETURN(const GLuint blob, Program("#define SHADOW\n"));
  KINORA_ASSIGN_OR_RETURN(const GLuint cast, Program("#define SHADOW\n#define PLANAR\n"));
  KINORA_ASSIGN_OR_RETURN(const GLuint apply, Program("MASK"));
  GLint target = 0;
  GLint viewport[4] = {0, 0, 0, 0};
  glGetIntegerv(GL_FRAMEBUFFER_BINDING, &target);
  glGetIntegerv(GL_VIEWPORT, viewport);
  glm::vec3 to_light = light.shadow_direction;
  to_light.y = std::max(to_light.y, 0.35f * glm::length(to_light));
  // A CPU rasterizer pays for every pixel touched: only the shadows' area
  // is cleared, drawn and multiplied in.
  const PixelRect rect = ShadowBounds(figures, view, to_light, light.softness, light.shadow > 0.0f);
  if (rect.empty()) return core::Ok();
  KINORA_RETURN_IF_ERROR(EnsureMask(view.width, view.height));
  glBindFramebuffer(GL_FRAMEBUFFER, mask_framebuffer_);
  glViewport(0, 0, mask_width_, mask_height_);
  glEnable(GL_SCISSOR_TEST);
  // A texel more than half the rectangle all round, so the filtered reads
  // at its edge see cleared texels.
  const int mx0 = std::max(0, rect.x0 / 2 - 1), my0 = std::max(0, rect.y0 / 2 - 1);
  const int mx1 = std::min(mask_width_, (rect.x1 + 1) / 2 + 1);
  const int my1 = std::min(mask_height_, (rect.y1 + 1) / 2 + 1);
  glScissor(mx0, my0, mx1 - mx0, my1 - my0);
  glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);  // flattened parts face either way
  glEnable(GL_BLEND);
  glBlendEquation(GL_MAX);
  glBlendFunc(GL_ONE, GL_ONE);
  glBindVertexArray(vertex_array_);
  for (const BodyFigure& f : figures) {
    if (f.shadow > 0.0f) {
      SetPlace(blob, f, view, 0.0f);
      SetPart(blob,
              Ellipsoid(glm::vec3(f.ground.x, f.anchor.y, f.ground.z),
                        glm::mat3(glm::vec3(f.shadow, 0, 0), glm::vec3(0, 0.001f, 0),
                                  glm::vec3(0, 0, f.shadow * 0.6f)),
                        glm::vec3(0.0f)),
              0.0f);
      glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_SHORT, nullptr);
    }
    if (!f.casts_shadow || light.shadow <= 0.0f) continue;
    SetPlace(cast, f, view, 0.0f);
    glUniform3fv(Uniform(cast, "u_shadow_dir"), 1, glm::value_ptr(to_light));
    glUniform2f(Uniform(cast, "u_soft"), light.softness, 0.01f);
    glUniform1f(Uniform(cast, "u_shadow_alpha"), light.shadow);
    for (const BodyPart& part : f.parts) {
      SetPart(cast, part, 0.0f);
      const float radius =
          (glm::length(part.shape[0]) + glm::length(part.shape[1]) + glm::length(part.shape[2])) /
          3.0f;
      glUniform1f(Uniform(cast, "u_radius"), radius);
      const glm::vec3 axis = part.b - part.a;
      const float length = glm::length(axis);
      const glm::vec3 unit = length > 1e-4f ? axis / length : glm::vec3(0.0f);
      glUniform3fv(Uniform(cast, "u_axis"), 1, glm::value_ptr(unit));
      glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_SHORT, nullptr);
    }
  }
  glBlendEquation(GL_FUNC_ADD);

  glBindFramebuffer(GL_FRAMEBUFFER, static_cast<GLuint>(target));
  glViewport(viewport[0], viewport[1], viewport[2], viewport[3]);
  glScissor(rect.x0, rect.y0, rect.x1 - rect.x0, rect.y1 - rect.y0);
  glBindVertexArray(empty_vertex_array_);
  glUseProgram(apply);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, mask_texture_);
  glUniform1i(Uniform(apply, "u_mask"), 0);
  glUniform2f(Uniform(apply, "u_res"), static_cast<float>(view.width),
              static_cast<float>(view.height));
  // Darkens colour only: the alpha channel keeps marking the cast.
  glBlendFuncSeparate(GL_ZERO, GL_ONE_MINUS_SRC_ALPHA, GL_ZERO, GL_ONE);
  glDrawArrays(GL_TRIANGLES, 0, 3);
  glDisable(GL_BLEND);
  glDisable(GL_SCISSOR_TEST);
  glBindVertexArray(0);
  return CheckGlError("BodyPass::DrawShadows");
}

core::Status BodyPass::Draw(std::span<const BodyFigure> figures, const BodyView& view,
                            const BodyLighting& light, BodyLook look_kind, float outline_px) {
  std::string look;
  switch (look_kind) {
    case BodyLook::kSoft: break;
    case BodyLook::kCel: look = "#define CEL\n"; break;
    case BodyLook::kTwoTone: look = "#define CEL\n#define TWO_TONE\n"; break;
    case BodyLook::kClay: look = "#define CLAY\n"; break;
  }
  if (figures.empty()) return core::Ok();
  const std::string velocity = view.velocity ? "#define VELOCITY\n" : "";
  KINORA_ASSIGN_OR_RETURN(const GLuint body, Program(look + velocity));
  KINORA_ASSIGN_OR_RETURN(const GLuint hull, Program("#define HULL\n" + velocity));
  glBindVertexArray(vertex_array_);
  if (view.velocity) {
    const GLenum both[2] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
    glDrawBuffers(2, both);
  }
  glClear(GL_DEPTH_BUFFER_BIT);
  glDisable(GL_BLEND);
  glEnable(GL_CULL_FACE);
  glFrontFace(GL_CCW);
  glEnable(GL_DEPTH_TEST);
  glDepthFunc(GL_LESS);
  glDepthMask(GL_TRUE);
  const glm::vec3 key = glm::normalize(Pitch(light.key_direction));

  // Where each part was when the shutter opened (itself when it did not move).
  auto open_uniforms = [&](GLuint p, const BodyFigure& f, float slice) {
    if (!view.velocity) return;
    const bool moved = f.open.parts.size() == f.parts.size();
    const glm::vec3 anchor = moved ? f.open.anchor : f.anchor;
    const glm::vec2 feet = moved ? f.open.feet : f.feet;
    glUniform3fv(Uniform(p, "u_open_anchor"), 1, glm::value_ptr(anchor));
    glUniform4f(Uniform(p, "u_open_place"), feet.x, feet.y, moved ? f.open.scale : f.scale, slice);
    glUniform4f(Uniform(p, "u_open_camera"), view.camera_open.focus.x, view.camera_open.focus.y,
                view.camera_open.zoom, view.camera_open.roll);
  };
  auto open_part = [&](GLuint p, const BodyFigure& f, size_t i) {
    if (!view.velocity) return;
    const BodyPart& part = f.open.parts.size() == f.parts.size() ? f.open.parts[i] : f.parts[i];
    glUniform3fv(Uniform(p, "u_open_a"), 1, glm::value_ptr(part.a));
    glUniform3fv(Uniform(p, "u_open_b"), 1, glm::value_ptr(part.b));
    glUniformMatrix3fv(Uniform(p, "u_open_shape"), 1, GL_FALSE, glm::value_ptr(part.shape));
  };

  const float slices = static_cast<float>(figures.size());
  for (size_t i = 0; i < figures.size(); ++i) {
    const BodyFigure& f = figures[i];
    // Later figures are nearer: smaller depth. Slices of 0.3 leave ±5 m of
    // body depth each.
    const float slice = 0.9f - 1.8f * (static_cast<float>(i) + 0.5f) / std::max(slices, 1.0f);
    if (outline_px > 0.0f) {
      // Ink outline: each part's back faces, pushed out along the normals.
      glCullFace(GL_FRONT);
      SetPlace(hull, f, view, slice);
      open_uniforms(hull, f, slice);
      const float metres_per_pixel =
          1.0f / (static_cast<float>(view.height) * view.camera.zoom * f.scale);
      for (size_t k = 0; k < f.parts.size(); ++k) {
        if (!f.parts[k].outline) continue;
        SetPart(hull, f.parts[k], outline_px * metres_per_pixel);
        open_part(hull, f, k);
        glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_SHORT, nullptr);
      }
    }
    glCullFace(GL_BACK);
    SetPlace(body, f, view, slice);
    open_uniforms(body, f, slice);
    glUniform4f(Uniform(body, "u_fog"), light.fog_color.r, light.fog_color.g, light.fog_color.b,
                light.fog);
    glUniform3fv(Uniform(body, "u_key_dir"), 1, glm::value_ptr(key));
    glUniform3fv(Uniform(body, "u_key_col"), 1, glm::value_ptr(light.key_color));
    glUniform3fv(Uniform(body, "u_sky_col"), 1, glm::value_ptr(light.sky_color));
    glUniform3fv(Uniform(body, "u_ground_col"), 1, glm::value_ptr(light.ground_color));
    for (size_t k = 0; k < f.parts.size(); ++k) {
      const BodyPart& part = f.parts[k];
      SetPart(body, part, 0.0f);
      open_part(body, f, k);
      glUniform3fv(Uniform(body, "u_color"), 1, glm::value_ptr(part.color));
      glUniform2f(Uniform(body, "u_material"), part.roughness, part.specular);
      glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_SHORT, nullptr);
    }
  }
  if (view.velocity) {
    const GLenum first[2] = {GL_COLOR_ATTACHMENT0, GL_NONE};
    glDrawBuffers(2, first);
  }
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glBindVertexArray(0);
  return CheckGlError("BodyPass::Draw");
}

}  // namespace kinora::engine::render
