// SceneRenderer: draws a storyboard's frames with OpenGL ES 3.
//
// Each frame shows the shot covering the requested time: a sky and ground for
// the shot's place, time of day and weather; every cast member the shot
// mentions as a simple figure (people, animals, props) that breathes, blinks,
// acts out its verb and moves its mouth by FrameInputs::mouth_open; the camera
// framing and move; the storyboard's visual style; the dialogue caption and
// the shot's overlays as text.
//
//   KINORA_ASSIGN_OR_RETURN(auto gl, GlContext::CreateHeadless());
//   KINORA_ASSIGN_OR_RETURN(auto renderer, SceneRenderer::Create(storyboard));
//   media::RgbaImage frame;
//   for (int i = 0; i < storyboard.FrameCount(); ++i) {
//     KINORA_RETURN_IF_ERROR(renderer->Render({.time = i / double(fps)}, frame));
//     encoder.Write(frame);
//   }
//
// Threading: a SceneRenderer uses the GL context current on the calling thread
// at Create(); call Render() and destroy it on that thread with that context
// current, and destroy it before the context. Not thread-safe; renderers on
// different threads with their own contexts are independent.
//
// Deterministic: the same storyboard and FrameInputs give byte-identical
// pixels on the same GL implementation. Randomness comes from Storyboard::seed
// only; nothing reads the clock.
#pragma once

#include <GLES3/gl3.h>

#include <glm/vec4.hpp>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "engine/render/body_pass.h"
#include "engine/render/draw_plan.h"
#include "engine/render/gl_util.h"
#include "engine/render/ocean.h"
#include "engine/render/text_layer.h"
#include "engine/storyboard.h"
#include "engine/world/look.h"
#include "engine/world/simulation.h"
#include "media/image.h"

namespace kinora::engine::render {

struct SceneState;

struct FrameInputs {
  double time = 0;  // absolute seconds in the clip
  // Mouth opening 0..1 per cast id (from the audio stage's speech envelope; lip sync).
  std::map<std::string, float> mouth_open;
  std::string caption;  // dialogue subtitle text shown at this time, may be empty (UTF-8)
};

struct SceneRendererOptions {
  FontPaths fonts;
  // Motion blur as the style's shutter exposes it; false draws every frame
  // sharp (stills, thumbnails).
  bool motion_blur = true;
};

class SceneRenderer {
 public:
  // Allocates framebuffers of storyboard.width x storyboard.height in the
  // current context and compiles every shader variant the shots need (tens to
  // a few hundred ms on llvmpipe), so Render() never stalls on the driver's
  // compiler. Fails with kInvalidArgument for a storyboard without shots or
  // with dimensions outside kMinDimension .. kMaxDimension, kUnavailable when
  // no context is current or a font is missing, kInternal for a GL failure
  // (the driver's log in the detail). The storyboard is copied.
  static core::Result<std::unique_ptr<SceneRenderer>> Create(
      const Storyboard& storyboard, const SceneRendererOptions& options = {});
  ~SceneRenderer();

  SceneRenderer(const SceneRenderer&) = delete;
  SceneRenderer& operator=(const SceneRenderer&) = delete;

  // Renders the frame at `in.time` into `out`, which is resized to
  // width x height (reusing its buffer when the size already matches); rows
  // top to bottom, alpha 255. Allocates no GL objects. At 720x1280 on
  // llvmpipe with two cores this takes roughly 15-50 ms.
  core::Status Render(const FrameInputs& in, media::RgbaImage& out);

  int width() const { return width_; }
  int height() const { return height_; }

 private:
  SceneRenderer(const Storyboard& storyboard, std::unique_ptr<TextLayer> text, bool motion_blur);

