// The background pass: sky, sun or moon, stars, clouds, the far layer
// (mountains, buildings, tree lines, stands) and the ground of each layout.
//
// Background space `b`: like world space, but the horizon sits at y = HORIZON
// wherever the camera puts it on screen, and it magnifies less than the
// figures do, so close-ups keep a level horizon and a soft, distant backdrop.
// In a wide shot b equals world space exactly, so figures stand on the ground.
//
// Specialized by #defines (shader_variants.cc): LAYOUT, VARIANT, SPLIT_Y and
// PART_UPPER / PART_LOWER (which side of the split line this draw shades; the
// other side is discarded, which lets llvmpipe skip whole blocks), STARS,
// MOON, CLOUDS.
#include "engine/render/shaders.h"

namespace kinora::engine::render {
namespace {

constexpr const char* kUniforms = R"glsl(
uniform vec4 u_bg;           // horizon screen y, background zoom, sky zoom, parallax focus x
uniform vec3 u_zenith;
uniform vec3 u_horizon_col;
uniform vec3 u_sun_color;
uniform vec4 u_sun;          // x, height above horizon (sky units), radius, is moon
uniform float u_night;       // 0 day .. 1 night
#ifdef WATER
uniform sampler2D u_ocean;   // FFT sea surface (ocean.h): slope x, slope z, height; repeats
#endif
#ifdef PHYSICAL_SKY
// The Preetham daylight model (sky_model.h): Perez coefficients as (Y, x, y),
// the zenith values over F(0, θsun), the sun direction and the exposure.
uniform vec3 u_perez[5];
uniform vec3 u_sky_zenith;
uniform vec3 u_sky_sun;
uniform float u_sky_exposure;
#endif
uniform vec4 u_weather;      // cloud cover, greyness, wind, fog
uniform vec3 u_ground_near;
uniform vec3 u_ground_far;
uniform vec3 u_far;
uniform vec3 u_accent;
uniform vec3 u_light;
out vec4 o_color;

float g_px;   // one pixel in background units
vec3 g_emit;  // light sources: not dimmed by the time of day
)glsl";

constexpr const char* kSky = R"glsl(
vec3 clouds(vec2 s, vec3 col) {
#ifndef CLOUDS
  return col;
#endif
  float cover = u_weather.x;
  vec3 lit = mix(vec3(1.0), u_sun_color, 0.3) * mix(1.0, 0.32, u_night);
  vec3 shade = mix(u_horizon_col, u_zenith, 0.35) * 0.85 + 0.06;
  for (int layer = 0; layer < 2; layer++) {
    float lf = float(layer);
    float cw = 0.5 - 0.16 * lf;
    float x = s.x + u_time * (0.01 + 0.008 * lf) * u_weather.z + lf * 3.7;
    // A cloud spans less than a cell: this cell and the nearer neighbour suffice.
    float cell = floor(x / cw);
    float other = fract(x / cw) < 0.5 ? cell - 1.0 : cell + 1.0;
    for (int k = 0; k < 2; k++) {
      float c = k == 0 ? cell : other;
      if (hash1(c, 11u + uint(layer)) > cover + 0.12) continue;
      vec2 centre = vec2((c + 0.5 + (hash1(c, 21u) - 0.5) * 0.4) * cw,
                         0.2 + 0.24 * lf + (hash1(c, 31u) - 0.5) * 0.12);
      float size = (0.045 + 0.035 * hash1(c, 41u)) * (0.75 + 0.7 * cover) * (1.0 - 0.25 * lf);
      vec2 q = vec2(x, s.y) - centre;
      float d = sd_circle(q - vec2(0.0, size * 0.35), size);
      d = smin(d, sd_circle(q - vec2(-size * 1.05, 0.0), size * 0.72), size * 0.3);
      d = smin(d, sd_circle(q - vec2(size * 1.15, -size * 0.05), size * 0.66), size * 0.3);
      d = smin(d, sd_rbox(q + vec2(0.0, size * 0.3), vec2(size * 1.8, size * 0.32), size * 0.3),
               size * 0.25);
      float a = fill(d, g_px * 1.5);
      vec3 cc = mix(shade, lit, smoothstep(-size * 0.6, size * 0.9, q.y));
      cc = mix(cc, vec3(luma(cc)) * 0.8, u_weather.y);
      col = mix(col, cc, a * mix(0.92, 0.7, lf));
    }
  }
  return col;
}

vec3 stars(vec2 s, vec3 col, float amount) {
  vec2 g = s * 55.0;
  vec2 cell = floor(g);
  float h = hash2(cell, 1u);
  if (h < 0.86) return col;
  vec2 centre = cell + 0.5 + (vec2(hash2(cell, 2u), hash2(cell, 3u)) - 0.5) * 0.7;
  float twinkle = 0.65 + 0.35 * sin(u_time * (2.0 + 3.0 * h) + h * 60.0);
  float r = 0.05 + 0.09 * hash2(cell, 4u);
  float star = fill(length(g - centre) - r, 55.0 * g_px * 1.2);
  return col + vec3(1.0, 0.97, 0.9) * star * twinkle * amount;
}

vec3 sun_or_moon(vec2 s, vec3 col) {
  vec2 sp = u_sun.xy;
  float r = u_sun.z;
  float d = length(s - sp);
#ifndef MOON
  col += u_sun_color * (0.42 * exp(-d * 5.5) + 0.25 * exp(-d * 22.0)) * (1.0 - 0.6 * u_weather.x);
  float sun = fill(d - r, g_px * 1.5) * (1.0 - 0.85 * u_weather.y);
  return mix(col, min(u_sun_color * 1.15 + 0.15, vec3(1.0)), sun);
#endif
  col += u_sun_color * 0.16 * exp(-d * 9.0);
  float disc = fill(d - r, g_px * 1.5);
  float shadow = fill(length(s - sp - vec2(r * 0.45, r * 0.25)) - r * 0.92, g_px * 2.0);
  vec3 moon = u_sun_color * (0.88 + 0.12 * noise((s - sp) * 60.0 / r * 0.05, 5u));
  return mix(col, moon, disc * (1.0 - 0.88 * shadow));
}

#ifdef PHYSICAL_SKY
// Sky space → a view direction: the frame spans SKY_FOCAL sky units ahead.
const float SKY_FOCAL = 1.2;
vec3 physical_sky(vec2 s) {
  vec3 v = normalize(vec3(s.x, max(s.y, 0.0), SKY_FOCAL));
  float g = acos(clamp(dot(v, u_sky_sun), -1.0, 1.0));
  float cg = cos(g);
  vec3 f = (1.0 + u_perez[0] * exp(u_perez[1] / max(v.y, 0.01))) *
           (1.0 + u_perez[2] * exp(u_perez[3] * g) + u_perez[4] * cg * cg);
  vec3 Yxy = u_sky_zenith * f;
  float y = max(Yxy.z, 1e-4);
  vec3 XYZ = vec3(Yxy.y / y * Yxy.x, Yxy.x, (1.0 - Yxy.y - Yxy.z) / y * Yxy.x);
  vec3 rgb = max(mat3(3.2406, -0.9689, 0.0557, -1.5372, 1.8758, -0.2040, -0.4986, 0.0415, 1.0570) * XYZ,
                 vec3(0.0));
  // Exposure and a soft shoulder on luminance (hue and saturation kept), then
  // display gamma.
  float l = max(dot(rgb, vec3(0.2126, 0.7152, 0.0722)) * u_sky_exposure, 1e-5);
  rgb *= u_sky_exposure * (1.0 - exp(-l)) / l;
  // The model's horizon is paler than film renders it: a grading boost.
  float lum = dot(rgb, vec3(0.2126, 0.7152, 0.0722));
  rgb = max(mix(vec3(lum), rgb, 1.7), vec3(0.0));
  return pow(clamp(rgb, 0.0, 1.0), vec3(1.0 / 2.2));
}
#endif

vec3 sky(vec2 s) {
  float e = max(s.y, 0.0);
  vec3 col = mix(u_horizon_col, u_zenith, smoothstep(0.0, 0.7, pow(e, 0.8)));
#ifdef PHYSICAL_SKY
  col = mix(physical_sky(s), col, u_night);
#endif
  col = mix(col, vec3(luma(col)) * 0.9 + 0.05, u_weather.y * 0.8);
#ifdef STARS
  col = stars(s, col, u_night * smoothstep(0.02, 0.2, e));
#endif
  col = sun_or_moon(s, col);
  return clouds(s, col);
}

// Underwater: no sky, a deep-blue gradient with drifting light shafts and bubbles.
vec3 water_column(vec2 s, vec2 b) {
  vec3 col = mix(u_far, u_accent, smoothstep(-0.3, 0.8, s.y));
  float shafts = noise1(s.x * 7.0 + s.y * 2.5 + u_time * 0.15, 81u);
  col += u_accent * 0.35 * pow(shafts, 3.0) * smoothstep(-0.2, 0.6, s.y);
  vec2 g = vec2(b.x * 18.0, b.y * 18.0 - u_time * 0.6);
  vec2 cell = floor(g);
  if (hash2(cell, 82u) > 0.8) {
    vec2 c = cell + 0.5 + (vec2(hash2(cell, 83u), 0.0) - 0.5) * 0.6;
    float bub = length(g - c) - 0.12;
    col = mix(col, vec3(0.85, 0.95, 1.0), 0.6 * fill(abs(bub) - 0.025, 18.0 * g_px * 1.5));
  }
  return col;
}
)glsl";

