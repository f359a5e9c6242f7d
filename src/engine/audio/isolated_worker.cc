#include "engine/audio/isolated_worker.h"

#include <poll.h>
#include <signal.h>
#include <stdio_ext.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>

namespace kinora::engine::audio::internal {
namespace {

using Clock = std::chrono::steady_clock;

// Frames on the socket: [kind u8][length u64, little endian][payload].
enum FrameKind : uint8_t { kRequest = 1, kOk = 2, kFailed = 3 };
constexpr uint64_t kMaxPayload = 512ull << 20;
constexpr int kHelperFd = 3;
constexpr int kStartTimeoutSeconds = 60;

std::string ErrnoText(int err) { return std::string(std::strerror(err)); }

bool WriteAll(int fd, const void* data, size_t size, bool socket) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = socket ? send(fd, p, size, MSG_NOSIGNAL) : write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

bool WriteFrame(int fd, FrameKind kind, std::string_view payload) {
  unsigned char header[9];
  header[0] = kind;
  uint64_t len = payload.size();
  for (int i = 0; i < 8; ++i) header[1 + i] = static_cast<unsigned char>(len >> (8 * i));
  return WriteAll(fd, header, sizeof(header), true) &&
         WriteAll(fd, payload.data(), payload.size(), true);
}

// Reads exactly `size` bytes. A deadline of Clock::time_point::max() waits
// forever. Returns an empty string on success, else what went wrong.
std::string ReadExactly(int fd, char* out, size_t size, Clock::time_point deadline) {
  while (size > 0) {
    if (deadline != Clock::time_point::max()) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
      if (left.count() <= 0) return "timed out";
      pollfd p{fd, POLLIN, 0};
      const int r = poll(&p, 1, static_cast<int>(left.count()));
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) return "poll failed: " + ErrnoText(errno);
      if (r == 0) return "timed out";
    }
    const ssize_t n = read(fd, out, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return "read failed: " + ErrnoText(errno);
    if (n == 0) return "the helper process closed the connection";
    out += n;
    size -= static_cast<size_t>(n);
  }
  return {};
}

struct Frame {
  FrameKind kind = kFailed;
  std::string payload;
};

std::string ReadFrame(int fd, Clock::time_point deadline, Frame& frame) {
  unsigned char header[9];
  std::string err = ReadExactly(fd, reinterpret_cast<char*>(header), sizeof(header), deadline);
  if (!err.empty()) return err;
  uint64_t len = 0;
  for (int i = 0; i < 8; ++i) len |= static_cast<uint64_t>(header[1 + i]) << (8 * i);
  if (len > kMaxPayload) return "oversized frame";
  frame.kind = static_cast<FrameKind>(header[0]);
  frame.payload.resize(len);
  return ReadExactly(fd, frame.payload.data(), len, deadline);
}

std::string DescribeExit(int status, int timeout_seconds) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    if (sig == SIGALRM) return "timed out after " + std::to_string(timeout_seconds) + " s";
    return std::string("killed by signal ") + std::to_string(sig) + " (" + strsignal(sig) + ")";
  }
  if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
  return "stopped unexpectedly";
}

void WaitForChild(pid_t pid, int* status) {
  while (waitpid(pid, status, 0) < 0 && errno == EINTR) {
  }
}

// Runs one request in a fresh child of the helper; returns the frame to send.
Frame RunInChild(const IsolatedWorker::HandlerFn& handler, const std::string& request,
                 int timeout_seconds) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) return {kFailed, "pipe failed: " + ErrnoText(errno)};
  const pid_t child = fork();
  if (child < 0) {
    const int err = errno;
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    return {kFailed, "fork failed: " + ErrnoText(err)};
  }
  if (child == 0) {
    close(pipe_fds[0]);
    alarm(static_cast<unsigned>(timeout_seconds));
    const std::string out = handler(request);
    _exit(WriteAll(pipe_fds[1], out.data(), out.size(), false) ? 0 : 1);
  }
  close(pipe_fds[1]);
  Frame frame{kOk, {}};
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = read(pipe_fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    frame.payload.append(buf, static_cast<size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  WaitForChild(child, &status);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    frame = {kFailed, "the speech engine " + DescribeExit(status, timeout_seconds)};
  }
  return frame;
}

