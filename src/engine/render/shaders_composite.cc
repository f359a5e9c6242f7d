// The composite pass: reads the scene texture, applies the style (pixelation,
// paper and brush texture, ink outlines, colour grading), weather in front of
// everything (rain, snow, haze), vignette and grain. It writes image row r to
// framebuffer row r, so a plain glReadPixels yields rows top to bottom without
// a CPU flip. The text pass then blends text blocks over it.
//
// Specialized by #defines (draw_plan.cc): DOF, MOTION_BLUR, BODY_BLUR, PIXEL,
// PAPER, OUTLINE, POSTERIZE, SEPIA, GREY, VINTAGE, GRAIN, VIGNETTE, RAIN,
// SNOW, FOG.
#include "engine/render/shaders.h"

namespace kinora::engine::render {
namespace {

constexpr const char* kComposite = R"glsl(
uniform sampler2D u_scene;  // RGBA8, GL orientation (row 0 = bottom of the picture)
uniform vec4 u_grade;       // saturation, contrast, grain, vignette
uniform vec4 u_look;        // posterize levels, pixel size (fraction of height), paper, grey
uniform vec4 u_look2;       // sepia, outline (pixels at 720p), flicker, style id
uniform vec4 u_precip;      // kind (0 none, 1 rain, 2 snow), wind, fog, 0
uniform vec3 u_fog_col;
uniform float u_dof;        // depth-of-field blur radius in pixels
out vec4 o_color;

// Unfiltered reads: several times cheaper than texture() on a CPU rasterizer.
vec3 scene_at(vec2 pix) {
  ivec2 i = clamp(ivec2(pix), ivec2(0), ivec2(u_res) - 1);
  return texelFetch(u_scene, i, 0).rgb;
}

#ifdef DOF
// Depth of field: the cast (alpha = figure coverage) stays sharp; the set
// behind it is blurred over a disc. Taps that land on a figure do not count,
// so no figure colour halos into the background.
const vec2 DOF_TAPS[8] = vec2[8](vec2(1.0, 0.0), vec2(0.39, 0.39), vec2(0.0, 1.0), vec2(-0.39, 0.39),
                                 vec2(-1.0, 0.0), vec2(-0.39, -0.39), vec2(0.0, -1.0), vec2(0.39, -0.39));
vec3 depth_of_field(vec2 pix, vec3 c) {
  float focus = texelFetch(u_scene, clamp(ivec2(pix), ivec2(0), ivec2(u_res) - 1), 0).a;
  if (focus > 0.99) return c;
  vec3 sum = c;
  float weight = 1.0;
  for (int i = 0; i < 8; i++) {
    vec4 t = texelFetch(u_scene, clamp(ivec2(pix + DOF_TAPS[i] * u_dof), ivec2(0), ivec2(u_res) - 1), 0);
    float w = 1.0 - t.a;
    sum += t.rgb * w;
    weight += w;
  }
  return mix(sum / weight, c, focus);
}
#endif

#ifdef MOTION_BLUR
// Motion blur over the exposure (the style's shutter). Bodies carry their own
// screen motion in u_velocity (body_pass.h); everything else moved as the
// camera did. Reconstruction after McGuire et al., "A reconstruction filter
// for plausible motion blur" (2012), much simplified: the set is averaged
// along the camera's motion, skipping the cast (the camera follows it); a
// moving body is averaged along its own motion; and where a moving body
// passes over a pixel of the set, it covers that pixel for the share of the
// taps along its motion that land on it. A CPU rasterizer runs every branch,
// so each variant has one loop per kind of blur, with as many taps as the
// blur is long, and BODY_BLUR is drawn only around moving bodies.
uniform vec4 u_camera_open;  // the camera when the shutter opened
uniform int u_camera_taps;   // 0: the camera did not move enough to blur
const int MAX_TAPS = 8;

// Where the set point under scene pixel `pix` was on screen when the shutter opened.
vec2 opened_at(vec2 pix) {
  vec2 d = (pix - 0.5 * u_res) / u_res.y;  // frame heights from the centre
  float c = cos(u_camera.w), s = sin(u_camera.w);
  vec2 world = u_camera.xy + mat2(c, s, -s, c) * d / u_camera.z;
  vec2 u = (world - u_camera_open.xy) * u_camera_open.z;
  c = cos(-u_camera_open.w);
  s = sin(-u_camera_open.w);
  return 0.5 * u_res + mat2(c, s, -s, c) * u * u_res.y;
}

#ifdef BODY_BLUR
uniform sampler2D u_velocity;  // RG = 0.5 + pixels / 128, A = 1 on bodies; mipmapped
const float TILE_LOD = 4.0;    // 16-pixel neighbourhoods
vec2 decode_velocity(vec2 rg) { return (rg - 0.5) * 128.0; }
#endif

vec3 motion_blur(vec2 pix, vec3 c) {
  ivec2 here = clamp(ivec2(pix), ivec2(0), ivec2(u_res) - 1);
  vec3 set = c;
#ifndef DOF
  if (u_camera_taps > 0) {
    vec2 v = pix - opened_at(pix);
    vec3 sum = c;
    float weight = 1.0;
    for (int i = 0; i < MAX_TAPS; i++) {
      if (i >= u_camera_taps) break;
      vec2 at = pix + v * ((float(i) + 0.5) / float(u_camera_taps) - 0.5);
      vec4 t = texelFetch(u_scene, clamp(ivec2(at), ivec2(0), ivec2(u_res) - 1), 0);
      float w = 1.0 - t.a;
      sum += t.rgb * w;
      weight += w;
    }
    set = mix(sum / weight, c, texelFetch(u_scene, here, 0).a);
  }
#endif
#ifdef BODY_BLUR
  vec4 own = texelFetch(u_velocity, here, 0);
  vec4 tile = textureLod(u_velocity, pix / u_res, TILE_LOD);
  // Cleared texels hold 0.5: the tile's mean motion of the bodies alone.
  vec2 near = tile.a > 0.01 ? decode_velocity((tile.rg - 0.5 * (1.0 - tile.a)) / tile.a) : vec2(0.0);
  bool on_body = own.a > 0.5;
  vec2 v = on_body ? decode_velocity(own.rg) : near;
  float len = length(v);
  int n = len < 1.0 ? 0 : clamp(int(len * 0.5) + 2, 2, MAX_TAPS);
  vec3 sum = vec3(0.0);
  float covered = 0.0;
  for (int i = 0; i < MAX_TAPS; i++) {
    if (i >= n) break;
    float t = (float(i) + 0.5) / float(n) - 0.5;
    ivec2 q = clamp(ivec2(pix + v * t), ivec2(0), ivec2(u_res) - 1);
    vec4 tv = texelFetch(u_velocity, q, 0);
    // On a body every tap counts (its edges turn translucent over the set);
    // on the set, a body pixel counts when its own motion reaches here.
    if (on_body || (tv.a > 0.5 && abs(t) * len <= 0.5 * length(decode_velocity(tv.rg)) + 1.0)) {
      sum += texelFetch(u_scene, q, 0).rgb;
      covered += 1.0;
    }
  }
  if (n > 0) set = (sum + (on_body ? c : set) * (float(n) - covered)) / float(n);
#endif
  return set;
}
#endif

vec3 rain(vec2 img, vec3 c, float unit) {
  vec3 streaks = vec3(0.0);
  for (int layer = 0; layer < 2; layer++) {
    float lf = float(layer);
    vec2 r = img / unit;
    r.x += r.y * (0.12 + 0.1 * u_precip.y);
    float w = 9.0 + 6.0 * lf;
    float col = floor(r.x / w);
    float speed = 1300.0 + 500.0 * lf;
    float len = 26.0 + 18.0 * lf;
    float y = mod(r.y - u_time * speed + hash1(col, 131u + uint(layer)) * 900.0, 300.0 + 150.0 * lf);
    float x = abs(fract(r.x / w) - 0.5) * w;
    float drop = step(y, len) * (1.0 - smoothstep(0.4, 0.9 + 0.5 * lf, x));
    streaks += vec3(0.75, 0.8, 0.9) * drop * (0.16 + 0.12 * lf);
  }
  return c * 0.95 + streaks;
}

vec3 snow(vec2 img, vec3 c, float unit) {
  for (int layer = 0; layer < 2; layer++) {
    float lf = float(layer);
    float cell = 34.0 + 30.0 * lf;
    vec2 r = img / unit;
    r.y -= u_time * (45.0 + 40.0 * lf);
    r.x += sin(u_time * 0.8 + r.y * 0.02) * (10.0 + 25.0 * u_precip.y);
    vec2 id = floor(r / cell);
    if (hash2(id, 141u + uint(layer)) > 0.55) continue;
    vec2 centre = (id + 0.2 + 0.6 * vec2(hash2(id, 143u), hash2(id, 145u))) * cell;
    float size = 1.6 + 2.2 * lf + 1.2 * hash2(id, 147u);
    float flake = fill(length(r - centre) - size, 1.2);
    c = mix(c, vec3(0.97), flake * 0.9);
  }
  return c;
}

// 4x4 ordered dither thresholds in [0, 1).
const float BAYER[16] = float[16](0.0, 8.0, 2.0, 10.0, 12.0, 4.0, 14.0, 6.0,
                                  3.0, 11.0, 1.0, 9.0, 15.0, 7.0, 13.0, 5.0);

vec3 grade(vec3 c, vec2 cell) {
  float l = luma(c);
  c = mix(vec3(l), c, u_grade.x);
  c = (c - 0.5) * u_grade.y + 0.5;
#ifdef POSTERIZE
  ivec2 i = ivec2(mod(cell, 4.0));
  // Brightness is dithered, colour is not: greys stay grey, gradients do not band.
  float threshold = 0.5 + ((BAYER[i.y * 4 + i.x] + 0.5) / 16.0 - 0.5) * 0.6;
  float l_in = luma(clamp(c, 0.0, 1.0));
  float l_out = floor(l_in * u_look.x + threshold) / u_look.x;
  c = l_out + floor((c - l_in) * u_look.x + 0.5) / u_look.x;
#endif
#ifdef SEPIA
  float s = luma(c);
  c = vec3(s * 1.07 + 0.03, s * 0.9 + 0.02, s * 0.68);
#endif
#ifdef GREY
  c = vec3(smoothstep(0.0, 1.0, pow(clamp(luma(c), 0.0, 1.0), 0.8)));  // lifted S-curve
#endif
  return clamp(c, 0.0, 1.0);
}

void main() {
  vec2 img = gl_FragCoord.xy;               // image pixel, y down
  vec2 pix = vec2(img.x, u_res.y - img.y);  // the same pixel in the scene texture
  float unit = u_res.y / 1280.0;
#ifdef PIXEL
  float block = max(2.0, floor(u_look.y * u_res.y + 0.5));
  pix = (floor(pix / block) + 0.5) * block;
#endif
#ifdef PAPER
  // Brush / paper: the picture smears along a noise field, bleeds and darkens at edges.
  vec2 n = vec2(noise(pix / (7.0 * unit), 151u), noise(pix / (7.0 * unit) + 17.0, 151u)) - 0.5;
  pix += n * 8.0 * unit * u_look.z;
#endif
  vec3 c = scene_at(pix);
#ifdef DOF
  c = depth_of_field(pix, c);
#endif
#ifdef MOTION_BLUR
  c = motion_blur(pix, c);
#endif
#ifdef PAPER
  vec2 o = vec2(2.5 * unit, 0.0);
  vec3 blur = (scene_at(pix + o) + scene_at(pix - o) + scene_at(pix + o.yx) + scene_at(pix - o.yx)) * 0.25;
  float edge = length(blur - c);
  c = mix(c, blur, 0.5 * u_look.z);
  // Pigment pools at edges; washes are lighter and the paper shows through.
  c -= edge * 0.45 * u_look.z;
  float paper = hash2(floor(img / (2.0 * unit)), 153u) * 0.5 + noise(img / (9.0 * unit), 155u) * 0.5;
  c = mix(c, mix(c, vec3(1.0, 0.99, 0.96), 0.18) * (0.9 + 0.12 * paper), u_look.z);
#endif
#ifdef OUTLINE
  vec2 e = vec2(max(1.0, u_look2.y * 0.5 * u_res.y / 720.0), 0.0);
  float dx = luma(scene_at(pix + e)) - luma(scene_at(pix - e));
  float dy = luma(scene_at(pix + e.yx)) - luma(scene_at(pix - e.yx));
  c *= 1.0 - 0.85 * smoothstep(0.18, 0.4, length(vec2(dx, dy)));
#endif
#ifdef RAIN
  c = rain(img, c, unit);
#endif
#ifdef SNOW
  c = snow(img, c, unit);
#endif
#ifdef FOG
  c = mix(c, u_fog_col, u_precip.z * 0.12);
#endif
#ifdef PIXEL
  c = grade(c, floor(pix / block));
#else
  c = grade(c, floor(img));
#endif
#ifdef VIGNETTE
  vec2 v = img / u_res - 0.5;
  c *= 1.0 - u_grade.w * smoothstep(0.35, 0.85, length(v * vec2(u_res.x / u_res.y, 1.0)) * 1.2);
#endif
#ifdef VINTAGE
  // Flicker and the odd scratch.
  c *= 1.0 + u_look2.z;
  float lane = floor(img.x / (3.0 * unit));
  if (hash2(vec2(lane, floor(u_time * 24.0)), 161u) > 0.9985) c = mix(c, vec3(0.9, 0.85, 0.7), 0.5);
#endif
#ifdef GRAIN
  float frame = floor(u_time * 24.0);
  c += (hash2(floor(img / max(1.0, unit * 1.5)) + vec2(frame * 7.0, frame * 13.0), 171u) - 0.5) *
       u_grade.z;
#endif
  o_color = vec4(clamp(c, 0.0, 1.0), 1.0);
}
)glsl";

constexpr const char* kText = R"glsl(#version 300 es
precision highp float;
uniform sampler2D u_text;  // RG8, image orientation: r = glyph coverage, g = band opacity
uniform vec2 u_res;
out vec4 o_color;
// White glyphs with a drop shadow on a translucent dark band, as premultiplied
// colour: blended with (ONE, ONE_MINUS_SRC_ALPHA) this is
// mix(mix(picture, black, band+shadow), white, glyph).
void main() {
  ivec2 p = ivec2(gl_FragCoord.xy);
  vec2 t = texelFetch(u_text, p, 0).rg;
  int offset = int(max(1.0, floor(u_res.y / 500.0)));
  float shadow = texelFetch(u_text, max(p - ivec2(offset), ivec2(0)), 0).r;
  float dark = 1.0 - (1.0 - t.g * 0.62) * (1.0 - shadow * 0.75);
  float alpha = 1.0 - (1.0 - dark) * (1.0 - t.r);
  o_color = vec4(vec3(t.r), alpha);
}
)glsl";

}  // namespace

std::string CompositeFragmentShader(const std::string& defines) {
  return shader_parts::Prelude(defines) + kComposite;
}

std::string TextFragmentShader() { return kText; }

}  // namespace kinora::engine::render
