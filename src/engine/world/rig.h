// Skeletons and forward kinematics for the cast's rigs.
//
// A Skeleton is a list of bones, parents before children. Each bone has a
// rest offset from its parent's joint (in the parent's frame), a capsule from
// its own joint to `tip` (in its own frame) with `radius`, so the renderer and
// physics can give it volume. In the rest pose every local rotation is the
// identity, the character faces +z, y is up and the character's left is +x.
//
// A pose is a root placement plus one local rotation per bone. The root
// position is the character's ground reference: the point between the feet
// on the ground for legged rigs, the body centre for fish, the base centre
// for rigid props. Bone 0 (the root bone) sits at its rest offset from there.
//
// Units: metres and radians. Plain value types and pure functions;
// thread-safe.
#pragma once

#include <glm/gtc/quaternion.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "engine/world/look.h"

namespace kinora::engine::world {

struct Bone {
  std::string name;
  int parent = -1;         // index of the parent bone; -1 for the root bone only
  glm::vec3 offset{0.0f};  // joint position in the parent's frame at rest
  glm::vec3 tip{0.0f};     // capsule end in this bone's frame (the capsule starts at the joint)
  float radius = 0.05f;    // capsule radius
};

// A two-bone chain solved by inverse kinematics (legs, arms), optionally
// followed by an end bone (foot, paw) that the solver keeps level.
struct LimbChain {
  int upper = -1;
  int lower = -1;
  int end = -1;                      // foot/paw/hand bone, or -1 when the limb ends at lower's tip
  float ground_height = 0.0f;        // height of the chain's end joint above the ground at rest
  glm::vec3 bend{0.0f, 0.0f, 1.0f};  // direction the middle joint moves when bending (rest frame)
  bool left = true;
};

struct Skeleton {
  RigKind kind = RigKind::kHumanoid;
  float height = 1.75f;  // Proportions::height
  std::vector<Bone> bones;
  std::vector<LimbChain> legs;  // left/right pairs, hind legs first for quadrupeds
  std::vector<LimbChain> arms;  // humanoid arms (left, right); bird wings are plain bones

  // The index of the bone called `name`, or -1.
  int Find(std::string_view name) const;
};

// A skeleton for `rig`, scaled by `body`.
Skeleton BuildSkeleton(RigKind rig, const Proportions& body);

struct SkeletonPose {
  glm::vec3 root_position{0.0f};
  glm::quat root_rotation{1.0f, 0.0f, 0.0f, 0.0f};
  std::vector<glm::quat> local;  // one per bone; identity = rest
};

// The rest pose at the origin.
SkeletonPose RestPose(const Skeleton& skeleton);

// World matrices of every bone's joint frame: world[i] maps bone i's frame to
// the world (its translation is the joint position). `world` is resized.
void ForwardKinematics(const Skeleton& skeleton, const SkeletonPose& pose,
                       std::vector<glm::mat4>& world);

// Convenience: the world position of bone `index`'s joint / capsule tip.
glm::vec3 JointPosition(const std::vector<glm::mat4>& world, int index);
glm::vec3 TipPosition(const Skeleton& skeleton, const std::vector<glm::mat4>& world, int index);

}  // namespace kinora::engine::world