constexpr const char* kFarLayers = R"glsl(
float ridge(float x, float height, uint salt) {
  float m = 0.55 * noise1(x * 3.0, salt) + 0.3 * (1.0 - abs(2.0 * noise1(x * 7.0, salt + 1u) - 1.0)) +
            0.15 * noise1(x * 19.0, salt + 2u);
  return height * m;
}

vec3 mountains(vec2 b, vec3 col, vec2 s) {
  float e = b.y - HORIZON;
  vec3 haze = mix(u_horizon_col, vec3(luma(u_horizon_col)), 0.3);
  float far_h = ridge(b.x * 0.8 + 3.0, 0.32, 91u) + 0.02;
  if (e < far_h) {
    vec3 c = mix(u_far, haze, 0.45) * u_light;
    if (e > far_h - 0.035 && far_h > 0.2) c = mix(c, vec3(0.97) * u_light, 0.85);
    col = mix(col, c, fill(e - far_h, g_px));
  }
  float near_h = ridge(b.x * 1.3 + 11.0, 0.2, 95u);
  if (e < near_h) {
    vec3 c = u_far * 0.78 * (0.9 + 0.2 * noise(b * 40.0, 96u)) * u_light;
    if (e > near_h - 0.02 && near_h > 0.14) c = mix(c, u_accent * u_light, 0.8);
    col = mix(col, c, fill(e - near_h, g_px));
  }
  return col;
}

