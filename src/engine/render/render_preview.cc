// render_preview: renders frames of a storyboard to PPM images, for looking at
// the renderer's output while working on it.
//
//   render_preview storyboard.json out_dir [seconds ...]
//
// Without times it renders the middle of every shot. Each frame is written as
// out_dir/frame_<seconds>.ppm (convert with `ffmpeg -i frame.ppm frame.png`),
// and the time each took is printed.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "engine/render/gl_context.h"
#include "engine/render/scene_renderer.h"

namespace {

using kinora::engine::render::FrameInputs;
using kinora::engine::render::GlContext;
using kinora::engine::render::SceneRenderer;

bool WritePpm(const kinora::media::RgbaImage& image, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "P6\n" << image.width << " " << image.height << "\n255\n";
  for (size_t i = 0; i < image.pixels.size(); i += 4) {
    out.write(reinterpret_cast<const char*>(&image.pixels[i]), 3);
  }
  return static_cast<bool>(out);
}

int Run(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s storyboard.json out_dir [seconds ...]\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 1;
  }
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto storyboard = kinora::engine::ParseStoryboard(text);
  if (!storyboard.ok()) {
    std::fprintf(stderr, "%s\n", storyboard.error().ToString().c_str());
    return 2;
  }
  std::vector<double> times;
  for (int i = 3; i < argc; ++i) times.push_back(std::atof(argv[i]));
  if (times.empty()) {
    for (const auto& shot : storyboard->shots) times.push_back(shot.start + shot.duration / 2);
  }
  auto gl = GlContext::CreateHeadless();
  if (!gl.ok()) {
    std::fprintf(stderr, "%s\n", gl.error().ToString().c_str());
    return 1;
  }
  const auto create_start = std::chrono::steady_clock::now();
  auto renderer = SceneRenderer::Create(*storyboard);
  if (!renderer.ok()) {
    std::fprintf(stderr, "%s\n", renderer.error().ToString().c_str());
    return 1;
  }
  std::printf(
      "%s: renderer ready in %.0f ms\n", (*gl)->Renderer().c_str(),
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - create_start)
          .count());
  kinora::media::RgbaImage frame;
  for (double t : times) {
    FrameInputs inputs;
    inputs.time = t;
    const auto start = std::chrono::steady_clock::now();
    auto status = (*renderer)->Render(inputs, frame);
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!status.ok()) {
      std::fprintf(stderr, "%s\n", status.error().ToString().c_str());
      return 1;
    }
    std::ostringstream path;
    path << argv[2] << "/frame_" << t << ".ppm";
    if (!WritePpm(frame, path.str())) {
      std::fprintf(stderr, "cannot write %s\n", path.str().c_str());
      return 1;
    }
    std::printf("%s  %.1f ms\n", path.str().c_str(), ms);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
