#include "engine/render/scene_renderer.h"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/gtc/type_ptr.hpp>
#include <map>
#include <mutex>
#include <optional>

#include "engine/render/draw_plan.h"
#include "engine/render/gl_util.h"
#include "engine/render/scene_state.h"
#include "engine/render/shaders.h"
#include "engine/render/sky_model.h"

namespace kinora::engine::render {
namespace {

using glm::vec3;
using glm::vec4;

// Contact-shadow half-width in a figure's local units.
float ShadowWidth(const FigureState& f) {
  switch (f.kind) {
    case FigureKind::kPerson: return 0.2f;
    case FigureKind::kQuadruped: return 0.31f * f.build.y + 0.12f;
    case FigureKind::kBird: return 0.25f;
    case FigureKind::kFish: return 0.0f;
    case FigureKind::kObject: break;
  }
  switch (static_cast<PropShape>(f.shape)) {
    case PropShape::kBall: return 0.4f;
    case PropShape::kBoard: return 2.3f;
    case PropShape::kCar: return 1.2f;
    case PropShape::kCup:
    case PropShape::kSlab: return 0.35f;
    case PropShape::kBox: return 0.6f;
  }
  return 0.5f;
}

TextRole RoleOf(const std::string& role) {
  if (role == "title") return TextRole::kTitle;
  if (role == "lower-third") return TextRole::kLowerThird;
  return TextRole::kCaption;
}

}  // namespace

SceneRenderer::SceneRenderer(const Storyboard& storyboard, std::unique_ptr<TextLayer> text,
                             bool motion_blur)
    : storyboard_(storyboard),
      width_(storyboard.width),
      height_(storyboard.height),
      text_(std::move(text)),
      motion_blur_(motion_blur) {}

struct SceneRenderer::ShotWorld {
  world::ShotSimulation simulation;
  // Per character: the height of its head's centre when it stands at rest,
  // where close-ups frame it.
  std::vector<float> standing_head;
};

namespace {

// Mesa's llvmpipe has crashed (SIGSEGV inside swrast_dri) with two contexts
// of one process drawing at once: an ocean scene's glGenerateMipmap beside
// another generation's draw calls. So renderers issue GL commands one at a
// time, process-wide. llvmpipe already spreads each frame's rasterization
// over every core, so little is lost; planning, sound and encoding of
// concurrent generations still overlap.
std::mutex& DrawMutex() {
  static std::mutex mutex;
  return mutex;
}

}  // namespace

SceneRenderer::~SceneRenderer() {
  std::lock_guard lock(DrawMutex());
  // Deleting name 0 is a no-op, so a half-initialized renderer cleans up too.
  for (const auto& [key, program] : programs_) glDeleteProgram(program);
  glDeleteVertexArrays(1, &vertex_array_);
  glDeleteFramebuffers(1, &scene_framebuffer_);
  glDeleteFramebuffers(1, &output_framebuffer_);
  glDeleteTextures(1, &scene_texture_);
  glDeleteTextures(1, &text_texture_);
  glDeleteTextures(1, &ocean_texture_);
  glDeleteTextures(1, &velocity_texture_);
  glDeleteRenderbuffers(1, &output_renderbuffer_);
  glDeleteRenderbuffers(1, &depth_renderbuffer_);
  bodies_.reset();
}

core::Result<std::unique_ptr<SceneRenderer>> SceneRenderer::Create(
    const Storyboard& storyboard, const SceneRendererOptions& options) {
  if (storyboard.shots.empty()) {
    return core::InvalidArgument("render: the storyboard has no shots", "shots");
  }
  if (storyboard.width < kMinDimension || storyboard.width > kMaxDimension ||
      storyboard.height < kMinDimension || storyboard.height > kMaxDimension) {
    return core::InvalidArgument("render: frame size outside " + std::to_string(kMinDimension) +
                                     ".." + std::to_string(kMaxDimension),
                                 "width");
  }
  if (glGetString(GL_VERSION) == nullptr) {
    return core::Unavailable("render: no OpenGL ES context is current on this thread");
  }
  std::unique_ptr<SceneRenderer> renderer;
  // A renderer that fails to initialize is destroyed after the lock is
  // released: its destructor takes the lock too.
  const core::Status made = [&]() -> core::Status {
    std::lock_guard lock(DrawMutex());
    KINORA_ASSIGN_OR_RETURN(auto text,
                            TextLayer::Create(storyboard.width, storyboard.height, options.fonts));
    renderer.reset(new SceneRenderer(storyboard, std::move(text), options.motion_blur));
    KINORA_RETURN_IF_ERROR(renderer->Init());
    return renderer->Prepare();
  }();
  if (!made.ok()) return made.error();
  return renderer;
}

core::Status SceneRenderer::Init() {
  glGenVertexArrays(1, &vertex_array_);
  auto make_texture = [&](GLuint& texture, GLenum internal, GLenum format, const void* data) {
    glGenTextures(1, &texture);
    glBindTexture(GL_TEXTURE_2D, texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, static_cast<GLint>(internal), width_, height_, 0, format,
                 GL_UNSIGNED_BYTE, data);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  };
  make_texture(scene_texture_, GL_RGBA8, GL_RGBA, nullptr);
  make_texture(text_texture_, GL_RG8, GL_RG, text_->pixels().data());

  glGenFramebuffers(1, &scene_framebuffer_);
  glBindFramebuffer(GL_FRAMEBUFFER, scene_framebuffer_);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, scene_texture_, 0);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    return core::Internal("GL: the scene framebuffer is incomplete");
  }
  glGenRenderbuffers(1, &depth_renderbuffer_);
  glBindRenderbuffer(GL_RENDERBUFFER, depth_renderbuffer_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT16, width_, height_);
  glBindFramebuffer(GL_FRAMEBUFFER, scene_framebuffer_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER,
                            depth_renderbuffer_);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    return core::Internal("GL: the scene framebuffer with depth is incomplete");
  }
  // Screen velocity for motion blur, mipmapped so the composite can ask
  // whether anything moves near a pixel. Written only while bodies are drawn.
  int levels = 1;
  while ((std::max(width_, height_) >> levels) > 0) ++levels;
  glGenTextures(1, &velocity_texture_);
  glBindTexture(GL_TEXTURE_2D, velocity_texture_);
  glTexStorage2D(GL_TEXTURE_2D, levels, GL_RGBA8, width_, height_);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_NEAREST);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, velocity_texture_, 0);
  const GLenum first[2] = {GL_COLOR_ATTACHMENT0, GL_NONE};
  glDrawBuffers(2, first);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    return core::Internal("GL: the scene framebuffer with velocity is incomplete");
  }
  KINORA_ASSIGN_OR_RETURN(bodies_, BodyPass::Create());
  appearances_ = world::BuildAppearances(storyboard_);
  glGenRenderbuffers(1, &output_renderbuffer_);
  glBindRenderbuffer(GL_RENDERBUFFER, output_renderbuffer_);
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, width_, height_);
  glGenFramebuffers(1, &output_framebuffer_);
  glBindFramebuffer(GL_FRAMEBUFFER, output_framebuffer_);
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                            output_renderbuffer_);
  if (glCheckFramebufferStatus(GL_FRAMEBUFFER) != GL_FRAMEBUFFER_COMPLETE) {
    return core::Internal("GL: the output framebuffer is incomplete");
  }
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return CheckGlError("SceneRenderer::Create");
}

