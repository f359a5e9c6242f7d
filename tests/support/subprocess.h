// Test support: run the kinora binary as a child process, capture its
// output, or keep it running as a server. POSIX only.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <string>
#include <vector>

namespace kinora::testing {

struct RunResult {
  int exit_code = -1;  // -1 if killed by a signal
  std::string out;
  std::string err;
};

// Runs argv to completion with stdin closed.
RunResult Run(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {});

// A background child whose stderr goes to a file (read with Log()).
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& log_path,
        const std::vector<std::string>& extra_env = {});
  ~Child();  // SIGKILLs if still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int sig);
  // Waits for exit; returns the exit code, or 128+signal, or -1 on timeout.
  int Wait(int timeout_ms);
  std::string Log() const;

 private:
  pid_t pid_ = -1;
  std::string log_path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

// The path of the kinora binary under test.
std::string KinoraBinary();

// A fresh temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace kinora::testing
