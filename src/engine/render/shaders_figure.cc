// The figure pass: one cast member per draw, inside its world-space quad.
// Parts are 2-D signed distance fields painted back to front; styles with
// outlines ink every part's edge. Local space: feet at the origin, height 1,
// x towards where the figure faces. The head positions here must agree with
// LocalFace() in scene_state.cc (the camera frames close-ups with it).
#include "engine/render/shaders.h"

namespace kinora::engine::render {
namespace {

constexpr const char* kUniforms = R"glsl(
uniform int u_kind;
uniform int u_shape;
uniform vec4 u_fig;      // feet.x, feet.y (world), height (world), facing
uniform vec4 u_pose0;    // offset.x, offset.y, angle, sit
uniform vec4 u_pose1;    // arm_l, arm_r, elbow_l, elbow_r
uniform vec4 u_pose2;    // lift_l, lift_r, gait, gait_amp
uniform vec4 u_pose3;    // head_tilt, head_bob, tail, breathe
uniform vec4 u_face;     // mouth_open, blink, has_face, 0
uniform vec3 u_col[5];
uniform vec4 u_traits;
uniform vec4 u_build;
uniform vec3 u_light;
uniform vec4 u_style;    // flat shading, outline (pixels), clay, fog
uniform vec3 u_fog_col;
uniform float u_shadow;  // contact shadow half-width, local units (0 = none)
out vec4 o_color;

vec3 g_col = vec3(0.0);
float g_a = 0.0;
float g_aa;   // one pixel in local units
float g_ink;  // outline width in local units
const vec3 INK = vec3(0.06, 0.05, 0.07);
const vec3 MOUTH = vec3(0.28, 0.05, 0.07);

vec3 shade(vec3 c, float d) {
  if (u_style.x > 0.5) return c;
  // Soft roundness: parts darken towards their edges.
  float k = mix(0.8, 1.04, smoothstep(0.0, -0.045, d));
  return c * mix(k, k * k, u_style.z);
}
// A part with an outline (when the style has one).
void paint(float d, vec3 c) {
  if (g_ink > 0.0) {
    float o = fill(d - g_ink, g_aa);
    g_col = mix(g_col, INK, o);
    g_a = max(g_a, o);
  }
  float f = fill(d, g_aa);
  g_col = mix(g_col, shade(c, d), f);
  g_a = max(g_a, f);
}
// A detail drawn flat without an outline (eyes, mouths, patterns).
void detail(float d, vec3 c) {
  float f = fill(d, g_aa);
  g_col = mix(g_col, c, f);
  g_a = max(g_a, f);
}
// A soft contact shadow on the ground; it shrinks and fades as the body lifts.
void shadow(vec2 q, float width) {
  float lift = clamp(u_pose0.y * 3.0, 0.0, 0.8);
  float d = sd_ellipse(q, vec2(width * (1.0 - 0.4 * lift), 0.035));
  float a = fill(d, g_aa * 4.0) * 0.3 * (1.0 - lift);
  g_col = mix(g_col, vec3(0.0), a / max(g_a + a, 1e-4));
  g_a = g_a + a * (1.0 - g_a);
}
vec2 arm_dir(float side, float angle) { return vec2(side * sin(angle), -cos(angle)); }

// A mouth whose height follows u_face.x: a closed line at 0, wide open at 1.
void mouth(vec2 q, vec2 centre, float r) {
  float open = u_face.x;
  vec2 rad = vec2(r * (0.2 + 0.06 * open), r * (0.035 + 0.3 * open));
  vec2 m = q - centre;
  float d = sd_ellipse(m, rad);
  detail(d, MOUTH);
  if (open > 0.2) {
    float tongue = max(d, sd_circle(m - vec2(0.0, -rad.y * 1.1), rad.x * 0.75));
    detail(tongue, vec3(0.85, 0.38, 0.42));
    float teeth = max(d, -(m.y - rad.y * 0.55));
    detail(teeth, vec3(0.96));
  }
}

void eye(vec2 q, vec2 centre, float r, vec3 iris) {
  float blink = u_face.y;
  vec2 m = q - centre;
  float d = sd_ellipse(m, vec2(r * 0.11, max(r * 0.16 * (1.0 - blink), r * 0.018)));
  detail(d, iris);
  if (blink < 0.5) detail(sd_circle(m - vec2(r * 0.035, r * 0.05), r * 0.04), vec3(1.0));
}
)glsl";

constexpr const char* kPerson = R"glsl(
void person_head(vec2 q, vec2 hc, float hr) {
  vec3 skin = u_col[0];
  vec3 hair = u_col[1];
  float long_hair = u_traits.w;
  if (long_hair < -0.5) hair = skin * 0.92;
  // Ears, head, hair cap with a fringe.
  paint(sd_circle(vec2(abs(q.x - hc.x), q.y) - vec2(hr * 0.95, hc.y - 0.1 * hr), hr * 0.22), skin);
  paint(sd_ellipse(q - hc, vec2(hr, hr * 1.05)), skin);
  if (long_hair > -0.5) {
    float cap = sd_circle(q - hc - vec2(0.0, 0.14 * hr), hr * 1.06);
    float face = sd_ellipse(q - hc - vec2(0.1 * hr, -0.3 * hr), vec2(hr * 0.92, hr * 0.95));
    paint(max(cap, -face), hair);
  }
  if (u_traits.y > 0.5) {  // cap with a brim
    float dome = max(sd_circle(q - hc - vec2(0.0, 0.3 * hr), hr * 1.02), -(q.y - hc.y - 0.45 * hr));
    paint(dome, u_col[4]);
    paint(sd_rbox(q - hc - vec2(0.45 * hr, 0.47 * hr), vec2(hr * 0.8, hr * 0.08), hr * 0.06),
          u_col[4] * 0.85);
  }
  // Face.
  vec3 iris = vec3(0.12, 0.09, 0.08);
  eye(q, hc + vec2(-0.36 * hr, 0.02 * hr), hr, iris);
  eye(q, hc + vec2(0.36 * hr, 0.02 * hr), hr, iris);
  vec2 bq = vec2(abs(q.x - hc.x), q.y - hc.y);
  detail(sd_segment(bq, vec2(0.22, 0.3) * hr, vec2(0.5, 0.34) * hr, 0.04 * hr), hair * 0.7);
  detail(sd_ellipse(q - hc - vec2(0.0, -0.17 * hr), vec2(0.07, 0.05) * hr), skin * 0.82);
  float blush = sd_circle(bq - vec2(0.55, -0.3) * hr, 0.14 * hr);
  g_col = mix(g_col, vec3(0.95, 0.5, 0.5), 0.25 * fill(blush, g_aa * 3.0));
  mouth(q, hc + vec2(0.0, -0.5 * hr), hr);
  if (u_traits.x > 0.5) {  // glasses / sunglasses
    float lens = sd_circle(bq - vec2(0.36, 0.02) * hr, 0.24 * hr);
    if (u_traits.x > 1.5) detail(lens, vec3(0.05));
    detail(abs(lens) - 0.035 * hr, vec3(0.08));
    detail(sd_segment(bq, vec2(0.0, 0.06) * hr, vec2(0.14, 0.06) * hr, 0.03 * hr), vec3(0.08));
  }
}

void person(vec2 q) {
  float hs = u_build.x;
  float hr = 0.105 * hs;
  float sit = u_pose0.w;
  float breathe = u_pose3.w;
  vec2 hc = vec2(0.0, 0.98 - hr - 0.22 * sit + u_pose3.y);
  float shoulder_y = 0.98 - 2.0 * hr - 0.035 - 0.22 * sit;
  float hip_y = shoulder_y * 0.6 - 0.08 * sit;
  float torso_half = 0.5 * (shoulder_y - hip_y);
  vec3 skin = u_col[0], top = u_col[2], bottom = u_col[3], shoes = u_col[4];
  bool dress = u_build.y > 0.5;
  if (u_traits.y > 0.5) shoes = vec3(0.16, 0.14, 0.14);
  if (sit > 0.5) paint(sd_rbox(q - vec2(0.0, hip_y - 0.05), vec2(0.17, 0.03), 0.01), vec3(0.4, 0.26, 0.16));
  // Long hair falls behind the shoulders.
  if (u_traits.w > 0.5) {
    vec2 hq = rot(u_pose3.x) * (q - vec2(0.0, shoulder_y)) + vec2(0.0, shoulder_y);
    paint(sd_rbox(hq - hc - vec2(0.0, -0.55 * hr), vec2(1.08 * hr, 0.9 * hr), 0.5 * hr), u_col[1]);
  }
  // Legs and shoes.
  vec3 leg_col = dress ? skin : bottom;
  for (int i = 0; i < 2; i++) {
    float side = i == 0 ? -1.0 : 1.0;
    float lift = i == 0 ? u_pose2.x : u_pose2.y;
    vec2 hip = vec2(side * 0.055, hip_y);
    vec2 foot = vec2(side * (0.07 + 0.04 * sit), 0.045 + 0.13 * lift);
    paint(sd_segment(q, hip, foot, 0.045), leg_col);
    paint(sd_ellipse(q - foot - vec2(side * 0.012, -0.02), vec2(0.055, 0.03)), shoes);
  }
  // Torso (a dress flares to the knees).
  float chest = 1.0 + 0.012 * breathe;
  float body = dress ? sd_trapezoid(q - vec2(0.0, 0.5 * (shoulder_y + 0.2)), 0.11 * chest, 0.2,
                                    0.5 * (shoulder_y - 0.2)) - 0.02
                     : sd_trapezoid(q - vec2(0.0, hip_y + torso_half), 0.1, 0.115 * chest,
                                    torso_half) - 0.025;
  paint(sd_rbox(q - vec2(0.0, shoulder_y + 0.02), vec2(0.032, 0.04), 0.01), skin);
  paint(body, top);
  if (!dress) detail(abs(q.y - hip_y - 0.01) - 0.006 + max(abs(q.x) - 0.1, 0.0), top * 0.7);
  if (u_traits.z > 0.5) {  // gold chain
    float chain = abs(sd_ellipse(q - vec2(0.0, shoulder_y + 0.005), vec2(0.065, 0.07))) - 0.007;
    detail(max(chain, q.y - shoulder_y), vec3(0.95, 0.78, 0.25));
  }
  // Arms: upper arm in the top's colour, hands in skin.
  for (int i = 0; i < 2; i++) {
    float side = i == 0 ? -1.0 : 1.0;
    float a = i == 0 ? u_pose1.x : u_pose1.y;
    float bend = i == 0 ? u_pose1.z : u_pose1.w;
    vec2 shoulder = vec2(side * 0.115, shoulder_y - 0.025);
    vec2 elbow = shoulder + arm_dir(side, a) * 0.15;
    vec2 hand = elbow + arm_dir(side, a - bend) * 0.14;
    paint(sd_segment(q, shoulder, elbow, 0.034), top);
    paint(sd_segment(q, elbow, hand, 0.03), top * 0.95);
    paint(sd_circle(q - hand, 0.034), skin);
  }
  // The head tilts about the neck.
  vec2 neck = vec2(0.0, shoulder_y + 0.03);
  vec2 hq = rot(u_pose3.x) * (q - neck) + neck;
  person_head(hq, hc, hr);
}
)glsl";

