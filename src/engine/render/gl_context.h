// A headless OpenGL ES 3 context on EGL: rendering with no display server.
//
// CreateHeadless() opens Mesa's surfaceless EGL platform (falling back to the
// EGL device platform, then to the default display), creates an OpenGL ES 3.x
// context and makes it current on the calling thread without a surface (or
// with a 16x16 pbuffer where EGL_KHR_surfaceless_context is missing). There is
// no default framebuffer worth drawing to: callers render into framebuffer
// objects they create (SceneRenderer does).
//
// Threading: a GL context is current on at most one thread, and GL calls go to
// the context current on the calling thread. A GlContext is current on the
// thread that created it; use it and destroy it on that thread (MakeCurrent
// moves it to another thread once the first has called ReleaseCurrent).
// Several GlContexts may live in one process, sequentially or concurrently on
// different threads (one per worker thread); they share the process-wide EGL
// display, which is reference-counted internally and terminated with the last
// context.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

namespace kinora::engine::render {

class GlContext {
 public:
  // Creates a context and makes it current on the calling thread.
  static core::Result<std::unique_ptr<GlContext>> CreateHeadless();

  // Releases the context from the calling thread and destroys it. GL objects
  // created in it die with it.
  ~GlContext();

  GlContext(const GlContext&) = delete;
  GlContext& operator=(const GlContext&) = delete;

  // Makes this context current on the calling thread.
  core::Status MakeCurrent();
  // Detaches whatever context is current on the calling thread.
  core::Status ReleaseCurrent();

  // GL_RENDERER and GL_VERSION, captured at creation; callable from any thread.
  // e.g. "llvmpipe (LLVM 15.0.6, 256 bits)" and "OpenGL ES 3.2 Mesa 22.3.6".
  const std::string& Renderer() const { return renderer_; }
  const std::string& Version() const { return version_; }
  // Which EGL platform opened the display: "surfaceless", "device" or "default".
  const std::string& Platform() const { return platform_; }

 private:
  GlContext() = default;

  // EGL handles are opaque pointers; kept as void* so EGL headers stay out of
  // this header.
  void* display_ = nullptr;  // EGLDisplay, shared by the process, reference-counted
  void* context_ = nullptr;  // EGLContext, owned
  void* surface_ = nullptr;  // EGLSurface pbuffer, owned; null when surfaceless
  std::string renderer_;
  std::string version_;
  std::string platform_;
};

}  // namespace kinora::engine::render