vec3 city(vec2 b, vec3 col) {
  float e = b.y - HORIZON;
  for (int row = 0; row < 2; row++) {
    float rf = float(row);
    float bw = 0.07 + 0.03 * rf;
    float x = b.x + rf * 0.031;
    float i = floor(x / bw);
    float h = (0.08 + 0.26 * hash1(i, 51u + uint(row))) * (1.0 - 0.35 * rf);
    float inset = 0.004 + 0.01 * hash1(i, 53u);
    float lx = x - i * bw;
    if (e > h || lx < inset || lx > bw - inset) continue;
    vec3 c = u_far * (0.7 + 0.35 * hash1(i, 52u)) * (rf > 0.5 ? 0.8 : 1.0);
    if (row == 0) c = mix(c, u_horizon_col, 0.3);
    c *= u_light;
    vec2 w = vec2((lx - inset) / 0.014, e / 0.02);
    vec2 wc = floor(w);
    vec2 wf = fract(w);
    bool window = wf.x > 0.3 && wf.x < 0.75 && wf.y > 0.3 && wf.y < 0.75 && e < h - 0.012 &&
                  lx < bw - inset - 0.004;
    if (window) {
      float on = step(hash2(wc + vec2(i * 31.0, rf * 97.0), 54u), 0.1 + 0.6 * u_night);
      vec3 glass = mix(c * 0.6, mix(u_zenith, u_horizon_col, 0.5) * 0.8, 0.4 * (1.0 - u_night));
      c = mix(glass, c, 0.0);
      g_emit = u_accent * on * (0.35 + 0.75 * u_night);
    }
    return c;
  }
  return col;
}

vec3 tree_line(vec2 b, vec3 col, float height) {
  float e = b.y - HORIZON;
  float top = height * (0.55 + 0.3 * noise1(b.x * 9.0, 61u) + 0.25 * noise1(b.x * 31.0, 62u));
  if (e > top + g_px) return col;
  vec3 c = mix(u_far, u_horizon_col, 0.25) * (0.85 + 0.25 * noise(b * 70.0, 63u)) * u_light;
  return mix(col, c, fill(e - top, g_px));
}

vec3 dunes(vec2 b, vec3 col) {
  float e = b.y - HORIZON;
  float h = 0.05 + 0.035 * sin(b.x * 5.0 + 1.0) + 0.02 * noise1(b.x * 6.0, 71u);
  if (e > h + g_px) return col;
  vec3 c = mix(u_far, u_horizon_col, 0.3) * (0.9 + 0.15 * smoothstep(0.0, h, e)) * u_light;
  return mix(col, c, fill(e - h, g_px));
}

vec3 stands(vec2 b, vec3 col) {
  float e = b.y - HORIZON;
  if (e > 0.2) return col;
  if (e > 0.17) return mix(u_far * 0.5, u_far * 0.6, step(0.5, fract(b.x * 6.0))) * u_light;
  vec2 g = vec2(b.x * 140.0, e * 110.0);
  vec2 cell = floor(g);
  vec3 c = u_far * (0.85 + 0.15 * step(0.5, fract(e * 22.0))) * u_light;
  float fan = hash2(cell, 55u);
  if (fan < 0.75 && length(fract(g) - 0.5) < 0.38) {
    c = mix(vec3(0.9, 0.3, 0.25), vec3(0.25, 0.45, 0.9), hash2(cell, 56u));
    c = mix(c, vec3(0.95, 0.85, 0.6), step(0.7, hash2(cell, 57u))) * u_light * 0.9;
  }
  return c;
}

