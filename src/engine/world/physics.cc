#include "engine/world/physics.h"

#include <BulletCollision/CollisionShapes/btHeightfieldTerrainShape.h>
#include <btBulletDynamicsCommon.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

namespace kinora::engine::world {
namespace {

btVector3 Bt(glm::vec3 v) { return {v.x, v.y, v.z}; }
glm::vec3 Glm(const btVector3& v) { return {v.x(), v.y(), v.z()}; }
btQuaternion Bt(glm::quat q) { return {q.x, q.y, q.z, q.w}; }
glm::quat Glm(const btQuaternion& q) { return {q.w(), q.x(), q.y(), q.z()}; }

// Below this closing speed a new contact is a touch, not an impact.
constexpr float kMinImpactSpeed = 0.3f;
// The closing speed that makes a full-strength impact.
constexpr float kFullImpactSpeed = 9.0f;
// Steps two bodies must be apart before touching again counts as new.
constexpr long kRearm = 4;
constexpr float kTouching = 0.005f;      // metres of separation that still count as contact
constexpr float kMinSplashSpeed = 0.5f;  // m/s

float ShapeVolume(const BodyDesc& d) {
  const glm::vec3 h = d.half_extents;
  switch (d.shape) {
    case ShapeKind::kBox: return 8.0f * h.x * h.y * h.z;
    case ShapeKind::kSphere: return 4.18879f * h.x * h.x * h.x;
    case ShapeKind::kCylinder: return 3.14159f * h.x * h.x * 2.0f * h.y;
    case ShapeKind::kCapsule: return 3.14159f * h.x * h.x * 2.0f * h.y + 4.18879f * h.x * h.x * h.x;
  }
  return 0.0f;
}

}  // namespace

MaterialProperties PropertiesOf(Material m) {
  switch (m) {
    case Material::kWood: return {0.5f, 0.35f, 600.0f};
    case Material::kMetal: return {0.4f, 0.25f, 7800.0f};
    case Material::kStone: return {0.6f, 0.2f, 2500.0f};
    case Material::kConcrete: return {0.7f, 0.25f, 2400.0f};
    case Material::kGrass: return {0.6f, 0.12f, 1200.0f};
    case Material::kSand: return {0.8f, 0.05f, 1600.0f};
    case Material::kSnow: return {0.3f, 0.05f, 400.0f};
    case Material::kWater: return {0.1f, 0.0f, 1000.0f};
    case Material::kFlesh: return {0.6f, 0.1f, 1000.0f};
    case Material::kCloth: return {0.7f, 0.05f, 300.0f};
    case Material::kCarpet: return {0.8f, 0.05f, 300.0f};
    case Material::kPlastic: return {0.45f, 0.6f, 950.0f};
    case Material::kGlass: return {0.3f, 0.3f, 2500.0f};
  }
  return {};
}

struct PhysicsWorld::Impl {
  PhysicsOptions options;
  // Destroyed bottom-up: bodies, their states and shapes, then the world and
  // the machinery it uses.
  std::unique_ptr<btDefaultCollisionConfiguration> config;
  std::unique_ptr<btCollisionDispatcher> dispatcher;
  std::unique_ptr<btDbvtBroadphase> broadphase;
  std::unique_ptr<btSequentialImpulseConstraintSolver> solver;
  std::unique_ptr<btDiscreteDynamicsWorld> world;
  std::vector<float> heights;  // heightfield samples; must outlive the terrain shape
  std::vector<std::unique_ptr<btCollisionShape>> shapes;
  std::vector<std::unique_ptr<btDefaultMotionState>> motion_states;
  std::vector<std::unique_ptr<btRigidBody>> bodies;  // index = id
  std::vector<BodyDesc> descs;
  std::vector<float> volumes;
  std::vector<btVector3> prev_velocity, prev_angular;
  std::vector<float> prev_y;
  std::map<std::pair<int, int>, long> last_touch;  // pair → last step in contact
  std::vector<Contact> contacts;
  std::vector<Splash> splashes;
  long step = 0;

  ~Impl() {
    if (world) {
      for (auto& b : bodies) {
        if (b) world->removeRigidBody(b.get());
      }
    }
    bodies.clear();
    motion_states.clear();
    shapes.clear();
  }

