#include "cli/progress_bar.h"

#include <unistd.h>

#include <algorithm>

namespace kinora::cli {

ProgressBar::ProgressBar(std::FILE* out)
    : out_(out), tty_(::isatty(::fileno(out)) != 0), started_(std::chrono::steady_clock::now()) {}

void ProgressBar::Update(std::string_view stage, double fraction) {
  const int percent = std::clamp(static_cast<int>(fraction * 100), 0, 100);
  const bool new_stage = stage != last_stage_;
  if (percent == last_percent_ && !new_stage) return;
  last_percent_ = percent;
  last_stage_ = stage;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  if (tty_) {
    constexpr int kWidth = 30;
    const int filled = percent * kWidth / 100;
    std::string bar(filled, '#');
    bar.append(kWidth - filled, '-');
    std::fprintf(out_, "\r[%s] %3d%% %-10.*s %5.1fs", bar.c_str(), percent,
                 static_cast<int>(stage.size()), stage.data(), elapsed);
    std::fflush(out_);
    return;
  }
  const int decile = percent / 10;
  if (decile != last_logged_decile_ || new_stage) {
    last_logged_decile_ = decile;
    std::fprintf(out_, "progress %d%% %.*s %.1fs\n", percent, static_cast<int>(stage.size()),
                 stage.data(), elapsed);
    std::fflush(out_);
  }
}

void ProgressBar::Finish() {
  if (tty_ && last_percent_ >= 0) std::fputc('\n', out_);
  std::fflush(out_);
}

}  // namespace kinora::cli