// Trees standing between the figures and the horizon, in background space.
vec3 mid_trees(vec2 b, vec3 col, float spacing, float ground_y, float scale, uint salt) {
  if (b.y < ground_y - 0.01 || b.y > ground_y + 0.3 * scale) return col;
  float i = floor(b.x / spacing);
  for (int k = -1; k <= 1; k++) {
    float c = i + float(k);
    if (hash1(c, salt) > 0.65) continue;
    float x = (c + 0.5 + (hash1(c, salt + 1u) - 0.5) * 0.5) * spacing;
    float s = scale * (0.75 + 0.4 * hash1(c, salt + 2u));
    vec2 q = b - vec2(x, ground_y);
    float trunk = sd_box(q - vec2(0.0, 0.05 * s), vec2(0.008 * s, 0.05 * s));
    float crown = sd_circle(q - vec2(0.0, 0.13 * s), 0.055 * s);
    crown = smin(crown, sd_circle(q - vec2(-0.04 * s, 0.1 * s), 0.04 * s), 0.02 * s);
    crown = smin(crown, sd_circle(q - vec2(0.04 * s, 0.1 * s), 0.042 * s), 0.02 * s);
    vec3 leaf = mix(u_far, u_ground_near, 0.35) * (0.8 + 0.3 * noise(q * 300.0 / s, salt + 3u));
    leaf *= 0.85 + 0.3 * smoothstep(-0.05 * s, 0.05 * s, q.y - 0.13 * s);
    col = mix(col, u_accent * 0.8 * u_light, fill(trunk, g_px));
    col = mix(col, leaf * u_light, fill(crown, g_px));
  }
  return col;
}
)glsl";

constexpr const char* kGrounds = R"glsl(
// Perspective helpers: depth below the horizon and a ground-plane x that
// converges to the vanishing point.
float ground_z(float d) { return 0.06 / max(d, 1e-4); }

// Fades patterns that would alias once they get finer than a pixel.
float detail(float phase) { return clamp(1.5 - fwidth(phase) * 3.0, 0.0, 1.0); }

#ifdef WATER
// Open water lit as a surface: the FFT sea's slopes (sampled on the water
// plane, so waves shrink with distance and mipmaps keep the far sea calm)
// give a normal; Fresnel mixes the body colour with the sky it reflects, and
// the sun or moon adds a specular glitter path.
vec3 water_surface(vec2 b, vec2 s, vec3 body) {
  float d = max(HORIZON - b.y, 1e-3);
  float z = 0.04 / d;  // distance, in the ground helpers' units
  vec2 plane = vec2(b.x * z * 2.5, z * 3.0) * 7.0;  // metres on the water
  // The mip level from the footprint of one pixel on the water, worked out
  // analytically: implicit derivatives are undefined here (inside a branch,
  // beside discarded pixels) and made llvmpipe's output vary between runs.
  float along = 21.0 * 0.04 / (d * d) * g_px;  // metres per pixel towards the horizon
  float across = z * 17.5 * g_px;              // metres per pixel sideways
  float lod = log2(max(max(along, across) * 64.0 / 24.0, 1.0));
  vec3 w = textureLod(u_ocean, plane / 24.0, lod).xyz * 2.0 - 1.0;
  // Far away a pixel covers many waves whose slopes average out: calm the
  // normal with distance, as a mipmapped normal map's shortened vectors would.
  float tilt = 0.8 / (1.0 + 3.0 * z);
  vec3 n = normalize(vec3(-w.x * tilt, 1.0, -w.y * tilt));
  vec3 view = normalize(vec3(s.x, min(s.y, -1e-3), 1.2));
  vec3 r = reflect(view, n);
  r.y = max(r.y, 0.01);
  vec2 rs = r.xy / max(r.z, 0.05) * 1.2;  // the reflected ray in sky space
  vec3 sky_col = mix(u_horizon_col, u_zenith, smoothstep(0.0, 0.7, pow(rs.y, 0.8)));
#ifdef PHYSICAL_SKY
  sky_col = mix(physical_sky(rs), sky_col, u_night);
#endif
  sky_col = mix(sky_col, vec3(luma(sky_col)) * 0.9 + 0.05, u_weather.y * 0.8);
  float fresnel = 0.02 + 0.98 * pow(1.0 - max(dot(n, -view), 0.0), 5.0);
  vec3 c = mix(body * u_light * (0.85 + 0.3 * w.z), sky_col, fresnel);
  // Glitter: the sun (or moon) mirrored in facets turned towards it.
  vec3 sun_dir = normalize(vec3(u_sun.x, max(u_sun.y, 0.02), 1.2));
  float spec = pow(max(dot(r, sun_dir), 0.0), 300.0);
  c += u_sun_color * spec * 1.5 * (1.0 - 0.8 * u_weather.x);
  return c;
}
#else
vec3 water_surface(vec2 b, vec2 s, vec3 body) { return body * u_light; }
#endif