  int AddRigid(std::unique_ptr<btCollisionShape> shape, const BodyDesc& d, const btTransform& xf) {
    const bool dynamic = d.mass > 0.0f && !d.kinematic;
    btVector3 inertia(0, 0, 0);
    if (dynamic) shape->calculateLocalInertia(d.mass, inertia);
    auto state = std::make_unique<btDefaultMotionState>(xf);
    btRigidBody::btRigidBodyConstructionInfo info(dynamic ? d.mass : 0.0f, state.get(), shape.get(),
                                                  inertia);
    const MaterialProperties mp = PropertiesOf(d.material);
    info.m_friction = mp.friction;
    info.m_restitution = mp.restitution;
    if (d.shape == ShapeKind::kSphere || d.shape == ShapeKind::kCylinder) {
      info.m_rollingFriction = 0.01f;
      info.m_spinningFriction = 0.01f;
    }
    auto body = std::make_unique<btRigidBody>(info);
    const int id = static_cast<int>(bodies.size());
    body->setUserIndex(id);
    if (d.kinematic) {
      body->setCollisionFlags(body->getCollisionFlags() | btCollisionObject::CF_KINEMATIC_OBJECT);
      body->setActivationState(DISABLE_DEACTIVATION);
    }
    if (dynamic) {
      body->setLinearVelocity(Bt(d.velocity));
      body->setAngularVelocity(Bt(d.angular_velocity));
    }
    world->addRigidBody(body.get());
    shapes.push_back(std::move(shape));
    motion_states.push_back(std::move(state));
    bodies.push_back(std::move(body));
    descs.push_back(d);
    volumes.push_back(ShapeVolume(d));
    prev_velocity.push_back(Bt(d.velocity));
    prev_angular.push_back(Bt(d.angular_velocity));
    btVector3 lo, hi;
    bodies.back()->getAabb(lo, hi);
    prev_y.push_back(lo.y());
    return id;
  }

  void AddGround() {
    BodyDesc d;
    d.name = "ground";
    d.mass = 0.0f;
    d.material = options.ground;
    btTransform xf;
    xf.setIdentity();
    if (options.terrain.flat()) {
      AddRigid(std::make_unique<btStaticPlaneShape>(btVector3(0, 1, 0), 0), d, xf);
      return;
    }
    const float step_m = std::max(0.1f, options.heightfield_step);
    const int n = 2 * static_cast<int>(std::ceil(options.heightfield_half_extent / step_m)) + 1;
    const float half = step_m * static_cast<float>(n - 1) / 2.0f;
    heights.resize(static_cast<size_t>(n) * static_cast<size_t>(n));
    float lo = 1e9f, hi = -1e9f;
    for (int j = 0; j < n; ++j) {
      for (int i = 0; i < n; ++i) {
        const float y = options.terrain.Height(-half + step_m * static_cast<float>(i),
                                               -half + step_m * static_cast<float>(j));
        heights[static_cast<size_t>(j) * static_cast<size_t>(n) + static_cast<size_t>(i)] = y;
        lo = std::min(lo, y);
        hi = std::max(hi, y);
      }
    }
    if (hi - lo < 1e-3f) hi = lo + 1e-3f;
    auto shape =
        std::make_unique<btHeightfieldTerrainShape>(n, n, heights.data(), lo, hi, 1, false);
    shape->setLocalScaling(btVector3(step_m, 1.0f, step_m));
    xf.setOrigin(btVector3(0, 0.5f * (lo + hi), 0));
    AddRigid(std::move(shape), d, xf);
  }

  // Simple water: Archimedes' lift on the submerged part of the bounding box
  // (its acceleration capped at 3 g, standing in for the added mass of the
  // water a body pushes aside) and strong damping while submerged.
  void ApplyWater() {
    if (!options.water_level) return;
    const float level = *options.water_level;
    for (size_t i = 1; i < bodies.size(); ++i) {
      btRigidBody& b = *bodies[i];
      if (b.isStaticOrKinematicObject()) continue;
      btVector3 lo, hi;
      b.getAabb(lo, hi);
      const float span = std::max(1e-3f, hi.y() - lo.y());
      const float submerged = std::clamp((level - lo.y()) / span, 0.0f, 1.0f);
      b.setDamping(0.5f * submerged, 0.8f * submerged);
      if (submerged <= 0.0f || !b.isActive()) continue;
      const float mass = descs[i].mass;
      // Quadratic drag ½ ρ C A v², integrated implicitly so light bodies stop
      // fast without overshooting.
      const btVector3 e = hi - lo;
      const float area = 0.8f * (e.x() * e.z() + e.x() * e.y() + e.y() * e.z()) / 3.0f;
      const float c = 0.5f * 1000.0f * 0.6f * area * submerged / std::max(1e-4f, mass);
      const btVector3 v = b.getLinearVelocity();
      b.setLinearVelocity(v /
                          (1.0f + c * static_cast<float>(v.length()) * static_cast<float>(kStep)));
      const float ratio = std::min(1000.0f * volumes[i] / std::max(1e-4f, mass), 3.0f);
      b.applyCentralForce(btVector3(0, mass * options.gravity * ratio * submerged, 0));
    }
  }

