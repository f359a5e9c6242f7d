// The action library: ballistic flips, planted feet, regions, every verb on
// every rig, lip sync and blinking.
#include "engine/world/actions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <glm/geometric.hpp>

#include "engine/world/rig.h"

namespace kinora::engine::world {
namespace {

constexpr double kPi = 3.14159265358979;

Stage FlatStage(double duration) {
  Stage s;
  s.cast_id = "a";
  s.seed = 7;
  s.duration = duration;
  return s;
}

Proportions PropsFor(RigKind rig) {
  Proportions p;
  switch (rig) {
    case RigKind::kQuadruped: p.height = 0.55f; break;
    case RigKind::kBird: p.height = 0.3f; break;
    case RigKind::kFish: p.height = 0.4f; break;
    case RigKind::kRigid: p.height = 0.5f; break;
    default: break;
  }
  return p;
}

bool Finite(const CharacterFrame& f) {
  auto ok = [](float v) { return std::isfinite(v); };
  for (int i = 0; i < 3; ++i) {
    if (!ok(f.pose.root_position[i])) return false;
  }
  for (int i = 0; i < 4; ++i) {
    if (!ok(f.pose.root_rotation[i])) return false;
  }
  for (const auto& q : f.pose.local) {
    for (int i = 0; i < 4; ++i) {
      if (!ok(q[i])) return false;
    }
  }
  for (const auto& m : f.bones) {
    for (int c = 0; c < 4; ++c) {
      for (int r = 0; r < 4; ++r) {
        if (!ok(m[c][r])) return false;
      }
    }
  }
  for (const auto& a : f.attachments) {
    for (int c = 0; c < 4; ++c) {
      for (int r = 0; r < 4; ++r) {
        if (!ok(a.transform[c][r])) return false;
      }
    }
  }
  return ok(f.blink) && ok(f.mouth_open) && ok(f.breath);
}

// The sole of a leg: its end joint's height above the ground minus its rest height.
float Sole(const Skeleton& sk, const CharacterFrame& f, size_t leg) {
  const LimbChain& l = sk.legs[leg];
  const int end = l.end >= 0 ? l.end : l.lower;
  const glm::vec3 p = l.end >= 0 ? JointPosition(f.bones, end) : TipPosition(sk, f.bones, end);
  return p.y - l.ground_height;
}

glm::vec3 Sole3(const Skeleton& sk, const CharacterFrame& f, size_t leg) {
  const LimbChain& l = sk.legs[leg];
  const glm::vec3 p =
      l.end >= 0 ? JointPosition(f.bones, l.end) : TipPosition(sk, f.bones, l.lower);
  return p - glm::vec3(0, l.ground_height, 0);
}

TEST(Actions, VerbNamesRoundTrip) {
  for (int i = 0; i < kVerbCount; ++i) {
    const Verb v = static_cast<Verb>(i);
    EXPECT_EQ(VerbByName(Name(v)), v) << Name(v);
  }
  EXPECT_EQ(VerbByName("moonwalk"), Verb::kIdle);
}

TEST(Actions, BackflipIsBallistic) {
  const Skeleton sk = BuildSkeleton(RigKind::kHumanoid, Proportions{});
  Performance p(sk, FlatStage(3.0), {{Verb::kBackflip, 0.2, 2.8}});
  ASSERT_EQ(p.flights().size(), 1u);
  const Flight& f = p.flights()[0];
  const double g = 9.81;
  const double airtime = f.landing - f.takeoff;
  EXPECT_NEAR(airtime, 2.0 * f.v0 / g, 1e-6);
  EXPECT_NEAR(f.v0, std::sqrt(2.0 * g * f.apex), 1e-4);
  EXPECT_GT(f.apex, 0.5f);
  EXPECT_NEAR(f.rotation, -2.0 * kPi, 1e-5);

  // The centre of mass (the pelvis joint) follows y0 + v0 t − g t²/2 and peaks at the apex.
  const float y0 = JointPosition(p.Sample(f.takeoff, 0).bones, 0).y;
  for (int i = 0; i <= 40; ++i) {
    const double tau = airtime * i / 40.0;
    const float y = JointPosition(p.Sample(f.takeoff + tau, 0).bones, 0).y;
    EXPECT_NEAR(y - y0, f.v0 * tau - 0.5 * g * tau * tau, 2e-3) << "tau " << tau;
  }
  const float apex = JointPosition(p.Sample(f.takeoff + airtime / 2, 0).bones, 0).y - y0;
  EXPECT_NEAR(apex, f.apex, 2e-3);

  // The body turns about the lateral axis at a constant rate, 2π in all.
  double total = 0.0, last = 0.0;
  const int n = 240;
  for (int i = 0; i <= n; ++i) {
    const double tau = airtime * i / n;
    const glm::quat r = p.Sample(f.takeoff + tau, 0).pose.root_rotation;
    const glm::vec3 up = r * glm::vec3(0, 1, 0);
    const glm::vec3 fwd = glm::cross(f.axis, glm::vec3(0, 1, 0));
    const double angle = std::atan2(glm::dot(up, -fwd), static_cast<double>(up.y));
    if (i > 0) total += std::remainder(angle - last, 2.0 * kPi);
    last = angle;
    EXPECT_NEAR(std::fabs(total), 2.0 * kPi * i / n, 0.02) << "not a constant rate at " << tau;
  }
  EXPECT_NEAR(std::fabs(total), 2.0 * kPi, 0.02);

  // Landing feet-down: head above pelvis above feet, soles on the ground.
  const CharacterFrame land = p.Sample(f.landing, 0);
  const float head = JointPosition(land.bones, sk.Find("head")).y;
  const float pelvis = JointPosition(land.bones, sk.Find("pelvis")).y;
  for (size_t k = 0; k < sk.legs.size(); ++k) {
    EXPECT_GT(pelvis, JointPosition(land.bones, sk.legs[k].end).y);
    EXPECT_NEAR(Sole(sk, land, k), 0.0f, 0.02f);
  }
  EXPECT_GT(head, pelvis);

  // Take-off and landing events at those instants.
  int takeoffs = 0, landings = 0;
  for (const WorldEvent& e : p.events()) {
    if (e.kind == EventKind::kTakeoff) {
      ++takeoffs;
      EXPECT_NEAR(e.time, f.takeoff, 1e-9);
    }
    if (e.kind == EventKind::kLanding) {
      ++landings;
      EXPECT_NEAR(e.time, f.landing, 1e-9);
      EXPECT_GT(e.strength, 0.3f);
    }
  }
  EXPECT_EQ(takeoffs, 1);
  EXPECT_EQ(landings, 1);
}

TEST(Actions, JumpApexScalesWithGravity) {
  const Skeleton sk = BuildSkeleton(RigKind::kHumanoid, Proportions{});
  Stage moon = FlatStage(6.0);
  moon.gravity = 1.62f;
  Performance p(sk, moon, {{Verb::kJump, 0.0, 6.0}});
  ASSERT_FALSE(p.flights().empty());
  const Flight& f = p.flights()[0];
  EXPECT_NEAR(f.landing - f.takeoff, 2.0 * f.v0 / 1.62, 1e-6);
  const float y0 = JointPosition(p.Sample(f.takeoff, 0).bones, 0).y;
  const float top = JointPosition(p.Sample((f.takeoff + f.landing) / 2, 0).bones, 0).y;
  EXPECT_NEAR(top - y0, f.apex, 2e-3);
}

void CheckPlantedFeet(RigKind rig, Verb verb, float proportions_height) {
  Proportions props = PropsFor(rig);
  props.height = proportions_height;
  const Skeleton sk = BuildSkeleton(rig, props);
  Performance p(sk, FlatStage(10.0), {{verb, 0.0, 10.0}});
  const double dt = 1.0 / 30.0;
  int stance_frames = 0;
  CharacterFrame prev = p.Sample(0.0, 0);
  for (int i = 1; i <= 300; ++i) {
    const CharacterFrame f = p.Sample(i * dt, 0);
    for (size_t k = 0; k < sk.legs.size(); ++k) {
      if (Sole(sk, f, k) < 0.003f && Sole(sk, prev, k) < 0.003f) {
        ++stance_frames;
        EXPECT_LT(glm::length(Sole3(sk, f, k) - Sole3(sk, prev, k)), 0.01f)
            << Name(rig) << " leg " << k << " slides at t=" << i * dt;
      }
    }
    prev = f;
  }
  EXPECT_GT(stance_frames, 100) << Name(rig);
}

TEST(Actions, StanceFeetStayPlanted) {
  CheckPlantedFeet(RigKind::kHumanoid, Verb::kWalk, 1.75f);
  CheckPlantedFeet(RigKind::kHumanoid, Verb::kRun, 1.75f);
  CheckPlantedFeet(RigKind::kHumanoid, Verb::kWalk, 1.2f);
  CheckPlantedFeet(RigKind::kQuadruped, Verb::kWalk, 0.55f);
  CheckPlantedFeet(RigKind::kQuadruped, Verb::kRun, 0.55f);
  CheckPlantedFeet(RigKind::kBird, Verb::kWalk, 0.3f);
}

TEST(Actions, FootstepsAlternateAndMatchTouchdowns) {
  const Skeleton sk = BuildSkeleton(RigKind::kHumanoid, Proportions{});
  Performance p(sk, FlatStage(10.0), {{Verb::kWalk, 0.0, 10.0}});
  std::vector<int> feet;
  for (const WorldEvent& e : p.events()) {
    if (e.kind != EventKind::kFootstep) continue;
    EXPECT_EQ(e.material, Material::kConcrete);
    const CharacterFrame f = p.Sample(e.time + 1e-4, 0);
    const float dl = glm::length(Sole3(sk, f, 0) - e.position);
    const float dr = glm::length(Sole3(sk, f, 1) - e.position);
    const size_t foot = dl < dr ? 0 : 1;
    EXPECT_LT(std::min(dl, dr), 0.02f) << "footstep away from the foot at " << e.time;
    // The foot is down at the event and stays there for a while.
    EXPECT_LT(Sole(sk, f, foot), 0.003f);
    const CharacterFrame later = p.Sample(e.time + 0.15, 0);
    EXPECT_LT(glm::length(Sole3(sk, later, foot) - Sole3(sk, f, foot)), 0.01f);
    feet.push_back(static_cast<int>(foot));
  }
  ASSERT_GE(feet.size(), 12u);
  for (size_t i = 1; i < feet.size(); ++i) EXPECT_NE(feet[i], feet[i - 1]) << "step " << i;
}

TEST(Actions, WalkersStayInTheirRegion) {
  for (Verb verb : {Verb::kWalk, Verb::kRun, Verb::kSkate}) {
    const Skeleton sk = BuildSkeleton(RigKind::kHumanoid, Proportions{});
    Stage st = FlatStage(40.0);
    st.mark = {2.0f, 0.0f, -1.0f};
    st.facing = 0.3f;
    Performance p(sk, st, {{verb, 0.0, 40.0}});
    EXPECT_LT(p.region_radius(), 9.0f);
    float farthest = 0.0f;
    for (int i = 0; i <= 400; ++i) {
      const CharacterFrame f = p.Sample(i * 0.1, 0);
      const glm::vec3 d = f.pose.root_position - st.mark;
      farthest = std::max(farthest, std::sqrt(d.x * d.x + d.z * d.z));
    }
    EXPECT_LE(farthest, p.region_radius()) << Name(verb);
    EXPECT_GT(farthest, 1.0f) << Name(verb) << " did not move";
  }
}

TEST(Actions, EveryVerbOnEveryRigIsFinite) {
  for (int r = 0; r < 5; ++r) {
    const auto rig = static_cast<RigKind>(r);
    const Skeleton sk = BuildSkeleton(rig, PropsFor(rig));
    for (int wet = 0; wet < 2; ++wet) {
      Stage st = FlatStage(5.0);
      if (wet) st.water_level = 1.5f;  // the mark is 1.5 m under the surface
      for (int v = 0; v < kVerbCount; ++v) {
        const auto verb = static_cast<Verb>(v);
        Performance p(sk, st, {{verb, 0.5, 4.5}, {Verb::kTalk, 1.0, 2.0}});
        for (int i = 0; i <= 60; ++i) {
          const CharacterFrame f = p.Sample(i * 5.0 / 60.0, 0.5f);
          ASSERT_TRUE(Finite(f)) << Name(rig) << " " << Name(verb) << (wet ? " in water" : "")
                                 << " t=" << i;
          ASSERT_EQ(f.bones.size(), sk.bones.size());
        }
        for (const WorldEvent& e : p.events()) {
          ASSERT_TRUE(std::isfinite(e.time) && std::isfinite(e.strength));
          ASSERT_GE(e.strength, 0.0f);
          ASSERT_LE(e.strength, 1.0f);
        }
      }
    }
  }
}

TEST(Actions, FallEndsLyingAtRest) {
  const Skeleton sk = BuildSkeleton(RigKind::kHumanoid, Proportions{});
  Performance p(sk, FlatStage(4.0), {{Verb::kFall, 0.0, 4.0}});
  const CharacterFrame a = p.Sample(3.0, 0), b = p.Sample(3.5, 0);
  const float head = JointPosition(a.bones, sk.Find("head")).y;
  EXPECT_LT(head, 0.3f);  // lying down
  EXPECT_LT(glm::length(JointPosition(a.bones, 0) - JointPosition(b.bones, 0)), 0.01f);
  bool impact = false;
  for (const WorldEvent& e : p.events()) impact |= e.kind == EventKind::kImpact;
  EXPECT_TRUE(impact);
}

TEST(Actions, MouthOpenDrivesTheJaw) {
  for (RigKind rig : {RigKind::kHumanoid, RigKind::kQuadruped, RigKind::kBird}) {
    const Skeleton sk = BuildSkeleton(rig, PropsFor(rig));
    Performance p(sk, FlatStage(2.0), {{Verb::kTalk, 0.0, 2.0}});
    const int jaw = sk.Find("jaw"), head = sk.Find("head");
    auto opening = [&](float mouth) {
      const CharacterFrame f = p.Sample(1.0, mouth);
      const glm::quat rel =
          glm::inverse(glm::quat_cast(glm::mat3(f.bones[static_cast<size_t>(head)]))) *
          glm::quat_cast(glm::mat3(f.bones[static_cast<size_t>(jaw)]));
      return 2.0f * std::acos(std::min(1.0f, std::fabs(rel.w)));
    };
    EXPECT_GT(opening(1.0f), opening(0.0f) + 0.2f) << Name(rig);
    EXPECT_EQ(p.Sample(1.0, 0.7f).mouth_open, 0.7f);
  }
}

TEST(Actions, EyesBlinkNowAndThen) {
  const Skeleton sk = BuildSkeleton(RigKind::kHumanoid, Proportions{});
  Performance p(sk, FlatStage(12.0), {});
  int closed = 0, open = 0;
  for (int i = 0; i < 12 * 100; ++i) {
    const float b = p.Sample(i / 100.0, 0).blink;
    if (b > 0.8f) ++closed;
    if (b == 0.0f) ++open;
  }
  EXPECT_GT(closed, 0);
  EXPECT_GT(open, 1000);
}

}  // namespace
}  // namespace kinora::engine::world