core::Status SceneRenderer::Prepare() {
  glViewport(0, 0, 1, 1);
  for (const Shot& shot : storyboard_.shots) {
    SceneState state = ComputeSceneState(storyboard_, shot.start, {});
    ApplyWorld(state, frame_);
    // Styles with motion blur also build the variants that blur.
    warm_up_ = motion_blur_ && state.style->shutter > 0.0f;
    open_state_ = warm_up_ ? std::make_unique<SceneState>(state) : nullptr;
    open_frame_ = frame_;
    KINORA_RETURN_IF_ERROR(DrawScene(state));
  }
  warm_up_ = false;
  open_state_.reset();
  KINORA_ASSIGN_OR_RETURN(GLuint text, Program("text|"));
  glUseProgram(text);
  glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  glFinish();
  return CheckGlError("SceneRenderer::Create (shader warm-up)");
}

core::Result<GLuint> SceneRenderer::Program(const std::string& key) {
  auto it = programs_.find(key);
  if (it != programs_.end()) return it->second;
  const size_t bar = key.find('|');
  const std::string pass = key.substr(0, bar);
  const std::string defines = key.substr(bar + 1);
  core::Result<GLuint> program = core::Internal("render: unknown pass " + pass);
  if (pass == "background") {
    program = BuildProgram(pass, RectVertexShader(), BackgroundFragmentShader(defines));
  } else if (pass == "figure") {
    program = BuildProgram(pass, FigureVertexShader(), FigureFragmentShader(defines));
  } else if (pass == "composite") {
    program = BuildProgram(pass, FullscreenVertexShader(), CompositeFragmentShader(defines));
  } else if (pass == "text") {
    program = BuildProgram(pass, RectVertexShader(), TextFragmentShader());
  }
  if (!program.ok()) {
    core::Error error = program.error();
    error.detail = defines + error.detail;
    return error;
  }
  programs_.emplace(key, *program);
  return *program;
}

GLint SceneRenderer::Uniform(GLuint program, const char* name) {
  return uniforms_.Get(program, name);
}

void SceneRenderer::SetCommonUniforms(GLuint p, const SceneState& s) {
  glUniform2f(Uniform(p, "u_res"), static_cast<float>(width_), static_cast<float>(height_));
  glUniform4f(Uniform(p, "u_camera"), s.camera.focus.x, s.camera.focus.y, s.camera.zoom,
              s.camera.roll);
  glUniform1f(Uniform(p, "u_time"), s.time);
  glUniform1ui(Uniform(p, "u_seed"), s.seed);
}