vec3 beach(vec2 b, vec2 s) {
  float d = HORIZON - b.y;
  float shore = 0.16 + 0.01 * sin(b.x * 9.0 + 1.3) + 0.008 * sin(u_time * 0.9 + b.x * 2.0);
  if (d < shore) {
    float t = smoothstep(0.0, shore, d);
    vec3 sea = water_surface(b, s, mix(u_far, u_accent, t * t));
    // A swell rolling in and breaking into foam near the shore.
    float k = fract(u_time * 0.18);
    float swell = shore - 0.06 * (1.0 - k) + 0.004 * sin(b.x * 30.0 + u_time);
    sea = mix(sea, vec3(0.95) * u_light, 0.6 * k * fill(abs(d - swell) - 0.0015 - 0.003 * k, g_px));
    float edge = shore - d + 0.003 * sin(b.x * 50.0 + u_time * 2.0);
    sea = mix(sea, vec3(0.97) * u_light, fill(abs(edge - 0.004) - 0.004, g_px));
    return sea;
  }
  vec3 sand = mix(u_ground_far, u_ground_near, smoothstep(shore, HORIZON, d));
  sand *= 0.94 + 0.08 * noise(b * vec2(260.0, 400.0), 75u);
  sand *= 1.0 - 0.22 * fill(d - shore - 0.02, g_px * 8.0);  // wet sand by the water
  return sand * u_light;
}

vec3 grass(vec2 b, float stripes) {
  float d = HORIZON - b.y;
  vec3 c = mix(u_ground_far, u_ground_near, smoothstep(0.0, HORIZON, d));
  float gx = b.x * ground_z(d) * 6.0;
  c *= 1.0 + stripes * 0.06 * (step(0.5, fract(gx)) - 0.5) * detail(gx);
  c *= 0.9 + 0.14 * noise(b * vec2(180.0, 320.0), 76u);
  return c * u_light;
}

vec3 concrete(vec2 b) {
  float d = HORIZON - b.y;
  float z = ground_z(d);
  vec3 c = mix(u_ground_far, u_ground_near, smoothstep(0.0, HORIZON, d));
  c *= 0.94 + 0.08 * noise(b * 300.0, 77u);
  float gx = b.x * z * 4.0;
  float gz = z * 2.0;
  float joint = max(1.0 - abs(fract(gx) - 0.5) * 40.0, 0.0) * detail(gx) +
                max(1.0 - abs(fract(gz) - 0.5) * 30.0, 0.0) * detail(gz);
  return c * (1.0 - 0.25 * min(joint, 1.0)) * u_light;
}

vec3 street(vec2 b) {
  float y = b.y;
  vec3 walk = u_ground_far * 1.3;
  vec3 c;
  if (y > 0.36) c = walk * 0.95;
  else if (y > 0.17) c = u_ground_near * (0.95 + 0.08 * noise(b * 260.0, 78u));
  else c = walk * (0.92 + 0.1 * step(0.5, fract(b.x * ground_z(HORIZON - y) * 5.0)));
  if (abs(y - 0.265) < 0.004 && fract(b.x * 5.0) < 0.55) c = vec3(0.95, 0.85, 0.4);
  c = mix(c, c * 0.55, fill(abs(y - 0.36) - 0.003, g_px) + fill(abs(y - 0.17) - 0.005, g_px));
  return c * u_light;
}

vec3 lake(vec2 b, vec3 col) {
  float d = HORIZON - b.y;
  if (d > 0.1 + 0.01 * sin(b.x * 7.0)) return col;
  vec3 water = mix(u_accent * 0.8, u_accent, d / 0.1);
  float rx = b.x + 0.003 * sin(b.y * 400.0 + u_time * 2.0);
  float mirrored = d * 1.4;
  float near_h = ridge(rx * 1.3 + 11.0, 0.2, 95u);
  if (mirrored < near_h) water = mix(water, u_far * 0.6, 0.6);
  return water * u_light;
}

vec3 snow(vec2 b) {
  float d = HORIZON - b.y;
  vec3 c = mix(u_ground_far, u_ground_near, smoothstep(0.0, 0.3, d));
  c *= 0.93 + 0.07 * noise(b * vec2(40.0, 90.0), 79u);
  return c * u_light;
}

vec3 moon_surface(vec2 b) {
  float d = HORIZON - b.y;
  float z = ground_z(d);
  vec3 c = mix(u_ground_far, u_ground_near, smoothstep(0.0, 0.3, d));
  vec2 g = vec2(b.x * z * 3.0, z * 1.5);
  vec2 cell = floor(g);
  vec2 f = fract(g) - 0.5;
  float r = 0.2 + 0.2 * hash2(cell, 84u);
  float crater = length(f) - r;
  c *= 1.0 - 0.25 * fill(crater, 0.05) * detail(g.x) + 0.12 * fill(abs(crater) - 0.03, 0.05);
  return c * (0.9 + 0.1 * noise(b * 200.0, 85u));
}

