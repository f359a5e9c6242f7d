// Progress display for long commands: a redrawn bar on a terminal, plain
// "progress N% stage" lines (every 10% and at each new stage) when stderr is not a TTY.
// Not thread-safe; called from the engine's progress callback.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

namespace kinora::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::FILE* out);
  void Update(std::string_view stage, double fraction);
  void Finish();

 private:
  std::FILE* out_;
  bool tty_;
  int last_percent_ = -1;
  int last_logged_decile_ = -1;
  std::string last_stage_;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace kinora::cli