void SceneRenderer::UpdateOcean(const SceneState& s) {
  const WeatherLook& weather = *s.weather;
  if (!ocean_ || ocean_weather_ != weather.weather) {
    // Wind from the weather; waves roll towards the shore (the camera, −z).
    OceanOptions options;
    options.size = 64;
    options.patch_metres = 24.0f;
    options.wind_speed = 4.0f + 2.0f * weather.wind + 3.0f * weather.clouds;
    options.wind_direction = -1.5707963f + 0.3f;
    options.seed = storyboard_.seed;
    ocean_ = std::make_unique<Ocean>(options);
    ocean_weather_ = weather.weather;
    ocean_time_ = -1.0f;
  }
  if (ocean_texture_ == 0) {
    glGenTextures(1, &ocean_texture_);
    glBindTexture(GL_TEXTURE_2D, ocean_texture_);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_REPEAT);
  }
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, ocean_texture_);
  glActiveTexture(GL_TEXTURE0);
  if (ocean_time_ == s.time) return;
  ocean_->Update(s.time);
  ocean_time_ = s.time;
  const int n = ocean_->size();
  ocean_pixels_.resize(static_cast<size_t>(n) * n * 4);
  auto encode = [](float v) {
    return static_cast<uint8_t>(std::lround(std::clamp(0.5f + 0.5f * v, 0.0f, 1.0f) * 255.0f));
  };
  for (size_t i = 0; i < static_cast<size_t>(n) * n; ++i) {
    ocean_pixels_[i * 4 + 0] = encode(ocean_->slope_x()[i]);
    ocean_pixels_[i * 4 + 1] = encode(ocean_->slope_z()[i]);
    ocean_pixels_[i * 4 + 2] = encode(ocean_->height()[i]);
    ocean_pixels_[i * 4 + 3] = 255;
  }
  glActiveTexture(GL_TEXTURE1);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, n, n, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               ocean_pixels_.data());
  glGenerateMipmap(GL_TEXTURE_2D);
  glActiveTexture(GL_TEXTURE0);
}

core::Status SceneRenderer::Render(const FrameInputs& in, media::RgbaImage& out) {
  std::lock_guard lock(DrawMutex());
  SceneState state = ComputeSceneState(storyboard_, in.time, in.mouth_open);
  ApplyWorld(state, frame_);
  OpenShutter(state, in);
  UpdateText(state, in);
  glViewport(0, 0, width_, height_);
  KINORA_RETURN_IF_ERROR(DrawScene(state));
  if (has_text_) DrawText();

  const size_t bytes = static_cast<size_t>(width_) * height_ * 4;
  out.width = width_;
  out.height = height_;
  out.pixels.resize(bytes);  // keeps the caller's buffer when the size matches
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width_, height_, GL_RGBA, GL_UNSIGNED_BYTE, out.pixels.data());
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  return CheckGlError("SceneRenderer::Render");
}

core::Status SceneRenderer::DrawScene(const SceneState& state) {
  glBindVertexArray(vertex_array_);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_BLEND);
  glBindFramebuffer(GL_FRAMEBUFFER, scene_framebuffer_);
  KINORA_RETURN_IF_ERROR(DrawBackground(state));
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  KINORA_RETURN_IF_ERROR(DrawFigures(state));
  glDisable(GL_BLEND);
  glBindFramebuffer(GL_FRAMEBUFFER, output_framebuffer_);
  return DrawComposite(state);
}

void SceneRenderer::UpdateText(const SceneState& state, const FrameInputs& in) {
  std::vector<TextItem> items;
  const Shot& shot = *state.shot;
  for (const Overlay& overlay : shot.overlays) {
    const double until = overlay.until > overlay.at ? overlay.until : shot.duration;
    if (state.local_time >= overlay.at && state.local_time < until) {
      items.push_back({overlay.text, RoleOf(overlay.role)});
    }
  }
  if (!in.caption.empty()) items.push_back({in.caption, TextRole::kSubtitle});
  has_text_ = !items.empty();
  if (!has_text_) return;
  if (!text_->Compose(items)) return;  // unchanged since the last upload
  glBindTexture(GL_TEXTURE_2D, text_texture_);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RG, GL_UNSIGNED_BYTE,
                  text_->pixels().data());
}

void SceneRenderer::DrawText() {
  auto program = Program("text|");
  if (!program.ok()) return;  // built in Prepare(); cannot fail here
  const GLuint p = *program;
  glUseProgram(p);
  glBindFramebuffer(GL_FRAMEBUFFER, output_framebuffer_);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, text_texture_);
  glUniform1i(Uniform(p, "u_text"), 0);
  glUniform2f(Uniform(p, "u_res"), static_cast<float>(width_), static_cast<float>(height_));
  glEnable(GL_BLEND);
  glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  const auto w = static_cast<float>(width_);
  const auto h = static_cast<float>(height_);
  // The output framebuffer holds image row r in row r, like the text layer.
  for (const TextRect& r : text_->blocks()) {
    glUniform4f(Uniform(p, "u_ndc_rect"), r.x0 / w * 2.0f - 1.0f, r.y0 / h * 2.0f - 1.0f,
                r.x1 / w * 2.0f - 1.0f, r.y1 / h * 2.0f - 1.0f);
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  }
  glDisable(GL_BLEND);
}

