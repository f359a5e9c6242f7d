// The body pass: draws the cast's 3D parts (body_parts.h) into the scene
// framebuffer with a depth buffer, lit by the shot's key light and sky, in
// the storyboard's style (soft shading, or cel bands with ink outlines).
//
// Each character is drawn in its own depth slice at its place in the 2D
// composition: its simulation coordinates (metres, relative to its anchor on
// the ground) are tilted by the camera's slight downward pitch and scaled
// into world units at the figure's feet, so the set, camera framing and
// moves stay those of the scene renderer while the bodies are lit solids.
//
// Threading: like SceneRenderer, whose GL context it uses.
#pragma once

#include <GLES3/gl3.h>

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "engine/render/body_parts.h"
#include "engine/render/gl_util.h"
#include "engine/render/scene_state.h"

namespace kinora::engine::render {

struct BodyFigure {
  std::vector<BodyPart> parts;  // simulation coordinates, metres
  glm::vec3 anchor{0.0f};       // the simulation point drawn at `feet` (on the ground)
  glm::vec2 feet{0.0f};         // world position of the anchor in the composition
  float scale = 0.2f;           // world units per metre
  float shadow = 0.3f;          // contact shadow radius, metres (0 = no shadows)
  glm::vec3 ground{0.0f};       // the simulation point under the body (its shadow's centre)
};

// Where simulation point `p` of `figure` lands in the composition (world
// units), as the body pass draws it.
glm::vec2 ToComposition(const BodyFigure& figure, glm::vec3 p);

struct BodyLighting {
  glm::vec3 key_direction{0.3f, 0.8f, 0.5f};  // towards the key light, simulation axes
  glm::vec3 key_color{1.0f};                  // linear
  glm::vec3 sky_color{0.5f};                  // linear ambient from above
  glm::vec3 ground_color{0.2f};               // linear ambient from below
  glm::vec3 fog_color{0.8f};                  // sRGB
  float fog = 0.0f;                           // 0..1
  float shadow = 0.3f;  // opacity of the shadows bodies cast (0 = overcast, none)
  // Towards the light that casts them: the real sun (often behind the cast,
  // so shadows fall towards the camera), unlike the key, which a crew puts
  // on the camera's side.
  glm::vec3 shadow_direction{0.3f, 0.8f, -0.5f};
};

// Unit capsule geometry: a sphere split at its equator, the upper half
// tagged to a capsule's b end and the lower to its a end, joined by a band.
// Triangles wind counter-clockwise seen from outside.
struct CapsuleMesh {
  std::vector<float> vertices;  // x, y, z (unit sphere point = normal), end (0 or 1)
  std::vector<uint16_t> indices;
};
CapsuleMesh BuildCapsuleMesh(int rings, int segments);

// How bodies are shaded: soft (photographic), cel bands (anime), two tones
// (cartoon) or modelling clay.
enum class BodyLook { kSoft, kCel, kTwoTone, kClay };

class BodyPass {
 public:
  // Uploads the capsule mesh in the current context.
  static core::Result<std::unique_ptr<BodyPass>> Create();
  ~BodyPass();
  BodyPass(const BodyPass&) = delete;
  BodyPass& operator=(const BodyPass&) = delete;

  // Draws `figures` back to front into the bound framebuffer, which must have
  // a depth attachment; clears depth first. `outline_px` (pixels at the
  // frame's height; 0 = none) is the ink outline.
  core::Status Draw(std::span<const BodyFigure> figures, const CameraState& camera,
                    const BodyLighting& light, BodyLook look, float outline_px, int width,
                    int height);

 private:
  BodyPass() = default;
  core::Result<GLuint> Program(const std::string& defines);
  GLint Uniform(GLuint program, const char* name);  // uniforms_.Get

  GLuint vertex_array_ = 0;
  GLuint vertex_buffer_ = 0;
  GLuint index_buffer_ = 0;
  GLsizei index_count_ = 0;
  std::map<std::string, GLuint> programs_;
  UniformLocations uniforms_;
};

}  // namespace kinora::engine::render
