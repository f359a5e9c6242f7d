#include "engine/engine_factory.h"

#include "engine/local_engine.h"
#include "engine/noop_engine.h"
#include "engine/remote/openai_engine.h"

namespace kinora::engine {
namespace {

OpenAiEngineOptions RemoteOptions(const EngineConfig& config) {
  OpenAiEngineOptions options;
  options.url = config.url;
  options.api_key = config.api_key;
  options.model = config.model;
  options.strict = config.strict;
  options.poll_interval = config.poll_interval;
  options.timeout = config.timeout;
  return options;
}

}  // namespace

core::Status ValidateEngineConfig(const EngineConfig& config) {
  if (config.kind == "local" || config.kind == "noop") return core::Ok();
  if (config.kind != "openai-compatible") {
    return core::InvalidArgument(
        "--engine must be local, noop or openai-compatible (got '" + config.kind + "')", "engine");
  }
  return ValidateOpenAiEngineOptions(RemoteOptions(config));
}

core::Result<std::unique_ptr<Engine>> NewEngine(const EngineConfig& config) {
  KINORA_RETURN_IF_ERROR(ValidateEngineConfig(config));
  if (config.kind == "noop") return NewNoopEngine();
  if (config.kind == "openai-compatible") return NewOpenAiEngine(RemoteOptions(config));
  return NewLocalEngine();
}

}  // namespace kinora::engine