core::Status SceneRenderer::DrawBackground(const SceneState& s) {
  const float aspect = static_cast<float>(width_) / static_cast<float>(height_);
  const vec4 frame = BackgroundFrame(s.camera);
  const SkyLook& sky = *s.sky;
  const PlaceLook& place = *s.place;
  const WeatherLook& w = *s.weather;
  const bool moon = sky.night > 0.5f;
  std::optional<PhysicalSky> physical;  // computed once, for the draws that show the sky
  for (const BackgroundDraw& draw : PlanBackground(s, aspect)) {
    KINORA_ASSIGN_OR_RETURN(const GLuint p, Program("background|" + draw.defines));
    glUseProgram(p);
    SetCommonUniforms(p, s);
    glUniform4fv(Uniform(p, "u_ndc_rect"), 1, glm::value_ptr(draw.ndc_rect));
    glUniform4fv(Uniform(p, "u_bg"), 1, glm::value_ptr(frame));
    glUniform3fv(Uniform(p, "u_zenith"), 1, glm::value_ptr(sky.zenith));
    glUniform3fv(Uniform(p, "u_horizon_col"), 1, glm::value_ptr(sky.horizon));
    glUniform3fv(Uniform(p, "u_sun_color"), 1, glm::value_ptr(sky.sun_color));
    glUniform4f(Uniform(p, "u_sun"), sky.sun_x, sky.sun_height, moon ? 0.035f : 0.045f,
                moon ? 1.0f : 0.0f);
    glUniform1f(Uniform(p, "u_night"), sky.night);
    if (draw.defines.find("#define WATER") != std::string::npos) {
      UpdateOcean(s);
      glUniform1i(Uniform(p, "u_ocean"), 1);
    }
    if (draw.defines.find("PHYSICAL_SKY") != std::string::npos) {
      if (!physical) physical = PhysicalSkyFor(s);
      const SkyUniforms& u = physical->model.uniforms();
      const vec3 perez[5] = {u.a, u.b, u.c, u.d, u.e};
      glUniform3fv(Uniform(p, "u_perez"), 5, glm::value_ptr(perez[0]));
      glUniform3fv(Uniform(p, "u_sky_zenith"), 1, glm::value_ptr(u.zenith_over_f0));
      glUniform3fv(Uniform(p, "u_sky_sun"), 1, glm::value_ptr(u.sun));
      glUniform1f(Uniform(p, "u_sky_exposure"), physical->exposure);
    }
    if (s.indoor) {
      glUniform4f(Uniform(p, "u_weather"), 0.2f, 0.0f, 1.0f, 0.0f);
    } else {
      glUniform4f(Uniform(p, "u_weather"), w.clouds, w.grey, w.wind, w.fog);
    }
    glUniform3fv(Uniform(p, "u_ground_near"), 1, glm::value_ptr(place.ground_near));
    glUniform3fv(Uniform(p, "u_ground_far"), 1, glm::value_ptr(place.ground_far));
    glUniform3fv(Uniform(p, "u_far"), 1, glm::value_ptr(place.far_color));
    glUniform3fv(Uniform(p, "u_accent"), 1, glm::value_ptr(place.accent));
    glUniform3fv(Uniform(p, "u_light"), 1, glm::value_ptr(s.light));
    glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
  }
  return core::Ok();
}

core::Result<const SceneRenderer::ShotWorld*> SceneRenderer::WorldFor(const SceneState& s) {
  const auto shot = static_cast<size_t>(s.shot - storyboard_.shots.data());
  if (worlds_.size() != storyboard_.shots.size()) worlds_.resize(storyboard_.shots.size());
  if (!worlds_[shot]) {
    KINORA_ASSIGN_OR_RETURN(
        world::ShotScene scene,
        world::BuildShotScene(storyboard_, static_cast<int>(shot), appearances_));
    KINORA_ASSIGN_OR_RETURN(world::ShotSimulation simulation,
                            world::ShotSimulation::Create(std::move(scene), storyboard_.fps));
    auto built = std::unique_ptr<ShotWorld>(new ShotWorld{std::move(simulation), {}});
    std::vector<glm::mat4> rest;
    for (const world::CharacterSpec& spec : built->simulation.scene().characters) {
      const int head = spec.skeleton.Find("head");
      float height = 0.0f;
      if (head >= 0) {
        world::ForwardKinematics(spec.skeleton, world::RestPose(spec.skeleton), rest);
        height = glm::vec3(rest[head] * glm::vec4(spec.skeleton.bones[head].tip * 0.5f, 1.0f)).y;
      }
      built->standing_head.push_back(height);
    }
    worlds_[shot] = std::move(built);
  }
  return worlds_[shot].get();
}

namespace {

vec3 Linear(vec3 srgb) { return glm::pow(glm::max(srgb, vec3(0.0f)), vec3(2.2f)); }

// World units of the composition per metre of the simulation: an adult of
// 1.75 m stands kPersonHeight tall in the front row.
constexpr float kWorldPerMetre = kPersonHeight / 1.75f;

// Things characters hold or ride, as parts.
void AppendAttachments(const world::CharacterFrame& character, std::vector<BodyPart>& parts) {
  for (const world::Attachment& a : character.attachments) {
    const glm::mat3 r(a.transform);
    const vec3 centre(a.transform[3]);
    vec3 color(0.8f);
    switch (a.kind) {
      case world::AttachmentKind::kSkateboard: color = {0.75f, 0.22f, 0.16f}; break;
      case world::AttachmentKind::kSurfboard: color = {0.95f, 0.92f, 0.85f}; break;
      case world::AttachmentKind::kWakeboard: color = {0.15f, 0.45f, 0.85f}; break;
      case world::AttachmentKind::kBike: color = {0.2f, 0.2f, 0.22f}; break;
      case world::AttachmentKind::kBall: color = {0.95f, 0.55f, 0.15f}; break;
      case world::AttachmentKind::kCup: color = {0.96f, 0.96f, 0.94f}; break;
      case world::AttachmentKind::kFood: color = {0.85f, 0.6f, 0.3f}; break;
      case world::AttachmentKind::kMicrophone: color = {0.12f, 0.12f, 0.14f}; break;
    }
    parts.push_back(Ellipsoid(
        centre, glm::mat3(r[0] * a.size.x * 0.5f, r[1] * a.size.y * 0.5f, r[2] * a.size.z * 0.5f),
        color));
  }
}

}  // namespace