  // A body's bottom crossing the surface: entering (down) or leaving (up).
  void DetectSplashes(double now) {
    if (!options.water_level) return;
    const float level = *options.water_level;
    for (size_t i = 1; i < bodies.size(); ++i) {
      const btRigidBody& b = *bodies[i];
      if (b.isStaticOrKinematicObject()) continue;
      btVector3 lo, hi;
      b.getAabb(lo, hi);
      const float y = lo.y();
      const float before = prev_y[i];
      prev_y[i] = y;
      const bool down = before > level && y <= level;
      const bool up = before < level && y >= level;
      if (!down && !up) continue;
      const float vy = b.getLinearVelocity().y();
      if (std::fabs(vy) < kMinSplashSpeed) continue;  // bobbing, not splashing
      Splash s;
      s.time = now;
      s.body = static_cast<int>(i);
      s.position = Glm(b.getCenterOfMassPosition());
      s.position.y = level;
      s.speed = std::fabs(vy);
      s.entering = down;
      const float mass_factor =
          std::clamp(0.5f + 0.25f * std::log10(std::max(1e-3f, descs[i].mass) + 1.0f), 0.3f, 1.0f);
      s.strength =
          std::clamp(std::fabs(vy) / 6.0f, 0.05f, 1.0f) * mass_factor * (down ? 1.0f : 0.4f);
      splashes.push_back(s);
    }
  }

  float ClosingSpeed(int ia, int ib, const btManifoldPoint& pt) const {
    auto velocity_at = [&](int id, const btVector3& at) {
      const btRigidBody& b = *bodies[static_cast<size_t>(id)];
      // Kinematic bodies (massless, so also flagged static) move by their motion state.
      const btVector3 r = at - b.getCenterOfMassPosition();
      if (b.isKinematicObject()) return b.getLinearVelocity() + b.getAngularVelocity().cross(r);
      if (b.isStaticObject()) return btVector3(0, 0, 0);
      return prev_velocity[static_cast<size_t>(id)] +
             prev_angular[static_cast<size_t>(id)].cross(r);
    };
    // Normal on B points from B towards A.
    const btVector3 rel =
        velocity_at(ia, pt.getPositionWorldOnA()) - velocity_at(ib, pt.getPositionWorldOnB());
    return std::max(0.0f, static_cast<float>(-rel.dot(pt.m_normalWorldOnB)));
  }

  void DetectContacts(double step_start) {
    btDispatcher* d = world->getDispatcher();
    const int n = d->getNumManifolds();
    for (int m = 0; m < n; ++m) {
      const btPersistentManifold* man = d->getManifoldByIndexInternal(m);
      const int ia = man->getBody0()->getUserIndex();
      const int ib = man->getBody1()->getUserIndex();
      // Touching: close enough, or pushed apart by the solver this step.
      float deepest = 1e9f;
      int best = -1;
      for (int p = 0; p < man->getNumContacts(); ++p) {
        const btManifoldPoint& pt = man->getContactPoint(p);
        const float dist = pt.getDistance();
        if ((dist < kTouching || pt.getAppliedImpulse() > 1e-6f) && dist < deepest)
          deepest = dist, best = p;
      }
      if (best < 0) continue;
      const std::pair<int, int> key = std::minmax(ia, ib);
      auto it = last_touch.find(key);
      const bool fresh = it == last_touch.end() || step - it->second > kRearm;
      last_touch[key] = step;
      if (!fresh) continue;
      const btManifoldPoint& pt = man->getContactPoint(best);
      const float speed = ClosingSpeed(ia, ib, pt);
      if (speed < kMinImpactSpeed) continue;
      Contact c;
      // When within the step the gap closed (or, if they already overlap, how
      // long ago), from the gap and the closing speed.
      const double gap = pt.getDistance() / std::max(0.1f, speed);
      c.time = std::max(0.0, step_start + std::clamp(gap, -kStep, kStep));
      c.a = key.first;
      c.b = key.second;
      c.material_a = descs[static_cast<size_t>(c.a)].material;
      c.material_b = descs[static_cast<size_t>(c.b)].material;
      c.position = 0.5f * (Glm(pt.getPositionWorldOnA()) + Glm(pt.getPositionWorldOnB()));
      c.speed = speed;
      c.strength = std::clamp(speed / kFullImpactSpeed, 0.0f, 1.0f);
      contacts.push_back(c);
    }
  }
};

PhysicsWorld::PhysicsWorld(const PhysicsOptions& options) : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.options = options;
  m.config = std::make_unique<btDefaultCollisionConfiguration>();
  m.dispatcher = std::make_unique<btCollisionDispatcher>(m.config.get());
  m.broadphase = std::make_unique<btDbvtBroadphase>();
  m.solver = std::make_unique<btSequentialImpulseConstraintSolver>();
  m.world = std::make_unique<btDiscreteDynamicsWorld>(m.dispatcher.get(), m.broadphase.get(),
                                                      m.solver.get(), m.config.get());
  m.world->setGravity(btVector3(0, -options.gravity, 0));
  m.world->getSolverInfo().m_numIterations = 20;
  m.AddGround();
}

