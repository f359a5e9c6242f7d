#include "engine/render/gl_context.h"

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <GLES3/gl3.h>

#include <cstdio>
#include <map>
#include <mutex>
#include <string_view>
#include <vector>

namespace kinora::engine::render {
namespace {

std::string EglErrorText(EGLint code) {
  const char* name = "unknown EGL error";
  switch (code) {
    case EGL_SUCCESS: name = "EGL_SUCCESS"; break;
    case EGL_NOT_INITIALIZED: name = "EGL_NOT_INITIALIZED"; break;
    case EGL_BAD_ACCESS: name = "EGL_BAD_ACCESS"; break;
    case EGL_BAD_ALLOC: name = "EGL_BAD_ALLOC"; break;
    case EGL_BAD_ATTRIBUTE: name = "EGL_BAD_ATTRIBUTE"; break;
    case EGL_BAD_CONFIG: name = "EGL_BAD_CONFIG"; break;
    case EGL_BAD_CONTEXT: name = "EGL_BAD_CONTEXT"; break;
    case EGL_BAD_CURRENT_SURFACE: name = "EGL_BAD_CURRENT_SURFACE"; break;
    case EGL_BAD_DISPLAY: name = "EGL_BAD_DISPLAY"; break;
    case EGL_BAD_MATCH: name = "EGL_BAD_MATCH"; break;
    case EGL_BAD_NATIVE_PIXMAP: name = "EGL_BAD_NATIVE_PIXMAP"; break;
    case EGL_BAD_NATIVE_WINDOW: name = "EGL_BAD_NATIVE_WINDOW"; break;
    case EGL_BAD_PARAMETER: name = "EGL_BAD_PARAMETER"; break;
    case EGL_BAD_SURFACE: name = "EGL_BAD_SURFACE"; break;
    case EGL_CONTEXT_LOST: name = "EGL_CONTEXT_LOST"; break;
    default: break;
  }
  char hex[16];
  std::snprintf(hex, sizeof(hex), "0x%04X", static_cast<unsigned>(code));
  return std::string(name) + " (" + hex + ")";
}

core::Error EglError(std::string message) {
  return core::Unavailable("EGL: " + std::move(message), EglErrorText(eglGetError()));
}

bool HasExtension(const char* list, std::string_view name) {
  if (list == nullptr) return false;
  std::string_view all(list);
  size_t pos = 0;
  while ((pos = all.find(name, pos)) != std::string_view::npos) {
    const size_t end = pos + name.size();
    const bool starts = pos == 0 || all[pos - 1] == ' ';
    const bool ends = end == all.size() || all[end] == ' ';
    if (starts && ends) return true;
    pos = end;
  }
  return false;
}

// eglInitialize/eglTerminate are not reference-counted by EGL itself: one
// eglTerminate would pull the display from under every other thread's context.
// The display is process-wide by nature, so its use count is too.
std::mutex& DisplayMutex() {
  static std::mutex mutex;
  return mutex;
}
std::map<EGLDisplay, int>& DisplayUsers() {
  static std::map<EGLDisplay, int> users;
  return users;
}

bool AcquireDisplay(EGLDisplay display) {
  std::lock_guard<std::mutex> lock(DisplayMutex());
  int& users = DisplayUsers()[display];
  if (users == 0) {
    EGLint major = 0;
    EGLint minor = 0;
    if (!eglInitialize(display, &major, &minor)) {
      DisplayUsers().erase(display);
      return false;
    }
  }
  ++users;
  return true;
}

void ReleaseDisplay(EGLDisplay display) {
  std::lock_guard<std::mutex> lock(DisplayMutex());
  auto it = DisplayUsers().find(display);
  if (it == DisplayUsers().end()) return;
  if (--it->second == 0) {
    eglTerminate(display);
    DisplayUsers().erase(it);
  }
}

EGLDisplay DeviceDisplay(PFNEGLGETPLATFORMDISPLAYEXTPROC get_platform_display) {
  auto query_devices =
      reinterpret_cast<PFNEGLQUERYDEVICESEXTPROC>(eglGetProcAddress("eglQueryDevicesEXT"));
  if (query_devices == nullptr) return EGL_NO_DISPLAY;
  EGLDeviceEXT devices[8];
  EGLint count = 0;
  if (!query_devices(8, devices, &count) || count <= 0) return EGL_NO_DISPLAY;
  return get_platform_display(EGL_PLATFORM_DEVICE_EXT, devices[0], nullptr);
}

// Opens and initializes a display, trying the headless platforms first.
core::Result<EGLDisplay> OpenDisplay(std::string& platform) {
  const char* client_extensions = eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS);
  auto get_platform_display = reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(
      eglGetProcAddress("eglGetPlatformDisplayEXT"));
  if (get_platform_display != nullptr &&
      HasExtension(client_extensions, "EGL_MESA_platform_surfaceless")) {
    EGLDisplay display =
        get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
    if (display != EGL_NO_DISPLAY && AcquireDisplay(display)) {
      platform = "surfaceless";
      return display;
    }
  }
  if (get_platform_display != nullptr &&
      HasExtension(client_extensions, "EGL_EXT_platform_device")) {
    EGLDisplay display = DeviceDisplay(get_platform_display);
    if (display != EGL_NO_DISPLAY && AcquireDisplay(display)) {
      platform = "device";
      return display;
    }
  }
  EGLDisplay display = eglGetDisplay(EGL_DEFAULT_DISPLAY);
  if (display == EGL_NO_DISPLAY) return EglError("no display (surfaceless, device and default)");
  if (!AcquireDisplay(display)) return EglError("eglInitialize failed on every platform");
  platform = "default";
  return display;
}

core::Result<EGLConfig> ChooseConfig(EGLDisplay display) {
  // Prefer a config that also allows the pbuffer fallback; accept any ES 3 one.
  for (EGLint surface_type : {EGL_PBUFFER_BIT, 0}) {
    const EGLint attributes[] = {EGL_RENDERABLE_TYPE,
                                 EGL_OPENGL_ES3_BIT,
                                 EGL_SURFACE_TYPE,
                                 surface_type,
                                 EGL_RED_SIZE,
                                 8,
                                 EGL_GREEN_SIZE,
                                 8,
                                 EGL_BLUE_SIZE,
                                 8,
                                 EGL_ALPHA_SIZE,
                                 8,
                                 EGL_NONE};
    EGLConfig config = nullptr;
    EGLint count = 0;
    if (eglChooseConfig(display, attributes, &config, 1, &count) && count > 0) return config;
  }
  return EglError("no OpenGL ES 3 config");
}

}  // namespace

