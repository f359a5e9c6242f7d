// What the GL passes draw for one SceneState: the shader variant (#defines)
// and the rectangle of every draw call. Rectangles are kept tight because a
// CPU rasterizer pays for every fragment shaded; variants are specialized
// because it also pays for untaken branches. Pure functions; thread-safe.
#pragma once

#include <glm/vec4.hpp>
#include <string>
#include <vector>

#include "engine/render/scene_state.h"
#include "engine/render/sky_model.h"

namespace kinora::engine::render {

// Background space for a camera: x = where the horizon sits on screen (frame
// heights above the centre), y = backdrop zoom, z = sky zoom, w = focus x.
glm::vec4 BackgroundFrame(const CameraState& camera);

struct BackgroundDraw {
  std::string defines;
  glm::vec4 ndc_rect;  // x0, y0, x1, y1 in clip space
};
// One or two draws (above / below the horizon or the foot of the wall).
// `aspect` is width / height.
std::vector<BackgroundDraw> PlanBackground(const SceneState& state, float aspect);

struct FigureDraw {
  std::string defines;
  glm::vec4 bounds;  // world-space rect: min x, min y, max x, max y
};
// One draw per figure part, back to front (body before head).
std::vector<FigureDraw> PlanFigure(const FigureState& figure, const StyleLook& style);

// What the composite pass blurs for motion: the set as the camera moves
// (MOTION_BLUR), and moving bodies over their surroundings (BODY_BLUR, which
// reads the velocity texture's mipmaps).
struct MotionBlur {
  bool camera = false;
  bool bodies = false;
};

std::string CompositeDefines(const SceneState& state, int height, MotionBlur blur = {});

// The most any point of the set moved on screen (pixels) while the shutter
// was open, from camera `open` to `now`; `aspect` is width / height.
float CameraBlurPixels(const CameraState& now, const CameraState& open, float aspect, int height);

// The depth-of-field blur radius in pixels for a frame `height` pixels tall:
// photographic styles blur the set behind the cast as the camera closes in
// (none in wide shots); graphic styles (anime, cartoon, pixel art, painting)
// keep everything sharp.
float DepthOfFieldRadius(const SceneState& state, int height);

// The physical sky of a frame: the Preetham model for the time of day's true
// sun elevation and the weather's turbidity, the sun's azimuth where its disc
// is drawn, and an exposure metered on the band of sky a level camera sees.
struct PhysicalSky {
  PreethamSky model;
  float exposure;
};
PhysicalSky PhysicalSkyFor(const SceneState& state);

}  // namespace kinora::engine::render