void SceneRenderer::AppendProps(const world::WorldFrame& frame,
                                std::vector<BodyPart>& parts) const {
  const std::vector<world::PropSpec>& specs = world_->simulation.props();
  for (size_t i = 0; i < frame.props.size() && i < specs.size(); ++i) {
    const world::PropFrame& prop = frame.props[i];
    // Cast objects are drawn by the figure pass, in the composition's order.
    if (!prop.visible || !prop.cast_id.empty()) continue;
    const world::PropSpec& spec = specs[i];
    const glm::mat3 r(prop.transform);
    const vec3 centre(prop.transform[3]);
    const vec3 half = spec.size * 0.5f;
    BodyPart part =
        spec.shape == world::PropShape::kBall
            ? Ellipsoid(centre, glm::mat3(r[0] * half.x, r[1] * half.x, r[2] * half.x), spec.color)
            : Ellipsoid(centre, glm::mat3(r[0] * half.x, r[1] * half.y, r[2] * half.z), spec.color);
    part.roughness = spec.material == world::Material::kMetal ? 0.3f : 0.7f;
    part.specular = spec.material == world::Material::kMetal ? 0.6f : 0.04f;
    parts.push_back(part);
  }
}

BodyLighting SceneRenderer::Lighting(const SceneState& s) const {
  BodyLighting light;
  const vec3 lit = Linear(s.light * 0.75f + 0.25f);  // the cast stays readable at night
  if (s.indoor) {
    light.key_direction = {-0.45f, 0.8f, 0.6f};
    light.shadow_direction = {-0.3f, 1.0f, 0.3f};  // lamps overhead
    light.key_color = lit * 1.5f;
  } else {
    // The key comes from the sun's side of the frame but the camera's side of
    // the cast, as a film crew would light it, never from below the horizon.
    constexpr float kDegrees = 3.14159265f / 180.0f;
    const float elevation = std::max(s.sky->sun_elevation, 15.0f) * kDegrees;
    const float across = std::sin(std::atan2(s.sky->sun_x, 1.2f));
    light.key_direction = {across * 0.9f, std::sin(elevation) * 1.3f, 0.6f};
    light.shadow_direction = {across * std::cos(elevation), std::sin(elevation),
                              -0.8f * std::cos(elevation)};
    light.key_color = Linear(s.sky->sun_color) * lit * (1.5f * (1.0f - 0.45f * s.weather->clouds));
  }
  light.sky_color = Linear(glm::mix(s.sky->horizon, s.sky->zenith, 0.5f)) * 0.55f * lit + 0.03f;
  light.ground_color = Linear(s.place->ground_near) * 0.3f * lit;
  light.fog = s.indoor ? 0.0f : s.weather->fog * 0.3f;
  // Hard sun casts clear shadows; clouds, fog and the night soften them away.
  const float sun = s.indoor ? 0.5f : 1.0f - s.weather->clouds * 0.8f - s.weather->fog * 0.5f;
  light.shadow = std::clamp(0.32f * sun * (1.0f - 0.7f * s.sky->night), 0.0f, 0.32f);
  // Cloud and lamps soften penumbrae; a clear sun keeps them crisp.
  light.softness = s.indoor ? 0.15f : 0.05f + 0.25f * s.weather->clouds + 0.2f * s.weather->fog;
  light.fog_color = glm::mix(s.sky->horizon, vec3(0.82f), 0.5f) * s.light;
  return light;
}

void SceneRenderer::ApplyWorld(SceneState& s, world::WorldFrame& frame) {
  // The world needs a valid storyboard; one with words outside the
  // vocabularies (which the renderer otherwise draws with fallbacks) keeps
  // the flat figures.
  const auto built = WorldFor(s);
  world_ = built.ok() ? *built : nullptr;
  if (world_ == nullptr) return;
  std::map<std::string, float> mouths;
  for (const FigureState& f : s.figures) mouths[f.cast_id] = f.mouth_open;
  frame = world_->simulation.Sample(s.time, mouths);
  bool moved = false;
  for (FigureState& f : s.figures) {
    const int i = CharacterOf(f, frame);
    if (i < 0) continue;
    const BodyFigure body = PlaceBody(f, i, frame);
    const world::CharacterFrame& character = frame.characters[i];
    const world::Skeleton& skeleton = world_->simulation.scene().characters[i].skeleton;
    // The figure stands where its body is (the camera frames it there); the
    // body does its own jumping.
    const glm::vec3 root = character.pose.root_position;
    f.feet = glm::vec2(ToComposition(body, glm::vec3(root.x, 0.0f, root.z)).x, f.mark.y);
    f.pose.offset = glm::vec2(0.0f);
    const int head = skeleton.Find("head");
    if (head >= 0) {
      // Framed at the head's standing height: the camera does not bob with
      // every step, nod or crouch.
      const world::Bone& bone = skeleton.bones[head];
      const glm::vec3 centre(character.bones[head] * glm::vec4(bone.tip * 0.5f, 1.0f));
      f.face =
          glm::vec2(ToComposition(body, centre).x,
                    ToComposition(body, glm::vec3(root.x, world_->standing_head[i], root.z)).y);
      f.face_size = 1.2f * bone.radius * body.scale;
    }
    moved = true;
  }
  if (moved) s.camera = FrameCamera(storyboard_, s);
}

