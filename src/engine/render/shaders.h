// GLSL ES 3.00 sources of the renderer's passes. Each function returns a
// complete shader: version line, precision, the caller's #defines, shared
// helpers and the pass's code.
//
// Shaders are specialized with #defines (layout, figure kind, style, …)
// rather than branching on uniforms: a CPU rasterizer such as llvmpipe runs
// the straight-line code of untaken branches too, so an "uber-shader" would
// pay for every layout on every pixel. See shader_variants.h for the defines.
//
// Passes, all drawn into framebuffer objects:
//   background: two rectangles split at the horizon (or the foot of the wall):
//               sky and far layer above, ground below;
//   figure:     world-space rectangles per cast member (body and head parts),
//               2-D signed distance fields, premultiplied-alpha blending;
//   composite:  a fullscreen triangle — style grading, weather, vignette, grain
//               — written with rows flipped so glReadPixels returns the
//               picture top row first;
//   text:       rectangles around text blocks, blended over the composite.
#pragma once

#include <string>

namespace kinora::engine::render {

// Vertex shaders.
std::string FullscreenVertexShader();  // one triangle over the viewport
std::string RectVertexShader();        // uniform u_ndc_rect in clip space
std::string FigureVertexShader();      // uniform u_rect in world space, through the camera

// Fragment shaders; `defines` is a block of "#define NAME VALUE" lines.
std::string BackgroundFragmentShader(const std::string& defines);
std::string FigureFragmentShader(const std::string& defines);
std::string CompositeFragmentShader(const std::string& defines);
std::string TextFragmentShader();

namespace shader_parts {
// Shared by the pass files: "#version", precision, `defines`, enum #defines,
// the camera uniforms and hash / noise / SDF helpers.
std::string Prelude(const std::string& defines);
}  // namespace shader_parts

}  // namespace kinora::engine::render