constexpr const char* kAnimals = R"glsl(
void animal_mouth(vec2 q, vec2 centre, float w) {
  float open = u_face.x;
  vec2 m = q - centre;
  float d = sd_ellipse(m, vec2(w * (0.9 + 0.2 * open), w * (0.1 + 0.7 * open)));
  detail(d, MOUTH);
  if (open > 0.35) detail(max(d, sd_circle(m - vec2(-0.2 * w, -0.55 * w * open), 0.5 * w)), u_col[4]);
}

void quadruped(vec2 q) {
  float legs = u_build.x;
  float rx = 0.31 * u_build.y;
  int ears = int(u_traits.x + 0.5);
  float snout = u_traits.y;
  vec3 fur = u_col[0], fur2 = u_col[1];
  vec2 body_c = vec2(0.0, legs + 0.16);
  vec2 hc = vec2(rx + 0.05, 0.8 + u_pose3.y);
  float g = u_pose2.z, amp = u_pose2.w;
  // Tail, far legs, body, near legs, neck, head.
  float wag = u_pose3.z;
  vec2 tail0 = vec2(-rx + 0.03, legs + 0.22);
  vec2 tail1 = tail0 + rot(wag * 0.5) * vec2(-0.16, 0.2) * (0.4 + u_traits.z);
  paint(sd_segment(q, tail0, tail1, 0.035 + 0.02 * (1.0 - u_traits.z)), fur);
  for (int i = 0; i < 4; i++) {
    bool front = i == 1 || i == 3;
    bool far_side = i < 2;
    float x = front ? rx * 0.62 : -rx * 0.68;
    float swing = sin(g + (front ? 0.0 : PI) + (far_side ? PI : 0.0)) * amp;
    vec2 hip = vec2(x + (far_side ? 0.04 : 0.0), legs + 0.1);
    vec2 foot = hip + rot(swing) * vec2(0.0, -(legs + 0.08));
    vec3 c = far_side ? fur * 0.72 : fur;
    if (i == 2) {  // body goes between the far and near legs
      paint(sd_ellipse(q - body_c, vec2(rx, 0.19)), fur);
      detail(sd_ellipse(q - body_c - vec2(0.02, -0.09), vec2(rx * 0.8, 0.09)), mix(fur, fur2, 0.5));
      if (u_traits.w > 0.5) {
        vec2 sp = (q - body_c) * 14.0;
        float spot = length(fract(sp) - 0.5) - 0.22 * hash2(floor(sp), 97u);
        detail(max(spot / 14.0, sd_ellipse(q - body_c, vec2(rx, 0.19))), fur2);
      }
    }
    paint(sd_segment(q, hip, foot, 0.05), c);
    paint(sd_ellipse(q - foot - vec2(0.02, 0.015), vec2(0.055, 0.03)), c * 0.9);
  }
  paint(sd_segment(q, vec2(rx * 0.7, legs + 0.2), hc - vec2(0.03, 0.05), 0.1), fur);
  if (u_build.z > 0.5) detail(sd_segment(q, vec2(rx * 0.82, legs + 0.28), vec2(rx + 0.02, legs + 0.33), 0.03), u_col[3]);
  // Ears behind or on top of the head.
  vec2 eq = q - hc;
  if (ears == EAR_POINTY) {
    paint(sd_triangle(eq, vec2(-0.14, 0.08), vec2(-0.02, 0.12), vec2(-0.1, 0.26)), fur);
    paint(sd_triangle(eq, vec2(-0.02, 0.1), vec2(0.1, 0.1), vec2(0.02, 0.25)), fur);
  } else if (ears == EAR_LONG) {
    paint(sd_ellipse(rot(0.25) * (eq - vec2(-0.07, 0.3)), vec2(0.045, 0.2)), fur);
    paint(sd_ellipse(rot(-0.1) * (eq - vec2(0.02, 0.31)), vec2(0.045, 0.2)), fur);
  } else if (ears == EAR_ROUND) {
    paint(sd_circle(eq - vec2(-0.09, 0.13), 0.06), fur);
  }
  paint(sd_circle(eq, 0.17), fur);
  vec2 sc = vec2(0.13 + 0.06 * snout, -0.05);
  paint(sd_ellipse(eq - sc, vec2(0.07 + 0.07 * snout, 0.075)), fur2);
  detail(sd_circle(eq - sc - vec2(0.06 + 0.06 * snout, 0.035), 0.032), u_col[2]);
  animal_mouth(eq, sc + vec2(0.0, -0.055), 0.065 + 0.03 * snout);
  eye(eq, vec2(0.05, 0.05), 0.17 * 1.8, u_col[2]);
  if (ears == EAR_FLOPPY) {
    paint(sd_ellipse(rot(-0.35 + 0.1 * u_pose3.z) * (eq - vec2(-0.08, -0.02)), vec2(0.055, 0.13)), fur * 0.8);
  }
}