vec3 planet(vec2 s, vec3 col) {
  vec2 q = s - vec2(-0.12, 0.42);
  float d = length(q) - 0.14;
  if (d > 0.02) return col;
  float shade = clamp(0.35 + dot(normalize(vec3(q, 0.1)), normalize(vec3(-0.6, 0.5, 0.6))), 0.0, 1.0);
  vec3 p = mix(u_accent, vec3(0.95), smoothstep(0.5, 0.8, noise(q * 25.0, 86u))) * shade;
  return mix(col, p, fill(d, g_px * 1.5));
}

vec3 sea_floor(vec2 b) {
  float d = HORIZON - b.y;
  vec3 c = mix(u_ground_far, u_ground_near, smoothstep(0.0, 0.3, d));
  float n = noise(b * vec2(40.0, 70.0) + vec2(u_time * 0.3, 0.0), 87u);
  float caustic = 1.0 - smoothstep(0.0, 0.08, abs(n - 0.5));
  return c + u_accent * caustic * 0.25;
}

vec3 seaweed(vec2 b, vec3 col) {
  if (b.y > HORIZON + 0.2) return col;
  float i = floor(b.x / 0.09);
  if (hash1(i, 88u) > 0.5) return col;
  float x = (i + 0.5) * 0.09;
  float h = 0.1 + 0.12 * hash1(i, 89u);
  float y = b.y - 0.3;
  if (y < 0.0 || y > h) return col;
  float sway = 0.015 * sin(u_time * 1.3 + i) * y / h;
  float dist = abs(b.x - x - sway - 0.006 * sin(y * 60.0)) - 0.006 * (1.0 - y / h);
  return mix(col, vec3(0.15, 0.5, 0.3), fill(dist, g_px));
}
)glsl";

constexpr const char* kIndoor = R"glsl(
const float WALL = 0.3;

vec3 window_pane(vec2 b, vec2 s, vec2 centre, vec2 half_size) {
  vec2 q = b - centre;
  vec3 view = sky(s);
  float bars = min(abs(q.x), abs(q.y)) - 0.004;
  float frame = abs(sd_box(q, half_size)) - 0.006;
  view = mix(view, vec3(0.92) * u_light, fill(min(bars, frame), g_px));
#if VARIANT == VARIANT_OFFICE
  view *= 0.85 + 0.15 * step(0.3, fract(q.y * 70.0));
#endif
  return view;
}

vec3 wall(vec2 b, vec2 s) {
  vec3 c = u_far * (1.0 - 0.18 * smoothstep(WALL, 1.0, b.y));
#if VARIANT == VARIANT_KITCHEN
  if (b.y < 0.44) {
    c = u_accent * 0.8 * (0.9 + 0.1 * step(0.03, abs(fract(b.x * 5.0) - 0.5)));
  } else if (b.y < 0.58) {
    vec2 t = fract(vec2(b.x, b.y) * 40.0);
    c = u_accent * (0.98 - 0.25 * step(min(t.x, t.y), 0.06));
  } else if (b.y > 0.66 && b.y < 0.84) {
    c = u_far * 0.8 * (0.92 + 0.08 * step(0.03, abs(fract(b.x * 4.0) - 0.5)));
  }
  c = mix(c, vec3(0.35, 0.3, 0.28), fill(abs(b.y - 0.445) - 0.006, g_px));
#elif VARIANT == VARIANT_OFFICE || VARIANT == VARIANT_LIVING_ROOM || VARIANT == VARIANT_RESTAURANT
#if VARIANT == VARIANT_OFFICE
  float wx = 0.36;
#else
  float wx = 0.5;
#endif
  vec2 centre = vec2(floor(b.x / wx + 0.5) * wx, 0.62);
#if VARIANT == VARIANT_LIVING_ROOM
  c *= 0.96 + 0.04 * step(0.5, fract(b.x * 30.0));
#elif VARIANT == VARIANT_RESTAURANT
  if (b.y < 0.45) c = u_ground_near * (0.9 + 0.1 * step(0.1, fract(b.x * 12.0)));
#endif
  if (sd_box(b - centre, vec2(0.11, 0.13)) < 0.0) c = window_pane(b, s, centre, vec2(0.11, 0.13));
#if VARIANT == VARIANT_RESTAURANT
  vec2 lamp = vec2((floor(b.x / 0.25) + 0.5) * 0.25, 0.86);
  g_emit += u_accent * exp(-length(b - lamp) * 18.0) * 0.8;
  c = mix(c, u_accent, fill(sd_circle(b - lamp, 0.018), g_px));
#elif VARIANT == VARIANT_LIVING_ROOM
  float sofa = sd_rbox(b - vec2(0.0, 0.37), vec2(0.28, 0.065), 0.03);
  c = mix(c, u_accent * (0.9 + 0.1 * step(0.4, b.y)), fill(sofa, g_px));
#endif
#elif VARIANT == VARIANT_NEWSROOM
  vec2 g = vec2(b.x / 0.2, (b.y - 0.45) / 0.14);
  vec2 f = fract(g) - 0.5;
  if (b.y > 0.45 && b.y < 0.87 && max(abs(f.x), abs(f.y)) < 0.44) {
    float n = hash2(floor(g) + floor(u_time * 0.5) * 7.0, 91u);
    g_emit += u_accent * (0.45 + 0.25 * n) * (0.85 + 0.15 * step(0.5, fract(f.y * 10.0)));
    c = u_far * 0.5;
  }
  c += u_accent * 0.15 * fill(abs(b.y - 0.42) - 0.004, g_px);
#elif VARIANT == VARIANT_CLASSROOM
  float board = sd_box(b - vec2(0.0, 0.62), vec2(0.45, 0.13));
  c = mix(c, vec3(0.55, 0.38, 0.22), fill(board - 0.012, g_px));
  vec3 slate = u_accent * (0.9 + 0.1 * noise(b * 30.0, 92u));
  float chalk = smoothstep(0.47, 0.5, noise(vec2(b.x * 40.0, floor(b.y * 30.0)), 93u)) *
                step(0.6, fract(b.y * 30.0));
  c = mix(c, mix(slate, vec3(0.9), chalk * 0.6), fill(board, g_px));
#elif VARIANT == VARIANT_GYM
  vec2 brick = vec2(b.x * 18.0 + 0.5 * step(0.5, fract(b.y * 16.0)), b.y * 32.0);
  vec2 f = fract(brick);
  c *= 0.92 + 0.08 * hash2(floor(brick), 94u);
  c *= 1.0 - 0.2 * step(min(f.x * 2.0, f.y), 0.06);
#endif
  // Baseboard.
  c = mix(c, c * 0.6, fill(b.y - WALL - 0.015, g_px));
  return c * u_light;
}