void SceneRenderer::OpenShutter(const SceneState& state, const FrameInputs& in) {
  open_state_.reset();
  const float shutter = state.style->shutter;
  if (!motion_blur_ || shutter <= 0.0f) return;
  // A cut is instantaneous: the first frame of a shot has no exposure of
  // the shot before it.
  const double open = in.time - static_cast<double>(shutter) / storyboard_.fps;
  if (open < state.shot->start) return;
  auto open_state =
      std::make_unique<SceneState>(ComputeSceneState(storyboard_, open, in.mouth_open));
  if (open_state->shot != state.shot) return;
  const ShotWorld* now = world_;
  ApplyWorld(*open_state, open_frame_);
  world_ = now;  // the same shot's world
  open_state_ = std::move(open_state);
}

int SceneRenderer::CharacterOf(const FigureState& f, const world::WorldFrame& frame) const {
  if (world_ == nullptr || f.kind == FigureKind::kObject) return -1;
  const std::vector<world::CharacterSpec>& specs = world_->simulation.scene().characters;
  for (size_t i = 0; i < specs.size() && i < frame.characters.size(); ++i) {
    if (specs[i].cast_id == f.cast_id) return static_cast<int>(i);
  }
  return -1;
}

BodyFigure SceneRenderer::PlaceBody(const FigureState& f, int character,
                                    const world::WorldFrame& frame) const {
  const world::ShotScene& scene = world_->simulation.scene();
  const world::CharacterSpec& spec = scene.characters[character];
  const glm::vec3 root = frame.characters[character].pose.root_position;
  BodyFigure body;
  // The drawn set is flat: bodies keep their height above the simulated
  // terrain (dunes, a skate bowl) under them, not its absolute height.
  body.anchor = glm::vec3(spec.stage.mark.x, scene.environment.GroundHeight(root.x, root.z),
                          spec.stage.mark.z);
  body.feet = f.mark;
  body.scale = kWorldPerMetre * f.depth;
  body.shadow = 0.25f * std::max(spec.skeleton.height, 0.4f);
  body.ground = glm::vec3(root.x, body.anchor.y, root.z);
  return body;
}

void SceneRenderer::AppendCharacter(int i, const world::WorldFrame& frame,
                                    std::vector<BodyPart>& parts) const {
  const world::CharacterSpec& spec = world_->simulation.scene().characters[i];
  const world::CharacterFrame& character = frame.characters[i];
  AppendBodyParts(spec.skeleton, character.bones, spec.appearance.look,
                  {.blink = character.blink, .mouth_open = character.mouth_open}, parts);
  AppendAttachments(character, parts);
}

namespace {

// How far the parts of `body` moved on screen while the shutter was open
// (the most, in pixels) and the pixels they covered then and now (GL
// orientation).
struct BodyMotion {
  float pixels = 0.0f;
  glm::vec2 lo{1e9f};
  glm::vec2 hi{-1e9f};
};
BodyMotion MeasureMotion(const BodyFigure& body, const BodyView& view) {
  BodyMotion m;
  if (body.open.parts.size() != body.parts.size()) return m;
  BodyFigure open;
  open.anchor = body.open.anchor;
  open.feet = body.open.feet;
  open.scale = body.open.scale;
  const float pixels_per_metre = body.scale * view.camera.zoom * static_cast<float>(view.height);
  for (size_t k = 0; k < body.parts.size(); ++k) {
    const BodyPart& now = body.parts[k];
    const BodyPart& then = body.open.parts[k];
    const float radius =
        pixels_per_metre *
        std::max({glm::length(now.shape[0]), glm::length(now.shape[1]), glm::length(now.shape[2])});
    for (const auto& [p, q] : {std::pair(now.a, then.a), std::pair(now.b, then.b)}) {
      const glm::vec2 here = ToPixels(view.camera, ToComposition(body, p), view.width, view.height);
      const glm::vec2 was =
          ToPixels(view.camera_open, ToComposition(open, q), view.width, view.height);
      m.pixels = std::max(m.pixels, glm::length(here - was));
      m.lo = glm::min(m.lo, glm::min(here, was) - radius);
      m.hi = glm::max(m.hi, glm::max(here, was) + radius);
    }
  }
  return m;
}

}  // namespace

