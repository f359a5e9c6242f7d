// Tests of the 3D cast: capsule geometry, the parts a look produces, and the
// body pass's pixels (colours where the bones are, the mouth, cel outlines).
#include "engine/render/body_pass.h"

#include <gtest/gtest.h>

#include <glm/geometric.hpp>

#include "engine/render/body_parts.h"
#include "engine/render/gl_context.h"
#include "engine/world/rig.h"

namespace kinora::engine::render {
namespace {

TEST(CapsuleMeshTest, TrianglesFaceOutwards) {
  const CapsuleMesh mesh = BuildCapsuleMesh(6, 14);
  ASSERT_EQ(mesh.indices.size() % 3, 0u);
  auto vertex = [&](uint16_t i) {
    // Spread the two ends apart so the band has area.
    const float* v = &mesh.vertices[i * 4];
    return glm::vec3(v[0], v[1] + (v[3] - 0.5f), v[2]);
  };
  int degenerate = 0;
  for (size_t t = 0; t < mesh.indices.size(); t += 3) {
    const glm::vec3 a = vertex(mesh.indices[t]), b = vertex(mesh.indices[t + 1]),
                    c = vertex(mesh.indices[t + 2]);
    const glm::vec3 n = glm::cross(b - a, c - a);
    if (glm::length(n) < 1e-6f) {
      ++degenerate;  // at the poles
      continue;
    }
    EXPECT_GT(glm::dot(n, (a + b + c) / 3.0f), 0.0f) << "triangle " << t / 3;
  }
  EXPECT_LT(degenerate, 2 * 14 * 2 + 1);
  for (size_t i = 0; i < mesh.vertices.size(); i += 4) {
    EXPECT_NEAR(
        glm::length(glm::vec3(mesh.vertices[i], mesh.vertices[i + 1], mesh.vertices[i + 2])), 1.0f,
        1e-5f);
  }
}

struct Posed {
  world::Skeleton skeleton;
  std::vector<glm::mat4> bones;
};

Posed RestHumanoid() {
  Posed p;
  p.skeleton = world::BuildSkeleton(world::RigKind::kHumanoid, world::Proportions{});
  world::ForwardKinematics(p.skeleton, world::RestPose(p.skeleton), p.bones);
  return p;
}

TEST(BodyPartsTest, AHumanoidGetsBonesFaceAndAccessories) {
  const Posed p = RestHumanoid();
  world::ParametricLook look;
  std::vector<BodyPart> plain;
  AppendBodyParts(p.skeleton, p.bones, look, {}, plain);
  EXPECT_GE(plain.size(), p.skeleton.bones.size());
  look.hat = look.sunglasses = look.gold_chain = true;
  std::vector<BodyPart> dressed;
  AppendBodyParts(p.skeleton, p.bones, look, {}, dressed);
  EXPECT_GE(dressed.size(), plain.size() + 12 + 2 + 2);
  // The top of the highest part is the head (or hat), near the skeleton's height.
  float top = 0.0f;
  for (const BodyPart& part : plain) top = std::max({top, part.a.y, part.b.y});
  EXPECT_NEAR(top, p.skeleton.height, 0.2f * p.skeleton.height);
}

// Renders one figure into a small framebuffer with a depth buffer.
class BodyPassTest : public ::testing::Test {
 protected:
  static constexpr int kSize = 160;
  void SetUp() override {
    auto gl = GlContext::CreateHeadless();
    ASSERT_TRUE(gl.ok()) << gl.error().ToString();
    gl_ = std::move(*gl);
    glGenRenderbuffers(2, renderbuffers_);
    glBindRenderbuffer(GL_RENDERBUFFER, renderbuffers_[0]);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, kSize, kSize);
    glBindRenderbuffer(GL_RENDERBUFFER, renderbuffers_[1]);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT16, kSize, kSize);
    glGenFramebuffers(1, &framebuffer_);
    glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                              renderbuffers_[0]);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER,
                              renderbuffers_[1]);
    ASSERT_EQ(glCheckFramebufferStatus(GL_FRAMEBUFFER),
              static_cast<GLenum>(GL_FRAMEBUFFER_COMPLETE));
    auto pass = BodyPass::Create();
    ASSERT_TRUE(pass.ok()) << pass.error().ToString();
    pass_ = std::move(*pass);
  }
  void TearDown() override {
    pass_.reset();
    glDeleteFramebuffers(1, &framebuffer_);
    glDeleteRenderbuffers(2, renderbuffers_);
  }

  // A rest-pose person 1.75 m tall filling most of the frame.
  std::vector<uint8_t> Render(const world::ParametricLook& look, FaceState face, bool cel,
                              float outline, BodyLighting light = {.shadow = 0.0f}) {
    const BodyLook kind = cel ? BodyLook::kCel : BodyLook::kSoft;
    const Posed p = RestHumanoid();
    BodyFigure figure;
    AppendBodyParts(p.skeleton, p.bones, look, face, figure.parts);
    figure.feet = {0.0f, -0.45f};
    figure.scale = 0.5f;  // 1.75 m → 0.875 frame heights
    CameraState camera;
    camera.focus = {0.0f, 0.0f};
    camera.zoom = 1.0f;
    glViewport(0, 0, kSize, kSize);
    glClearColor(0.0f, 1.0f, 0.0f, 0.0f);  // green: never a body colour here
    glClear(GL_COLOR_BUFFER_BIT);
    const BodyView view{.camera = camera, .camera_open = camera, .width = kSize, .height = kSize};
    EXPECT_TRUE(pass_->DrawShadows({&figure, 1}, view, light).ok());
    EXPECT_TRUE(pass_->Draw({&figure, 1}, view, light, kind, outline).ok());
    std::vector<uint8_t> pixels(kSize * kSize * 4);
    glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    return pixels;
  }
  // Pixel at (x, y) with y up from the bottom, in frame fractions.
  static const uint8_t* At(const std::vector<uint8_t>& px, float x, float y) {
    const int ix = std::clamp(static_cast<int>(x * kSize), 0, kSize - 1);
    const int iy = std::clamp(static_cast<int>(y * kSize), 0, kSize - 1);
    return &px[(static_cast<size_t>(iy) * kSize + ix) * 4];
  }

  std::unique_ptr<GlContext> gl_;
  GLuint renderbuffers_[2] = {0, 0};
  GLuint framebuffer_ = 0;
  std::unique_ptr<BodyPass> pass_;
};

