// Set dressing for each place: the structures and props a setting implies
// (buildings along a street, a desk in a newsroom, goals on a field, a cup
// in a kitchen). Internal to the world stage.
#pragma once

#include <vector>

#include "engine/world/scene.h"

namespace kinora::engine::world {

// Adds the place's structures and props to `scene` (positions avoid the
// cast's row near z = 0).
void DressPlace(ShotScene& scene, uint64_t hash);

// A seat (chair, bench, rock) whose top is `height` above the ground, its
// front edge under a character standing at `mark` facing `yaw`.
Structure SeatFor(const Environment& env, glm::vec3 mark, float yaw, float height,
                  float depth_back);

// A prop resting on a support at height `support` (its bottom touches it).
PropSpec RestingProp(std::string name, PropShape shape, glm::vec3 size, Material material,
                     float mass, glm::vec3 color, glm::vec3 at_xz, float support);

}  // namespace kinora::engine::world
