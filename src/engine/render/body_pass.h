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
// Shadows go on the ground before any body is drawn, through a mask (so
// overlapping parts darken the ground once) with penumbrae that widen with
// the shadowing point's height. For motion blur the pass also writes every
// body pixel's screen motion since the shutter opened, computed from where
// each part and the camera were then; the composite pass blurs along it.
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

// Where a figure was when the camera's shutter opened, for motion blur:
// `parts` in the same order as BodyFigure::parts (empty: it did not move).
struct ShutterOpen {
  std::vector<BodyPart> parts;
  glm::vec3 anchor{0.0f};
  glm::vec2 feet{0.0f};
  float scale = 0.2f;
};

struct BodyFigure {
  std::vector<BodyPart> parts;  // simulation coordinates, metres
  glm::vec3 anchor{0.0f};       // the simulation point drawn at `feet` (on the ground)
  glm::vec2 feet{0.0f};         // world position of the anchor in the composition
  float scale = 0.2f;           // world units per metre
  float shadow = 0.3f;          // contact shadow radius, metres (0 = no contact shadow)
  bool casts_shadow = true;     // its parts cast shadows along the light
  glm::vec3 ground{0.0f};       // the simulation point under the body (its shadow's centre)
  ShutterOpen open;             // where it was when the shutter opened
};

// How the body pass sees the frame: the camera now and when the shutter
// opened (equal for no camera motion blur), the framebuffer size, and
// whether to write each body pixel's screen motion (motion blur).
struct BodyView {
  CameraState camera;
  CameraState camera_open;
  int width = 0;
  int height = 0;
  // Also write screen velocity to colour attachment 1: RG = 0.5 + pixels /
  // kVelocityRange / 2 (GL orientation, from shutter open to now), A = 1.
  bool velocity = false;
};
inline constexpr float kVelocityRange = 64.0f;  // pixels either way

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
  // Penumbra width per metre of height above the ground: a hazy sun and the
  // sky around it blur the shadows of things further off the ground.
  float softness = 0.08f;
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

  // Draws the shadows `figures` cast on the ground into the bound
  // framebuffer: every part's shadow along the light and a contact blob under
  // each body, merged (overlaps darken once) in a half-resolution mask with
  // penumbrae that widen with height above the ground, then multiplied in.
  // Restores the framebuffer binding and viewport.
  core::Status DrawShadows(std::span<const BodyFigure> figures, const BodyView& view,
                           const BodyLighting& light);

  // Draws `figures` back to front into the bound framebuffer, which must have
  // a depth attachment (and a second colour attachment with view.velocity);
  // clears depth first. `outline_px` (pixels at the frame's height; 0 =
  // none) is the ink outline.
  core::Status Draw(std::span<const BodyFigure> figures, const BodyView& view,
                    const BodyLighting& light, BodyLook look, float outline_px);

 private:
  BodyPass() = default;
  core::Result<GLuint> Program(const std::string& defines);
  GLint Uniform(GLuint program, const char* name);  // uniforms_.Get
  // Uses `program` and sets the frame's and figure's placement uniforms.
  void SetPlace(GLuint program, const BodyFigure& figure, const BodyView& view, float slice);
  void SetPart(GLuint program, const BodyPart& part, float inflate);
  core::Status EnsureMask(int width, int height);

  GLuint vertex_array_ = 0;
  GLuint vertex_buffer_ = 0;
  GLuint index_buffer_ = 0;
  GLsizei index_count_ = 0;
  GLuint empty_vertex_array_ = 0;  // for the attribute-less full-screen triangle
  // The shadow mask: R8 at half the frame's size, (re)allocated on demand.
  GLuint mask_texture_ = 0;
  GLuint mask_framebuffer_ = 0;
  int mask_width_ = 0;
  int mask_height_ = 0;
  std::map<std::string, GLuint> programs_;
  UniformLocations uniforms_;
};

}  // namespace kinora::engine::render