void bird(vec2 q) {
  vec3 c = u_col[0], c2 = u_col[1];
  vec2 hc = vec2(0.22, 0.74 + u_pose3.y);
  paint(sd_segment(q, vec2(0.03, 0.2), vec2(0.05, 0.0), 0.018), vec3(0.95, 0.6, 0.15));
  paint(sd_segment(q, vec2(-0.05, 0.2), vec2(-0.04, 0.0), 0.018), vec3(0.95, 0.6, 0.15));
  paint(sd_triangle(q, vec2(-0.25, 0.45), vec2(-0.5, 0.62), vec2(-0.45, 0.36)), c * 0.8);
  paint(sd_ellipse(q - vec2(0.0, 0.42), vec2(0.3, 0.23)), c);
  detail(sd_ellipse(q - vec2(0.06, 0.34), vec2(0.18, 0.12)), mix(c, c2, 0.5));
  paint(sd_circle(q - hc, 0.2), c);
  // The beak opens with the voice.
  float open = u_face.x;
  vec2 tip = hc + vec2(0.36, -0.04);
  paint(sd_triangle(q, hc + vec2(0.15, 0.06), tip + vec2(0.0, 0.02 * open), hc + vec2(0.15, -0.04)), c2);
  paint(sd_triangle(q, hc + vec2(0.15, -0.04), tip - vec2(0.03, 0.02 + 0.12 * open), hc + vec2(0.15, -0.07 - 0.02 * open)), c2 * 0.85);
  detail(sd_triangle(q, hc + vec2(0.15, -0.04), tip - vec2(0.02, 0.02 + 0.06 * open), hc + vec2(0.15, -0.04 - 0.03 * open)), MOUTH);
  eye(q, hc + vec2(0.06, 0.05), 0.45, vec3(0.05));
  vec2 wq = rot(0.3 + 0.6 * u_pose3.z) * (q - vec2(-0.05, 0.5));
  paint(sd_ellipse(wq - vec2(-0.12, 0.0), vec2(0.2, 0.09)), c * 0.85);
}