vec3 floor_plane(vec2 b) {
  float d = WALL - b.y;
  float z = 0.05 / max(d + 0.03, 1e-3);
  float gx = b.x * z * 5.0;
  vec3 c = mix(u_ground_far, u_ground_near, smoothstep(0.0, WALL, d));
#if VARIANT == VARIANT_KITCHEN
  float checker = mod(floor(gx) + floor(z * 3.0), 2.0);
  c *= 1.0 - 0.12 * checker * detail(gx);
#elif VARIANT == VARIANT_OFFICE || VARIANT == VARIANT_NEWSROOM
  c *= 0.92 + 0.1 * noise(b * 300.0, 95u);
#else
  float plank = floor(gx * 2.0);
  float seam = max(1.0 - abs(fract(gx * 2.0) - 0.5) * 25.0, 0.0) * detail(gx * 2.0);
  c *= (0.92 + 0.1 * hash1(plank, 96u)) * (1.0 - 0.3 * seam);
#if VARIANT == VARIANT_GYM
  c = mix(c, vec3(0.95), fill(abs(b.y - 0.2) - 0.003, g_px));
#endif
#endif
  return c * u_light;
}

vec3 studio(vec2 b) {
  vec3 back = u_far * (1.0 - 0.2 * smoothstep(0.4, 1.1, b.y));
  vec3 floor_c = u_ground_near;
  vec3 c = mix(floor_c, back, smoothstep(0.16, 0.34, b.y));
  float spot = exp(-length((b - vec2(u_bg.w, 0.42)) * vec2(1.6, 1.2)) * 3.0);
  return c * (0.82 + 0.3 * spot) * u_light;
}

vec3 stage_floor(vec2 b) {
  float pool = exp(-length((b - vec2(u_bg.w, 0.16)) * vec2(1.0, 3.0)) * 5.0);
  return floor_plane(b) * (0.6 + 0.7 * pool);
}

vec3 stage_back(vec2 b) {
  float fold = 0.65 + 0.35 * abs(sin(b.x * 28.0 + 0.4 * sin(b.y * 6.0)));
  vec3 c = u_far * fold;
  float valance = 0.9 + 0.03 * cos(b.x * 28.0);
  if (b.y > valance) c = u_far * 0.7 * (0.8 + 0.2 * sin(b.x * 56.0));
  float beam = exp(-abs(b.x - u_bg.w) * 7.0) * smoothstep(WALL, 1.0, b.y);
  return c * u_light * 0.75 + u_accent * beam * 0.2;
}
)glsl";

