#include "engine/render/scene_renderer.h"

#include <algorithm>
#include <cmath>
#include <glm/common.hpp>
#include <glm/gtc/type_ptr.hpp>

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

SceneRenderer::SceneRenderer(const Storyboard& storyboard, std::unique_ptr<TextLayer> text)
    : storyboard_(storyboard),
      width_(storyboard.width),
      height_(storyboard.height),
      text_(std::move(text)) {}

SceneRenderer::~SceneRenderer() {
  // Deleting name 0 is a no-op, so a half-initialized renderer cleans up too.
  for (const auto& [key, program] : programs_) glDeleteProgram(program);
  glDeleteVertexArrays(1, &vertex_array_);
  glDeleteFramebuffers(1, &scene_framebuffer_);
  glDeleteFramebuffers(1, &output_framebuffer_);
  glDeleteTextures(1, &scene_texture_);
  glDeleteTextures(1, &text_texture_);
  glDeleteTextures(1, &ocean_texture_);
  glDeleteRenderbuffers(1, &output_renderbuffer_);
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
  KINORA_ASSIGN_OR_RETURN(auto text,
                          TextLayer::Create(storyboard.width, storyboard.height, options.fonts));
  std::unique_ptr<SceneRenderer> renderer(new SceneRenderer(storyboard, std::move(text)));
  KINORA_RETURN_IF_ERROR(renderer->Init());
  KINORA_RETURN_IF_ERROR(renderer->Prepare());
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
    const SceneState state = ComputeSceneState(storyboard_, shot.start, {});
    KINORA_RETURN_IF_ERROR(DrawScene(state));
  }
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
  const auto key = std::make_pair(program, name);
  auto it = uniforms_.find(key);
  if (it != uniforms_.end()) return it->second;
  const GLint location = glGetUniformLocation(program, name);
  uniforms_.emplace(key, location);
  return location;
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
  const SceneState state = ComputeSceneState(storyboard_, in.time, in.mouth_open);
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
      const PhysicalSky physical = PhysicalSkyFor(s);
      const SkyUniforms& u = physical.model.uniforms();
      const vec3 perez[5] = {u.a, u.b, u.c, u.d, u.e};
      glUniform3fv(Uniform(p, "u_perez"), 5, glm::value_ptr(perez[0]));
      glUniform3fv(Uniform(p, "u_sky_zenith"), 1, glm::value_ptr(u.zenith_over_f0));
      glUniform3fv(Uniform(p, "u_sky_sun"), 1, glm::value_ptr(u.sun));
      glUniform1f(Uniform(p, "u_sky_exposure"), physical.exposure);
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

core::Status SceneRenderer::DrawFigures(const SceneState& s) {
  const StyleLook& style = *s.style;
  const float fog = s.indoor ? 0.0f : s.weather->fog * 0.3f;
  const vec3 fog_col = glm::mix(s.sky->horizon, vec3(0.82f), 0.5f) * s.light;
  // The cast is the subject: keep it lit a little even at night.
  const vec3 key_light = s.light * 0.75f + 0.25f;
  for (const FigureState& f : s.figures) {
    const Pose& pose = f.pose;
    for (const FigureDraw& draw : PlanFigure(f, style)) {
      KINORA_ASSIGN_OR_RETURN(const GLuint p, Program("figure|" + draw.defines));
      glUseProgram(p);
      SetCommonUniforms(p, s);
      glUniform3fv(Uniform(p, "u_light"), 1, glm::value_ptr(key_light));
      glUniform4f(Uniform(p, "u_style"), 0.0f, style.outline, 0.0f, fog);
      glUniform3fv(Uniform(p, "u_fog_col"), 1, glm::value_ptr(fog_col));
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
  return core::Ok();
}

core::Status SceneRenderer::DrawComposite(const SceneState& s) {
  KINORA_ASSIGN_OR_RETURN(const GLuint p, Program("composite|" + CompositeDefines(s, height_)));
  glUseProgram(p);
  const StyleLook& style = *s.style;
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