core::Result<std::unique_ptr<GlContext>> GlContext::CreateHeadless() {
  std::unique_ptr<GlContext> gl(new GlContext());
  KINORA_ASSIGN_OR_RETURN(EGLDisplay display, OpenDisplay(gl->platform_));
  gl->display_ = display;  // from here on the destructor releases it
  if (!eglBindAPI(EGL_OPENGL_ES_API)) return EglError("eglBindAPI(EGL_OPENGL_ES_API) failed");
  KINORA_ASSIGN_OR_RETURN(EGLConfig config, ChooseConfig(display));

  const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 0,
                                       EGL_NONE};
  gl->context_ = eglCreateContext(display, config, EGL_NO_CONTEXT, context_attributes);
  if (gl->context_ == EGL_NO_CONTEXT) {
    gl->context_ = nullptr;
    return EglError("cannot create an OpenGL ES 3 context");
  }

  const char* display_extensions = eglQueryString(display, EGL_EXTENSIONS);
  const bool surfaceless = HasExtension(display_extensions, "EGL_KHR_surfaceless_context") &&
                           eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, gl->context_);
  if (!surfaceless) {
    const EGLint pbuffer_attributes[] = {EGL_WIDTH, 16, EGL_HEIGHT, 16, EGL_NONE};
    gl->surface_ = eglCreatePbufferSurface(display, config, pbuffer_attributes);
    if (gl->surface_ == EGL_NO_SURFACE) {
      gl->surface_ = nullptr;
      return EglError("no surfaceless context and cannot create a pbuffer");
    }
    if (!eglMakeCurrent(display, gl->surface_, gl->surface_, gl->context_)) {
      return EglError("eglMakeCurrent failed");
    }
  }

  const auto* renderer = reinterpret_cast<const char*>(glGetString(GL_RENDERER));
  const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
  if (renderer == nullptr || version == nullptr) {
    return core::Unavailable("GL: context is current but glGetString failed",
                             "glGetError " + std::to_string(glGetError()));
  }
  gl->renderer_ = renderer;
  gl->version_ = version;
  return gl;
}

GlContext::~GlContext() {
  if (display_ == nullptr) return;
  if (context_ != nullptr) {
    if (eglGetCurrentContext() == context_) {
      eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    }
    eglDestroyContext(display_, context_);
  }
  if (surface_ != nullptr) eglDestroySurface(display_, surface_);
  ReleaseDisplay(display_);
  // Frees this thread's EGL bookkeeping unless another context still uses it.
  if (eglGetCurrentContext() == EGL_NO_CONTEXT) eglReleaseThread();
}

core::Status GlContext::MakeCurrent() {
  EGLSurface surface = surface_ != nullptr ? surface_ : EGL_NO_SURFACE;
  if (!eglBindAPI(EGL_OPENGL_ES_API)) return EglError("eglBindAPI(EGL_OPENGL_ES_API) failed");
  if (!eglMakeCurrent(display_, surface, surface, context_))
    return EglError("eglMakeCurrent failed");
  return core::Ok();
}

core::Status GlContext::ReleaseCurrent() {
  if (!eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT)) {
    return EglError("eglMakeCurrent(EGL_NO_CONTEXT) failed");
  }
  return core::Ok();
}

}  // namespace kinora::engine::render
