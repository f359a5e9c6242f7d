#include "engine/world/rig.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

namespace kinora::engine::world {
namespace {

using glm::vec3;

int Add(Skeleton& s, std::string name, int parent, vec3 offset, vec3 tip, float radius) {
  s.bones.push_back({std::move(name), parent, offset, tip, radius});
  return static_cast<int>(s.bones.size()) - 1;
}

// Adds a left/right pair built by `make(side_sign, suffix)`.
template <typename Make>
void Pair(Make make) {
  make(1.0f, "_l");
  make(-1.0f, "_r");
}

void BuildHumanoid(Skeleton& s, const Proportions& p) {
  const float hd = p.head;
  // Scale so that the top of the head lands at `height` whatever the head size.
  const float h = p.height / (0.885f + 0.117f * hd);
  const float g = p.girth;
  const int pelvis = Add(s, "pelvis", -1, {0, 0.535f * h, 0}, {0, 0.05f * h, 0}, 0.085f * h * g);
  const int spine = Add(s, "spine", pelvis, {0, 0.05f * h, 0}, {0, 0.12f * h, 0}, 0.08f * h * g);
  const int chest = Add(s, "chest", spine, {0, 0.12f * h, 0}, {0, 0.13f * h, 0}, 0.095f * h * g);
  const int neck = Add(s, "neck", chest, {0, 0.14f * h, 0}, {0, 0.04f * h, 0.005f * h}, 0.032f * h);
  const int head =
      Add(s, "head", neck, {0, 0.04f * h, 0}, {0, 0.055f * h * hd, 0.01f * h}, 0.062f * h * hd);
  Add(s, "jaw", head, {0, -0.005f * h * hd, 0.03f * h * hd}, {0, -0.022f * h * hd, 0.03f * h * hd},
      0.024f * h * hd);
  Pair([&](float side, const char* sfx) {
    const int shoulder =
        Add(s, std::string("shoulder") + sfx, chest, {side * 0.02f * h * g, 0.105f * h, 0},
            {side * 0.1f * h * g, 0, 0}, 0.035f * h * g);
    const int upper = Add(s, std::string("upper_arm") + sfx, shoulder, {side * 0.1f * h * g, 0, 0},
                          {0, -0.17f * h, 0}, 0.033f * h * g);
    const int fore = Add(s, std::string("forearm") + sfx, upper, {0, -0.17f * h, 0},
                         {0, -0.15f * h, 0}, 0.028f * h * g);
    const int hand = Add(s, std::string("hand") + sfx, fore, {0, -0.15f * h, 0},
                         {0, -0.075f * h, 0}, 0.025f * h);
    s.arms.push_back({upper, fore, hand, 0.0f, {0, 0, -1}, side > 0});
  });
  Pair([&](float side, const char* sfx) {
    const int thigh =
        Add(s, std::string("thigh") + sfx, pelvis, {side * 0.088f * h * g, -0.02f * h, 0},
            {0, -0.235f * h, 0}, 0.055f * h * g);
    const int shin = Add(s, std::string("shin") + sfx, thigh, {0, -0.235f * h, 0},
                         {0, -0.235f * h, 0}, 0.042f * h * g);
    const float foot_r = 0.022f * h;
    const int foot = Add(s, std::string("foot") + sfx, shin, {0, -0.235f * h, 0},
                         {0, -(0.045f * h - foot_r), 0.11f * h}, foot_r);
    s.legs.push_back({thigh, shin, foot, 0.045f * h, {0, 0, 1}, side > 0});
  });
}

void BuildQuadruped(Skeleton& s, const Proportions& p) {
  const float h = p.height;
  const float len = std::max(0.5f, p.length) * h;
  const float leg_frac = std::clamp(p.leg, 0.2f, 0.8f);
  const float rt = 0.45f * (1.0f - leg_frac) * h * p.girth;  // trunk radius
  const float yt = leg_frac * h + rt;                        // trunk axis height
  const float pad = std::min(0.05f * h, 0.1f * yt);
  const float leg_len = yt - 0.3f * rt - pad;
  const float upper = 0.4f * leg_len, lower = 0.4f * leg_len, paw = 0.2f * leg_len;
  const float hd = p.head;
  const int pelvis = Add(s, "pelvis", -1, {0, yt, -0.35f * len}, {0, 0, 0.3f * len}, 0.95f * rt);
  const int spine = Add(s, "spine", pelvis, {0, 0, 0.3f * len}, {0, 0, 0.3f * len}, rt);
  const int chest =
      Add(s, "chest", spine, {0, 0, 0.3f * len}, {0, 0.02f * h, 0.12f * len}, 1.02f * rt);
  const vec3 neck_tip{0, 0.22f * h * p.neck, 0.1f * h * std::sqrt(p.neck)};
  const int neck = Add(s, "neck", chest, {0, 0.3f * rt, 0.16f * len}, neck_tip, 0.35f * rt);
  const float head_len = (0.2f + 0.25f * p.snout) * h * hd;
  const int head = Add(s, "head", neck, neck_tip, {0, -0.02f * h, head_len}, 0.13f * h * hd);
  Add(s, "jaw", head, {0, -0.05f * h * hd, 0.3f * head_len}, {0, -0.02f * h * hd, 0.6f * head_len},
      0.05f * h * hd);
  const float tail = std::max(0.02f, p.tail) * 0.2f * len;
  int parent = pelvis;
  vec3 offset{0, 0.3f * rt, -0.12f * len};
  for (int i = 1; i <= 3; ++i) {
    const vec3 tip{0, 0.15f * tail, -tail};
    parent = Add(s, "tail" + std::to_string(i), parent, offset, tip,
                 std::max(0.01f * h, 0.25f * rt * (1.0f - 0.25f * static_cast<float>(i))));
    offset = tip;
  }
  auto leg = [&](const std::string& name, int attach, vec3 at, vec3 bend, bool left) {
    const int a =
        Add(s, name + "_upper" + (left ? "_l" : "_r"), attach, at, {0, -upper, 0}, 0.3f * rt);
    const int b = Add(s, name + "_lower" + (left ? "_l" : "_r"), a, {0, -upper, 0}, {0, -lower, 0},
                      0.18f * rt);
    const int c = Add(s, name + "_foot" + (left ? "_l" : "_r"), b, {0, -lower, 0},
                      {0, -paw, 0.3f * pad}, pad);
    s.legs.push_back({a, b, c, paw + pad, bend, left});
  };
  leg("hind", pelvis, {0.55f * rt, -0.3f * rt, 0}, {0, 0, 1}, true);
  leg("hind", pelvis, {-0.55f * rt, -0.3f * rt, 0}, {0, 0, 1}, false);
  leg("front", chest, {0.55f * rt, -0.3f * rt, 0.05f * len}, {0, 0, -1}, true);
  leg("front", chest, {-0.55f * rt, -0.3f * rt, 0.05f * len}, {0, 0, -1}, false);
}

void BuildBird(Skeleton& s, const Proportions& p) {
  const float h = p.height;
  const float g = p.girth;
  const float wing = std::max(0.4f, p.wingspan) * 0.6f * h;  // one wing
  const int body = Add(s, "body", -1, {0, 0.58f * h, 0}, {0, 0.12f * h, 0.2f * h}, 0.2f * h * g);
  const int neck = Add(s, "neck", body, {0, 0.14f * h, 0.18f * h},
                       {0, 0.12f * h * p.neck, 0.02f * h}, 0.07f * h);
  const int head = Add(s, "head", neck, {0, 0.12f * h * p.neck, 0.02f * h},
                       {0, 0.02f * h, 0.06f * h}, 0.1f * h * p.head);
  Add(s, "jaw", head, {0, -0.01f * h, 0.1f * h * p.head},
      {0, -0.01f * h, 0.08f * h * (0.5f + p.snout)}, 0.025f * h);
  Pair([&](float side, const char* sfx) {
    const int w =
        Add(s, std::string("wing") + sfx, body, {side * 0.15f * h * g, 0.08f * h, 0.06f * h},
            {side * 0.5f * wing, 0, 0}, 0.05f * h);
    Add(s, std::string("wingtip") + sfx, w, {side * 0.5f * wing, 0, 0}, {side * 0.5f * wing, 0, 0},
        0.035f * h);
  });
  Pair([&](float side, const char* sfx) {
    const int thigh = Add(s, std::string("thigh") + sfx, body, {side * 0.08f * h, -0.12f * h, 0},
                          {0, -0.21f * h, 0}, 0.05f * h);
    const int shin = Add(s, std::string("shin") + sfx, thigh, {0, -0.21f * h, 0},
                         {0, -0.22f * h, 0}, 0.025f * h);
    s.legs.push_back({thigh, shin, -1, 0.03f * h, {0, 0, -1}, side > 0});
  });
  Add(s, "tail", body, {0, 0, -0.18f * h}, {0, -0.02f * h, -0.25f * h * std::max(0.2f, p.tail)},
      0.05f * h);
}

void BuildFish(Skeleton& s, const Proportions& p) {
  const float h = p.height;
  const float g = p.girth;
  const int body = Add(s, "body", -1, {0, 0, 0}, {0, 0, 0.2f * h}, 0.12f * h * g);
  const int head = Add(s, "head", body, {0, 0, 0.2f * h}, {0, 0, 0.18f * h}, 0.1f * h * p.head);
  Add(s, "jaw", head, {0, -0.03f * h, 0.12f * h}, {0, -0.01f * h, 0.07f * h}, 0.02f * h);
  const int t1 = Add(s, "tail1", body, {0, 0, 0}, {0, 0, -0.18f * h}, 0.11f * h * g);
  const int t2 = Add(s, "tail2", t1, {0, 0, -0.18f * h}, {0, 0, -0.14f * h}, 0.07f * h * g);
  Add(s, "tail_fin", t2, {0, 0, -0.14f * h}, {0, 0, -0.12f * h * (0.5f + p.tail)}, 0.05f * h);
  Pair([&](float side, const char* sfx) {
    Add(s, std::string("fin") + sfx, body, {side * 0.09f * h * g, -0.03f * h, 0.08f * h},
        {side * 0.08f * h, -0.02f * h, -0.04f * h}, 0.02f * h);
  });
  Add(s, "fin_dorsal", body, {0, 0.11f * h * g, 0}, {0, 0.06f * h, -0.06f * h}, 0.02f * h);
}

void BuildRigid(Skeleton& s, const Proportions& p) {
  Add(s, "body", -1, {0, 0, 0}, {0, p.height, 0}, 0.3f * p.height);
}

}  // namespace

int Skeleton::Find(std::string_view name) const {
  for (size_t i = 0; i < bones.size(); ++i) {
    if (bones[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

Skeleton BuildSkeleton(RigKind rig, const Proportions& body) {
  Proportions p = body;
  p.height = std::clamp(p.height, 0.02f, 20.0f);
  p.girth = std::clamp(p.girth, 0.5f, 2.0f);
  p.head = std::clamp(p.head, 0.5f, 2.0f);
  p.neck = std::clamp(p.neck, 0.2f, 4.0f);
  p.tail = std::clamp(p.tail, 0.0f, 2.0f);
  p.snout = std::clamp(p.snout, 0.0f, 1.5f);
  Skeleton s;
  s.kind = rig;
  s.height = p.height;
  switch (rig) {
    case RigKind::kHumanoid: BuildHumanoid(s, p); break;
    case RigKind::kQuadruped: BuildQuadruped(s, p); break;
    case RigKind::kBird: BuildBird(s, p); break;
    case RigKind::kFish: BuildFish(s, p); break;
    case RigKind::kRigid: BuildRigid(s, p); break;
  }
  return s;
}

SkeletonPose RestPose(const Skeleton& skeleton) {
  SkeletonPose pose;
  pose.local.assign(skeleton.bones.size(), glm::quat(1.0f, 0.0f, 0.0f, 0.0f));
  return pose;
}

void ForwardKinematics(const Skeleton& skeleton, const SkeletonPose& pose,
                       std::vector<glm::mat4>& world) {
  const size_t n = skeleton.bones.size();
  world.resize(n);
  const glm::mat4 root =
      glm::translate(glm::mat4(1.0f), pose.root_position) * glm::mat4_cast(pose.root_rotation);
  for (size_t i = 0; i < n; ++i) {
    const Bone& b = skeleton.bones[i];
    const glm::mat4& parent = b.parent < 0 ? root : world[static_cast<size_t>(b.parent)];
    glm::mat4 m = glm::translate(parent, b.offset);
    if (i < pose.local.size()) m = m * glm::mat4_cast(pose.local[i]);
    world[i] = m;
  }
}

glm::vec3 JointPosition(const std::vector<glm::mat4>& world, int index) {
  return glm::vec3(world[static_cast<size_t>(index)][3]);
}

glm::vec3 TipPosition(const Skeleton& skeleton, const std::vector<glm::mat4>& world, int index) {
  const auto i = static_cast<size_t>(index);
  return glm::vec3(world[i] * glm::vec4(skeleton.bones[i].tip, 1.0f));
}

}  // namespace kinora::engine::world
