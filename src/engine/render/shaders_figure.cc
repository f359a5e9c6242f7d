// The figure pass: one cast member per draw, inside its world-space quad.
// Parts are 2-D signed distance fields painted back to front; styles with
// outlines ink every part's edge. Local space: feet at the origin, height 1,
// x towards where the figure faces. The head positions here must agree with
// LocalFace() and the skeleton in figure_parts.cc (quads and close-ups use them).
//
// Specialized by #defines (shader_variants.cc): KIND, PART_BODY / PART_HEAD / PART_FACE,
// accessories (GLASSES, SUNGLASSES, HAT, CHAIN, LONG_HAIR, BALD, DRESS),
// animal traits (EARS, SPOTS, COLLAR), PROP, FACE, and the style's FLAT,
// OUTLINE and CLAY.
#include "engine/render/shaders.h"

namespace kinora::engine::render {
namespace {

constexpr const char* kUniforms = R"glsl(
uniform vec4 u_fig;      // feet.x, feet.y (world), height (world), facing
uniform vec4 u_pose0;    // offset.x, offset.y, angle, sit
uniform vec4 u_pose1;    // arm_l, arm_r, elbow_l, elbow_r
uniform vec4 u_pose2;    // lift_l, lift_r, gait, gait_amp
uniform vec4 u_pose3;    // head_tilt, head_bob, tail, breathe
uniform vec4 u_face;     // mouth_open, blink, has_face, 0
uniform vec3 u_col[5];
uniform vec4 u_build;      // person: head scale; animal: legs, length, 0, 0
uniform vec3 u_light;
uniform vec4 u_style;    // 0, outline (pixels at 720p), 0, fog
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
#ifdef FLAT
  return c;
#else
  // Soft roundness: parts darken towards their edges (clay: more strongly).
  float k = mix(0.8, 1.04, smoothstep(0.0, -0.045, d));
#ifdef CLAY
  k *= k;
#endif
  return c * k;
#endif
}
// A part with an outline (when the style has one).
void paint(float d, vec3 c) {
#ifdef OUTLINE
  float o = fill(d - g_ink, g_aa);
  g_col = mix(g_col, INK, o);
  g_a = max(g_a, o);
#endif
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
// A translucent layer of opacity `a` composited over what is painted so far.
void glaze(float a, vec3 c) {
  float out_a = g_a + a * (1.0 - g_a);
  g_col = mix(g_col, c, a / max(out_a, 1e-4));
  g_a = out_a;
}
// A soft contact shadow on the ground; it shrinks and fades as the body lifts.
void shadow(vec2 q, float width) {
  float lift = clamp(u_pose0.y * 3.0, 0.0, 0.8);
  float d = sd_ellipse(q, vec2(width * (1.0 - 0.4 * lift), 0.035));
  glaze(fill(d, g_aa * 4.0) * 0.3 * (1.0 - lift), vec3(0.0));
}
vec2 arm_dir(float side, float angle) { return vec2(side * sin(angle), -cos(angle)); }

// A mouth whose height follows u_face.x: a closed line at 0, wide open at 1.
void mouth(vec2 q, vec2 centre, float r) {
  float open = u_face.x;
  vec2 rad = vec2(r * (0.2 + 0.06 * open), r * (0.035 + 0.3 * open));
  vec2 m = q - centre;
  float d = sd_ellipse(m, rad);
  detail(d, MOUTH);
  // Tongue and teeth appear as the mouth opens.
  float inner = clamp((open - 0.15) * 4.0, 0.0, 1.0);
  float tongue = max(d, sd_circle(m - vec2(0.0, -rad.y * 1.1), rad.x * 0.75));
  detail(tongue + (1.0 - inner) * r, vec3(0.85, 0.38, 0.42));
  float teeth = max(d, -(m.y - rad.y * 0.55));
  detail(teeth + (1.0 - inner) * r, vec3(0.96));
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
// The skeleton; figure_parts.cc mirrors these numbers to size the quads.
float g_hr;          // head radius
vec2 g_hc;           // head centre
float g_shoulder_y;
float g_hip_y;
void person_frame() {
  g_hr = 0.105 * u_build.x;
  float sit = u_pose0.w;
  g_hc = vec2(0.0, 0.98 - g_hr - 0.22 * sit + u_pose3.y);
  g_shoulder_y = 0.98 - 2.0 * g_hr - 0.035 - 0.22 * sit;
  g_hip_y = g_shoulder_y * 0.6 - 0.08 * sit;
}
// The head tilts about the neck.
vec2 head_space(vec2 q) {
  vec2 neck = vec2(0.0, g_shoulder_y + 0.03);
  return rot(u_pose3.x) * (q - neck) + neck;
}

void person_head(vec2 q) {
  vec2 hc = g_hc;
  float hr = g_hr;
  vec3 skin = u_col[0];
  vec3 hair = u_col[1];
#ifdef BALD
  hair = skin * 0.92;
#endif
  vec2 bq = vec2(abs(q.x - hc.x), q.y - hc.y);
  // Ears, head, hair cap with a side fringe.
  paint(sd_circle(bq - vec2(hr * 0.95, -0.1 * hr), hr * 0.22), skin);
  paint(sd_ellipse(q - hc, vec2(hr, hr * 1.05)), skin);
#ifndef BALD
  float cap = sd_circle(q - hc - vec2(0.0, 0.14 * hr), hr * 1.06);
  float face = sd_ellipse(q - hc - vec2(0.1 * hr, -0.3 * hr), vec2(hr * 0.92, hr * 0.95));
  paint(max(cap, -face), hair);
#endif
#ifdef HAT
  float dome = max(sd_circle(q - hc - vec2(0.0, 0.3 * hr), hr * 1.02), -(q.y - hc.y - 0.45 * hr));
  paint(dome, u_col[4]);
  paint(sd_rbox(q - hc - vec2(0.45 * hr, 0.47 * hr), vec2(hr * 0.8, hr * 0.08), hr * 0.06),
        u_col[4] * 0.85);
#endif
}

void person_face(vec2 q) {
  vec2 hc = g_hc;
  float hr = g_hr;
  vec3 skin = u_col[0];
  vec3 hair = u_col[1];
  vec2 bq = vec2(abs(q.x - hc.x), q.y - hc.y);
  vec3 iris = vec3(0.12, 0.09, 0.08);
  eye(q, hc + vec2(-0.36 * hr, 0.02 * hr), hr, iris);
  eye(q, hc + vec2(0.36 * hr, 0.02 * hr), hr, iris);
  detail(sd_segment(bq, vec2(0.2, 0.33) * hr, vec2(0.5, 0.32) * hr, 0.04 * hr), hair * 0.7);
  detail(sd_ellipse(q - hc - vec2(0.0, -0.17 * hr), vec2(0.07, 0.05) * hr), skin * 0.82);
  float blush = sd_circle(bq - vec2(0.55, -0.3) * hr, 0.14 * hr);
  glaze(0.25 * fill(blush, g_aa * 3.0), vec3(0.95, 0.5, 0.5));
  mouth(q, hc + vec2(0.0, -0.5 * hr), hr);
#if defined(GLASSES) || defined(SUNGLASSES)
  float lens = sd_circle(bq - vec2(0.36, 0.02) * hr, 0.24 * hr);
#ifdef SUNGLASSES
  detail(lens, vec3(0.05));
#endif
  detail(abs(lens) - 0.035 * hr, vec3(0.08));
  detail(sd_segment(bq, vec2(0.0, 0.06) * hr, vec2(0.14, 0.06) * hr, 0.03 * hr), vec3(0.08));
#endif
}

void person_body(vec2 q) {
  float sit = u_pose0.w;
  float breathe = u_pose3.w;
  float shoulder_y = g_shoulder_y, hip_y = g_hip_y;
  float torso_half = 0.5 * (shoulder_y - hip_y);
  vec3 skin = u_col[0], top = u_col[2], bottom = u_col[3], shoes = u_col[4];
#ifdef HAT
  shoes = vec3(0.16, 0.14, 0.14);
#endif
  // A stool appears under a sitting figure.
  float stool = sd_rbox(q - vec2(0.0, hip_y - 0.05), vec2(0.17, 0.03), 0.01);
  paint(stool + step(sit, 0.5), vec3(0.4, 0.26, 0.16));
#ifdef LONG_HAIR
  // Long hair falls behind the shoulders.
  vec2 hq = head_space(q);
  paint(sd_rbox(hq - g_hc - vec2(0.0, -0.55 * g_hr), vec2(1.08 * g_hr, 0.9 * g_hr), 0.5 * g_hr), u_col[1]);
#endif
  // Legs and shoes.
#ifdef DRESS
  vec3 leg_col = skin;
#else
  vec3 leg_col = bottom;
#endif
  for (int i = 0; i < 2; i++) {
    float side = i == 0 ? -1.0 : 1.0;
    float lift = i == 0 ? u_pose2.x : u_pose2.y;
    vec2 hip = vec2(side * 0.055, hip_y);
    vec2 foot = vec2(side * (0.07 + 0.04 * sit), 0.045 + 0.13 * lift);
    paint(sd_segment(q, hip, foot, 0.045), leg_col);
    paint(sd_ellipse(q - foot - vec2(side * 0.012, -0.02), vec2(0.055, 0.03)), shoes);
  }
  // Neck and torso (a dress flares to the knees).
  float chest = 1.0 + 0.012 * breathe;
  paint(sd_rbox(q - vec2(0.0, shoulder_y + 0.02), vec2(0.032, 0.04), 0.01), skin);
#ifdef DRESS
  paint(sd_trapezoid(q - vec2(0.0, 0.5 * (shoulder_y + 0.2)), 0.11 * chest, 0.2,
                     0.5 * (shoulder_y - 0.2)) - 0.02, top);
#else
  paint(sd_trapezoid(q - vec2(0.0, hip_y + torso_half), 0.1, 0.115 * chest, torso_half) - 0.025,
        top);
  detail(abs(q.y - hip_y - 0.01) - 0.006 + max(abs(q.x) - 0.1, 0.0), top * 0.7);
#endif
#ifdef CHAIN
  float chain = abs(sd_ellipse(q - vec2(0.0, shoulder_y + 0.005), vec2(0.065, 0.07))) - 0.007;
  detail(max(chain, q.y - shoulder_y), vec3(0.95, 0.78, 0.25));
#endif
  // Arms: sleeves in the top's colour, hands in skin.
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

// Quadruped skeleton (side view, facing +x); figure_parts.cc mirrors it.
float g_rx;    // half body length
float g_legs;  // leg length
vec2 g_body;   // body centre
void quadruped_frame() {
  g_legs = u_build.x;
  g_rx = 0.31 * u_build.y;
  g_body = vec2(0.0, g_legs + 0.18);
  g_hc = vec2(g_rx + 0.05, 0.8 + u_pose3.y);
}

void quadruped_body(vec2 q) {
  float legs = g_legs, rx = g_rx;
  vec3 fur = u_col[0], fur2 = u_col[1];
  float g = u_pose2.z, amp = u_pose2.w;
  // Tail, far legs, body, near legs, neck.
  float wag = u_pose3.z;
  vec2 tail0 = vec2(-rx + 0.03, legs + 0.22);
  vec2 tail1 = tail0 + rot(wag * 0.5) * vec2(-0.16, 0.2) * (0.4 + u_build.w);
  paint(sd_segment(q, tail0, tail1, 0.035 + 0.02 * (1.0 - u_build.w)), fur);
  for (int i = 0; i < 4; i++) {
    bool front = i == 1 || i == 3;
    bool far_side = i < 2;
    float x = front ? rx * 0.62 : -rx * 0.68;
    float swing = sin(g + (front ? 0.0 : PI) + (far_side ? PI : 0.0)) * amp;
    vec2 hip = vec2(x + (far_side ? 0.04 : 0.0), legs + 0.1);
    vec2 foot = hip + rot(swing) * vec2(0.0, -(legs + 0.08));
    vec3 c = far_side ? fur * 0.72 : fur;
    if (i == 2) {  // the body goes between the far and the near legs
      float body = sd_ellipse(q - g_body, vec2(rx, 0.22));
      paint(body, fur);
      detail(sd_ellipse(q - g_body - vec2(0.02, -0.1), vec2(rx * 0.8, 0.09)), mix(fur, fur2, 0.5));
#ifdef SPOTS
      // Irregular patches: a noise threshold, scaled to an approximate distance.
      float patches = (0.6 - noise((q - g_body) * 8.0 + 3.0, 97u)) * 0.08;
      detail(max(patches, body), fur2);
#endif
    }
    paint(sd_segment(q, hip, foot, 0.066), c);
    paint(sd_ellipse(q - foot - vec2(0.025, 0.02), vec2(0.07, 0.038)), c * 0.9);
  }
  paint(sd_segment(q, vec2(rx * 0.7, legs + 0.24), g_hc - vec2(0.03, 0.05), 0.11), fur);
#ifdef COLLAR
  // A band across the neck, near the head.
  vec2 neck0 = vec2(rx * 0.7, legs + 0.24), neck1 = g_hc - vec2(0.03, 0.05);
  vec2 along = normalize(neck1 - neck0);
  vec2 centre = mix(neck0, neck1, 0.62);
  vec2 across = vec2(-along.y, along.x) * 0.1;
  detail(sd_segment(q, centre - across, centre + across, 0.026), u_col[3]);
#endif
}

void quadruped_head(vec2 q) {
  vec3 fur = u_col[0], fur2 = u_col[1];
  float snout = u_build.z;
  vec2 eq = q - g_hc;
#if EARS == EAR_POINTY
  paint(sd_triangle(eq, vec2(-0.14, 0.08), vec2(-0.02, 0.12), vec2(-0.1, 0.26)), fur);
  paint(sd_triangle(eq, vec2(-0.02, 0.1), vec2(0.1, 0.1), vec2(0.02, 0.25)), fur);
#elif EARS == EAR_LONG
  paint(sd_ellipse(rot(0.25) * (eq - vec2(-0.07, 0.3)), vec2(0.045, 0.2)), fur);
  paint(sd_ellipse(rot(-0.1) * (eq - vec2(0.02, 0.31)), vec2(0.045, 0.2)), fur);
#elif EARS == EAR_ROUND
  paint(sd_circle(eq - vec2(-0.09, 0.13), 0.06), fur);
#endif
  paint(sd_circle(eq, 0.17), fur);
  vec2 sc = vec2(0.13 + 0.06 * snout, -0.05);
  paint(sd_ellipse(eq - sc, vec2(0.07 + 0.07 * snout, 0.075)), fur2);
  detail(sd_circle(eq - sc - vec2(0.06 + 0.06 * snout, 0.035), 0.032), u_col[2]);
  animal_mouth(eq, sc + vec2(0.0, -0.055), 0.065 + 0.03 * snout);
  eye(eq, vec2(0.05, 0.05), 0.17 * 1.8, u_col[2]);
#if EARS == EAR_FLOPPY
  paint(sd_ellipse(rot(-0.35 + 0.1 * u_pose3.z) * (eq - vec2(-0.08, -0.02)), vec2(0.055, 0.13)),
        fur * 0.8);
#endif
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
  detail(sd_triangle(q, hc + vec2(0.15, -0.04), tip - vec2(0.02, 0.02 + 0.06 * open), hc + vec2(0.15, -0.05 - 0.03 * open)), MOUTH);
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
#ifdef FACE
  eye(q, centre + vec2(-0.36 * r, 0.15 * r), r, vec3(0.05));
  eye(q, centre + vec2(0.36 * r, 0.15 * r), r, vec3(0.05));
  mouth(q, centre + vec2(0.0, -0.35 * r), r);
#endif
}

void prop(vec2 q) {
  vec3 c = u_col[0], c2 = u_col[1];
#if PROP == PROP_BALL
  vec2 m = q - vec2(0.0, 0.5);
  paint(sd_circle(m, 0.5), c);
  detail(max(sd_circle(m, 0.5), abs(m.y + 0.15 * m.x) - 0.07), c2);
  detail(sd_circle(m - vec2(-0.18, 0.2), 0.09), vec3(0.9));
  prop_face(q, vec2(0.0, 0.5), 0.4);
#elif PROP == PROP_BOARD
  paint(sd_segment(q, vec2(-2.1, 0.75), vec2(2.1, 0.75), 0.25), c);
  detail(sd_segment(q, vec2(-1.9, 0.85), vec2(1.9, 0.85), 0.06), c2);
  paint(sd_circle(q - vec2(-1.4, 0.25), 0.25), vec3(0.15));
  paint(sd_circle(q - vec2(1.4, 0.25), 0.25), vec3(0.15));
  prop_face(q, vec2(0.0, 0.75), 0.6);
#elif PROP == PROP_CAR
  paint(sd_rbox(q - vec2(-0.1, 0.85), vec2(0.6, 0.25), 0.15), c * 0.95);
  detail(sd_rbox(q - vec2(-0.1, 0.87), vec2(0.5, 0.17), 0.1), vec3(0.6, 0.8, 0.95));
  paint(sd_rbox(q - vec2(0.0, 0.45), vec2(1.1, 0.26), 0.12), c);
  paint(sd_circle(q - vec2(-0.65, 0.2), 0.2), vec3(0.12));
  paint(sd_circle(q - vec2(0.65, 0.2), 0.2), vec3(0.12));
  detail(sd_circle(q - vec2(1.0, 0.5), 0.06), vec3(1.0, 0.95, 0.7));
  prop_face(q, vec2(0.0, 0.48), 0.35);
#elif PROP == PROP_CUP
  paint(abs(sd_circle(q - vec2(0.38, 0.5), 0.16)) - 0.05, c);
  paint(sd_trapezoid(q - vec2(0.0, 0.48), 0.26, 0.34, 0.44) - 0.04, c);
  detail(sd_ellipse(q - vec2(0.0, 0.9), vec2(0.3, 0.05)), vec3(0.35, 0.2, 0.1));
  prop_face(q, vec2(0.0, 0.45), 0.4);
#elif PROP == PROP_SLAB
  paint(sd_rbox(q - vec2(0.0, 0.5), vec2(0.3, 0.5), 0.06), c);
  detail(sd_rbox(q - vec2(0.0, 0.52), vec2(0.24, 0.42), 0.03), c2);
  prop_face(q, vec2(0.0, 0.55), 0.3);
#else
  paint(sd_rbox(q - vec2(0.0, 0.5), vec2(0.55, 0.5), 0.05), c);
  detail(max(sd_rbox(q - vec2(0.0, 0.5), vec2(0.55, 0.5), 0.05), abs(q.x) - 0.07), c2);
  prop_face(q, vec2(0.0, 0.5), 0.45);
#endif
}
)glsl";

constexpr const char* kMain = R"glsl(
void main() {
  vec2 p = to_world(gl_FragCoord.xy);
  float h = u_fig.z;
  g_aa = world_pixel() / h * 1.2;
  g_ink = u_style.y * (u_res.y / 720.0) * world_pixel() / h;
  vec2 q = (p - u_fig.xy) / h;
  q.x *= u_fig.w;
#ifndef PART_HEAD
  if (u_shadow > 0.0) shadow(q, u_shadow);
#endif
  q -= u_pose0.xy * vec2(u_fig.w, 1.0);
  // Whole-body rotation (flips, falls) about the middle of the body, or the feet for falls.
  vec2 pivot = vec2(0.0, u_pose0.z < -0.5 ? 0.0 : 0.5);
  q = rot(u_pose0.z) * (q - pivot) + pivot;
#if KIND == KIND_PERSON
  person_frame();
#if defined(PART_FACE)
  person_face(head_space(q));
#elif defined(PART_HEAD)
  person_head(head_space(q));
#else
  person_body(q);
#endif
#elif KIND == KIND_QUADRUPED
  quadruped_frame();
#ifdef PART_HEAD
  quadruped_head(q);
#else
  quadruped_body(q);
#endif
#elif KIND == KIND_BIRD
  bird(q);
#elif KIND == KIND_FISH
  fish(q);
#else
  prop(q);
#endif
  if (g_a <= 0.0) discard;
  vec3 c = g_col * u_light;
  c = mix(c, u_fog_col, u_style.w);
  o_color = vec4(c * g_a, g_a);  // premultiplied
}
)glsl";

}  // namespace

std::string FigureFragmentShader(const std::string& defines) {
  return shader_parts::Prelude(defines) + kUniforms + kPerson + kAnimals + kObjects + kMain;
}

}  // namespace kinora::engine::render