constexpr const char* kMain = R"glsl(
vec3 outdoor_upper(vec2 b, vec2 s) {
  vec3 col = sky(s);
#if LAYOUT == LAYOUT_PARK
  col = tree_line(b, col, 0.05);
#elif LAYOUT == LAYOUT_FOREST
  col = tree_line(b, col, 0.1);
#elif LAYOUT == LAYOUT_CITY
  col = city(b, col);
#elif LAYOUT == LAYOUT_MOUNTAINS
  col = mountains(b, col, s);
#elif LAYOUT == LAYOUT_DESERT
  col = dunes(b, col);
#elif LAYOUT == LAYOUT_STADIUM
  col = stands(b, col);
#endif
  return col;
}

vec3 outdoor_lower(vec2 b, vec2 s) {
#if LAYOUT == LAYOUT_BEACH
  return beach(b, s);
#elif LAYOUT == LAYOUT_PARK && VARIANT == VARIANT_SKATE_PARK
  return concrete(b);
#elif LAYOUT == LAYOUT_PARK || LAYOUT == LAYOUT_STADIUM
  vec3 col = grass(b, 1.0);
#if LAYOUT == LAYOUT_STADIUM
  float d = HORIZON - b.y;
  float line = min(abs(b.y - 0.37) - 0.002, abs(b.x) - 0.004 * (d / 0.3 + 0.1));
  col = mix(col, vec3(0.95) * u_light, fill(line, g_px));
#endif
  return col;
#elif LAYOUT == LAYOUT_CITY
  return street(b);
#elif LAYOUT == LAYOUT_MOUNTAINS && VARIANT == VARIANT_SNOWFIELD
  return snow(b);
#elif LAYOUT == LAYOUT_MOUNTAINS && VARIANT == VARIANT_LAKE
  return lake(b, grass(b, 0.0));
#else
  return grass(b, 0.0);
#endif
}

vec3 layout_color(vec2 b, vec2 s) {
  vec3 col;
#if LAYOUT == LAYOUT_ROOM
#ifdef PART_UPPER
  col = wall(b, s);
#else
  col = floor_plane(b);
#endif
#elif LAYOUT == LAYOUT_STUDIO
  col = studio(b);
#elif LAYOUT == LAYOUT_STAGE
#ifdef PART_UPPER
  col = stage_back(b);
#else
  col = stage_floor(b);
#endif
#elif LAYOUT == LAYOUT_UNDERWATER
#ifdef PART_UPPER
  col = water_column(s, b);
#else
  col = sea_floor(b);
#endif
  col = seaweed(b, col);
#elif LAYOUT == LAYOUT_SPACE
#ifdef PART_UPPER
  col = planet(s, stars(s, stars(s * 1.7 + 3.1, vec3(0.0, 0.0, 0.02), 0.8), 1.0));
#else
  col = moon_surface(b);
#endif
#else
#ifdef PART_UPPER
  col = outdoor_upper(b, s);
#else
  col = outdoor_lower(b, s);
#endif
#if LAYOUT == LAYOUT_PARK
  col = mid_trees(b, col, 0.24, 0.33, 0.9, 101u);
#elif LAYOUT == LAYOUT_FOREST
  col = mid_trees(b, col, 0.15, 0.36, 0.8, 111u);
  col = mid_trees(b, col, 0.19, 0.3, 1.1, 121u);
#endif
#endif
  return col;
}

void main() {
  vec2 uv = screen_uv(gl_FragCoord.xy);
  float hs = u_bg.x;
  vec2 b = vec2(uv.x / u_bg.y + u_bg.w, (uv.y - hs) / u_bg.y + HORIZON);
  vec2 s = vec2(uv.x / u_bg.z + u_bg.w * 0.3, (uv.y - hs) / u_bg.z);
  g_px = 1.0 / (u_res.y * u_bg.y);
  g_emit = vec3(0.0);
  // Both draws compute b identically, so the split is exact: no gaps, no overlap.
#if defined(PART_UPPER)
  if (b.y < SPLIT_Y) discard;
#elif defined(PART_LOWER)
  if (b.y >= SPLIT_Y) discard;
#endif
  vec3 col = layout_color(b, s);
  // Fog thickens with distance; the far layer gets most of it.
  float d = max(HORIZON - b.y, 0.0);
  float depth = b.y >= HORIZON ? 0.85 : 1.0 - smoothstep(0.0, 0.35, d);
  vec3 fog_col = mix(u_horizon_col, vec3(0.82), 0.5) * max(u_light, vec3(0.3));
  col = mix(col, fog_col, u_weather.w * depth);
  // Alpha 0: the figures pass accumulates its coverage into alpha, which the
  // composite reads as the in-focus mask for depth of field.
  o_color = vec4(col + g_emit, 0.0);
}
)glsl";

}  // namespace

std::string BackgroundFragmentShader(const std::string& defines) {
  return shader_parts::Prelude(defines) + kUniforms + kSky + kFarLayers + kGrounds + kIndoor +
         kMain;
}

}  // namespace kinora::engine::render
