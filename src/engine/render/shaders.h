// GLSL ES 3.00 sources of the renderer's passes. Each function returns a
// complete shader (version line, precision, shared helpers, the pass's code).
//
// Passes, all drawn into framebuffer objects:
//   background: a fullscreen triangle — sky, sun/moon, clouds, far layer, ground;
//   figure:     one world-space quad per cast member, shapes as 2-D signed
//               distance fields, blended with premultiplied alpha;
//   composite:  a fullscreen triangle — style grading, weather, text, vignette,
//               grain — written with rows flipped so glReadPixels returns the
//               picture top row first.
#pragma once

#include <string>

namespace kinora::engine::render {

std::string FullscreenVertexShader();
std::string FigureVertexShader();
std::string BackgroundFragmentShader();
std::string FigureFragmentShader();
std::string CompositeFragmentShader();

namespace shader_parts {
// Shared by the pass files: "#version", precision, enum #defines, the camera
// uniforms and hash / noise / SDF helpers.
std::string Prelude();
}  // namespace shader_parts

}  // namespace kinora::engine::render
