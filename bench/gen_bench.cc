// gen_bench: end-to-end generation speed and memory over a fixed prompt set.
//
// Generates each prompt of a fixed, varied set (single and multi-shot; people,
// animals and dialogue; different places and styles) with the local engine,
// each generation in a forked child so its peak RSS is its own (wait4's
// ru_maxrss; the parent never creates a GL context). Prints one row per
// prompt: wall time as a multiple of the clip's length, peak RSS, the
// engine's own render and encode milliseconds per frame and the seconds its
// sound took (GenerateResult::timings; the sound stage runs on one thread
// that waits on the speech worker, so its wall time bounds its CPU time);
// then the median and the maximum against the goals; then the
// rival measured in the same run: the ffmpeg command-line tool encoding a
// synthetic clip of the same size, rate, length and x264 preset (encode only).
//
//   gen_bench [--seconds 8] [--size 720x1280] [--preset fast] [--runs 1]
//             [--prompt TEXT]...   (repeatable; replaces the set)
//
// With --runs N each prompt is generated N times and the fastest run is
// reported (its peak RSS is the largest of the N).
#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/parse.h"
#include "engine/local_engine.h"

namespace {

constexpr int kFps = 24;
constexpr double kGoalRealtime = 2.0;      // median wall time / clip length
constexpr double kGoalPeakMb = 1536;       // 1.5 GB per generation
constexpr double kGoalAudioSeconds = 1.5;  // the sound of an 8 s clip

struct Prompt {
  std::string label;  // short name for the table
  std::string text;
};

const std::vector<Prompt>& DefaultPrompts() {
  static const std::vector<Prompt> prompts = {
      {"dog, beach, dialogue",
       R"(A golden retriever on a beach at sunset says "Hello world, this is Kinora")"},
      {"3 shots: kitchen/beach/park",
       "Shot 1: a chef cooks pasta in a kitchen. Shot 2: a dog runs on a beach at sunset. "
       "Shot 3: a skater lands a kickflip at a skate park at night"},
      {"news anchor, newsroom", "A news anchor in a newsroom reporting"},
      {"two friends, Korean dialogue",
       R"(Two friends chat in a café in Seoul. One says "안녕! 오랜만이야" and the other answers "반가워!")"},
      {"noir, handheld, forest",
       "A handheld shot of a man running through a forest at night, film noir"},
      {"pixel art, knight and dragon", "Pixel art: a knight fights a dragon"},
      {"3 speakers, stadium, crowd",
       R"(At a stadium, Ana says "Did you see that goal?", Ben shouts "Incredible!" and )"
       R"(Cy says "Let's celebrate!" as the crowd cheers)"},
  };
  return prompts;
}

struct Options {
  double seconds = 8;
  int width = 720;
  int height = 1280;
  std::string size = "720x1280";
  std::string preset = "fast";
  int runs = 1;
  std::vector<Prompt> prompts;
};

// What a child sends back through its pipe: plain bytes, no pointers.
struct ChildReport {
  bool ok = false;
  double wall = 0;  // Generate() only; engine start-up excluded
  double clip_seconds = 0;
  int frames = 0;
  int shots = 0;
  kinora::engine::StageTimings timings;
  char error[512] = {};
};

struct Measured {
  ChildReport report;
  double peak_mb = 0;  // the child's ru_maxrss
};

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Runs in the child: start an engine, generate once, report.
ChildReport GenerateOnce(const Options& options, const std::string& prompt,
                         const std::string& output) {
  ChildReport report;
  auto fail = [&](const std::string& message) {
    std::snprintf(report.error, sizeof report.error, "%s", message.c_str());
    return report;
  };
  auto engine = kinora::engine::NewLocalEngine();
  if (!engine.ok()) return fail(engine.error().ToString());
  kinora::engine::GenerateRequest request;
  request.prompt = prompt;
  request.seconds = options.seconds;
  request.width = options.width;
  request.height = options.height;
  request.fps = kFps;
  request.seed = 7;
  request.preset = options.preset;
  request.output_path = output;
  const double t0 = Now();
  auto result = (*engine)->Generate(request, {}, nullptr);
  report.wall = Now() - t0;
  if (!result.ok()) return fail(result.error().ToString());
  report.ok = true;
  report.clip_seconds = result->seconds;
  report.frames = result->frames;
  report.shots = static_cast<int>(result->storyboard.shots.size());
  report.timings = result->timings;
  return report;
}

// Forks a child that generates `prompt`; returns its report and peak RSS.
Measured MeasureInChild(const Options& options, const std::string& prompt,
                        const std::string& output) {
  Measured m;
  int fds[2];
  if (pipe(fds) != 0) {
    std::snprintf(m.report.error, sizeof m.report.error, "pipe: %s", std::strerror(errno));
    return m;
  }
  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) {
    std::snprintf(m.report.error, sizeof m.report.error, "fork: %s", std::strerror(errno));
    close(fds[0]);
    close(fds[1]);
    return m;
  }
  if (pid == 0) {
    close(fds[0]);
    const ChildReport report = GenerateOnce(options, prompt, output);
    const char* p = reinterpret_cast<const char*>(&report);
    size_t left = sizeof report;
    while (left > 0) {
      const ssize_t n = write(fds[1], p, left);
      if (n <= 0 && errno != EINTR) break;
      if (n > 0) {
        p += n;
        left -= static_cast<size_t>(n);
      }
    }
    close(fds[1]);
    _exit(report.ok ? 0 : 1);  // no atexit handlers or static destructors of the parent's state
  }
  close(fds[1]);
  char* p = reinterpret_cast<char*>(&m.report);
  size_t got = 0;
  while (got < sizeof m.report) {
    const ssize_t n = read(fds[0], p + got, sizeof m.report - got);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      break;
    }
    got += static_cast<size_t>(n);
  }
  close(fds[0]);
  int status = 0;
  rusage usage{};
  while (wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  m.peak_mb = usage.ru_maxrss / 1024.0;  // kilobytes on Linux
  if (got != sizeof m.report) {
    m.report = ChildReport();
    std::snprintf(m.report.error, sizeof m.report.error, "the child died (status %d)", status);
  }
  return m;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

constexpr const char* kUsage =
    "usage: gen_bench [--seconds 8] [--size 720x1280] [--preset fast] [--runs 1] "
    "[--prompt TEXT]...\n"
    "  Generates a fixed set of prompts (or the --prompt texts) at 24 fps, each in its own\n"
    "  process, and prints wall time / clip length, peak RSS and render/encode ms per frame,\n"
    "  then an ffmpeg encode-only rival of the same shape.\n";

using kinora::core::ParseNumber;

// Returns an empty string on success, else the one-line complaint.
std::string ParseFlags(int argc, char** argv, Options& o, bool& help) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      help = true;
      return "";
    }
    if (flag != "--seconds" && flag != "--size" && flag != "--preset" && flag != "--runs" &&
        flag != "--prompt") {
      return "unknown flag " + flag + " (see --help)";
    }
    if (i + 1 >= argc) return flag + " needs a value";
    const std::string value = argv[++i];
    if (flag == "--seconds") {
      if (!ParseNumber(value, o.seconds) || !(o.seconds > 0) || o.seconds > 60) {
        return "--seconds must be a number above 0 and at most 60 (got '" + value + "')";
      }
    } else if (flag == "--size") {
      const size_t x = value.find('x');
      if (x == std::string::npos || !ParseNumber(std::string_view(value).substr(0, x), o.width) ||
          !ParseNumber(std::string_view(value).substr(x + 1), o.height) || o.width < 64 ||
          o.height < 64 || o.width > 2048 || o.height > 2048 || o.width % 2 || o.height % 2) {
        return "--size must look like 720x1280, even numbers from 64 to 2048 (got '" + value + "')";
      }
      o.size = value;
    } else if (flag == "--preset") {
      if (value.empty()) return "--preset needs a value";
      o.preset = value;
    } else if (flag == "--runs") {
      if (!ParseNumber(value, o.runs) || o.runs < 1) {
        return "--runs must be a whole number of at least 1 (got '" + value + "')";
      }
    } else {
      if (value.find_first_not_of(" \t\r\n") == std::string::npos) return "--prompt is empty";
      o.prompts.push_back({value.substr(0, 28), value});
    }
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  mallopt(M_PERTURB, 0xA5);  // as the kinora binary does (src/cli/main.cc)
  Options options;
  bool help = false;
  if (const std::string error = ParseFlags(argc, argv, options, help); !error.empty()) {
    std::fprintf(stderr, "gen_bench: %s\n", error.c_str());
    return 2;
  }
  if (help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (options.prompts.empty()) options.prompts = DefaultPrompts();
  const std::string out = (std::filesystem::temp_directory_path() /
                           ("kinora_gen_bench_" + std::to_string(getpid()) + ".mp4"))
                              .string();

  std::printf("gen_bench: %.1f s clips, %s, %d fps, preset %s, best of %d, one process each\n",
              options.seconds, options.size.c_str(), kFps, options.preset.c_str(), options.runs);
  std::printf("%-30s %5s %7s %10s %8s %11s %11s %8s\n", "prompt", "shots", "wall s", "x realtime",
              "peak MB", "render ms/f", "encode ms/f", "audio s");
  std::vector<double> ratios;
  double max_peak = 0, total_wall = 0, max_audio = 0;
  int failures = 0;
  for (const Prompt& prompt : options.prompts) {
    Measured best;
    double peak = 0;
    for (int r = 0; r < options.runs; ++r) {
      const Measured m = MeasureInChild(options, prompt.text, out);
      peak = std::max(peak, m.peak_mb);
      if (!m.report.ok) {
        best = m;
        break;
      }
      if (!best.report.ok || m.report.wall < best.report.wall) best = m;
    }
    if (!best.report.ok) {
      std::printf("%-30s failed: %s\n", prompt.label.c_str(), best.report.error);
      ++failures;
      continue;
    }
    const ChildReport& rep = best.report;
    const double ratio = rep.wall / rep.clip_seconds;
    ratios.push_back(ratio);
    max_peak = std::max(max_peak, peak);
    total_wall += rep.wall;
    max_audio = std::max(max_audio, rep.timings.voice);
    std::printf("%-30s %5d %7.2f %9.2fx %8.0f %11.1f %11.1f %8.2f\n", prompt.label.c_str(),
                rep.shots, rep.wall, ratio, peak, 1000 * rep.timings.render / rep.frames,
                1000 * rep.timings.encode / rep.frames, rep.timings.voice);
    std::fflush(stdout);
  }
  std::filesystem::remove(out);
  if (ratios.empty()) return 1;

  const double median = Median(ratios);
  std::printf("median %.2fx real time, max peak RSS %.0f MB, %d prompt(s)%s\n", median, max_peak,
              static_cast<int>(ratios.size()),
              failures ? (", " + std::to_string(failures) + " failed").c_str() : "");
  const bool fast_enough = median <= kGoalRealtime;
  const bool small_enough = max_peak <= kGoalPeakMb;
  std::printf("goal: median ≤ %.1f× real time, peak RSS ≤ 1.5 GB: %s (speed %s, memory %s)\n",
              kGoalRealtime, fast_enough && small_enough ? "met" : "NOT met",
              fast_enough ? "met" : "not met", small_enough ? "met" : "not met");
  std::printf("goal: sound of a %.0f s clip ≤ %.1f s: %s (slowest %.2f s)\n", options.seconds,
              kGoalAudioSeconds, max_audio <= kGoalAudioSeconds ? "met" : "NOT met", max_audio);

  // The rival: ffmpeg encoding a synthetic clip of the same shape, encode only.
  const std::string cmd = "ffmpeg -v error -y -f lavfi -i testsrc2=size=" + options.size +
                          ":rate=" + std::to_string(kFps) +
                          " -f lavfi -i sine=frequency=440:sample_rate=48000 -t " +
                          std::to_string(options.seconds) + " -c:v libx264 -preset " +
                          options.preset + " -pix_fmt yuv420p -c:a aac -ac 2 -f mp4 /dev/null";
  double rival = 1e9;
  for (int r = 0; r < options.runs; ++r) {
    const double t0 = Now();
    if (std::system(cmd.c_str()) != 0) {
      std::fprintf(stderr, "gen_bench: the ffmpeg rival failed (is ffmpeg installed?)\n");
      return 1;
    }
    rival = std::min(rival, Now() - t0);
  }
  const double mean_wall = total_wall / static_cast<double>(ratios.size());
  std::printf("ffmpeg encode-only rival:    %7.2f s (%.2fx real time)\n", rival,
              rival / options.seconds);
  std::printf("ratio vs ffmpeg encode-only: median %.2fx, mean wall %.2fx (lower = better)\n",
              median * options.seconds / rival, mean_wall / rival);
  return failures ? 1 : 0;
}