core::Status SceneRenderer::DrawFigures(const SceneState& s) {
  const StyleLook& style = *s.style;
  // The cast is the subject: keep it lit a little even at night.
  const vec3 key_light = s.light * 0.75f + 0.25f;
  const BodyLighting lighting = Lighting(s);
  // 1 anime, 2 cartoon, 3 claymation (scene_tables.cc).
  const BodyLook look = style.id == 2   ? BodyLook::kTwoTone
                        : style.id == 3 ? BodyLook::kClay
                        : style.flat    ? BodyLook::kCel
                                        : BodyLook::kSoft;
  const float outline = style.outline * 0.6f * static_cast<float>(height_) / 720.0f;
  const SceneState* open = open_state_.get();
  BodyView view{.camera = s.camera,
                .camera_open = open != nullptr ? open->camera : s.camera,
                .width = width_,
                .height = height_};

  // Every body of the frame: set dressing and thrown balls first (they lie
  // behind the cast), then each character figure's, in draw order.
  std::vector<BodyFigure> bodies;
  std::vector<int> body_of(s.figures.size(), -1);  // figure → index in bodies
  bool has_props = false;
  if (world_ != nullptr) {
    BodyFigure props;
    AppendProps(frame_, props.parts);
    props.feet = glm::vec2(0.0f, kFrontRow);
    props.scale = kWorldPerMetre;
    props.shadow = 0.0f;
    if (open != nullptr) {
      AppendProps(open_frame_, props.open.parts);
      props.open.feet = props.feet;
      props.open.scale = props.scale;
    }
    has_props = !props.parts.empty();
    if (has_props) bodies.push_back(std::move(props));
  }
  for (size_t n = 0; n < s.figures.size(); ++n) {
    const FigureState& f = s.figures[n];
    const int i = CharacterOf(f, frame_);
    if (i < 0) continue;
    BodyFigure body = PlaceBody(f, i, frame_);
    AppendCharacter(i, frame_, body.parts);
    if (open != nullptr) {
      for (const FigureState& g : open->figures) {
        if (g.cast_id != f.cast_id) continue;
        if (const int j = CharacterOf(g, open_frame_); j == i) {
          const BodyFigure then = PlaceBody(g, j, open_frame_);
          body.open.anchor = then.anchor;
          body.open.feet = then.feet;
          body.open.scale = then.scale;
          AppendCharacter(j, open_frame_, body.open.parts);
        }
        break;
      }
    }
    body_of[n] = static_cast<int>(bodies.size());
    bodies.push_back(std::move(body));
  }

  // What moves enough to blur while the shutter was open: two and a half
  // pixels for bodies, two for the set; less is not seen, and costs.
  blur_ = {};
  camera_blur_pixels_ = 0.0f;
  if (open != nullptr) {
    const float aspect = static_cast<float>(width_) / static_cast<float>(height_);
    camera_blur_pixels_ = CameraBlurPixels(s.camera, open->camera, aspect, height_);
    blur_.camera = warm_up_ || camera_blur_pixels_ >= 2.0f;
    // The moving bodies and the set around them that they smear over.
    glm::vec2 lo(1e9f), hi(-1e9f);
    float most = 0.0f;
    for (const BodyFigure& b : bodies) {
      const BodyMotion m = MeasureMotion(b, view);
      if (m.pixels < 2.5f) continue;
      most = std::max(most, m.pixels);
      lo = glm::min(lo, m.lo);
      hi = glm::max(hi, m.hi);
    }
    const float pad = 0.5f * std::min(most, 2.0f * kVelocityRange) + 2.0f;
    blur_region_ = warm_up_ ? glm::ivec4(0, 0, width_, height_)
                            : glm::ivec4(std::max(0, static_cast<int>(lo.x - pad)),
                                         std::max(0, static_cast<int>(lo.y - pad)),
                                         std::min(width_, static_cast<int>(hi.x + pad) + 1),
                                         std::min(height_, static_cast<int>(hi.y + pad) + 1));
    blur_.bodies = blur_region_.x < blur_region_.z && blur_region_.y < blur_region_.w;
  }
  if (blur_.bodies) {
    // Bodies write their motion; everything else reads as still. The
    // neighbourhoods (16-pixel mip tiles, filtered) reach 32 pixels out.
    view.velocity = true;
    const GLenum both[2] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
    glDrawBuffers(2, both);
    const int x0 = std::max(0, (blur_region_.x - 32) & ~15);
    const int y0 = std::max(0, (blur_region_.y - 32) & ~15);
    const int x1 = std::min(width_, blur_region_.z + 48);
    const int y1 = std::min(height_, blur_region_.w + 48);
    glEnable(GL_SCISSOR_TEST);
    glScissor(x0, y0, x1 - x0, y1 - y0);
    const GLfloat still[4] = {0.5f, 0.5f, 0.0f, 0.0f};
    glClearBufferfv(GL_COLOR, 1, still);
    glDisable(GL_SCISSOR_TEST);
    const GLenum first[2] = {GL_COLOR_ATTACHMENT0, GL_NONE};
    glDrawBuffers(2, first);
  }

  KINORA_RETURN_IF_ERROR(bodies_->DrawShadows(bodies, view, lighting));
  auto draw_body = [&](const BodyFigure& body) -> core::Status {
    KINORA_RETURN_IF_ERROR(bodies_->Draw({&body, 1}, view, lighting, look, outline));
    glBindVertexArray(vertex_array_);
    return core::Ok();
  };
  if (has_props) KINORA_RETURN_IF_ERROR(draw_body(bodies.front()));
  glBindVertexArray(vertex_array_);
  for (size_t n = 0; n < s.figures.size(); ++n) {
    if (body_of[n] >= 0) {
      KINORA_RETURN_IF_ERROR(draw_body(bodies[static_cast<size_t>(body_of[n])]));
      continue;
    }
    const FigureState& f = s.figures[n];
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    const Pose& pose = f.pose;
    for (const FigureDraw& draw : PlanFigure(f, style)) {
      KINORA_ASSIGN_OR_RETURN(const GLuint p, Program("figure|" + draw.defines));
      glUseProgram(p);
      SetCommonUniforms(p, s);
      glUniform3fv(Uniform(p, "u_light"), 1, glm::value_ptr(key_light));
      glUniform4f(Uniform(p, "u_style"), 0.0f, style.outline, 0.0f, lighting.fog);
      glUniform3fv(Uniform(p, "u_fog_col"), 1, glm::value_ptr(lighting.fog_color));
      glUniform4fv(Uniform(p, "u_rect"), 1, glm::value_ptr(draw.bounds));
      glUniform1f(Uniform(p, "u_shadow"), ShadowWidth(f));
      glUniform4f(Uniform(p, "u_fig"), f.feet.x, f.feet.y, f.height, f.facing);
      glUniform4f(Uniform(p, "u_pose0"), pose.offset.x, pose.offset.y, pose.angle, pose.sit);
      glUniform4f(Uniform(p, "u_pose1"), pose.arm_l, pose.arm_r, pose.elbow_l, pose.elbow_r);
      glUniform4f(Uniform(p, "u_pose2"), pose.lift_l, pose.lift_r, pose.gait, pose.gait_amp);
      glUniform4f(Uniform(p, "u_pose3"), pose.head_tilt, pose.head_bob, pose.tail, pose.breathe);
      glUniform4f(Uniform(p, "u_face"), f.mouth_open, pose.blink, f.has_face ? 1.0f : 0.0f, 0.0f);
      glUniform3fv(Uniform(p, "u_col"), 5, glm::value_ptr(f.color[0]));
      glUniform4fv(Uniform(p, "u_build"), 1, glm::value_ptr(f.build));
      glDrawArrays(GL_TRIANGLE_STRIP, 0, 4);
    }
  }
  glDisable(GL_BLEND);
  return core::Ok();
}

