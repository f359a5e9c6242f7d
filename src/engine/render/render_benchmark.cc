// Frame cost of SceneRenderer at 720x1280 for a few representative scenes:
//   ninja render_benchmark && ./render_benchmark
// Each iteration renders one frame and reads it back (what a generation pays).

#include <benchmark/benchmark.h>

#include <ctime>

#include "engine/render/gl_context.h"
#include "engine/render/scene_renderer.h"

namespace kinora::engine::render {
namespace {

Storyboard Scene(const std::string& place, const std::string& time_of_day, const std::string& style,
                 const std::string& framing) {
  Storyboard sb;
  sb.seed = 3;
  sb.style = style;
  Shot shot;
  shot.id = "s1";
  shot.duration = 10.0;
  shot.setting.place = place;
  shot.setting.time_of_day = time_of_day;
  shot.camera.framing = framing;
  shot.camera.subject = "ana";
  shot.overlays.push_back({"KINORA", "title", 0.0, 10.0});
  sb.shots.push_back(shot);
  CastMember ana;
  ana.id = "ana";
  ana.looks.outfit.push_back({"hoodie", "red"});
  sb.cast.push_back(ana);
  CastMember dog;
  dog.id = "rocket";
  dog.kind = "animal";
  dog.species = "dog";
  dog.breed = "golden retriever";
  sb.cast.push_back(dog);
  return sb;
}

void RenderScene(benchmark::State& state, const Storyboard& sb) {
  auto gl = GlContext::CreateHeadless();
  if (!gl.ok()) {
    state.SkipWithError(gl.error().ToString().c_str());
    return;
  }
  auto renderer = SceneRenderer::Create(sb);
  if (!renderer.ok()) {
    state.SkipWithError(renderer.error().ToString().c_str());
    return;
  }
  media::RgbaImage frame;
  FrameInputs in{.time = 0.0, .mouth_open = {{"ana", 0.5f}}, .caption = "Look at the sea!"};
  (void)(*renderer)->Render(in, frame);  // warm-up: the driver compiles shaders on first use
  int i = 0;
  timespec cpu0{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu0);
  for (auto _ : state) {
    in.time = (i++ % 240) / 24.0;
    auto status = (*renderer)->Render(in, frame);
    if (!status.ok()) state.SkipWithError(status.error().ToString().c_str());
    benchmark::DoNotOptimize(frame.pixels.data());
  }
  timespec cpu1{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu1);
  // CPU time of all threads (llvmpipe rasterizes on worker threads): a
  // measure that a busy machine disturbs less than wall time.
  const double cpu_ms = (cpu1.tv_sec - cpu0.tv_sec) * 1e3 + (cpu1.tv_nsec - cpu0.tv_nsec) * 1e-6;
  state.counters["cpu_ms_per_frame"] = cpu_ms / static_cast<double>(state.iterations());
  state.SetLabel((*gl)->Renderer());
}

void BM_BeachSunsetWide(benchmark::State& s) {
  RenderScene(s, Scene("beach", "sunset", "realistic", "wide"));
}
void BM_CityNightMedium(benchmark::State& s) {
  RenderScene(s, Scene("city street", "night", "realistic", "medium"));
}
void BM_ParkCloseUp(benchmark::State& s) {
  RenderScene(s, Scene("park", "noon", "realistic", "close-up"));
}
void BM_KitchenAnime(benchmark::State& s) {
  RenderScene(s, Scene("kitchen", "morning", "anime", "wide"));
}
void BM_ForestWatercolor(benchmark::State& s) {
  RenderScene(s, Scene("forest", "afternoon", "watercolor", "wide"));
}
void BM_RainyMountainsNoir(benchmark::State& s) {
  Storyboard sb = Scene("mountains", "dusk", "noir", "wide");
  sb.shots[0].setting.weather = "rain";
  RenderScene(s, sb);
}

BENCHMARK(BM_BeachSunsetWide)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_CityNightMedium)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ParkCloseUp)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_KitchenAnime)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_ForestWatercolor)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_RainyMountainsNoir)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace
}  // namespace kinora::engine::render

BENCHMARK_MAIN();