TEST_F(BodyPassTest, ClothesAndSkinLandWhereTheBonesAre) {
  world::ParametricLook look;
  look.top = {0.9f, 0.1f, 0.1f};
  look.bottom = {0.1f, 0.1f, 0.9f};
  const auto px = Render(look, {}, false, 0.0f);
  // Feet at y = 0.05 of the frame (world −0.45 → 0.05), head near the top.
  const uint8_t* chest = At(px, 0.5f, 0.05f + 0.875f * 0.72f);
  EXPECT_GT(chest[0], chest[2] + 40)
      << int(chest[0]) << "," << int(chest[1]) << "," << int(chest[2]);
  const uint8_t* thigh = At(px, 0.5f + 0.04f, 0.05f + 0.875f * 0.4f);
  EXPECT_GT(thigh[2], thigh[0] + 40)
      << int(thigh[0]) << "," << int(thigh[1]) << "," << int(thigh[2]);
  const uint8_t* beside = At(px, 0.08f, 0.5f);
  EXPECT_EQ(beside[1], 255);  // background untouched
}

TEST_F(BodyPassTest, AnOpenMouthDarkensTheFace) {
  world::ParametricLook look;
  const auto closed = Render(look, {.mouth_open = 0.0f}, false, 0.0f);
  const auto open = Render(look, {.mouth_open = 1.0f}, false, 0.0f);
  auto darkness = [](const std::vector<uint8_t>& px) {
    long sum = 0;
    for (int y = static_cast<int>(0.75f * kSize); y < static_cast<int>(0.95f * kSize); ++y) {
      for (int x = static_cast<int>(0.4f * kSize); x < static_cast<int>(0.6f * kSize); ++x) {
        const uint8_t* p = &px[(static_cast<size_t>(y) * kSize + x) * 4];
        sum += 765 - p[0] - p[1] - p[2];
      }
    }
    return sum;
  };
  EXPECT_GT(darkness(open), darkness(closed) + 200);
}

TEST_F(BodyPassTest, CelStylesInkTheSilhouette) {
  world::ParametricLook look;
  look.top = look.bottom = {0.9f, 0.8f, 0.2f};
  auto dark_pixels = [](const std::vector<uint8_t>& px) {
    int count = 0;
    for (size_t i = 0; i < px.size(); i += 4)
      count += px[i] < 40 && px[i + 1] < 40 && px[i + 2] < 40;
    return count;
  };
  const int soft = dark_pixels(Render(look, {}, false, 0.0f));
  const int inked = dark_pixels(Render(look, {}, true, 2.0f));
  EXPECT_GT(inked, soft + 100);
}

TEST_F(BodyPassTest, BodiesCastShadowsAlongTheLight) {
  world::ParametricLook look;
  BodyLighting sun;
  sun.shadow = 0.3f;
  sun.shadow_direction = {1.0f, 1.0f, 0.0f};  // 45° from the right: the shadow falls left
  const auto lit = Render(look, {}, false, 0.0f, sun);
  const auto unlit = Render(look, {}, false, 0.0f);
  // On the ground (feet at 5% of the frame height), half a body length left.
  const uint8_t* shaded = At(lit, 0.3f, 0.055f);
  const uint8_t* clear = At(unlit, 0.3f, 0.055f);
  EXPECT_EQ(clear[1], 255);
  EXPECT_LT(shaded[1], 215);
  EXPECT_GT(shaded[1], 140);  // translucent: the ground shows through
  // Nothing falls on the right, towards the light.
  EXPECT_EQ(At(lit, 0.8f, 0.055f)[1], 255);
}