void fish(vec2 q) {
  vec3 c = u_col[0], c2 = u_col[1];
  float wag = u_pose3.z * 0.5;
  vec2 tq = rot(wag) * (q - vec2(-0.4, 0.5));
  paint(sd_triangle(tq, vec2(0.05, 0.0), vec2(-0.25, 0.2), vec2(-0.25, -0.2)), c * 0.85);
  paint(sd_ellipse(q - vec2(0.0, 0.5), vec2(0.48, 0.28)), c);
  vec2 sq = q - vec2(0.0, 0.5);
  detail(max(sd_ellipse(sq, vec2(0.48, 0.28)), abs(sq.x + 0.08) - 0.05), c2);
  paint(sd_triangle(q, vec2(-0.1, 0.72), vec2(0.15, 0.75), vec2(-0.15, 0.92)), c * 0.85);
  eye(q, vec2(0.28, 0.58), 0.4, vec3(0.05));
  animal_mouth(q, vec2(0.43, 0.44), 0.06);
}
)glsl";

constexpr const char* kObjects = R"glsl(
void prop_face(vec2 q, vec2 centre, float r) {
  if (u_face.z < 0.5) return;
  eye(q, centre + vec2(-0.36 * r, 0.15 * r), r, vec3(0.05));
  eye(q, centre + vec2(0.36 * r, 0.15 * r), r, vec3(0.05));
  mouth(q, centre + vec2(0.0, -0.35 * r), r);
}