core::Status SceneRenderer::DrawComposite(const SceneState& s) {
  if (!blur_.bodies) return DrawCompositePart(s, blur_);
  // A CPU rasterizer pays for every branch a shader has, taken or not: only
  // the region around moving bodies runs the body blur; the bands around it
  // run the plain (or camera-blurred) composite.
  glActiveTexture(GL_TEXTURE2);
  glBindTexture(GL_TEXTURE_2D, velocity_texture_);
  glGenerateMipmap(GL_TEXTURE_2D);
  // The output holds image row r in row r: the region upside down.
  const glm::ivec4 r(blur_region_.x, height_ - blur_region_.w, blur_region_.z,
                     height_ - blur_region_.y);
  const MotionBlur set_only{.camera = blur_.camera, .bodies = false};
  glEnable(GL_SCISSOR_TEST);
  const glm::ivec4 bands[4] = {
      {0, 0, width_, r.y}, {0, r.w, width_, height_}, {0, r.y, r.x, r.w}, {r.z, r.y, width_, r.w}};
  for (const glm::ivec4& band : bands) {
    if (band.x >= band.z || band.y >= band.w) continue;
    glScissor(band.x, band.y, band.z - band.x, band.w - band.y);
    KINORA_RETURN_IF_ERROR(DrawCompositePart(s, set_only));
  }
  glScissor(r.x, r.y, r.z - r.x, r.w - r.y);
  const core::Status status = DrawCompositePart(s, blur_);
  glDisable(GL_SCISSOR_TEST);
  return status;
}

core::Status SceneRenderer::DrawCompositePart(const SceneState& s, MotionBlur blur) {
  KINORA_ASSIGN_OR_RETURN(const GLuint p,
                          Program("composite|" + CompositeDefines(s, height_, blur)));
  glUseProgram(p);
  const StyleLook& style = *s.style;
  if (blur.camera || blur.bodies) {
    if (blur.bodies) {
      glActiveTexture(GL_TEXTURE2);
      glBindTexture(GL_TEXTURE_2D, velocity_texture_);
      glUniform1i(Uniform(p, "u_velocity"), 2);
    }
    const CameraState& open = open_state_->camera;
    glUniform4f(Uniform(p, "u_camera_open"), open.focus.x, open.focus.y, open.zoom, open.roll);
    // A tap per 2 pixels of travel at the frame's corners, 2 to 8.
    const int taps =
        blur.camera ? std::clamp(static_cast<int>(std::ceil(camera_blur_pixels_ / 2.0f)), 2, 8) : 0;
    glUniform1i(Uniform(p, "u_camera_taps"), taps);
  }
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, scene_texture_);
  glUniform1i(Uniform(p, "u_scene"), 0);
  SetCommonUniforms(p, s);
  glUniform4f(Uniform(p, "u_grade"), style.saturation, style.contrast, style.grain, style.vignette);
  glUniform1f(Uniform(p, "u_dof"), DepthOfFieldRadius(s, height_));
  glUniform4f(Uniform(p, "u_look"), style.posterize, style.pixel, style.paper, style.grey);
  // Film flicker: one brightness wobble per 24 fps film frame.
  const auto film_frame = static_cast<uint32_t>(std::floor(s.time * 24.0f));
  const float flicker = style.id == 8 ? (Hash01(s.seed, film_frame) - 0.5f) * 0.06f : 0.0f;
  glUniform4f(Uniform(p, "u_look2"), style.sepia, style.outline, flicker,
              static_cast<float>(style.id));
  const WeatherLook& w = *s.weather;
  glUniform4f(Uniform(p, "u_precip"), static_cast<float>(w.precipitation), w.wind, w.fog, 0.0f);
  const vec3 fog_col = glm::mix(s.sky->horizon, vec3(0.82f), 0.5f) * s.light;
  glUniform3fv(Uniform(p, "u_fog_col"), 1, glm::value_ptr(fog_col));
  glDrawArrays(GL_TRIANGLES, 0, 3);
  return core::Ok();
}

}  // namespace kinora::engine::render
