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
uniform vec3 u_shadow_dir;  // towards the key light, y > 0 (cast shadows)
out vec3 v_normal;
out vec3 v_unit;
void main() {
  v_unit = a_unit;
  vec3 n = normalize(u_normal * a_unit);
  vec3 p = mix(u_a, u_b, a_end) + u_shape * a_unit + n * u_inflate - u_anchor;
#ifdef PLANAR
  // The part's shadow: projected along the light onto the ground under it.
  p.xz -= u_shadow_dir.xz * (max(p.y, 0.0) / u_shadow_dir.y);
  p.y = 0.0;
#endif
  // The camera pitches down: nearer points (+z) sink, tops turn towards it.
  vec3 q = vec3(p.x, u_pitch.x * p.y - u_pitch.y * p.z, u_pitch.y * p.y + u_pitch.x * p.z);
  v_normal = vec3(n.x, u_pitch.x * n.y - u_pitch.y * n.z, u_pitch.y * n.y + u_pitch.x * n.z);
  vec2 world = u_place.xy + q.xy * u_place.z;
  vec2 uv = (world - u_camera.xy) * u_camera.z;
  float c = cos(-u_camera.w), s = sin(-u_camera.w);
  uv = mat2(c, s, -s, c) * uv;
#ifdef PLANAR
  // Behind every part of the figure; the first shadow fragment at a pixel
  // wins the depth test, so overlapping parts darken the ground once.
  float depth = min(u_place.w + 0.5, 0.99);
#else
  float depth = u_place.w - q.z * DEPTH_PER_METRE;
#endif
  gl_Position = vec4(uv * 2.0 * vec2(u_res.y / u_res.x, 1.0), depth, 1.0);
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
out vec4 o_color;
void main() {
#ifdef HULL
  o_color = vec4(0.05, 0.04, 0.05, 1.0);
  return;
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

// A soft contact shadow on the ground: a flat disc drawn before the body.
constexpr const char* kShadowFragment = R"glsl(#version 300 es
precision highp float;
in vec3 v_unit;
uniform float u_shadow_alpha;
out vec4 o_color;
void main() {
#ifdef PLANAR
  o_color = vec4(0.0, 0.0, 0.0, u_shadow_alpha);  // premultiplied
  return;
#endif
  // The flattened sphere's unit coordinate is the disc's radial coordinate.
  float r = length(v_unit.xz);
  float a = 0.35 * (1.0 - smoothstep(0.3, 1.0, r));
  o_color = vec4(0.0, 0.0, 0.0, a);  // premultiplied
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
  pass->index_count_ = static_cast<GLsizei>(mesh.indices.size());
  KINORA_RETURN_IF_ERROR(CheckGlError("BodyPass::Create"));
  return pass;
}

BodyPass::~BodyPass() {
  for (const auto& [key, program] : programs_) glDeleteProgram(program);
  glDeleteBuffers(1, &index_buffer_);
  glDeleteBuffers(1, &vertex_buffer_);
  glDeleteVertexArrays(1, &vertex_array_);
}

core::Result<GLuint> BodyPass::Program(const std::string& defines) {
  auto it = programs_.find(defines);
  if (it != programs_.end()) return it->second;
  const std::string header = "#define DEPTH_PER_METRE " + std::to_string(kDepthPerMetre) + "\n";
  std::string vertex = kVertex;
  vertex.insert(vertex.find('\n') + 1, header + defines);
  std::string fragment = defines.find("SHADOW") != std::string::npos ? kShadowFragment : kFragment;
  fragment.insert(fragment.find('\n') + 1, defines);
  KINORA_ASSIGN_OR_RETURN(GLuint program, BuildProgram("body", vertex, fragment));
  programs_.emplace(defines, program);
  return program;
}

GLint BodyPass::Uniform(GLuint program, const char* name) { return uniforms_.Get(program, name); }

core::Status BodyPass::Draw(std::span<const BodyFigure> figures, const CameraState& camera,
                            const BodyLighting& light, BodyLook look_kind, float outline_px,
                            int width, int height) {
  std::string look;
  switch (look_kind) {
    case BodyLook::kSoft: break;
    case BodyLook::kCel: look = "#define CEL\n"; break;
    case BodyLook::kTwoTone: look = "#define CEL\n#define TWO_TONE\n"; break;
    case BodyLook::kClay: look = "#define CLAY\n"; break;
  }
  if (figures.empty()) return core::Ok();
  KINORA_ASSIGN_OR_RETURN(const GLuint body, Program(look));
  KINORA_ASSIGN_OR_RETURN(const GLuint hull, Program("#define HULL\n"));
  KINORA_ASSIGN_OR_RETURN(const GLuint shadow, Program("#define SHADOW\n"));
  KINORA_ASSIGN_OR_RETURN(const GLuint cast, Program("#define SHADOW\n#define PLANAR\n"));
  glBindVertexArray(vertex_array_);
  glClear(GL_DEPTH_BUFFER_BIT);
  glEnable(GL_CULL_FACE);
  glFrontFace(GL_CCW);
  const glm::vec3 key = glm::normalize(Pitch(light.key_direction));

  auto common = [&](GLuint p, const BodyFigure& f, float slice) {
    glUseProgram(p);
    glUniform2f(Uniform(p, "u_res"), static_cast<float>(width), static_cast<float>(height));
    glUniform4f(Uniform(p, "u_camera"), camera.focus.x, camera.focus.y, camera.zoom, camera.roll);
    glUniform2f(Uniform(p, "u_pitch"), std::cos(kPitch), std::sin(kPitch));
    glUniform3fv(Uniform(p, "u_anchor"), 1, glm::value_ptr(f.anchor));
    glUniform4f(Uniform(p, "u_place"), f.feet.x, f.feet.y, f.scale, slice);
    glUniform4f(Uniform(p, "u_fog"), light.fog_color.r, light.fog_color.g, light.fog_color.b,
                light.fog);
  };
  auto part_uniforms = [&](GLuint p, const BodyPart& part, float inflate) {
    glUniform3fv(Uniform(p, "u_a"), 1, glm::value_ptr(part.a));
    glUniform3fv(Uniform(p, "u_b"), 1, glm::value_ptr(part.b));
    glUniformMatrix3fv(Uniform(p, "u_shape"), 1, GL_FALSE, glm::value_ptr(part.shape));
    const glm::mat3 normal = glm::transpose(glm::inverse(part.shape));
    glUniformMatrix3fv(Uniform(p, "u_normal"), 1, GL_FALSE, glm::value_ptr(normal));
    glUniform1f(Uniform(p, "u_inflate"), inflate);
  };

  const float slices = static_cast<float>(figures.size());
  for (size_t i = 0; i < figures.size(); ++i) {
    const BodyFigure& f = figures[i];
    // Later figures are nearer: smaller depth. Slices of 0.3 leave ±5 m of
    // body depth each.
    const float slice = 0.9f - 1.8f * (static_cast<float>(i) + 0.5f) / std::max(slices, 1.0f);

    if (f.shadow > 0.0f) {
      // A soft contact blob under the body, then the shadow every part casts
      // along the key light.
      glDisable(GL_DEPTH_TEST);
      glEnable(GL_BLEND);
      glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
      common(shadow, f, slice);
      BodyPart disc = Ellipsoid(glm::vec3(f.ground.x, f.anchor.y, f.ground.z),
                                glm::mat3(glm::vec3(f.shadow, 0, 0), glm::vec3(0, 0.001f, 0),
                                          glm::vec3(0, 0, f.shadow * 0.6f)),
                                glm::vec3(0.0f));
      part_uniforms(shadow, disc, 0.0f);
      glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_SHORT, nullptr);
      if (light.shadow > 0.0f) {
        glEnable(GL_DEPTH_TEST);
        glDepthFunc(GL_LESS);
        glDepthMask(GL_TRUE);
        glDisable(GL_CULL_FACE);  // flattened parts face either way
        common(cast, f, slice);
        glm::vec3 to_light = light.shadow_direction;
        to_light.y = std::max(to_light.y, 0.35f * glm::length(to_light));
        glUniform3fv(Uniform(cast, "u_shadow_dir"), 1, glm::value_ptr(to_light));
        glUniform1f(Uniform(cast, "u_shadow_alpha"), light.shadow);
        for (const BodyPart& part : f.parts) {
          part_uniforms(cast, part, 0.0f);
          glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_SHORT, nullptr);
        }
        glEnable(GL_CULL_FACE);
      }
      glDisable(GL_BLEND);
    }

    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDepthMask(GL_TRUE);
    if (outline_px > 0.0f) {
      // Ink outline: each part's back faces, pushed out along the normals.
      glCullFace(GL_FRONT);
      common(hull, f, slice);
      const float metres_per_pixel = 1.0f / (static_cast<float>(height) * camera.zoom * f.scale);
      for (const BodyPart& part : f.parts) {
        if (!part.outline) continue;
        part_uniforms(hull, part, outline_px * metres_per_pixel);
        glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_SHORT, nullptr);
      }
    }
    glCullFace(GL_BACK);
    common(body, f, slice);
    glUniform3fv(Uniform(body, "u_key_dir"), 1, glm::value_ptr(key));
    glUniform3fv(Uniform(body, "u_key_col"), 1, glm::value_ptr(light.key_color));
    glUniform3fv(Uniform(body, "u_sky_col"), 1, glm::value_ptr(light.sky_color));
    glUniform3fv(Uniform(body, "u_ground_col"), 1, glm::value_ptr(light.ground_color));
    for (const BodyPart& part : f.parts) {
      part_uniforms(body, part, 0.0f);
      glUniform3fv(Uniform(body, "u_color"), 1, glm::value_ptr(part.color));
      glUniform2f(Uniform(body, "u_material"), part.roughness, part.specular);
      glDrawElements(GL_TRIANGLES, index_count_, GL_UNSIGNED_SHORT, nullptr);
    }
  }
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glBindVertexArray(0);
  return CheckGlError("BodyPass::Draw");
}

}  // namespace kinora::engine::render
