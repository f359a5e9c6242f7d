// The composite pass: reads the scene texture, applies the style (pixelation,
// paper and brush texture, ink outlines, colour grading), weather in front of
// everything (rain, snow, haze), the text layer, vignette and grain. It writes
// image row r to framebuffer row r, so a plain glReadPixels yields rows top to
// bottom without a CPU flip.
#include "engine/render/shaders.h"

namespace kinora::engine::render {
namespace {

constexpr const char* kComposite = R"glsl(
uniform sampler2D u_scene;  // RGBA8, GL orientation (row 0 = bottom of the picture)
uniform sampler2D u_text;   // RG8, image orientation: r = glyph coverage, g = band opacity
uniform int u_has_text;
uniform vec4 u_grade;       // saturation, contrast, grain, vignette
uniform vec4 u_look;        // posterize levels, pixel size (fraction of height), paper, grey
uniform vec4 u_look2;       // sepia, outline (pixels at 720p), flicker, style id
uniform vec4 u_precip;      // kind (0 none, 1 rain, 2 snow), wind, fog, 0
uniform vec3 u_fog_col;
out vec4 o_color;

vec3 scene_at(vec2 pix) { return texture(u_scene, pix / u_res).rgb; }

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

vec3 grade(vec3 c, vec2 img) {
  float l = luma(c);
  c = mix(vec3(l), c, u_grade.x);
  c = (c - 0.5) * u_grade.y + 0.5;
  if (u_look.x > 0.0) c = floor(c * u_look.x + 0.5) / u_look.x;
  if (u_look2.x > 0.0) {
    float s = luma(c);
    c = mix(c, vec3(s * 1.07 + 0.03, s * 0.9 + 0.02, s * 0.68), u_look2.x);
  }
  if (u_look.w > 0.0) {
    float g = luma(c);
    g = smoothstep(0.02, 0.98, g);  // an S-curve for hard noir contrast
    c = mix(c, vec3(g), u_look.w);
  }
  return clamp(c, 0.0, 1.0);
}

vec3 text_over(vec3 c, vec2 img) {
  vec2 tuv = img / u_res;
  vec2 t = texture(u_text, tuv).rg;
  float shadow_offset = max(1.0, u_res.y / 500.0);
  float shadow = texture(u_text, (img - vec2(shadow_offset)) / u_res).r;
  c = mix(c, vec3(0.0), t.g * 0.62);
  c = mix(c, vec3(0.0), shadow * 0.75);
  return mix(c, vec3(1.0), t.r);
}

void main() {
  vec2 img = gl_FragCoord.xy;              // image pixel, y down
  vec2 pix = vec2(img.x, u_res.y - img.y);  // the same pixel in the scene texture
  float unit = u_res.y / 1280.0;
  int style = int(u_look2.w + 0.5);
  if (u_look.y > 0.0) {
    float block = max(2.0, floor(u_look.y * u_res.y + 0.5));
    pix = (floor(pix / block) + 0.5) * block;
  }
  if (u_look.z > 0.0) {  // brush / paper: the picture smears along a noise field
    vec2 n = vec2(noise(pix / (6.0 * unit), 151u), noise(pix / (6.0 * unit), 152u)) - 0.5;
    pix += n * 5.0 * unit * u_look.z;
  }
  vec3 c = scene_at(pix);
  if (u_look.z > 0.0) {
    vec2 o = vec2(2.5 * unit, 0.0);
    vec3 blur = (scene_at(pix + o) + scene_at(pix - o) + scene_at(pix + o.yx) + scene_at(pix - o.yx)) * 0.25;
    float edge = length(blur - c);
    c = mix(c, blur, 0.5 * u_look.z);
    c -= edge * 0.35 * u_look.z;
    float paper = noise(img / (2.5 * unit), 153u) * 0.6 + noise(img / (11.0 * unit), 154u) * 0.4;
    c = mix(c, c * (0.9 + 0.14 * paper) + 0.05, u_look.z);
  }
  if (u_look2.y > 0.0) {  // ink: luminance edges
    vec2 o = vec2(max(1.0, u_look2.y * 0.5 * u_res.y / 720.0), 0.0);
    float dx = luma(scene_at(pix + o)) - luma(scene_at(pix - o));
    float dy = luma(scene_at(pix + o.yx)) - luma(scene_at(pix - o.yx));
    c *= 1.0 - 0.85 * smoothstep(0.18, 0.4, length(vec2(dx, dy)));
  }
  if (u_precip.x > 0.5 && u_precip.x < 1.5) c = rain(img, c, unit);
  if (u_precip.x > 1.5) c = snow(img, c, unit);
  c = mix(c, u_fog_col, u_precip.z * 0.12);
  c = grade(c, img);
  if (u_has_text != 0) c = text_over(c, img);
  vec2 v = img / u_res - 0.5;
  c *= 1.0 - u_grade.w * smoothstep(0.35, 0.85, length(v * vec2(u_res.x / u_res.y, 1.0)) * 1.2);
  if (style == 8) {  // vintage film: flicker and the odd scratch
    c *= 1.0 + u_look2.z;
    float lane = floor(img.x / (3.0 * unit));
    float frame = floor(u_time * 24.0);
    if (hash2(vec2(lane, frame), 161u) > 0.9985) c = mix(c, vec3(0.9, 0.85, 0.7), 0.5);
  }
  if (u_grade.z > 0.0) {
    float frame = floor(u_time * 24.0);
    float g = hash2(floor(img / max(1.0, unit * 1.5)) + vec2(frame * 7.0, frame * 13.0), 171u) - 0.5;
    c += g * u_grade.z;
  }
  o_color = vec4(clamp(c, 0.0, 1.0), 1.0);
}
)glsl";

}  // namespace

std::string CompositeFragmentShader() { return shader_parts::Prelude() + kComposite; }

}  // namespace kinora::engine::render
