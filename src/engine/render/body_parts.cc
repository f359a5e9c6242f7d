#include "engine/render/body_parts.h"

#include <algorithm>
#include <cmath>
#include <glm/geometric.hpp>
#include <string_view>

namespace kinora::engine::render {
namespace {

using glm::mat3;
using glm::mat4;
using glm::vec3;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

vec3 Transform(const mat4& m, vec3 p) { return vec3(m * glm::vec4(p, 1.0f)); }

// The bone's frame as a 3x3 rotation (columns: left, up, forward at rest).
mat3 Rotation(const mat4& m) { return mat3(m); }

constexpr vec3 kWhite{0.96f, 0.96f, 0.94f};
constexpr vec3 kPupil{0.05f, 0.04f, 0.04f};
constexpr vec3 kMouth{0.36f, 0.09f, 0.1f};
constexpr vec3 kBeak{0.95f, 0.68f, 0.2f};

// An ellipsoid in a bone's frame: centre and semi-axes given in bone-local
// coordinates, rotated into the world by the bone.
BodyPart LocalEllipsoid(const mat4& bone, vec3 centre, vec3 radii, vec3 color) {
  const mat3 r = Rotation(bone);
  return Ellipsoid(Transform(bone, centre), mat3(r[0] * radii.x, r[1] * radii.y, r[2] * radii.z),
                   color);
}

BodyPart Glossy(BodyPart part, float roughness = 0.15f, float specular = 0.3f) {
  part.roughness = roughness;
  part.specular = specular;
  return part;
}

vec3 HumanoidColor(std::string_view name, const world::ParametricLook& look) {
  if (name == "pelvis" || StartsWith(name, "thigh") || StartsWith(name, "shin")) return look.bottom;
  if (name == "spine" || name == "chest" || StartsWith(name, "shoulder") ||
      StartsWith(name, "upper_arm")) {
    return look.top;
  }
  if (StartsWith(name, "foot")) return look.shoes;
  return look.skin;  // neck, head, jaw, forearms, hands
}

vec3 AnimalColor(std::string_view name, const world::ParametricLook& look, world::RigKind rig) {
  if (rig == world::RigKind::kBird) {
    if (name == "jaw") return kBeak;
    if (StartsWith(name, "thigh") || StartsWith(name, "shin")) return kBeak * 0.85f;
    if (StartsWith(name, "wing") || StartsWith(name, "tail")) return look.fur2;
    return look.fur;
  }
  if (name == "jaw" || name == "tail_fin" || StartsWith(name, "fin")) return look.fur2;
  return look.fur;
}

void HumanFace(const world::Skeleton& sk, const std::vector<mat4>& bones,
               const world::ParametricLook& look, const FaceState& face,
               std::vector<BodyPart>& parts) {
  const int head = sk.Find("head");
  if (head < 0) return;
  const mat4& h = bones[head];
  const float r = sk.bones[head].radius;
  const vec3 c = sk.bones[head].tip * 0.5f;  // the head's centre, bone-local
  const float open_eye = std::max(0.08f, 1.0f - face.blink);
  for (const float side : {1.0f, -1.0f}) {
    const vec3 eye = c + vec3(side * 0.36f * r, 0.1f * r, 0.84f * r);
    parts.push_back(
        Glossy(LocalEllipsoid(h, eye, vec3(0.17f, 0.17f * open_eye, 0.12f) * r, kWhite)));
    parts.back().outline = false;
    parts.push_back(Glossy(LocalEllipsoid(h, eye + vec3(0.0f, 0.0f, 0.1f * r),
                                          vec3(0.095f, 0.095f * open_eye, 0.06f) * r, kPupil)));
    parts.back().outline = false;
    // Brows lift a little as the mouth opens wide.
    parts.push_back(
        LocalEllipsoid(h, eye + vec3(0.0f, (0.27f + 0.05f * face.mouth_open) * r, 0.06f * r),
                       vec3(0.2f, 0.04f, 0.05f) * r, look.hair * 0.8f));
    parts.back().outline = false;
  }
  parts.push_back(
      LocalEllipsoid(h, c + vec3(0.0f, -0.14f * r, 0.98f * r), vec3(0.11f) * r, look.skin * 0.92f));
  parts.back().outline = false;
  const float open = std::clamp(face.mouth_open, 0.0f, 1.0f);
  parts.push_back(LocalEllipsoid(h, c + vec3(0.0f, (-0.46f - 0.06f * open) * r, 0.86f * r),
                                 vec3(0.27f - 0.05f * open, 0.035f + 0.2f * open, 0.1f) * r,
                                 kMouth));
  parts.back().outline = false;

  if (look.hair_length > 0.05f) {
    // An ellipsoid over the top and back of the head (which is a capsule as
    // long as sk.bones[head].tip), clear of the eyes and face.
    const float length = glm::length(sk.bones[head].tip);
    parts.push_back(LocalEllipsoid(h, c + vec3(0.0f, 0.12f * r, -0.22f * r),
                                   vec3(1.08f * r, 1.08f * r + 0.55f * length, 1.08f * r),
                                   look.hair));
    parts.back().roughness = 0.8f;
    if (look.hair_length > 0.6f) {
      parts.push_back(Capsule(Transform(h, c + vec3(0.0f, 0.0f, -0.5f * r)),
                              Transform(h, c + vec3(0.0f, -1.7f * r, -0.62f * r)), 0.78f * r,
                              look.hair));
    }
  }
  if (look.hat) {
    parts.push_back(LocalEllipsoid(h, c + vec3(0.0f, 0.72f * r, -0.02f * r),
                                   vec3(1.5f, 0.08f, 1.5f) * r, look.accessory));
    parts.push_back(Capsule(Transform(h, c + vec3(0.0f, 0.75f * r, -0.02f * r)),
                            Transform(h, c + vec3(0.0f, 1.2f * r, -0.02f * r)), 0.78f * r,
                            look.accessory));
  }
  if (look.sunglasses || look.glasses) {
    const vec3 frame = look.sunglasses ? vec3(0.04f) : vec3(0.12f, 0.1f, 0.1f);
    for (const float side : {1.0f, -1.0f}) {
      const vec3 eye = c + vec3(side * 0.36f * r, 0.1f * r, 1.0f * r);
      if (look.sunglasses) {
        parts.push_back(
            Glossy(LocalEllipsoid(h, eye, vec3(0.25f, 0.19f, 0.04f) * r, frame), 0.08f, 0.5f));
      } else {
        parts.push_back(LocalEllipsoid(h, eye + vec3(0.0f, 0.2f * r, 0.0f),
                                       vec3(0.25f, 0.045f, 0.04f) * r, frame));
      }
      parts.back().outline = false;
    }
    parts.push_back(Capsule(Transform(h, c + vec3(0.12f * r, 0.2f * r, 1.02f * r)),
                            Transform(h, c + vec3(-0.12f * r, 0.2f * r, 1.02f * r)), 0.035f * r,
                            frame));
    parts.back().outline = false;
  }
  const int neck = sk.Find("neck");
  if (look.gold_chain && neck >= 0) {
    const mat4& n = bones[neck];
    const float ring = sk.bones[neck].radius * 1.9f;
    for (int i = 0; i < 12; ++i) {
      const float a = static_cast<float>(i) / 12.0f * 6.2831853f;
      const vec3 p(std::sin(a) * ring, -0.15f * ring + 0.25f * ring * std::cos(a),
                   std::cos(a) * ring);
      parts.push_back(Glossy(
          LocalEllipsoid(n, p, vec3(0.24f * sk.bones[neck].radius), look.accessory), 0.25f, 0.8f));
      parts.back().outline = false;
    }
  }
}

void AnimalFace(const world::Skeleton& sk, const std::vector<mat4>& bones,
                const world::ParametricLook& look, const FaceState& face,
                std::vector<BodyPart>& parts) {
  const int head = sk.Find("head");
  if (head < 0) return;
  const mat4& h = bones[head];
  const float r = sk.bones[head].radius;
  const vec3 tip = sk.bones[head].tip;
  const vec3 c = tip * 0.35f;
  const float open_eye = std::max(0.08f, 1.0f - face.blink);
  for (const float side : {1.0f, -1.0f}) {
    const vec3 eye = c + vec3(side * 0.5f * r, 0.35f * r, 0.62f * r);
    parts.push_back(
        Glossy(LocalEllipsoid(h, eye, vec3(0.2f, 0.2f * open_eye, 0.16f) * r, look.eyes)));
    parts.back().outline = false;
    const world::EarShape ears = look.ears;
    if (ears == world::EarShape::kNone) continue;
    const vec3 base = c + vec3(side * 0.55f * r, 0.75f * r, -0.2f * r);
    switch (ears) {
      case world::EarShape::kFloppy:
        parts.push_back(Capsule(Transform(h, base),
                                Transform(h, base + vec3(side * 0.35f * r, -0.9f * r, 0.0f)),
                                0.22f * r, look.fur * 0.8f));
        break;
      case world::EarShape::kPointy:
        parts.push_back(Capsule(Transform(h, base),
                                Transform(h, base + vec3(side * 0.1f * r, 0.55f * r, 0.0f)),
                                0.16f * r, look.fur));
        break;
      case world::EarShape::kLong:
        parts.push_back(Capsule(Transform(h, base),
                                Transform(h, base + vec3(side * 0.15f * r, 1.6f * r, -0.2f * r)),
                                0.2f * r, look.fur));
        break;
      case world::EarShape::kRound:
        parts.push_back(LocalEllipsoid(h, base, vec3(0.3f, 0.3f, 0.12f) * r, look.fur * 0.85f));
        break;
      case world::EarShape::kNone: break;
    }
  }
  if (sk.kind == world::RigKind::kQuadruped) {
    // The nose at the end of the muzzle.
    parts.push_back(Glossy(LocalEllipsoid(h, tip + vec3(0.0f, 0.1f * r, 0.45f * r),
                                          vec3(0.2f, 0.15f, 0.12f) * r, look.eyes)));
    parts.back().outline = false;
    if (look.has_collar) {
      const int neck = sk.Find("neck");
      if (neck >= 0) {
        const float nr = sk.bones[neck].radius;
        parts.push_back(
            LocalEllipsoid(bones[neck], vec3(0.0f), vec3(1.2f, 0.3f, 1.2f) * nr, look.collar));
      }
    }
  }
  (void)face;
}

}  // namespace

BodyPart Capsule(vec3 a, vec3 b, float radius, vec3 color) {
  BodyPart part;
  part.a = a;
  part.b = b;
  const vec3 axis = b - a;
  const float length = glm::length(axis);
  const vec3 along = length > 1e-6f ? axis / length : vec3(0.0f, 1.0f, 0.0f);
  const vec3 helper = std::abs(along.y) < 0.9f ? vec3(0.0f, 1.0f, 0.0f) : vec3(1.0f, 0.0f, 0.0f);
  const vec3 across = glm::normalize(glm::cross(helper, along));
  const vec3 depth = glm::cross(across, along);
  part.shape = mat3(across * radius, along * radius, depth * radius);
  part.color = color;
  return part;
}

BodyPart Ellipsoid(vec3 centre, const mat3& axes, vec3 color) {
  BodyPart part;
  part.a = part.b = centre;
  part.shape = axes;
  part.color = color;
  return part;
}

void AppendBodyParts(const world::Skeleton& sk, const std::vector<mat4>& bones,
                     const world::ParametricLook& look, const FaceState& face,
                     std::vector<BodyPart>& parts) {
  if (bones.size() != sk.bones.size()) return;
  const bool humanoid = sk.kind == world::RigKind::kHumanoid;
  for (size_t i = 0; i < sk.bones.size(); ++i) {
    const world::Bone& bone = sk.bones[i];
    const std::string_view name = bone.name;
    // Shoulders sit inside the chest; a person's jaw shows as the mouth.
    if (humanoid && (StartsWith(name, "shoulder") || name == "jaw")) continue;
    vec3 color = humanoid                            ? HumanoidColor(name, look)
                 : sk.kind == world::RigKind::kRigid ? look.color
                                                     : AnimalColor(name, look, sk.kind);
    if (sk.kind == world::RigKind::kRigid) {
      parts.push_back(
          LocalEllipsoid(bones[i], vec3(0.0f, look.size.y * 0.5f, 0.0f), look.size * 0.5f, color));
      continue;
    }
    vec3 a = world::JointPosition(bones, static_cast<int>(i));
    vec3 b = Transform(bones[i], bone.tip);
    BodyPart part = Capsule(a, b, bone.radius, color);
    const bool torso = humanoid && (name == "pelvis" || name == "spine" || name == "chest");
    if (torso && glm::length(b - a) > 1e-4f) {
      // A torso is wider than deep, and its caps stay inside the segment so
      // the chest does not swallow the chin nor the pelvis bulge.
      const vec3 along = glm::normalize(b - a);
      const float inset = std::min(0.5f * bone.radius, 0.45f * glm::length(b - a));
      a += along * inset;
      b -= along * inset;
      const mat3 r = Rotation(bones[i]);
      const vec3 across = glm::normalize(r[0] - along * glm::dot(r[0], along));
      const vec3 depth = glm::cross(across, along);
      const float wide = name == "pelvis" ? 1.2f : 1.12f;
      part = Capsule(a, b, bone.radius, color);
      part.shape =
          mat3(across * bone.radius * wide, along * bone.radius, depth * bone.radius * 0.72f);
    }
    part.roughness = humanoid && (name == "head" || StartsWith(name, "hand")) ? 0.5f : 0.85f;
    parts.push_back(part);
    if (humanoid && look.dress && name == "pelvis") {
      // A skirt: a wide ellipsoid from the hips to the knees.
      const float r = bone.radius;
      parts.push_back(LocalEllipsoid(bones[i], vec3(0.0f, -2.0f * r, 0.0f),
                                     vec3(1.6f, 2.6f, 1.4f) * r, look.bottom));
    }
  }
  if (humanoid) {
    HumanFace(sk, bones, look, face, parts);
  } else if (sk.kind != world::RigKind::kRigid) {
    AnimalFace(sk, bones, look, face, parts);
  }
}

}  // namespace kinora::engine::render
