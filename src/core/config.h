// Layered configuration: defaults < config file < environment < flags.
//
// Settings are named by their flag name ("data-dir", "listen"). The
// environment spells them KINORA_<NAME> with dashes as underscores
// (KINORA_DATA_DIR). A config file is a JSON object whose keys are setting
// names ({"listen": "0.0.0.0:8080"}). ConfigLayers answers "what is the value
// of X and where did it come from". Not thread-safe; build it once at start-up.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace kinora::core {

enum class ConfigSource { kDefault, kFile, kEnvironment, kFlag };

std::string_view ConfigSourceName(ConfigSource source);

struct ConfigValue {
  std::string value;
  ConfigSource source = ConfigSource::kDefault;
};

class ConfigLayers {
 public:
  void SetDefault(std::string_view key, std::string value);
  void SetFlag(std::string_view key, std::string value);

  // Reads KINORA_* variables from `environ`-style entries ("KEY=VALUE").
  void LoadEnvironment(char** envp);

  // Loads a JSON object file. Values may be strings, numbers or booleans.
  Status LoadFile(const std::string& path);

  // The value with the highest precedence, if any layer sets it.
  std::optional<ConfigValue> Get(std::string_view key) const;
  std::string GetOr(std::string_view key, std::string fallback) const;

  // Every key with its winning value, for `--print-config`-style listings.
  std::map<std::string, ConfigValue> Resolved() const;

 private:
  std::map<std::string, std::string, std::less<>> layers_[4];
};

// "data-dir" → "KINORA_DATA_DIR".
std::string EnvironmentName(std::string_view key);

}  // namespace kinora::core
