#include "engine/render/gl_util.h"

#include <vector>

namespace kinora::engine::render {
namespace {

std::string InfoLog(GLuint object, bool is_program) {
  GLint length = 0;
  if (is_program) {
    glGetProgramiv(object, GL_INFO_LOG_LENGTH, &length);
  } else {
    glGetShaderiv(object, GL_INFO_LOG_LENGTH, &length);
  }
  if (length <= 1) return "no info log";
  std::vector<char> log(static_cast<size_t>(length));
  if (is_program) {
    glGetProgramInfoLog(object, length, nullptr, log.data());
  } else {
    glGetShaderInfoLog(object, length, nullptr, log.data());
  }
  return std::string(log.data());
}

core::Result<GLuint> Compile(std::string_view label, GLenum type, const std::string& source) {
  GLuint shader = glCreateShader(type);
  if (shader == 0) return core::Internal("GL: glCreateShader failed", std::string(label));
  const char* text = source.c_str();
  glShaderSource(shader, 1, &text, nullptr);
  glCompileShader(shader);
  GLint ok = GL_FALSE;
  glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    std::string log = InfoLog(shader, false);
    glDeleteShader(shader);
    const char* kind = type == GL_VERTEX_SHADER ? "vertex" : "fragment";
    return core::Internal("GL: " + std::string(label) + " " + kind + " shader does not compile",
                          log);
  }
  return shader;
}

}  // namespace

const char* GlErrorName(GLenum error) {
  switch (error) {
    case GL_NO_ERROR: return "GL_NO_ERROR";
    case GL_INVALID_ENUM: return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE: return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION: return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION: return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY: return "GL_OUT_OF_MEMORY";
    default: return "unknown GL error";
  }
}

core::Result<GLuint> BuildProgram(std::string_view label, const std::string& vertex_source,
                                  const std::string& fragment_source) {
  KINORA_ASSIGN_OR_RETURN(GLuint vertex, Compile(label, GL_VERTEX_SHADER, vertex_source));
  auto fragment = Compile(label, GL_FRAGMENT_SHADER, fragment_source);
  if (!fragment) {
    glDeleteShader(vertex);
    return fragment.error();
  }
  GLuint program = glCreateProgram();
  glAttachShader(program, vertex);
  glAttachShader(program, *fragment);
  glLinkProgram(program);
  // The program keeps what it needs; the shader objects can go now.
  glDeleteShader(vertex);
  glDeleteShader(*fragment);
  GLint ok = GL_FALSE;
  glGetProgramiv(program, GL_LINK_STATUS, &ok);
  if (ok != GL_TRUE) {
    std::string log = InfoLog(program, true);
    glDeleteProgram(program);
    return core::Internal("GL: " + std::string(label) + " program does not link", log);
  }
  return program;
}

core::Status CheckGlError(std::string_view where) {
  GLenum error = glGetError();
  if (error == GL_NO_ERROR) return core::Ok();
  std::string names = GlErrorName(error);
  // GL queues several errors; drain them so the next check starts clean.
  for (int i = 0; i < 8 && (error = glGetError()) != GL_NO_ERROR; ++i) {
    names += std::string(", ") + GlErrorName(error);
  }
  return core::Internal("GL: error in " + std::string(where), names);
}

GLint UniformLocations::Get(GLuint program, const char* name) {
  const auto key = std::make_pair(program, name);
  auto it = cache_.find(key);
  if (it != cache_.end()) return it->second;
  const GLint location = glGetUniformLocation(program, name);
  cache_.emplace(key, location);
  return location;
}

}  // namespace kinora::engine::render