// Width (pixels) of the soft edge of a ball's shadow: the run of pixels
// between fully lit and the darkest shade along a row through it.
int PenumbraPixels(const std::vector<uint8_t>& px, int size, int row) {
  int darkest = 255;
  for (int x = 0; x < size; ++x) darkest = std::min<int>(darkest, px[(row * size + x) * 4 + 1]);
  int soft = 0;
  for (int x = 0; x < size; ++x) {
    const int g = px[(row * size + x) * 4 + 1];
    soft += g < 250 && g > darkest + 4;
  }
  return soft;
}

TEST_F(BodyPassTest, ShadowsSoftenWithHeightAboveTheGround) {
  // A ball on the ground and the same ball 2 m up; the light straight above.
  BodyLighting sun;
  sun.shadow = 0.3f;
  sun.shadow_direction = {0.0f, 1.0f, 0.0f};
  sun.softness = 0.1f;
  auto render = [&](float height) {
    BodyFigure figure;
    figure.shadow = 0.0f;  // no contact blob
    figure.parts.push_back(
        Capsule({0.0f, height + 0.3f, 0.0f}, {0.0f, height + 0.3f, 0.0f}, 0.3f, glm::vec3(0.9f)));
    figure.feet = {0.0f, 0.0f};
    figure.scale = 0.5f;
    CameraState camera;
    camera.focus = {0.0f, 0.0f};
    const BodyView view{.camera = camera, .camera_open = camera, .width = kSize, .height = kSize};
    glViewport(0, 0, kSize, kSize);
    glClearColor(0.0f, 1.0f, 0.0f, 0.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    EXPECT_TRUE(pass_->DrawShadows({&figure, 1}, view, sun).ok());
    std::vector<uint8_t> pixels(kSize * kSize * 4);
    glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    return pixels;
  };
  // The ground is y = 0 at the frame's centre row; only shadows are drawn.
  const int low = PenumbraPixels(render(0.0f), kSize, kSize / 2);
  const int high = PenumbraPixels(render(2.0f), kSize, kSize / 2);
  EXPECT_GT(low, 0);
  EXPECT_GE(high, low + 4) << "ground " << low << " px, 2 m up " << high << " px";
}

TEST_F(BodyPassTest, MovingBodiesWriteTheirScreenVelocity) {
  GLuint velocity = 0;
  glGenTextures(1, &velocity);
  glBindTexture(GL_TEXTURE_2D, velocity);
  glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA8, kSize, kSize);
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, velocity, 0);
  ASSERT_EQ(glCheckFramebufferStatus(GL_FRAMEBUFFER), static_cast<GLenum>(GL_FRAMEBUFFER_COMPLETE));
  // A ball that moved 0.2 m to the right while the shutter was open: 0.1
  // frame heights = 16 pixels at a scale of 0.5 and zoom 1.
  BodyFigure figure;
  figure.parts.push_back(Capsule({0.0f, 0.5f, 0.0f}, {0.0f, 0.5f, 0.0f}, 0.3f, glm::vec3(0.9f)));
  figure.open.parts.push_back(
      Capsule({-0.2f, 0.5f, 0.0f}, {-0.2f, 0.5f, 0.0f}, 0.3f, glm::vec3(0.9f)));
  figure.scale = figure.open.scale = 0.5f;
  CameraState camera;
  camera.focus = {0.0f, 0.0f};
  const BodyView view{
      .camera = camera, .camera_open = camera, .width = kSize, .height = kSize, .velocity = true};
  glViewport(0, 0, kSize, kSize);
  const GLenum both[2] = {GL_COLOR_ATTACHMENT0, GL_COLOR_ATTACHMENT1};
  glDrawBuffers(2, both);
  const GLfloat still[4] = {0.5f, 0.5f, 0.0f, 0.0f};
  glClearBufferfv(GL_COLOR, 1, still);
  const GLenum first[2] = {GL_COLOR_ATTACHMENT0, GL_NONE};
  glDrawBuffers(2, first);
  ASSERT_TRUE(pass_->Draw({&figure, 1}, view, BodyLighting{}, BodyLook::kSoft, 0.0f).ok());
  glReadBuffer(GL_COLOR_ATTACHMENT1);
  std::vector<uint8_t> px(kSize * kSize * 4);
  glReadPixels(0, 0, kSize, kSize, GL_RGBA, GL_UNSIGNED_BYTE, px.data());
  glReadBuffer(GL_COLOR_ATTACHMENT0);
  const uint8_t* centre = At(px, 0.5f, 0.5f + 0.25f * 0.5f);
  EXPECT_EQ(centre[3], 255);
  const float vx = (centre[0] / 255.0f - 0.5f) * 2.0f * kVelocityRange;
  const float vy = (centre[1] / 255.0f - 0.5f) * 2.0f * kVelocityRange;
  EXPECT_NEAR(vx, 16.0f, 1.0f);
  EXPECT_NEAR(vy, 0.0f, 1.0f);
  EXPECT_EQ(At(px, 0.05f, 0.05f)[3], 0);  // nothing drawn there
  glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT1, GL_TEXTURE_2D, 0, 0);
  glDeleteTextures(1, &velocity);
}

}  // namespace
}  // namespace kinora::engine::render