void prop(vec2 q) {
  vec3 c = u_col[0], c2 = u_col[1];
  int shape = u_shape;
  if (shape == PROP_BALL) {
    vec2 m = q - vec2(0.0, 0.5);
    paint(sd_circle(m, 0.5), c);
    detail(max(sd_circle(m, 0.5), abs(m.y + 0.15 * m.x) - 0.07), c2);
    detail(sd_circle(m - vec2(-0.18, 0.2), 0.09), vec3(1.0) * 0.9);
    prop_face(q, vec2(0.0, 0.5), 0.4);
  } else if (shape == PROP_BOARD) {
    paint(sd_segment(q, vec2(-2.1, 0.75), vec2(2.1, 0.75), 0.25), c);
    detail(sd_segment(q, vec2(-1.9, 0.85), vec2(1.9, 0.85), 0.06), c2);
    paint(sd_circle(q - vec2(-1.4, 0.25), 0.25), vec3(0.15));
    paint(sd_circle(q - vec2(1.4, 0.25), 0.25), vec3(0.15));
    prop_face(q, vec2(0.0, 0.75), 0.6);
  } else if (shape == PROP_CAR) {
    paint(sd_rbox(q - vec2(-0.1, 0.85), vec2(0.6, 0.25), 0.15), c * 0.95);
    detail(sd_rbox(q - vec2(-0.1, 0.87), vec2(0.5, 0.17), 0.1), vec3(0.6, 0.8, 0.95));
    paint(sd_rbox(q - vec2(0.0, 0.45), vec2(1.1, 0.26), 0.12), c);
    paint(sd_circle(q - vec2(-0.65, 0.2), 0.2), vec3(0.12));
    paint(sd_circle(q - vec2(0.65, 0.2), 0.2), vec3(0.12));
    detail(sd_circle(q - vec2(1.0, 0.5), 0.06), vec3(1.0, 0.95, 0.7));
    prop_face(q, vec2(0.0, 0.48), 0.35);
  } else if (shape == PROP_CUP) {
    paint(abs(sd_circle(q - vec2(0.38, 0.5), 0.16)) - 0.05, c);
    paint(sd_trapezoid(q - vec2(0.0, 0.48), 0.26, 0.34, 0.44) - 0.04, c);
    detail(sd_ellipse(q - vec2(0.0, 0.9), vec2(0.3, 0.05)), vec3(0.35, 0.2, 0.1));
    prop_face(q, vec2(0.0, 0.45), 0.4);
  } else if (shape == PROP_SLAB) {
    paint(sd_rbox(q - vec2(0.0, 0.5), vec2(0.3, 0.5), 0.06), c);
    detail(sd_rbox(q - vec2(0.0, 0.52), vec2(0.24, 0.42), 0.03), c2);
    prop_face(q, vec2(0.0, 0.55), 0.3);
  } else {
    paint(sd_rbox(q - vec2(0.0, 0.5), vec2(0.55, 0.5), 0.05), c);
    detail(max(sd_rbox(q - vec2(0.0, 0.5), vec2(0.55, 0.5), 0.05), abs(q.x) - 0.07), c2);
    prop_face(q, vec2(0.0, 0.5), 0.45);
  }
}
)glsl";