  core::Status Init();
  // Builds every shader variant the storyboard's shots need and lets the
  // driver compile them (a 1x1 draw each), so Render() never stalls on it.
  core::Status Prepare();
  core::Result<GLuint> Program(const std::string& key);
  core::Status DrawScene(const SceneState& state);
  core::Status DrawBackground(const SceneState& state);
  core::Status DrawFigures(const SceneState& state);
  // Samples the world for `state` into `frame` and moves the figures the
  // simulation drives (position, face) to where their bodies are, then frames
  // the camera again so it follows them.
  void ApplyWorld(SceneState& state, world::WorldFrame& frame);
  // The state and world when the shutter opened (open_state_, open_frame_),
  // for styles with motion blur; none on a shot's first frame.
  void OpenShutter(const SceneState& state, const FrameInputs& in);
  // The index in world_ of the character figure `f` shows, or -1 when the
  // world does not drive it (no world, an object of the cast).
  int CharacterOf(const FigureState& f, const world::WorldFrame& frame) const;
  // Where that character's body stands in the composition: everything of a
  // BodyFigure but its parts.
  BodyFigure PlaceBody(const FigureState& f, int character, const world::WorldFrame& frame) const;
  // The character's posed parts and what it holds or rides.
  void AppendCharacter(int character, const world::WorldFrame& frame,
                       std::vector<BodyPart>& parts) const;
  // The world of the shot `state` shows, simulated on first use and kept.
  struct ShotWorld;
  core::Result<const ShotWorld*> WorldFor(const SceneState& state);
  // The 3D parts of the world's props that are not cast members (set
  // dressing, thrown balls), placed in the composition.
  void AppendProps(const world::WorldFrame& frame, std::vector<BodyPart>& parts) const;
  BodyLighting Lighting(const SceneState& state) const;
  core::Status DrawComposite(const SceneState& state);
  // One composite draw (within the current scissor) with `blur`'s variant.
  core::Status DrawCompositePart(const SceneState& state, MotionBlur blur);
  void DrawText();
  void UpdateText(const SceneState& state, const FrameInputs& in);
  GLint Uniform(GLuint program, const char* name);  // uniforms_.Get
  void SetCommonUniforms(GLuint program, const SceneState& state);
  // Synthesizes the sea surface for this frame's time and weather and uploads
  // its slopes to ocean_texture_ (texture unit 1).
  void UpdateOcean(const SceneState& state);

  Storyboard storyboard_;
  int width_ = 0;
  int height_ = 0;
  std::unique_ptr<TextLayer> text_;
  bool has_text_ = false;
  // The cast's looks (once per storyboard, so every shot shows the same
  // people), each shot's simulated world (built on first use; Prepare()
  // visits every shot, so frames never wait for one), and the world at the
  // frame being drawn.
  world::CastAppearances appearances_;
  std::vector<std::unique_ptr<ShotWorld>> worlds_;  // by shot index
  const ShotWorld* world_ = nullptr;                // null: flat figures only
  world::WorldFrame frame_;
  std::unique_ptr<BodyPass> bodies_;
  // Motion blur: the frame when the shutter opened (null: no blur), and what
  // the composite blurs this frame.
  std::unique_ptr<SceneState> open_state_;
  world::WorldFrame open_frame_;
  MotionBlur blur_;
  float camera_blur_pixels_ = 0.0f;
  glm::ivec4 blur_region_{0};  // pixels x0, y0, x1, y1 (GL orientation) of the body blur
  bool motion_blur_ = true;
  bool warm_up_ = false;  // Prepare(): draw every variant a shot may need

  // GL objects, owned; deleted in the destructor.
  std::map<std::string, GLuint> programs_;  // by pass and #defines
  GLuint vertex_array_ = 0;
  GLuint scene_texture_ = 0;
  GLuint scene_framebuffer_ = 0;
  GLuint depth_renderbuffer_ = 0;  // the body pass's depth test
  GLuint output_renderbuffer_ = 0;
  GLuint output_framebuffer_ = 0;
  GLuint text_texture_ = 0;
  GLuint ocean_texture_ = 0;     // RGBA8 slopes, repeating, mipmapped
  GLuint velocity_texture_ = 0;  // the scene's second attachment, mipmapped (body_pass.h)

  std::unique_ptr<Ocean> ocean_;  // created on the first frame that shows water
  std::string_view ocean_weather_;
  float ocean_time_ = -1.0f;
  std::vector<uint8_t> ocean_pixels_;
  UniformLocations uniforms_;
};

}  // namespace kinora::engine::render
