// Small helpers over raw OpenGL ES 3 calls: shader programs and error checks.
// All functions act on the GL context current on the calling thread.
#pragma once

#include <GLES3/gl3.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "core/result.h"

namespace kinora::engine::render {

// Compiles and links a vertex + fragment shader pair. `label` names the
// program in errors; a compile or link failure carries the driver's info log
// in Error::detail. The caller owns the returned program (glDeleteProgram).
core::Result<GLuint> BuildProgram(std::string_view label, const std::string& vertex_source,
                                  const std::string& fragment_source);

// kInternal naming `where` and the GL error when glGetError() reports one.
core::Status CheckGlError(std::string_view where);

// "GL_INVALID_OPERATION" etc.
const char* GlErrorName(GLenum error);

// Uniform locations, looked up once per program and name. `name` must be a
// string literal: locations are cached by its address. -1 (a uniform the
// compiler removed) is cached too; glUniform* ignores it.
class UniformLocations {
 public:
  GLint Get(GLuint program, const char* name);

 private:
  std::map<std::pair<GLuint, const char*>, GLint> cache_;
};

}  // namespace kinora::engine::render