constexpr const char* kMain = R"glsl(
void main() {
  vec2 p = to_world(gl_FragCoord.xy);
  float h = u_fig.z;
  g_aa = world_pixel() / h * 1.2;
  g_ink = u_style.y * (u_res.y / 720.0) * world_pixel() / h;
  vec2 q = (p - u_fig.xy) / h;
  if (u_shadow > 0.0) shadow(q, u_shadow);
  q -= u_pose0.xy;
  q.x *= u_fig.w;
  // Whole-body rotation (flips, falls) about the middle of the body.
  if (u_pose0.z != 0.0) {
    vec2 pivot = vec2(0.0, u_pose0.z < -0.5 ? 0.0 : 0.5);
    q = rot(u_pose0.z) * (q - pivot) + pivot;
  }
  int kind = u_kind;
  if (kind == KIND_PERSON) person(q);
  else if (kind == KIND_QUADRUPED) quadruped(q);
  else if (kind == KIND_BIRD) bird(q);
  else if (kind == KIND_FISH) fish(q);
  else prop(q);
  if (g_a <= 0.0) discard;
  vec3 c = g_col * u_light;
  c = mix(c, u_fog_col, u_style.w);
  o_color = vec4(c * g_a, g_a);  // premultiplied
}
)glsl";

}  // namespace

std::string FigureFragmentShader() {
  return shader_parts::Prelude() + kUniforms + kPerson + kAnimals + kObjects + kMain;
}

}  // namespace kinora::engine::render