PhysicsWorld::~PhysicsWorld() = default;

int PhysicsWorld::AddBody(const BodyDesc& d) {
  const glm::vec3 h = glm::max(d.half_extents, glm::vec3(0.002f));
  std::unique_ptr<btCollisionShape> shape;
  switch (d.shape) {
    case ShapeKind::kBox: shape = std::make_unique<btBoxShape>(Bt(h)); break;
    case ShapeKind::kSphere: shape = std::make_unique<btSphereShape>(h.x); break;
    case ShapeKind::kCylinder:
      shape = std::make_unique<btCylinderShape>(btVector3(h.x, h.y, h.x));
      break;
    case ShapeKind::kCapsule: shape = std::make_unique<btCapsuleShape>(h.x, 2.0f * h.y); break;
  }
  btTransform xf(Bt(glm::normalize(d.rotation)), Bt(d.position));
  return impl_->AddRigid(std::move(shape), d, xf);
}

void PhysicsWorld::SetKinematicPose(int id, glm::vec3 position, glm::quat rotation) {
  if (id <= 0 || id >= static_cast<int>(impl_->bodies.size())) return;
  btTransform xf(Bt(glm::normalize(rotation)), Bt(position));
  impl_->motion_states[static_cast<size_t>(id)]->setWorldTransform(xf);
}

void PhysicsWorld::Kick(int id, glm::vec3 delta_velocity, glm::vec3 delta_spin) {
  if (id <= 0 || id >= static_cast<int>(impl_->bodies.size())) return;
  btRigidBody& b = *impl_->bodies[static_cast<size_t>(id)];
  if (b.isStaticOrKinematicObject()) return;
  b.activate(true);
  b.setLinearVelocity(b.getLinearVelocity() + Bt(delta_velocity));
  b.setAngularVelocity(b.getAngularVelocity() + Bt(delta_spin));
}

void PhysicsWorld::Step() {
  Impl& m = *impl_;
  const double start = static_cast<double>(m.step) * kStep;
  for (size_t i = 0; i < m.bodies.size(); ++i) {
    m.prev_velocity[i] = m.bodies[i]->getLinearVelocity();
    m.prev_angular[i] = m.bodies[i]->getAngularVelocity();
  }
  m.ApplyWater();
  // One fixed step: maxSubSteps = 0 steps exactly by the given time.
  m.world->stepSimulation(static_cast<btScalar>(kStep), 0, static_cast<btScalar>(kStep));
  ++m.step;
  m.DetectContacts(start);
  m.DetectSplashes(static_cast<double>(m.step) * kStep);
}

double PhysicsWorld::time() const { return static_cast<double>(impl_->step) * kStep; }
int PhysicsWorld::body_count() const { return static_cast<int>(impl_->bodies.size()); }

BodyState PhysicsWorld::State(int id) const {
  BodyState s;
  if (id < 0 || id >= static_cast<int>(impl_->bodies.size())) return s;
  const btRigidBody& b = *impl_->bodies[static_cast<size_t>(id)];
  btTransform xf = b.getWorldTransform();
  if (b.isKinematicObject()) impl_->motion_states[static_cast<size_t>(id)]->getWorldTransform(xf);
  s.position = Glm(xf.getOrigin());
  s.rotation = glm::normalize(Glm(xf.getRotation()));
  s.velocity = Glm(b.getLinearVelocity());
  s.angular_velocity = Glm(b.getAngularVelocity());
  return s;
}

Material PhysicsWorld::MaterialOf(int id) const {
  if (id < 0 || id >= static_cast<int>(impl_->descs.size())) return Material::kConcrete;
  return impl_->descs[static_cast<size_t>(id)].material;
}

std::vector<Contact> PhysicsWorld::TakeContacts() { return std::exchange(impl_->contacts, {}); }
std::vector<Splash> PhysicsWorld::TakeSplashes() { return std::exchange(impl_->splashes, {}); }

float PhysicsWorld::MaxPenetration() const {
  float deepest = 0.0f;
  btDispatcher* d = impl_->world->getDispatcher();
  for (int m = 0; m < d->getNumManifolds(); ++m) {
    const btPersistentManifold* man = d->getManifoldByIndexInternal(m);
    for (int p = 0; p < man->getNumContacts(); ++p) {
      deepest = std::max(deepest, -static_cast<float>(man->getContactPoint(p).getDistance()));
    }
  }
  return deepest;
}

}  // namespace kinora::engine::world
