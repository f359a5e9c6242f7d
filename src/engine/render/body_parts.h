// The cast in 3D: turns a posed skeleton (engine/world rig.h) and a look into
// lit primitives — capsules along the bones, ellipsoids for eyes, nose, hair,
// hats, glasses and chains — that the body pass (body_pass.h) draws with a
// depth buffer. Pure functions; thread-safe; deterministic.
//
// Coordinates are the world simulation's: metres, y up, the character facing
// +z at rest, the camera looking towards −z.
#pragma once

#include <glm/mat3x3.hpp>
#include <glm/mat4x4.hpp>
#include <glm/vec3.hpp>
#include <vector>

#include "engine/world/look.h"
#include "engine/world/rig.h"

namespace kinora::engine::render {

// One primitive: a capsule from `a` to `b` whose cross-section and end caps
// are the unit sphere mapped by `shape` (columns: across, along, depth, each
// already scaled by its radius); a == b gives an ellipsoid.
struct BodyPart {
  glm::vec3 a{0.0f};
  glm::vec3 b{0.0f};
  glm::mat3 shape{1.0f};
  glm::vec3 color{1.0f};
  float roughness = 0.6f;  // 0.05 glossy (eyes, glasses) … 1 matte (fur, cloth)
  float specular = 0.04f;  // reflectance at normal incidence
  bool outline = true;     // cel styles draw its silhouette
};

// A round capsule of `radius` from a to b (a sphere when a == b).
BodyPart Capsule(glm::vec3 a, glm::vec3 b, float radius, glm::vec3 color);
// An ellipsoid centred at `centre` with semi-axes along the columns of `axes`.
BodyPart Ellipsoid(glm::vec3 centre, const glm::mat3& axes, glm::vec3 color);

struct FaceState {
  float blink = 0.0f;       // 0 open … 1 closed
  float mouth_open = 0.0f;  // 0 … 1, from the speech (lip sync)
};

// Appends the parts of one posed character. `bones` are the world matrices
// from world::ForwardKinematics for `skeleton`.
void AppendBodyParts(const world::Skeleton& skeleton, const std::vector<glm::mat4>& bones,
                     const world::ParametricLook& look, const FaceState& face,
                     std::vector<BodyPart>& parts);

}  // namespace kinora::engine::render