// The helper's main loop. Never returns.
[[noreturn]] void HelperMain(int fd, const IsolatedWorker::SetupFn& setup,
                             const IsolatedWorker::HandlerFn& handler, int timeout_seconds) {
  // Only this thread survived the fork. Leave the parent's signal handlers,
  // masks, file descriptors (sockets, databases) and unflushed stdio output
  // behind; the last would otherwise be printed twice if a library flushes.
  __fpurge(stdout);
  __fpurge(stderr);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; ++sig) sigaction(sig, &dfl, nullptr);
  signal(SIGPIPE, SIG_IGN);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  // A crashing engine child is reported as an error; it should not also
  // leave a core file in the server's working directory.
  const rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  if (fd != kHelperFd) {
    if (dup2(fd, kHelperFd) < 0) _exit(1);
  }
  close_range(kHelperFd + 1, ~0U, 0);

  if (!WriteFrame(kHelperFd, kOk, setup())) _exit(1);
  for (;;) {
    Frame request;
    if (!ReadFrame(kHelperFd, Clock::time_point::max(), request).empty()) _exit(0);
    const Frame reply = request.kind == kRequest
                            ? RunInChild(handler, request.payload, timeout_seconds)
                            : Frame{kFailed, "unexpected frame"};
    if (!WriteFrame(kHelperFd, reply.kind, reply.payload)) _exit(0);
  }
}

}  // namespace

IsolatedWorker::IsolatedWorker(SetupFn setup, HandlerFn handler, int call_timeout_seconds)
    : setup_(std::move(setup)),
      handler_(std::move(handler)),
      call_timeout_seconds_(call_timeout_seconds) {}

core::Result<std::unique_ptr<IsolatedWorker>> IsolatedWorker::Start(SetupFn setup,
                                                                    HandlerFn handler,
                                                                    int call_timeout_seconds) {
  if (!setup || !handler || call_timeout_seconds <= 0) {
    return core::InvalidArgument("IsolatedWorker needs a setup, a handler and a timeout");
  }
  std::unique_ptr<IsolatedWorker> worker(
      new IsolatedWorker(std::move(setup), std::move(handler), call_timeout_seconds));
  std::lock_guard lock(worker->mu_);
  KINORA_RETURN_IF_ERROR(worker->SpawnLocked());
  return worker;
}

IsolatedWorker::~IsolatedWorker() {
  std::lock_guard lock(mu_);
  StopLocked();
}

std::string IsolatedWorker::hello() const {
  std::lock_guard lock(mu_);
  return hello_;
}

core::Status IsolatedWorker::SpawnLocked() {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    return core::Internal("cannot start the speech worker", "socketpair: " + ErrnoText(errno));
  }
  const pid_t pid = fork();
  if (pid < 0) {
    const int err = errno;
    close(sv[0]);
    close(sv[1]);
    return core::Internal("cannot start the speech worker", "fork: " + ErrnoText(err));
  }
  if (pid == 0) {
    close(sv[0]);
    HelperMain(sv[1], setup_, handler_, call_timeout_seconds_);
  }
  close(sv[1]);
  fd_ = sv[0];
  pid_ = pid;
  Frame hello;
  const std::string err =
      ReadFrame(fd_, Clock::now() + std::chrono::seconds(kStartTimeoutSeconds), hello);
  if (!err.empty() || hello.kind != kOk) {
    StopLocked();
    return core::Internal("the speech worker did not start", err);
  }
  hello_ = std::move(hello.payload);
  return core::Ok();
}

void IsolatedWorker::StopLocked() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    WaitForChild(pid_, &status);
  }
  pid_ = -1;
}

core::Result<std::string> IsolatedWorker::Call(std::string_view request) {
  std::lock_guard lock(mu_);
  // A helper that died since the last call (say, the OOM killer) shows up as
  // a failed write; start a new one and try once more.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (fd_ < 0) KINORA_RETURN_IF_ERROR(SpawnLocked());
    if (!WriteFrame(fd_, kRequest, request)) {
      StopLocked();
      continue;
    }
    Frame reply;
    const std::string err =
        ReadFrame(fd_, Clock::now() + std::chrono::seconds(call_timeout_seconds_ + 10), reply);
    if (!err.empty()) {
      StopLocked();
      return core::Internal("the speech worker failed", err);
    }
    if (reply.kind != kOk) return core::Internal("the speech engine failed", reply.payload);
    return std::move(reply.payload);
  }
  return core::Internal("the speech worker failed", "cannot reach the helper process");
}

}  // namespace kinora::engine::audio::internal
