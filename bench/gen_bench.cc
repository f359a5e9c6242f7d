// gen_bench: end-to-end generation speed.
//
// Generates a clip with the local engine, timing each stage from the engine's
// progress reports, then encodes a synthetic clip of the same size, rate and
// length with the ffmpeg command-line tool (same x264 preset) as the rival
// measured in the same run. Prints times and ratios:
//   realtime factor  = generation wall time / clip length
//   vs ffmpeg encode = generation wall time / ffmpeg's encode-only wall time
//
//   gen_bench [--seconds 4] [--size 720x1280] [--preset fast] [--runs 1]
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "engine/local_engine.h"

namespace {

double CpuSeconds() {
  rusage self{}, children{};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  auto sec = [](const timeval& t) { return t.tv_sec + t.tv_usec / 1e6; };
  return sec(self.ru_utime) + sec(self.ru_stime) + sec(children.ru_utime) + sec(children.ru_stime);
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 4;
  std::string size = "720x1280", preset = "fast";
  int runs = 1;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--seconds")
      seconds = std::atof(argv[i + 1]);
    else if (flag == "--size")
      size = argv[i + 1];
    else if (flag == "--preset")
      preset = argv[i + 1];
    else if (flag == "--runs")
      runs = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "gen_bench: unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  const int width = std::atoi(size.c_str());
  const int height = std::atoi(size.c_str() + size.find('x') + 1);
  auto engine = kinora::engine::NewLocalEngine();
  if (!engine.ok()) {
    std::fprintf(stderr, "gen_bench: %s\n", engine.error().ToString().c_str());
    return 1;
  }
  const std::string out =
      (std::filesystem::temp_directory_path() / "kinora_gen_bench.mp4").string();
  kinora::engine::GenerateRequest req;
  req.prompt = R"(A golden retriever on a beach at sunset says "Hello world, this is Kinora")";
  req.seconds = seconds;
  req.width = width;
  req.height = height;
  req.seed = 7;
  req.preset = preset;
  req.output_path = out;

  double best_wall = 1e9, best_cpu = 0;
  std::map<std::string, double> stage_end;
  for (int r = 0; r < runs; ++r) {
    std::map<std::string, double> ends;
    const double t0 = Now(), c0 = CpuSeconds();
    auto result = (*engine)->Generate(
        req, [&](const kinora::engine::Progress& p) { ends[std::string(p.stage)] = Now() - t0; },
        nullptr);
    const double wall = Now() - t0, cpu = CpuSeconds() - c0;
    if (!result.ok()) {
      std::fprintf(stderr, "gen_bench: %s\n", result.error().ToString().c_str());
      return 1;
    }
    if (wall < best_wall) {
      best_wall = wall;
      best_cpu = cpu;
      stage_end = ends;
    }
  }

  // The rival: ffmpeg encoding a synthetic clip of the same shape, encode only.
  const std::string cmd = "ffmpeg -v error -y -f lavfi -i testsrc2=size=" + size +
                          ":rate=24 -f lavfi -i sine=frequency=440:sample_rate=48000 -t " +
                          std::to_string(seconds) + " -c:v libx264 -preset " + preset +
                          " -pix_fmt yuv420p -c:a aac -ac 2 -f mp4 /dev/null";
  double rival = 1e9;
  for (int r = 0; r < runs; ++r) {
    const double t0 = Now();
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "gen_bench: the ffmpeg rival failed (is ffmpeg installed?)\n");
      return 1;
    }
    rival = std::min(rival, Now() - t0);
  }

  std::printf("gen_bench: %.1f s clip, %s, preset %s, best of %d\n", seconds, size.c_str(),
              preset.c_str(), runs);
  double prev = 0;
  for (const char* stage : {"planning", "voicing", "rendering", "finishing"}) {
    const double end = stage_end.count(stage) ? stage_end[stage] : prev;
    std::printf("  %-10s %7.3f s\n", stage, end - prev);
    prev = end;
  }
  std::printf("  total      %7.3f s wall, %.3f s CPU\n", best_wall, best_cpu);
  std::printf("  realtime factor (wall / clip length):       %.2fx\n", best_wall / seconds);
  std::printf("  ffmpeg encode-only rival:                   %7.3f s\n", rival);
  std::printf("  ratio vs ffmpeg encode-only (lower = better): %.2fx\n", best_wall / rival);
  std::filesystem::remove(out);
  return 0;
}
